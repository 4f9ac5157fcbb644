"""The hazard ledger input: its workflow rules are reported at the cells that break them."""
import shutil

import openpyxl

from tests.conftest import run_cli

LEDGER = "隐患台账.xlsx"


def _header_columns(ws):
    return {c.value: c.column_letter for c in ws[2] if c.value}


def _edit(ws_dir, edits):
    """edits: list of (row, header, value) in the sample ledger."""
    path = ws_dir / "inputs" / LEDGER
    wb = openpyxl.load_workbook(path)
    ws = wb["隐患台账"]
    cols = _header_columns(ws)
    for row, header, value in edits:
        ws[f"{cols[header]}{row}"] = value
    wb.save(path)
    return cols


def test_sample_ledger_is_accepted_and_realistic(workspace):
    wb = openpyxl.load_workbook(workspace / "inputs" / LEDGER)
    rows = [r for r in wb["隐患台账"].iter_rows(min_row=3, values_only=True) if r[0]]
    assert len(rows) >= 30
    assert len({r[1] for r in rows}) >= 8
    assert {r[7].year for r in rows} == {2024, 2025}
    assert any("民爆" in r[2] for r in rows) and any("民爆" not in r[2] for r in rows)
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 0, result.stderr


def test_workflow_violations_are_located(workspace):
    # Row 3 is the first hazard (closed out in the sample); row 4 the second.
    cols = _edit(workspace, [
        (3, "验收人", None),                  # closed out without an acceptance person
        (4, "销号日期", "2024-03-01"),        # closed before found (2024-03-26)
        (5, "整改时限", None),                # a major hazard without a deadline
        (5, "责任人", None),                  # … and without a responsible person
        (6, "状态", "完成了"),                # not an allowed status
    ])
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    err = result.stderr
    sheet = "工作表“隐患台账”"
    assert f"{sheet} 单元格 {cols['验收人']}3，字段“验收人”" in err
    assert "未经验收不能销号" in err
    assert f"单元格 {cols['销号日期']}4，字段“销号日期”，值“2024年3月1日”：销号日期早于发现日期" in err
    assert f"单元格 {cols['整改时限']}5，字段“整改时限”：重大事故隐患必须确定整改时限" in err
    assert f"单元格 {cols['责任人']}5，字段“责任人”：重大事故隐患必须明确整改责任人" in err
    assert f"单元格 {cols['状态']}6，字段“状态”，值“完成了”" in err and "已销号" in err


def test_accepted_after_closed_and_closed_without_status(workspace):
    cols = _edit(workspace, [
        (3, "验收日期", "2024-04-20"),        # accepted after the close-out of 2024-04-08
        (4, "状态", "整改中"),                # has dates of acceptance and close-out
    ])
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    assert f"单元格 {cols['销号日期']}3，字段“销号日期”，值“2024年4月8日”：销号日期早于验收日期" in result.stderr
    assert f"单元格 {cols['状态']}4，字段“状态”，值“整改中”：已填写销号日期" in result.stderr


def test_yaml_ledger_reports_lines(workspace):
    (workspace / "inputs" / LEDGER).unlink()
    (workspace / "inputs" / "隐患台账.yaml").write_text(
        "隐患:\n"
        "  - 隐患编号: A-1\n"
        "    企业: 某市甲民爆公司\n"
        "    行业: 民爆\n"
        "    隐患描述: 库房超量储存 & <超员>\n"
        "    等级: 重大\n"
        "    来源: 检查\n"
        "    发现日期: 2025-03-01\n"
        "    责任人: 张三\n"
        "    整改时限: 2025-02-01\n"
        "    状态: 已验收\n"
        "    验收日期: 2025-03-05\n", encoding="utf-8")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    err = result.stderr
    assert "隐患台账.yaml 第10行，字段“整改时限”，值“2025年2月1日”：整改时限早于发现日期" in err
    assert "隐患台账.yaml 第2行，字段“验收人”：状态为“已验收”，但没有验收人" in err


def test_duplicate_numbers_are_reported(workspace):
    path = workspace / "inputs" / LEDGER
    wb = openpyxl.load_workbook(path)
    ws = wb["隐患台账"]
    ws["A4"] = ws["A3"].value
    wb.save(path)
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    assert "单元格 A4，字段“隐患编号”" in result.stderr and "隐患编号重复" in result.stderr
    shutil.rmtree(workspace)
