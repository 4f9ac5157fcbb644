"""作战图集 and the handbooks measured on the PDF LibreOffice prints (#12 part A):
tables that use the page, no near-empty pages, the legend once. On the sample and on
tests/data/plan_b (60 tasks in 10 actions, other departments and wording)."""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from docx import Document

from tests.conftest import ROOT, run_cli

PLAN_B = ROOT / "tests" / "data" / "plan_b"
AS_OF = "2025-11-29"
HEADERS = ("具体工作", "推进措施", "时间节点", "进展情况", "成果形式", "责任部门", "时限", "状态")


def _pages(pdf: Path) -> list[list[str]]:
    """Lines of text on each page, page number line left out."""
    with pdfplumber.open(pdf) as doc:
        out = []
        for page in doc.pages:
            # The running header (above 70 pt from the top edge) is not body text.
            body = page.crop((0, 70, page.width, page.height))
            lines = [ln.strip() for ln in (body.extract_text() or "").splitlines() if ln.strip()]
            lines = [ln for ln in lines if not (ln.startswith("—") and ln.endswith("—"))]
            # A page of charts (overview, timeline) is full though its text is in pictures.
            out.append(lines + ["[图]"] * (3 * len(page.images)))
        return out


def _numbers_in_first_column(pdf: Path) -> list[str]:
    """The task numbers printed under the 序号 header, page by page."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            words = page.extract_words()
            header = next((w for w in words if w["text"] == "序号"), None)
            if header is not None:
                out += [w["text"] for w in words if w["text"].isdigit() and w["top"] > header["bottom"]
                        and w["x0"] >= header["x0"] - 6 and w["x1"] <= header["x1"] + 6]
    return out


def _book(tmp_path: Path, workspace: Path | None) -> tuple[Path, list[list[str]]]:
    out = tmp_path / "out"
    ws = ["-w", str(workspace)] if workspace else []
    result = run_cli(*ws, "battlemap", "-o", str(out), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    converted = run_cli("pdf", str(out / "作战图集.docx"))
    assert converted.returncode == 0, converted.stderr
    return out / "作战图集.docx", _pages(out / "作战图集.pdf")


@pytest.fixture
def plan_b_ws(tmp_path: Path) -> Path:
    ws = tmp_path / "b"
    shutil.copytree(PLAN_B, ws / "inputs", ignore=shutil.ignore_patterns("xlsx"))
    return ws


@pytest.mark.parametrize("shape", ["sample", "plan_b"])
def test_book_has_no_near_empty_page_and_one_legend(shape, tmp_path, plan_b_ws, soffice):
    docx, pages = _book(tmp_path, plan_b_ws if shape == "plan_b" else None)
    # Cover first, then every page but the last holds at least three lines of text.
    for number, lines in enumerate(pages[1:-1], start=2):
        assert len(lines) >= 3, (number, lines)
    text = "\n".join("\n".join(p) for p in pages)
    assert text.count("注：√ 已完成") == 1, "the legend is printed once"
    # Rows may split across pages: every task is still printed (LibreOffice dropped a
    # whole table's rows when its first row could split at a page's foot): each task's
    # number stands in the 序号 column of some page.
    tasks = [r.cells[0].text for t in Document(str(docx)).tables for r in t.rows[1:] if r.cells[0].text.isdigit()]
    assert len(tasks) == (29 if shape == "sample" else 60)
    assert sorted(_numbers_in_first_column(docx.with_suffix(".pdf")), key=int) == sorted(tasks, key=int)
    # Actions follow one another: some page carries the end of one action and the next's heading.
    assert any(sum(1 for ln in p if ln.startswith("（") and "行动" in ln and "共" not in ln) >= 2
               or ("序号" in " ".join(p) and any(ln.startswith("（") and "行动" in ln for ln in p[3:]))
               for p in pages)


def test_book_tables_are_table_size_with_columns_from_content(tmp_path, soffice):
    docx, pages = _book(tmp_path, None)
    with pdfplumber.open(docx.with_suffix(".pdf")) as pdf:
        sizes: Counter = Counter()
        header_x = {}
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["size"])
            if any(w["text"] == "具体工作" for w in words):
                for w in words:
                    if w["text"] in HEADERS:
                        header_x.setdefault(w["text"], (w["x0"] + w["x1"]) / 2)
                table_top = min(w["top"] for w in words if w["text"] == "具体工作")
                sizes.update(round(w["size"], 1) for w in words if w["top"] > table_top + 20
                             and not w["text"].startswith("—"))
    # 小四 in the cells (headings of the following actions and their summaries are larger).
    assert sizes.most_common(1)[0][0] == 12.0 and min(sizes) >= 12.0, sizes
    # 具体工作 is the widest column: its centre is the farthest from the next one (headers are centred).
    order = sorted(header_x.items(), key=lambda kv: kv[1])
    gaps = {a[0]: b[1] - a[1] for a, b in zip(order, order[1:])}
    assert max(gaps, key=gaps.get) == "具体工作", gaps
    # Tasks per page of tables: 29 tasks took 23 pages of tables before, 16 with
    # columns from content, 14 now that rows continue on the next page. The issue's
    # target of four per page is not reached at 小四 with the sample's long texts.
    table_pages = sum(1 for p in pages if any("具体工作" in ln for ln in p))
    assert 29 / table_pages >= 2.0, table_pages


def test_handbooks_have_no_near_empty_page(sample_build, tmp_path, soffice):
    folder = tmp_path / "手册"
    shutil.copytree(sample_build / "手册", folder)
    converted = run_cli("pdf", str(folder))
    assert converted.returncode == 0, converted.stderr
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == 3
    for pdf in pdfs:
        pages = _pages(pdf)
        for number, lines in enumerate(pages[2:-1], start=3):     # after cover and contents
            assert len(lines) >= 3, (pdf.name, number, lines)
