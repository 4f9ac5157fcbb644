"""The Excel-shaped workspace (tests/excel_workspace.py): every input a hand-made .xlsx
with title rows, blank rows, full-width digits, dates as text and as Excel dates,
numbers as text, 简称, co-leads and Alt+Enter lists. What a clerk would check: what
was understood (时限解读, the department lists, overdue tasks), and that a sheet the
reader would skip or a number Excel has mangled is said at its cell."""
from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from tests.conftest import run_cli
from tests.excel_workspace import (AS_OF, NAMES, PROGRESS, task_rows, write_excel_workspace)


@pytest.fixture
def workspace(tmp_path):
    return write_excel_workspace(tmp_path / "excel")


def test_check_reads_every_task_and_says_what_it_skipped(workspace):
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert "4 项行动、64 项任务，6 个部门" in out
    # A date cell typed into 时限 (2026/9/30) is that day, not an unknown wording.
    assert "无法识别时限" not in out
    # The hidden sheet and the 填表说明 sheet are said, by name.
    assert "工作表“旧版任务”：该工作表已隐藏，未读取" in out
    assert "工作表“填表说明”：该工作表没有任务的表头，未读取" in out
    # A phone typed as a number has lost its leading 0: said at its cell with what prints.
    assert re.search(r"部门\.xlsx 工作表“部门” 单元格 E4，字段“联系电话”，值“4383100101”：.*Excel 会去掉数字开头的 0", out)
    assert re.search(r"企业名单\.xlsx 工作表“企业名单” 单元格 E4，字段“联系电话”", out)
    assert "Traceback" not in out


def test_what_was_understood_matches_the_plan(workspace):
    from generator.workspace import read_inputs

    inputs = read_inputs(workspace / "inputs", cache=False)
    tasks = {t.number: t for t in inputs.plan.tasks}
    assert sorted(tasks) == list(range(1, 65))        # 1, "2", "３" alike; blank row skipped
    for row in task_rows():
        task = tasks[row["number"]]
        assert task.schedule.meaning == row["meaning"], row["number"]
        assert task.leads == tuple(row["leads"]), row["number"]          # 简称, 、 and / alike
        assert task.responsible == tuple(row["others"]), row["number"]    # Alt+Enter list
        assert not re.match(r"^\s*(\d+\.|（\d+）)", task.text)           # “1.” / “（1）” dropped
    entries = inputs.progress.entries
    assert len(entries) == len(PROGRESS)
    by_task = {(e.task, e.period.label): e.percent for e in entries}
    assert by_task[(3, "2026年上半年")] == 50          # “50%”
    assert by_task[(8, "2026年5月")] == 40             # “４０”
    assert by_task[(5, "2026年3月31日")] == 30         # an Excel date as the period
    assert by_task[(5, "2026年6月15日")] == 60         # “2026.6.15”
    found = {h.number: h.found for h in inputs.hazards}
    assert [d.isoformat() for d in found.values()] == ["2026-01-08", "2026-02-11", "2026-03-02", "2026-01-15"]


@pytest.mark.parametrize("book, sheet, copy, said", [
    # a 任务（续） sheet would lose its rows
    ("实施方案.xlsx", "任务", "任务（续）", r"实施方案\.xlsx 工作表“任务（续）” 第2行（表头）：这个工作表也有任务的表头（下面有 64 行），"
                                       r"但程序只读取工作表“任务”、“基本信息”"),
    # a hazard ledger kept one sheet per year
    ("隐患台账.xlsx", "隐患台账", "2025年", r"隐患台账\.xlsx 工作表“2025年” 第2行（表头）：这个工作表也有隐患台账的表头"),
])
def test_a_second_sheet_with_the_tables_header_is_refused_at_its_header(workspace, book, sheet, copy, said):
    path = workspace / "inputs" / book
    wb = load_workbook(path)
    wb.copy_worksheet(wb[sheet]).title = copy
    wb.save(path)
    result = run_cli("-w", str(workspace), "check")
    out = result.stdout + result.stderr
    assert result.returncode == 2, out
    assert re.search(said, out)
    assert "Traceback" not in out


def test_without_a_sheet_named_tasks_the_task_table_is_found_by_its_header(workspace):
    path = workspace / "inputs" / "实施方案.xlsx"
    wb = load_workbook(path)
    wb["任务"].title = "Sheet1"
    wb.move_sheet("填表说明", offset=-wb.sheetnames.index("填表说明"))     # instructions first
    wb.save(path)
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "64 项任务" in result.stdout + result.stderr


