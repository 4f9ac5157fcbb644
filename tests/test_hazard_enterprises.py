"""A hazard whose 企业 is not in 企业名单: still open, it is refused at its cell (it would
get a public notice under a name the office does not list), with the closest listed
names; closed out, it is warned (history of an enterprise since removed). Checked on
the county workspace and on the sample, whose enterprises are named differently."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.conftest import run_cli
from tests.county_workspace import write_county_workspace


def _rename(ledger: Path, number: str, name: str) -> tuple[int, str]:
    """Write `name` into the 企业 cell of hazard `number`; return (row, its old name)."""
    wb = openpyxl.load_workbook(ledger)
    ws = wb["隐患台账"]
    header = next(r for r in ws.iter_rows() if any(c.value == "企业" for c in r))
    col = next(c.column for c in header if c.value == "企业")
    row = next(r[0].row for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value == number)
    old = ws.cell(row, col).value
    ws.cell(row, col).value = name
    wb.save(ledger)
    return row, old


@pytest.fixture
def county(tmp_path) -> Path:
    return write_county_workspace(tmp_path / "ws")


def test_county_open_hazard_of_an_unlisted_enterprise_is_refused_at_its_cell(county):
    row, old = _rename(county / "inputs" / "隐患台账.xlsx", "QH-26-01", "清河县鑫达铸造公司")
    (county / "output").mkdir(exist_ok=True)
    (county / "output" / "留存.txt").write_text("keep", encoding="utf-8")
    for command in (["check"], ["build", "--year", "2026"]):
        done = run_cli("-w", str(county), *command)
        assert done.returncode == 2, done.stdout + done.stderr
        out = done.stdout + done.stderr
        assert "Traceback" not in out
        assert f"隐患台账.xlsx 工作表“隐患台账” 单元格 B{row}，字段“企业”，值“清河县鑫达铸造公司”" in out
        assert f"不在企业名单中（企业名单中最接近的名称：{old}）" in out
    assert (county / "output" / "留存.txt").read_text(encoding="utf-8") == "keep"
    assert not (county / "output" / "重大事故隐患公示").exists()


def test_county_closed_hazard_of_an_unlisted_enterprise_is_warned(county):
    row, _ = _rename(county / "inputs" / "隐患台账.xlsx", "QH-26-05", "清河县民爆器材经营部")   # 已销号
    done = run_cli("-w", str(county), "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (f"警告：{county / 'inputs' / '隐患台账.xlsx'} 工作表“隐患台账” 单元格 B{row}，字段“企业”，"
            "值“清河县民爆器材经营部”：“清河县民爆器材经营部”不在企业名单中（企业名单中没有相近的名称）；隐患已销号") \
        in done.stdout + done.stderr


def test_sample_open_hazard_of_an_unlisted_enterprise_is_refused(workspace):
    """The sample's 某市民爆物品销售有限公司 has an open major hazard (YH2025-012, 已验收)."""
    row, old = _rename(workspace / "inputs" / "隐患台账.xlsx", "YH2025-012", "某市民爆物品销售公司")
    done = run_cli("-w", str(workspace), "check")
    assert done.returncode == 2, done.stdout + done.stderr
    assert old == "某市民爆物品销售有限公司"
    assert f"单元格 B{row}，字段“企业”，值“某市民爆物品销售公司”" in done.stdout + done.stderr
    assert f"最接近的名称：{old}" in done.stdout + done.stderr


def test_without_an_enterprise_list_nothing_is_checked(workspace):
    (workspace / "inputs" / "企业名单.xlsx").unlink()
    _rename(workspace / "inputs" / "隐患台账.xlsx", "YH2025-012", "某市民爆物品销售公司")
    done = run_cli("-w", str(workspace), "check")
    assert "不在企业名单中" not in done.stdout + done.stderr
