"""Issue 15 (3): input workbooks that prevent mistakes, and `wuhua init --blank`."""
from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl import Workbook

from generator.documents.input_workbooks import add_input_aids
from tests.conftest import SAMPLE, run_cli


def checks(ws) -> dict[str, tuple]:
    """Column letter -> (type, formula1, formula2, errorStyle, prompt)."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            col = rng.split(":")[0].rstrip("0123456789")
            out[col] = (dv.type, dv.formula1, dv.formula2, dv.errorStyle, dv.prompt)
    return out


def header_of(ws, row: int) -> dict[str, str]:
    return {c.value: c.column_letter for c in ws[row] if c.value}


def test_sample_workbooks_have_dropdowns_checks_comments_and_frozen_headers():
    hazards = openpyxl.load_workbook(SAMPLE / "隐患台账.xlsx")["隐患台账"]
    h = header_of(hazards, 2)
    c = checks(hazards)
    assert c[h["等级"]][:2] == ("list", '"重大,一般"')
    assert c[h["来源"]][0] == "list" and "举报" in c[h["来源"]][1]
    assert c[h["状态"]][0] == "list" and "已销号" in c[h["状态"]][1]
    assert c[h["发现日期"]][0] == "date" and c[h["整改时限"]][0] == "date"
    assert c[h["整改资金（万元）"]][0] == "decimal"
    assert c[h["行业"]][3] == "warning"          # suggestions: “轻工（食品）” stays possible
    assert hazards.freeze_panes == "A3"
    assert all(hazards.cell(2, col).comment for col in range(1, hazards.max_column + 1))
    assert "例：" in hazards[f"{h['等级']}2"].comment.text

    progress = openpyxl.load_workbook(SAMPLE / "进展.xlsx")
    p = progress["进展"]
    ph = header_of(p, 1)
    pc = checks(p)
    assert pc[ph["状态"]][0] == "list" and "滞后" in pc[ph["状态"]][1]
    assert pc[ph["完成比例"]][:3] == ("whole", "0", "100")
    assert p.freeze_panes == "A2" and p["A1"].comment is not None
    assert checks(progress["时间节点"])["B"][0] == "date"

    duties = openpyxl.load_workbook(SAMPLE / "职责清单.xlsx")["职责清单"]
    dc = checks(duties)["A"]
    # the department list comes from 部门; posts such as 局长 stay possible
    assert dc[0] == "list" and "安全生产科" in dc[1] and "政策法规科" in dc[1] and dc[3] == "warning"
    departments = openpyxl.load_workbook(SAMPLE / "部门.xlsx")["部门"]
    assert departments["A1"].comment is not None and "安全生产科" in departments["A1"].comment.text


def test_aids_follow_the_headers_not_the_sample_layout():
    """A clerk's own 隐患台账: different column order, two title rows, fewer columns."""
    wb = Workbook()
    ws = wb.active
    ws.append(["北山县工贸企业隐患台账"])
    ws.append(["（2026年）"])
    ws.append(["状态", "隐患编号", "企业名称无关列", "隐患等级无关", "等级", "发现日期"])
    ws.append(["整改中", "A-1", "x", "", "一般", "2026-01-05"])
    add_input_aids(wb, "隐患台账")
    c = checks(ws)
    assert c["A"][0] == "list" and "整改中" in c["A"][1]
    assert c["E"][0] == "list" and c["F"][0] == "date"
    assert "C" not in c and "D" not in c
    assert ws.freeze_panes == "A4"
    assert ws["A3"].comment is not None and ws["C3"].comment is None
    for dv in ws.data_validations.dataValidation:
        assert str(dv.sqref).split(":")[0].endswith("4")   # the checks start below the header


def test_init_blank_writes_headers_and_checks_without_sample_rows(tmp_path: Path):
    ws = tmp_path / "空白"
    r = run_cli("init", "--blank", str(ws))
    assert r.returncode == 0, r.stderr
    inputs = ws / "inputs"
    names = sorted(p.name for p in inputs.iterdir())
    assert names == sorted(["单位.yaml", "实施方案.xlsx", "部门.xlsx", "职责清单.xlsx", "进展.xlsx", "企业名单.xlsx",
                            "隐患台账.xlsx"])
    for path in inputs.glob("*.xlsx"):
        book = openpyxl.load_workbook(path)
        sheet = book.worksheets[0]
        header_row = 2 if sheet["A1"].value and sheet["B1"].value is None else 1
        assert sheet.max_row == header_row, f"{path.name} has rows below the header"
        assert all(sheet.cell(header_row, col).comment for col in range(1, sheet.max_column + 1)), path.name
        assert sheet.freeze_panes == f"A{header_row + 1}", path.name
    assert checks(openpyxl.load_workbook(inputs / "进展.xlsx")["进展"])["D"][0] == "list"
    assert checks(openpyxl.load_workbook(inputs / "隐患台账.xlsx")["隐患台账"])["F"][0] == "list"
    # no sample data anywhere: the office must be filled in before anything is built
    office = (inputs / "单位.yaml").read_text(encoding="utf-8")
    top = [line for line in office.splitlines() if line and not line.startswith(("#", " "))]
    assert "单位名称:" in top and all(line.split(":", 1)[1].strip() in ("",) or line.split(":", 1)[1].strip()
                                     .startswith("#") for line in top)
    r = run_cli("-w", str(ws), "check")
    assert r.returncode == 2 and "单位名称" in r.stderr and "必填" in r.stderr
    (inputs / "单位.yaml").write_text(office.replace("单位名称:", "单位名称: 北山县工业和信息化局"), encoding="utf-8")
    # the plan's own facts are asked for where they go: 基本信息, column B
    r = run_cli("-w", str(ws), "check")
    assert r.returncode == 2 and "实施方案.xlsx 工作表“基本信息” 单元格 B2，字段“标题”：必填" in r.stderr
    plan = openpyxl.load_workbook(inputs / "实施方案.xlsx")
    info = plan["基本信息"]
    values = {"标题": "北山县工业领域安全生产工作方案", "开始日期": "2026-01-01", "结束日期": "2026-12-31"}
    for row in info.iter_rows(min_row=2):
        row[1].value = values.get(row[0].value, row[1].value)
    plan.save(inputs / "实施方案.xlsx")
    r = run_cli("-w", str(ws), "check")
    assert r.returncode == 0, r.stderr
    assert "0 项任务" in r.stdout and "0 个部门" in r.stdout
    # the sample workspace stays the default
    r = run_cli("init", str(tmp_path / "示例"))
    assert r.returncode == 0 and (tmp_path / "示例" / "inputs" / "实施方案.yaml").exists()
