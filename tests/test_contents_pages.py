"""目录 with real page numbers (#12 part A point 4): `build` lays a document with a
contents page out with LibreOffice and writes the printed page of every heading into
the contents. Measured on paper: the PDF of the written .docx is searched for each
heading (independently of generator/pagination.py), and the page's printed "— N —"
must be the number the contents line shows, in the .docx and on the PDF's contents
page. Sample handbooks and 作战图集, plan_b's 作战图集, and a handbook of another shape
(many chapters, a contents of two pages, headings that wrap)."""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import docx
import pdfplumber
import pytest
import yaml

from generator.pagination import heading_pages
from generator.style import contents
from tests.conftest import ROOT, run_cli

PLAN_B = ROOT / "tests" / "data" / "plan_b"
AS_OF = "2025-11-29"
NUMBER = re.compile(r"^—\s*(\d+)\s*—$")
LEADER = re.compile(r"[.…]{4,}\s*(\d+)$")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u3000", ""))


def _printed_pages(pdf: Path) -> list[tuple[str, list[str]]]:
    """(printed number or "", squeezed text lines) of every page, read with pdfplumber."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            lines = [_squeeze(ln) for ln in (page.extract_text() or "").splitlines() if ln.strip()]
            # The page number is the lowest line of the page, below the type area.
            foot = page.crop((0, page.height * 0.85, page.width, page.height)).extract_text() or ""
            numbers = [m.group(1) for ln in foot.splitlines() if (m := NUMBER.match(_squeeze(ln)))]
            out.append((numbers[0] if numbers else "", lines))
    return out


def _where(pages, heading: str, after: int) -> int:
    """The first page from `after` on where a line (or lines, for a wrapped heading)
    reads exactly the heading."""
    wanted = _squeeze(heading)
    for index in range(after, len(pages)):
        lines = pages[index][1]
        for i, line in enumerate(lines):
            joined, j = line, i + 1
            while wanted.startswith(joined) and len(joined) < len(wanted) and j < len(lines):
                joined, j = joined + lines[j], j + 1
            if joined == wanted:
                return index
    raise AssertionError(f"heading {heading!r} not found after page {after + 1}")


def _check(docx_path: Path, tmp_path: Path) -> list[str]:
    """Convert as a clerk would (`wuhua pdf`) and compare every contents number."""
    entries = contents.entries(docx.Document(str(docx_path)))
    assert entries, docx_path
    shown = [e.shown for e in entries]
    assert all(n.isdigit() for n in shown), shown
    copy = tmp_path / docx_path.name
    shutil.copy(docx_path, copy)
    converted = run_cli("pdf", str(copy))
    assert converted.returncode == 0, converted.stderr
    pages = _printed_pages(copy.with_suffix(".pdf"))
    # The contents pages: from the first with dot-leader lines, while they have some.
    first = next(i for i, (_, lines) in enumerate(pages) if any(LEADER.search(ln) for ln in lines))
    body = first
    while any(LEADER.search(ln) for ln in pages[body][1]):
        body += 1
    printed_contents = [int(m.group(1)) for _, lines in pages[first:body] for ln in lines
                        if (m := LEADER.search(ln))]
    at = body
    for entry in entries:
        at = _where(pages, entry.heading, at)
        assert pages[at][0] == entry.shown, (docx_path.name, entry.heading, pages[at][0], entry.shown)
    # What the PDF's own contents page prints agrees too (line by line).
    assert printed_contents == [int(n) for n in shown], (printed_contents, shown)
    return shown


def test_sample_books_contents_show_the_printed_pages(sample_build, tmp_path, soffice):
    books = sorted((sample_build / "手册").glob("*.docx")) + [sample_build / "作战图集.docx"]
    assert len(books) == 4
    for book in books:
        shown = _check(book, tmp_path)
        assert shown == sorted(shown, key=int)


def test_plan_b_book_contents_and_same_bytes(tmp_path, soffice):
    ws = tmp_path / "b"
    shutil.copytree(PLAN_B, ws / "inputs", ignore=shutil.ignore_patterns("xlsx"))
    outs = []
    for name in ("one", "two"):
        out = tmp_path / name
        result = run_cli("-w", str(ws), "battlemap", "-o", str(out), "--as-of", AS_OF,
                         env={"SOURCE_DATE_EPOCH": "1704067200"})
        assert result.returncode == 0, result.stderr
        outs.append((out / "作战图集.docx").read_bytes())
    assert outs[0] == outs[1], "same inputs, same bytes"
    shown = _check(tmp_path / "one" / "作战图集.docx", tmp_path)
    assert len(shown) == 3 + 10          # three parts, ten actions


def _long_handbook(path: Path) -> Path:
    """Fourteen chapters of two sections each: a contents of two pages; some headings
    long enough to wrap on the contents page and in the body."""
    chapters = []
    for c in range(1, 15):
        title = f"第{c}部分的安全生产管理要求" + ("及其在各车间、班组和外包作业现场的具体落实办法" if c % 5 == 0 else "")
        sections = [{"标题": f"{title}之细则{s}", "内容": [f"第{c}部分细则{s}的条文，" + "逐项落实岗位责任。" * 12] * (c % 3 + 1)}
                    for s in (1, 2)]
        chapters.append({"标题": title, "内容": ["本部分说明。" * 10], "节": sections})
    data = {"标题": "某化工公司安全管理制度汇编", "单位": "某化工有限公司", "日期": "2026年1月", "章": chapters}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_handbook_of_another_shape(tmp_path, soffice):
    source = _long_handbook(tmp_path / "制度汇编.yaml")
    out = tmp_path / "out"
    result = run_cli("handbook", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    book = out / "手册" / "某化工公司安全管理制度汇编.docx"
    if not book.exists():
        book = next(out.rglob("*.docx"))
    shown = _check(book, tmp_path)
    assert len(shown) == 14 * 3
    assert int(shown[-1]) > 10


def test_without_libreoffice_the_build_says_how_to_number_the_contents(tmp_path):
    out = tmp_path / "out"
    result = run_cli("battlemap", "-o", str(out), "--as-of", AS_OF, env={"WUHUA_SOFFICE": str(tmp_path / "none")})
    assert result.returncode == 0, result.stderr
    assert "《作战图集》的目录暂无页码" in result.stderr and "更新域" in result.stderr
    assert result.stderr.count("目录暂无页码") == 1
    entries = contents.entries(docx.Document(str(out / "作战图集.docx")))
    assert entries and all(e.shown == "" for e in entries)


def test_an_unchanged_book_is_not_laid_out_again(tmp_path, soffice):
    """Builds repeat byte for byte, so a book whose laid-out document, LibreOffice and
    fonts are unchanged takes its numbers from the cache: no office is started, and the
    document is the same as when it was laid out. A changed book is laid out again."""
    started = tmp_path / "started.log"
    wrapper = tmp_path / "bin" / "soffice"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho started >> "{started}"\nexec "{soffice}" "$@"\n')
    wrapper.chmod(0o755)
    env = {"WUHUA_SOFFICE": str(wrapper), "WUHUA_CACHE_DIR": str(tmp_path / "cache"),
           "SOURCE_DATE_EPOCH": "1704067200"}
    books = []
    for name in ("one", "two"):
        result = run_cli("battlemap", "-o", str(tmp_path / name), "--as-of", AS_OF, env=env)
        assert result.returncode == 0, result.stderr
        assert "目录暂无页码" not in result.stderr
        books.append((tmp_path / name / "作战图集.docx").read_bytes())
        if name == "one":
            assert started.exists(), "the first build lays the book out"
            first_starts = started.read_text().count("started")
    assert started.read_text().count("started") == first_starts, "the second build started LibreOffice"
    assert books[0] == books[1]
    assert all(e.shown for e in contents.entries(docx.Document(io.BytesIO(books[1]))))
    # Another as-of date changes the book: laid out again.
    result = run_cli("battlemap", "-o", str(tmp_path / "three"), "--as-of", "2025-12-20", env=env)
    assert result.returncode == 0, result.stderr
    assert started.read_text().count("started") > first_starts


# --- the search itself, on text shaped like a PDF's -------------------------------

def test_heading_pages_skip_the_contents_and_read_printed_numbers():
    pages = [
        ["封面"],
        ["目　录", "一、总则......1", "二、很长的一个标题，它在目录中", "折成两行......2"],
        ["一、总则", "正文。", "— 1 —"],
        ["正文。", "— 2 —"],
        ["二、很长的一个标题，它在目录", "中折成两行", "正文", "— 3 —"],
    ]
    assert heading_pages(pages, ["一、总则", "二、很长的一个标题，它在目录中折成两行", "三、没有的标题"]) == ["1", "3", None]


def test_fill_writes_numbers_and_replaces_old_ones():
    from generator.style import Page, base_document

    doc = base_document(Page())
    contents.toc_field(doc, 'TOC \\o "1-2"', [(1, "一、总则"), (2, "（一）范围"), (1, "二、责任")], Page())
    contents.fill(doc, ["1", "1", "3"])
    contents.fill(doc, ["2", "2", "4"])          # a second layout replaces the numbers
    found = contents.entries(doc)
    assert [(e.heading, e.shown) for e in found] == [("一、总则", "2"), ("（一）范围", "2"), ("二、责任", "4")]
    saved = io.BytesIO()
    doc.save(saved)
    again = contents.entries(docx.Document(io.BytesIO(saved.getvalue())))
    assert [e.shown for e in again] == ["2", "2", "4"]
    with pytest.raises(ValueError):
        contents.fill(doc, ["1"])
