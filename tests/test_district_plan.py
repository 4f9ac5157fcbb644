"""A fourth plan the tool was not written against (tests/district_workspace.py): a
district commission (委员会, 处/中心), a three-year plan 2025—2027 numbered “第一部分”
with tasks written “（1）…”, deadlines in wordings the other workspaces do not use,
co-led tasks written with four separators, reports by lead and by 配合 departments
(some under their 简称). What a clerk would check: the meaning the ledger states for
each 时限, the words the summary uses for the office, a 配合 report never passed off
as the lead's, the check's counts, the date the forms ask to be returned by, and a
located refusal for a 进展 row that contradicts the plan."""
from __future__ import annotations

import re
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml

from generator.model.deadline import parse_deadline
from tests.conftest import all_text, ledger_rows, run_cli
from tests.district_workspace import DEADLINES, END, START, write_district_workspace

AS_OF = "2026-06-20"     # the plan's 总结报送 6月20日


@pytest.fixture(scope="module")
def district_build(tmp_path_factory) -> Path:
    ws = write_district_workspace(tmp_path_factory.mktemp("district") / "ws")
    done = run_cli("-w", str(ws), "build", "--year", "2026", "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    return ws


@pytest.fixture
def district(tmp_path) -> Path:
    return write_district_workspace(tmp_path / "ws")


def _set_deadline(ws: Path, number: int, text: str) -> tuple[Path, int]:
    """Give task `number` the 时限 `text`; returns the plan file and that line."""
    path = ws / "inputs" / "实施方案.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    for action in data["行动"]:
        for task in action["任务"]:
            if task["编号"] == number:
                task["时限"] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), "utf-8")
    lines = path.read_text("utf-8").splitlines()
    first = next(n for n, line in enumerate(lines) if line.strip() == f"- 编号: {number}")
    return path, next(n for n, line in enumerate(lines, 1) if n > first and f"时限: {text}" in line)


def _message_at(done, line: int) -> str:
    [message] = [m for m in (done.stdout + done.stderr).splitlines() if f"第{line}行" in m]
    return message


# --- deadlines --------------------------------------------------------------------

@pytest.mark.parametrize("text, meaning", DEADLINES.items())
def test_district_wordings_mean_what_the_plan_says(text, meaning):
    assert parse_deadline(text, plan_start=START, plan_end=END).meaning == meaning


@pytest.mark.parametrize("text, meaning", [
    ("2025-2026年", "2025年1月1日至2026年12月31日期间完成"),
    ("2025年至2026年", "2025年1月1日至2026年12月31日期间完成"),
    ("2026～2027年度", "2026年1月1日至2027年12月31日期间完成"),
    ("每年年底前", "每年报送一次进展（周期结束时到期）"),
    ("每年2月底前", "每年报送一次进展（每年2月底前到期）"),
])
def test_other_spellings_of_whole_years_and_yearly_days(text, meaning):
    assert parse_deadline(text, plan_start=START, plan_end=END).meaning == meaning


def test_a_span_of_years_puts_the_task_on_each_years_list(district_build):
    from generator.workspace import read_inputs

    plan = read_inputs(district_build / "inputs").plan
    task = next(t for t in plan.tasks if t.schedule.text == "2025—2026年")
    assert [y for y in (2025, 2026, 2027) if task.active_in(y, plan)] == [2025, 2026]


def test_every_deadline_meaning_is_stated_in_theledger_rows(district_build):
    rows = ledger_rows(district_build)
    assert len(rows) == 84
    for row in rows:
        assert row["时限解读"] == DEADLINES[row["时限"]], row["任务编号"]


