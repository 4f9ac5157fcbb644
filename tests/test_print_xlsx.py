"""Every .xlsx the tool writes prints usably (issue 12, point 1), measured on the PDF
LibreOffice makes of it: body text at >= 9 pt, rows flowing onto further pages with
the header repeated, no cell text cut off, the footer inside the paper."""
from __future__ import annotations

import collections
from pathlib import Path

import openpyxl
import pdfplumber
import pytest

from generator.writers.xlsx import ledger_sheet, print_layout, workbook_bytes
from tests.conftest import convert_to_pdf

WORKBOOKS = ["任务台账.xlsx", "重大事故隐患督办台账.xlsx", "作战图.xlsx", "2025年机制化工作日历.xlsx"]
MIN_PT = 9.0
MM = 72 / 25.4


@pytest.fixture(scope="module")
def sample_pdfs(sample_build, soffice, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("xlsx_pdf")
    pdfs = convert_to_pdf(soffice, [sample_build / name for name in WORKBOOKS], out)
    return dict(zip(WORKBOOKS, pdfs))


def cell_chars(path: Path) -> collections.Counter:
    """Every printable character of the text cells (what must reach the paper)."""
    wb = openpyxl.load_workbook(path)
    count = collections.Counter()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    count.update(c for c in cell.value if not c.isspace())
    return count


def spilled(page) -> list[str]:
    """Characters a cell could not hold: LibreOffice draws them beyond the cell (clipped
    on paper), so they cross a table rule or print over other text."""
    rules = [(e["top"], e["x0"], e["x1"]) for e in page.edges if e["orientation"] == "h"]
    chars = [c for c in page.chars if c["text"].strip()]
    bad = []
    for c in chars:
        middle = (c["x0"] + c["x1"]) / 2
        if any(x0 <= middle <= x1 and c["top"] + 1.5 < y < c["bottom"] - 1.5 for y, x0, x1 in rules):
            bad.append(c["text"])
    ordered = sorted(chars, key=lambda c: c["top"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b["top"] >= a["bottom"] - 1.5:
                break
            if min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 1.5:
                bad.append(a["text"] + b["text"])
    return bad


def page_facts(pdf: Path) -> list[dict]:
    pages = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            footer = [c for c in chars if c["top"] > page.height - 60]
            pages.append({
                "height": page.height, "width": page.width,
                "sizes": [c["size"] for c in chars],
                "text": "".join(c["text"] for c in chars),
                "footer_bottom": max((c["bottom"] for c in footer), default=0.0),
                "chars": collections.Counter(c["text"] for c in chars),
                "spilled": spilled(page),
            })
    return pages


@pytest.mark.parametrize("name", WORKBOOKS)
def test_sample_workbooks_print_legibly_and_completely(sample_build, sample_pdfs, name):
    pages = page_facts(sample_pdfs[name])
    smallest = min(min(p["sizes"]) for p in pages)
    assert smallest >= MIN_PT - 0.05, f"{name}: text printed at {smallest:.1f} pt"
    for number, page in enumerate(pages, start=1):
        # "第 N 页，共 M 页" whole and at least 5 mm above the paper's edge.
        assert f"第{number}页，共{len(pages)}页" in page["text"], (name, number)
        assert page["footer_bottom"] <= page["height"] - 5 * MM, (name, number)
        assert not page["spilled"], f"{name} page {number}: text beyond its cell {page['spilled'][:20]}"
    printed = sum((p["chars"] for p in pages), collections.Counter())
    missing = cell_chars(sample_build / name) - printed
    assert not missing, f"{name}: cell text not printed: {dict(missing)}"


def test_task_ledger_flows_onto_pages_with_the_header_repeated(sample_pdfs):
    pages = page_facts(sample_pdfs["任务台账.xlsx"])
    assert len(pages) >= 2     # 29 tasks at >= 9 pt do not fit one sheet
    for page in pages:
        assert "任务内容" in page["text"] and "牵头部门" in page["text"]


def test_a_larger_differently_shaped_ledger_prints_at_9pt_on_several_pages(soffice, tmp_path):
    """Not the sample: 15 columns, 120 rows of long text, Latin and CJK mixed."""
    headers = [f"栏目{i}" for i in range(1, 16)]
    widths = [6, 30, 50, 12, 40, 20, 8, 36, 16, 24, 10, 44, 18, 8, 28]
    rows = []
    for r in range(1, 121):
        rows.append([r] + [f"第{r}行第{c}栏：" + "安全生产治本攻坚ABC-123，" * (1 + (r * c) % 5)
                           for c in range(2, 16)])
    wb = openpyxl.Workbook()
    ledger_sheet(wb.active, "某县应急管理局测试台账", headers, widths, rows)
    path = tmp_path / "测试台账.xlsx"
    path.write_bytes(workbook_bytes(wb))
    [pdf] = convert_to_pdf(soffice, [path], tmp_path / "pdf")
    pages = page_facts(pdf)
    assert len(pages) > 5
    assert min(min(p["sizes"]) for p in pages) >= MIN_PT - 0.05
    assert all("栏目15" in p["text"] for p in pages)       # fitted to the width, header repeated
    missing = cell_chars(path) - sum((p["chars"] for p in pages), collections.Counter())
    assert not missing
    assert not [p["spilled"] for p in pages if p["spilled"]]


def test_a_row_too_low_for_its_text_is_what_the_clipping_check_finds(soffice, tmp_path):
    """The check above finds clipping: the same ledger with one row forced one line high."""
    wb = openpyxl.Workbook()
    ledger_sheet(wb.active, "某区台账", ["序号", "内容"], [6, 20], [[1, "安全生产治本攻坚" * 10], [2, "短"]])
    wb.active.row_dimensions[3].height = 15
    path = tmp_path / "矮行.xlsx"
    path.write_bytes(workbook_bytes(wb))
    [pdf] = convert_to_pdf(soffice, [path], tmp_path / "pdf")
    assert page_facts(pdf)[0]["spilled"]


def test_paper_is_a4_when_the_columns_fit_and_a3_with_narrowed_text_otherwise():
    assert print_layout([6, 12, 6, 60, 9, 16, 24, 14, 12])[0] == "A4"
    paper, widths = print_layout([6, 22, 8, 60, 14, 20, 14, 22, 36, 8, 30, 12])
    assert paper == "A3" and widths[0] == 6 and widths[3] < 60
    assert print_layout([6, 40], paper="A3") == ("A3", [6, 40])
