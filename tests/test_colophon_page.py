"""The 版记 on an even page in our PDFs (GB/T 9704 7.4/7.5), although LibreOffice
ignores the 版记 section's even-page start: measured on the converted PDFs of two
印发通知 whose bodies end on pages of different parity (the sample's and plan_b's
with another office), through every path a PDF is made by — one file converted on
its own (`wuhua pdf`), the print file merged from it (`--merge`), and a set's merged
file converted once and cut (printing.make_pdfs)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pdfplumber
import pytest
import yaml

from generator.writers.last_page import last_section_on_even_page
from tests.conftest import run_cli
from tests.test_letterhead import OTHER, PLAN_B

NOTICE = "2025年度任务清单印发通知.docx"
_NUMBER = re.compile(r"—(\d+)—")


@pytest.fixture(scope="module")
def notices(sample_build: Path, tmp_path_factory) -> list[Path]:
    """The sample's notice and plan_b's (another office, other tasks), renamed apart."""
    tmp = tmp_path_factory.mktemp("notices")
    ws = tmp / "b"
    shutil.copytree(PLAN_B, ws / "inputs", ignore=shutil.ignore_patterns("xlsx"))
    (ws / "inputs" / "发文.yaml").write_text(OTHER, encoding="utf-8")
    # plan_b without its last action: its notice's body then ends on an odd page (11),
    # the sample's on an even one (10), so both cases of the 版记 page are covered.
    plan = ws / "inputs" / "实施方案.yaml"
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    data["行动"] = data["行动"][:-1]
    plan.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("-w", str(ws), "build", "--year", "2025", "-o", str(tmp / "out"))
    assert result.returncode == 0, result.stderr
    out = []
    for name, source in (("样例通知", sample_build / NOTICE), ("另一单位通知", tmp / "out" / NOTICE)):
        target = tmp / "docs" / f"{name}.docx"
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(source, target)
        out.append(target)
    return out


def _text(page) -> str:
    return re.sub(r"\s+", "", page.extract_text() or "")


def _is_blank(page) -> bool:
    return not page.chars and not page.lines and not page.rects and not page.images and not page.curves


def _check_pages(pages) -> int:
    """The 版记 alone on the last page, which is even; every page before it numbered as
    it was printed, except one blank page right before the 版记 when the body ends on
    an odd page. Returns the body's last page number."""
    assert len(pages) % 2 == 0, f"{len(pages)} pages: the 版记 is on an odd page"
    colophon = _text(pages[-1])
    assert "印发" in colophon and not _NUMBER.search(colophon)
    body_end = len(pages) - 1
    if _is_blank(pages[-2]):
        body_end -= 1
    for i, page in enumerate(pages[:body_end], start=1):
        numbers = _NUMBER.findall(_text(page))
        assert numbers and numbers[-1] == str(i), (i, _text(page)[-30:])
    return body_end


def test_only_documents_with_a_colophon_ask_for_an_even_last_page(notices, sample_build: Path):
    assert all(last_section_on_even_page(n) for n in notices)
    assert not last_section_on_even_page(sample_build / "2025年下半年工作总结.docx")
    assert not last_section_on_even_page(sample_build / "2025年度任务清单.docx")


def test_colophon_on_an_even_page_in_each_pdf_and_the_merged_print_file(soffice, notices, tmp_path: Path):
    out = tmp_path / "pdf"
    result = run_cli("pdf", "-o", str(out), "--merge", "打印.pdf", *map(str, notices))
    assert result.returncode == 0, result.stderr
    ends = []
    counts = []
    for notice in notices:
        with pdfplumber.open(out / f"{notice.stem}.pdf") as pdf:
            ends.append(_check_pages(pdf.pages))
            counts.append(len(pdf.pages))
    # the two inputs cover both cases: a blank page inserted, and none needed
    assert sorted(e % 2 for e in ends) == [0, 1], ends
    with pdfplumber.open(out / "打印.pdf") as merged:
        assert len(merged.pages) == sum(counts)
        _check_pages(merged.pages[:counts[0]])
        _check_pages(merged.pages[counts[0]:])
    report = (out / "打印.txt").read_text(encoding="utf-8-sig")
    assert f"共 {sum(counts)} 页" in report


def test_a_set_converted_once_and_cut_gives_the_same_pages(soffice, notices, tmp_path: Path):
    from generator.printing import Doc, make_pdfs

    docs = []
    for k, notice in enumerate(notices):
        title = docx.Document(str(notice)).core_properties.title
        merged = tmp_path / "src" / f"{notice.stem}（合并打印）.docx"
        merged.parent.mkdir(exist_ok=True)
        shutil.copyfile(notice, merged)       # a set of one: the merged file is the notice
        docs.append(Doc(merged, merged.with_suffix(".pdf"), title, merges=f"g{k}"))
        docs.append(Doc(notice, tmp_path / "cut" / f"{notice.stem}.pdf", title, group=f"g{k}"))
    (tmp_path / "cut").mkdir()
    result = make_pdfs(docs, tmp_path, quiet=True, workers=1)
    assert not result.fell_back and len(result.split) == 2
    alone = tmp_path / "alone"
    run = run_cli("pdf", "-o", str(alone), *map(str, notices))
    assert run.returncode == 0, run.stderr
    for notice in notices:
        cut, merged = tmp_path / "cut" / f"{notice.stem}.pdf", tmp_path / "src" / f"{notice.stem}（合并打印）.pdf"
        with pdfplumber.open(cut) as a, pdfplumber.open(merged) as b, \
                pdfplumber.open(alone / f"{notice.stem}.pdf") as c:
            _check_pages(a.pages)
            _check_pages(b.pages)
            assert [_text(p) for p in a.pages] == [_text(p) for p in b.pages] == [_text(p) for p in c.pages]