@pytest.mark.parametrize("text, said", [
    # “at least twice a year” is not “每年”: read so, it would be due half as often
    ("每年至少2次", "要求一个周期内多次，程序按周期检查进展，请写成相应的周期，如“每半年”"),
    # a year counted from nothing written: the plan spans three years
    ("次年3月底前", "是相对的年份，方案跨2025—2027年，前面也没有写明年份"),
    ("明年6月底前", "“明年”随发文日期而变"),
    ("尽快完成", "无法识别时限“尽快完成”"),
    ("年底前", "没有写年份，方案跨2025—2027年"),
    ("2027—2026年", "结束年份应晚于开始年份"),
])
def test_a_deadline_not_understood_is_refused_at_its_line(district, text, said):
    path, line = _set_deadline(district, 9, text)
    done = run_cli("-w", str(district), "check")
    assert done.returncode == 2, done.stdout + done.stderr
    message = _message_at(done, line)
    assert "实施方案.yaml" in message and "时限" in message and said in message
    assert "Traceback" not in done.stdout + done.stderr


# --- the plan's numbering and what check says -----------------------------------------

def test_actions_numbered_by_part_and_tasks_by_bracket_print_once(district_build):
    rows = ledger_rows(district_build)
    assert rows[0]["行动"] == "（一）压紧压实全区工业领域安全生产责任"
    assert not any(r["任务内容"].startswith("（") for r in rows)      # “（1）” dropped, like “1.”
    text = all_text(district_build / "output" / "2026年上半年工作总结.docx")
    assert "（（" not in text and "第一部分" not in text
    assert "1.任务2（组织开展第2项青山区工业企业安全生产专项工作），时限2026年上半年" in text


def test_an_action_number_not_understood_says_what_is_allowed(district):
    path = district / "inputs" / "实施方案.yaml"
    path.write_text(path.read_text("utf-8").replace("编号: 第三部分", "编号: 第三"), "utf-8")
    done = run_cli("-w", str(district), "check")
    assert done.returncode == 2
    line = next(n for n, t in enumerate(path.read_text("utf-8").splitlines(), 1) if t.strip() == "- 编号: 第三")
    message = _message_at(done, line)
    assert "行动编号" in message and "“第一部分”" in message and "“（一）”" in message