def test_ledger_and_department_lists_after_build(workspace):
    import docx

    result = run_cli("-w", str(workspace), "build", "--year", "2026", "--as-of", AS_OF.isoformat())
    assert result.returncode == 0, result.stdout + result.stderr
    ws = load_workbook(workspace / "output" / "任务台账.xlsx").active
    rows = {r[2]: r for r in ws.iter_rows(min_row=3, values_only=True) if r[2]}
    assert len(rows) == 64
    for row in task_rows():
        assert rows[row["number"]][7] == row["meaning"], row["number"]       # 时限解读
    # 2026.5.31 without a report is overdue by 20 days on 20 June; a 2026/9/30 date cell is not.
    assert rows[11][13] == "▲ 逾期" and "已逾期20天" in rows[11][14]
    assert rows[3][13] == "● 推进中" and rows[3][14] == "2026年9月30日"
    for name in NAMES:
        document = docx.Document(workspace / "output" / "部门任务清单" / f"{name}.docx")
        text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        listed = {int(n) for n in re.findall(r"开展第(\d+)项", text)}
        assert listed == {r["number"] for r in task_rows() if name in r["leads"] or name in r["others"]}, name


def test_the_workbench_checks_uploads_and_builds_this_workspace(page, tmp_path):
    """In the browser: the plan with a second task sheet is refused naming the sheet and
    nothing changes; the clerk's own plan (date cells in 时限) is taken; a build runs;
    the status page lists a task due 2026.5.31 as overdue."""
    from tests.web_support import serve, url_of

    workspace = write_excel_workspace(tmp_path / "excel")
    plan = workspace / "inputs" / "实施方案.xlsx"
    before = plan.read_bytes()
    wb = load_workbook(plan)
    wb.copy_worksheet(wb["任务"]).title = "任务（续）"
    split = tmp_path / "split" / "实施方案.xlsx"
    split.parent.mkdir()
    wb.save(split)
    srv = serve(workspace, require_login=False)
    try:
        url = url_of(srv)
        page.goto(url + "/")
        assert "✓ 检查通过" in page.inner_text("#check-result")
        page.set_input_files("input[name=file]", str(split))
        page.click("text=检查并替换")
        result = page.inner_text("#upload-result")
        assert "未被采用，工作区中的数据没有改动" in result
        assert "工作表“任务（续）”" in result and "这个工作表也有任务的表头" in result
        assert plan.read_bytes() == before

        wb = load_workbook(plan)
        wb["任务"]["G3"].value = "2026年4月30日"        # task 1: another deadline
        edited = tmp_path / "edited" / "实施方案.xlsx"
        edited.parent.mkdir()
        wb.save(edited)
        page.set_input_files("input[name=file]", str(edited))
        page.click("text=检查并替换")
        assert "✓ 已替换 实施方案.xlsx" in page.inner_text("#upload-result")

        page.goto(url + "/build")
        page.click("#build-button")
        page.wait_for_selector("#build-state[data-state=done]", timeout=600_000)
        assert "✓ 已生成" in page.inner_text("#build-state")
        page.goto(url + f"/status?as_of={AS_OF.isoformat()}")
        overdue = page.inner_text("#overdue + *")
        line = next(ln for ln in overdue.splitlines() if "任务11 " in ln)
        assert "2026年5月31日" in line and "逾期20天未完成" in line
    finally:
        srv.close()


def test_proof_of_a_returned_form_does_not_read_its_hidden_sheet(workspace, soffice):
    """The form's hidden identity sheet (_wuhua) is never printed; proof must not report
    its cells as cut off on paper."""
    result = run_cli("-w", str(workspace), "forms", "--period", "2026H1")
    assert result.returncode == 0, result.stdout + result.stderr
    form = workspace / "output" / "进展填报表" / "2026H1" / "办公室_2026年上半年进展填报表.xlsx"
    result = run_cli("-w", str(workspace), "proof", str(form))
    out = result.stdout + result.stderr
    assert "办公室_2026年上半年进展填报表.xlsx" in out
    assert "_wuhua" not in out


def test_a_filled_column_the_reader_does_not_know_is_said_at_its_header(workspace):
    path = workspace / "inputs" / "实施方案.xlsx"
    wb = load_workbook(path)
    ws = wb["任务"]
    ws["I2"], ws["I3"] = "备注", "需与省厅对接"
    ws["J2"], ws["J5"] = "牵头部门", "安全科"          # a second 牵头部门 column
    wb.save(path)
    result = run_cli("-w", str(workspace), "check")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert re.search(r"实施方案\.xlsx 工作表“任务” 单元格 I2，字段“表头”，值“备注”：不是可识别的列，"
                     r"这一列的 1 个单元格未读取", out)
    assert re.search(r"单元格 J2，字段“表头”，值“牵头部门”：与 E2 的表头重复，只读取了那一列", out)
