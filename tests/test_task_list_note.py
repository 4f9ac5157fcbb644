"""The department task lists' closing count (注：…承担N项任务…) never sits alone on a
page: measured with `wuhua proof`'s near-empty-page rule on the PDF LibreOffice prints
of the merged department list, on the county workspace (whose 安全生产股 table used to
fill its last page exactly) and on tests/data/plan_b."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import ROOT, run_cli
from tests.county_workspace import write_county_workspace

PLAN_B = ROOT / "tests" / "data" / "plan_b"
MERGED = "部门任务清单（合并打印）"


def _workspace(shape: str, tmp_path: Path) -> tuple[Path, str]:
    if shape == "county":
        return write_county_workspace(tmp_path / "ws"), "2026"
    ws = tmp_path / "b"
    shutil.copytree(PLAN_B, ws / "inputs", ignore=shutil.ignore_patterns("xlsx"))
    return ws, "2025"


@pytest.mark.parametrize("shape", ["county", "plan_b"])
def test_merged_department_list_has_no_page_holding_only_the_note(shape, tmp_path, soffice):
    ws, year = _workspace(shape, tmp_path)
    done = run_cli("-w", str(ws), "build", "--year", year)
    assert done.returncode == 0, done.stdout + done.stderr
    [merged] = (ws / "output").glob(f"*{MERGED}.docx")
    proof = run_cli("proof", "--no-sheets", str(merged))
    assert "几乎空白" not in proof.stdout, proof.stdout
    assert proof.returncode == 0, proof.stdout + proof.stderr
    # Each department's count stands on the page that starts its table, right above it.
    pdfs = tmp_path / "pdf"
    converted = run_cli("pdf", str(merged), "-o", str(pdfs))
    assert converted.returncode == 0, converted.stdout + converted.stderr
    [pdf] = pdfs.glob("*.pdf")
    with pdfplumber.open(pdf) as doc:
        pages = [re.sub(r"\s+", "", p.extract_text() or "") for p in doc.pages]
    notes = [p for p in pages if re.search(r"注：\S+?承担\d+项任务", p)]
    departments = sum(1 for p in pages if "任务清单" in p and "注：" in p)
    assert notes and len(notes) == departments
    for page in notes:
        note_at = re.search(r"注：\S+?承担\d+项任务", page).start()
        assert 0 <= note_at < page.index("序号重点任务"), page[:200]