def test_check_counts_add_up_to_the_tasks(district):
    done = run_cli("-w", str(district), "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "6 项行动、84 项任务" in done.stdout
    m = re.search(r"有完成时限 (\d+) 项（其中完成后长期坚持 (\d+) 项）、按周期推进 (\d+) 项、长期坚持 (\d+) 项；"
                  r"多部门牵头 (\d+) 项", done.stdout)
    dated, continued, cyclic, standing, co_led = map(int, m.groups())
    assert dated + cyclic + standing == 84
    assert (dated, continued, cyclic, standing, co_led) == (52, 4, 24, 8, 16)
    assert "任务10、31、52、73的时限理解为：每年报送一次进展（每年6月30日前到期）" in done.stdout


def test_each_co_leader_finds_the_task_whatever_the_separator(district_build):
    from generator.workspace import read_inputs

    plan = read_inputs(district_build / "inputs").plan
    three = next(t for t in plan.tasks if t.number == 45)      # “民爆处/办公室/运行处”, short names
    assert three.leads == ("民用爆炸物品行业管理处", "委办公室", "工业经济运行调节处")
    folder = district_build / "output" / "部门任务清单"
    for lead in three.leads:
        d = docx.Document(folder / f"{lead}.docx")
        numbers = {r.cells[0].text.strip() for t in d.tables for r in t.rows}
        assert "45" in numbers, lead


# --- the summary ----------------------------------------------------------------------

def test_summary_speaks_as_the_commission_of_the_district(district_build):
    text = all_text(district_build / "output" / "2026年上半年工作总结.docx")
    assert "现将我委2026年上半年" in text and "我单位" not in text and "我局" not in text
    assert "全区工业行业新排查事故隐患8项" in text
    assert "全市" not in text and "全县" not in text
    m = re.search(r"2026年度共有任务(\d+)项，截至2026年6月20日，已完成(\d+)项，推进中(\d+)项，滞后(\d+)项"
                  r"（其中超过时限(\d+)项），未报送进展(\d+)项", text)
    total, done, ongoing, late, overdue, silent = map(int, m.groups())
    assert total == done + ongoing + late + silent
    listed = re.findall(r"^\d+\.任务(\d+)（", text, flags=re.M)
    overdue_numbers = {str(r["任务编号"]) for r in ledger_rows(district_build) if r["状态"].startswith("▲")}
    assert len(overdue_numbers) == overdue and overdue_numbers <= set(listed)


def test_a_supporters_report_is_named_as_such_in_the_summary(district_build):
    """Task 10: only 节能与资源综合利用处 (配合) reported 已完成; the lead did not."""
    d = docx.Document(district_build / "output" / "2026年上半年工作总结.docx")
    body = "\n".join(p.text for p in d.paragraphs)
    assert "节能与资源综合利用处（配合）：第10项任务2026H1进展" in body
    row = next(r for t in d.tables for r in t.rows if r.cells[0].text == "10")
    progress, state = row.cells[-2].text, row.cells[-1].text
    assert progress.startswith("节能与资源综合利用处（配合）：") and progress.endswith("牵头部门本半年尚未报送进展。")
    assert state == "滞后（超过时限）"
    # Reported under its 简称 (安监处), the supporter is named as 部门 registers it.
    assert "安全生产监督管理处（配合）：第31项任务" in body


# --- 进展 rows against the plan ---------------------------------------------------------

def _progress_rows(ws: Path):
    wb = openpyxl.load_workbook(ws / "inputs" / "进展.xlsx")
    return wb, wb.active


def test_a_report_whose_role_contradicts_the_plan_is_refused_at_its_cell(district):
    wb, sheet = _progress_rows(district)
    # Task 10's 配合 department writes 牵头: its 已完成 would have completed the task.
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == 10)
    row[6].value = "牵头"
    wb.save(district / "inputs" / "进展.xlsx")
    done = run_cli("-w", str(district), "check")
    assert done.returncode == 2, done.stdout
    out = done.stdout + done.stderr
    message = next(m for m in out.splitlines() if f"单元格 G{row[0].row}" in m)
    assert "进展.xlsx" in message and "角色" in message
    assert "节能与资源综合利用处是任务10的配合部门，角色却写“牵头”" in message
    assert "牵头部门：中小企业发展促进中心、信息化和软件服务业处" in message


def test_a_report_with_a_department_not_registered_is_refused(district):
    wb, sheet = _progress_rows(district)
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == 2)
    row[5].value = "中小企业服务处"
    wb.save(district / "inputs" / "进展.xlsx")
    done = run_cli("-w", str(district), "check")
    assert done.returncode == 2
    message = next(m for m in (done.stdout + done.stderr).splitlines() if f"单元格 F{row[0].row}" in m)
    assert "“中小企业服务处”不是已登记的部门" in message and "中小企业发展促进中心" in message


def test_a_blank_role_takes_the_departments_role_in_the_plan(district):
    """A supporter's 已完成 typed without 角色 must not complete the task."""
    from generator.model.status import Mark, plan_states
    from generator.workspace import read_inputs
    import datetime as dt

    wb, sheet = _progress_rows(district)
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == 10)
    row[6].value = None
    wb.save(district / "inputs" / "进展.xlsx")
    inputs = read_inputs(district / "inputs")
    entry = next(e for e in inputs.progress.entries if e.task == 10)
    assert (entry.department, entry.role) == ("节能与资源综合利用处", "配合")
    assert plan_states(inputs.plan, inputs.progress, as_of=dt.date(2026, 6, 20))[10].mark is not Mark.DONE


# --- forms and collect -----------------------------------------------------------------

def test_forms_ask_for_replies_by_the_plans_report_day_and_collect_merges_them(district, tmp_path):
    done = run_cli("-w", str(district), "forms", "--period", "2026H1")
    assert done.returncode == 0, done.stderr
    assert "于2026年6月20日前填好交回" in done.stdout
    folder = district / "output" / "进展填报表" / "2026H1"
    form = folder / "委办公室_2026年上半年进展填报表.xlsx"
    wb = openpyxl.load_workbook(form)
    sheet = wb["填报"]
    assert "请于2026年6月20日前填好黄色单元格后交回" in sheet["A2"].value
    help_text = "\n".join(str(c.value) for r in wb["填表说明"].iter_rows() for c in r if c.value)
    assert "请于2026年6月20日前填好" in help_text
    overview = openpyxl.load_workbook(folder / "00_2026年上半年进展填报汇总.xlsx").active
    assert any("2026年6月20日" == c.value for r in overview.iter_rows() for c in r)
    # 委办公室 leads task 45 with two others (written “民爆处/办公室/运行处”): a row on its form.
    asked = {(r[0].value, r[2].value) for r in sheet.iter_rows(min_row=4) if r[0].value}
    assert (45, "牵头") in {(t, role) for t, role in asked if t == 45}
    for r in sheet.iter_rows(min_row=4):
        if r[0].value:
            r[6].value, r[7].value = f"委办公室报告任务{r[0].value}。", "已完成" if r[0].value == 7 else "推进中"
    reply = tmp_path / "交回.xlsx"
    wb.save(reply)
    done = run_cli("-w", str(district), "collect", "--yes", str(reply))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "催报清单（2026年上半年，截止2026年6月20日）" in done.stdout
    rows = list(openpyxl.load_workbook(district / "inputs" / "进展.xlsx").active.iter_rows(values_only=True))
    header = next(r for r in rows if r and "填报部门" in r)
    records = [dict(zip(header, r)) for r in rows[rows.index(header) + 1:] if r[0] is not None]
    # The reply replaced 委办公室's earlier rows, typed under its 简称 办公室: one row, not two.
    seven = [r for r in records if r["任务编号"] == 7 and r["期间"] == "2026年上半年"]
    assert [(r["填报部门"], r["角色"], r["状态"]) for r in seven] == [("委办公室", "牵头", "已完成")]
    assert not any(r["填报部门"] == "办公室" for r in records)


# --- the 作战图集's timeline ---------------------------------------------------------------

def test_the_books_timeline_takes_a_page_per_run_of_actions_when_the_plan_is_long(district_build):
    """84 tasks in one 128 mm picture drew 1.3 mm rows under 2.5 mm labels (printed over
    each other); each picture now holds whole actions with rows a label apart."""
    from generator.charts import draw
    from generator.documents.battlemap_docx import TIMELINE_LABEL_PT, TIMELINE_MM, timeline_parts
    from generator.workspace import read_inputs

    plan = read_inputs(district_build / "inputs").plan
    parts = timeline_parts(plan)
    assert [[a.number for a in p.actions] for p in parts] == [[1, 2], [3, 4], [5, 6]]
    assert [t.number for p in parts for t in p.tasks] == [t.number for t in plan.tasks]
    assert all(draw.timeline_fits(len(p.tasks), 1, TIMELINE_MM, TIMELINE_LABEL_PT) for p in parts)
    d = docx.Document(district_build / "output" / "作战图集.docx")
    paragraphs = [p for p in d.paragraphs]
    start = next(i for i, p in enumerate(paragraphs) if p.text.endswith("任务推进时间轴"))
    end = next(i for i, p in enumerate(paragraphs) if i > start and p.text.startswith("注："))
    pictures = [p for p in paragraphs[start:end] if p._p.xpath(".//pic:pic")]
    assert len(pictures) == 3


def test_a_long_action_is_split_across_timeline_pages():
    import datetime as dt

    from generator.documents.battlemap_docx import timeline_parts
    from generator.model import Action, Plan, Task

    tasks = [Task(number=n, text=f"任务{n}", leads=("甲处",), schedule="2026年底前") for n in range(1, 51)]
    plan = Plan(title="方案", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31),
                actions=(Action(number=1, title="行动", tasks=tuple(tasks)),))
    parts = timeline_parts(plan)
    assert len(parts) == 2 and [t.number for p in parts for t in p.tasks] == list(range(1, 51))
