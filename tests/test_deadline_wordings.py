"""Deadline wordings real county and district plans use beyond the first grammar:
the end of a quarter or half year, a 旬, weekly reports, years counted from the plan
(次年, 下一年度) and 时限未定 (按上级要求, 根据工作需要, 适时). Each is said back in
words (`Deadline.meaning`), drives the status engine and the calendar, and what
cannot be known is refused with the reason. End to end on the three-year district
plan with edited 时限 (not the sample): check, status, calendar, ledger, summary."""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.model.deadline import DEADLINE_FORMS, parse_deadline
from generator.model.duty_calendar import weekly_days
from generator.model.plan import Plan
from generator.model.progress import Progress, ProgressEntry
from generator.model.status import Mark, task_status
from tests.conftest import all_text, ledger_rows, run_cli
from tests.district_workspace import write_district_workspace

ONE_YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
THREE_YEARS = (dt.date(2025, 1, 1), dt.date(2027, 12, 31))


def _read(text: str, span=ONE_YEAR):
    return parse_deadline(text, plan_start=span[0], plan_end=span[1])


# --- the grammar ----------------------------------------------------------------------

@pytest.mark.parametrize("text, span, meaning, due", [
    ("2025年第四季度末", THREE_YEARS, "2025年12月31日前完成", dt.date(2025, 12, 31)),
    ("2026年第一季度末前完成", THREE_YEARS, "2026年3月31日前完成", dt.date(2026, 3, 31)),
    ("第三季度末前", ONE_YEAR, "2025年9月30日前完成", dt.date(2025, 9, 30)),
    ("2025年上半年末前完成", THREE_YEARS, "2025年6月30日前完成", dt.date(2025, 6, 30)),
    ("2025年一季度", THREE_YEARS, "2025年1月1日至2025年3月31日期间完成", dt.date(2025, 3, 31)),
    ("2025年6月上旬前", THREE_YEARS, "2025年6月10日前完成", dt.date(2025, 6, 10)),
    ("2025年6月中旬前完成", THREE_YEARS, "2025年6月20日前完成", dt.date(2025, 6, 20)),
    ("2025年2月下旬前", THREE_YEARS, "2025年2月28日前完成", dt.date(2025, 2, 28)),
    ("2025年6月中旬", THREE_YEARS, "2025年6月11日至2025年6月20日期间完成", dt.date(2025, 6, 20)),
    ("9月下旬", ONE_YEAR, "2025年9月21日至2025年9月30日期间完成", dt.date(2025, 9, 30)),
    ("次年3月底前", ONE_YEAR, "2026年3月31日前完成（次年即2026年）", dt.date(2026, 3, 31)),
    ("次年一季度", ONE_YEAR, "2026年1月1日至2026年3月31日期间完成（次年即2026年）", dt.date(2026, 3, 31)),
    ("下一年度", ONE_YEAR, "2026年1月1日至2026年12月31日期间完成（下一年度即2026年）", dt.date(2026, 12, 31)),
    # In a plan of several years 次年 counts from the year written before it.
    ("2026年底前启动，次年6月底前完成", THREE_YEARS, "2026年12月31日前启动；2027年6月30日前完成（次年即2027年）",
     dt.date(2027, 6, 30)),
    ("按上级要求，2025年底前", THREE_YEARS, "2025年12月31日前完成", dt.date(2025, 12, 31)),
])
def test_each_new_form_is_read_to_one_stated_date(text, span, meaning, due):
    d = _read(text, span)
    assert d.meaning == meaning
    assert d.due == due and not d.recurring and not d.undetermined


@pytest.mark.parametrize("text, weekday, meaning", [
    ("每周", None, "每周报送一次进展（周期结束时，即每周日到期）"),
    ("每周一次", None, "每周报送一次进展（周期结束时，即每周日到期）"),
    ("每周五前", 4, "每周报送一次进展（每周五前到期）"),
    ("每周星期五", 4, "每周报送一次进展（每周五前到期）"),
    ("每周一", 0, "每周报送一次进展（每周一前到期）"),
])
def test_weekly_reports_are_due_on_the_weeks_end_or_the_named_day(text, weekday, meaning):
    for span in (ONE_YEAR, THREE_YEARS):
        d = _read(text, span)
        assert d.weekly and d.recurring and d.recurrence == "每周" and d.recurrence_weekday == weekday
        assert d.meaning == meaning
        assert d.last_year(span[1].year) == span[1].year       # on every year's list
    days = weekly_days(2025, _read(text))
    assert len(days) == 52
    assert {day.weekday() for day in days} == {6 if weekday is None else weekday}


@pytest.mark.parametrize("text, meaning, cycle_end, due", [
    # A 旬 of each month or year names its last day; 下旬 of each month is the month's end.
    ("每月中旬前", "每月报送一次进展（每月20日前到期）", dt.date(2025, 2, 28), dt.date(2025, 2, 20)),
    ("每月上旬", "每月报送一次进展（每月10日前到期）", dt.date(2025, 4, 30), dt.date(2025, 4, 10)),
    ("每月下旬前", "每月报送一次进展（周期结束时到期）", dt.date(2025, 2, 28), dt.date(2025, 2, 28)),
    ("每年6月上旬前", "每年报送一次进展（每年6月10日前到期）", dt.date(2025, 12, 31), dt.date(2025, 6, 10)),
    # What is reported may follow the cycle; the cycle is unchanged.
    ("每月5日前报送", "每月报送一次进展（每月5日前到期）", dt.date(2025, 3, 31), dt.date(2025, 3, 5)),
    ("每季度末报送进展", "每季度报送一次进展（周期结束时到期）", dt.date(2025, 6, 30), dt.date(2025, 6, 30)),
    ("每季度报送一次", "每季度报送一次进展（周期结束时到期）", dt.date(2025, 9, 30), dt.date(2025, 9, 30)),
    ("每半年上报工作情况", "每半年报送一次进展（周期结束时到期）", dt.date(2025, 6, 30), dt.date(2025, 6, 30)),
    ("每周五前报送", "每周报送一次进展（每周五前到期）", dt.date(2025, 1, 5), dt.date(2025, 1, 3)),
])
def test_recurrences_name_their_day_by_a_xun_and_may_say_what_is_reported(text, meaning, cycle_end, due):
    for span in (ONE_YEAR, THREE_YEARS):
        d = _read(text, span)
        assert d.recurring and d.meaning == meaning
        assert d.cycle_due(cycle_end) == due


@pytest.mark.parametrize("text, said", [
    ("每月报送两次", "无法识别"),           # more than once a cycle: not read as once
    ("每月中旬后", "无法识别"),
    ("每月32日前", "日期不存在"),
])
def test_recurrence_wordings_that_would_change_the_cycle_are_refused(text, said):
    with pytest.raises(ValueError) as refused:
        _read(text)
    assert said in str(refused.value) and text in str(refused.value)


@pytest.mark.parametrize("text", ["按上级要求", "根据工作需要", "适时", "视情况", "按照上级部署", "根据上级要求"])
def test_no_fixed_deadline_is_said_as_such_never_dated(text):
    d = _read(text, THREE_YEARS)
    assert d.undetermined == text
    assert d.due is None and d.window is None and not d.recurring and not d.continuing
    assert d.meaning == f"时限未定（{text}），不推算日期，不判定逾期"
    assert d.last_year(2027) == 2027


@pytest.mark.parametrize("text, span, said", [
    ("次年3月底前", THREE_YEARS, "是相对的年份，方案跨2025—2027年，前面也没有写明年份"),
    ("下一年度", THREE_YEARS, "如“2025年底前启动，下一年度”"),
    ("明年6月底前", ONE_YEAR, "“明年”随发文日期而变"),
    ("第三季度末前", THREE_YEARS, "没有写年份，方案跨2025—2027年"),
    ("2025年第三季度前", THREE_YEARS, "可以理解为期间开始前，也可以理解为期间结束前"),
    ("每周至少2次", ONE_YEAR, "要求一周内多次"),
    ("每周，每月", ONE_YEAR, "写了两个周期"),
    ("每两周", ONE_YEAR, "无法识别"),
    ("2025年13月上旬前", ONE_YEAR, "没有13月"),
    ("尽快", ONE_YEAR, "无法识别"),
])
def test_what_cannot_be_known_is_refused_with_the_reason(text, span, said):
    with pytest.raises(ValueError) as info:
        _read(text, span)
    assert f"时限“{text}”" in str(info.value) or said in str(info.value)
    assert said in str(info.value)


def test_the_allowed_forms_name_the_new_wordings():
    for form in ("2025年第四季度末", "2025年6月上旬前", "每周五前", "按上级要求", "次年3月底前", "下一年度"):
        assert f"“{form}”" in DEADLINE_FORMS


# --- the status engine ------------------------------------------------------------------

def _plan(deadlines: dict[int, str], span=THREE_YEARS) -> Plan:
    tasks = [{"number": n, "text": f"第{n}项工作", "lead": "安全生产处", "schedule": t} for n, t in deadlines.items()]
    return Plan.model_validate({"title": "测试方案", "start": span[0], "end": span[1],
                                "actions": [{"number": 1, "title": "测试行动", "tasks": tasks}]},
                               context={"period": span})


def _report(task: int, period: str, status: str = "推进中") -> ProgressEntry:
    return ProgressEntry.model_validate({"task": task, "period": period, "text": "按计划推进", "status": status})


def test_status_of_the_new_forms_at_a_given_day():
    plan = _plan({1: "2025年第四季度末", 2: "按上级要求", 3: "每周五前", 4: "每周", 5: "2026年6月中旬",
                  6: "2025年底前启动，次年6月底前完成"})
    progress = Progress(entries=(
        _report(2, "2025H1", "滞后"),
        _report(3, "2025-12-30"),          # a Tuesday: files the week of 29 Dec – 4 Jan
        _report(4, "2025-12-24"),          # the week of 22–28 Dec; nothing since
        _report(6, "2025H2"),
    ))
    as_of = dt.date(2026, 1, 5)
    states = {t.number: task_status(t, plan, progress, as_of) for t in plan.tasks}
    assert states[1].mark is Mark.OVERDUE and states[1].next_due == dt.date(2025, 12, 31)
    assert states[1].days_overdue == 5
    # 时限未定: never overdue, however late; a 滞后 report still shows.
    for day in (as_of, dt.date(2027, 12, 31)):
        late = task_status(plan.tasks[1], plan, progress, day)
        assert not late.overdue and late.next_due is None and late.mark is Mark.LATE
    assert not states[3].overdue and states[3].next_due == dt.date(2026, 1, 9)     # next Friday
    assert states[4].overdue and states[4].next_due == dt.date(2026, 1, 4)         # Sunday past
    assert not states[5].overdue and states[5].next_due == dt.date(2026, 6, 20)
    assert not states[6].overdue and states[6].next_due == dt.date(2026, 6, 30)
    # A weekly task never reported is overdue from its first Friday on.
    fresh = task_status(plan.tasks[2], plan, None, dt.date(2025, 1, 4))
    assert fresh.overdue and fresh.next_due == dt.date(2025, 1, 3)


# --- end to end on the district workspace (2025—2027) -------------------------------------

EDITED = {
    9: "2025年第四季度末",
    11: "按上级要求",
    12: "每周五前",
    13: "2025年底前启动，次年6月底前完成",
    16: "2026年6月中旬",
    18: "根据工作需要",
}


def _edit(ws: Path) -> Path:
    path = ws / "inputs" / "实施方案.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    for action in data["行动"]:
        for task in action["任务"]:
            if task["编号"] in EDITED:
                task["时限"] = EDITED[task["编号"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), "utf-8")
    # The edited tasks' own reports: none for 9 (so it is overdue), a dated weekly one for 12,
    # 13 started in time.
    book = openpyxl.load_workbook(ws / "inputs" / "进展.xlsx")
    sheet = book.active
    for row in range(sheet.max_row, 1, -1):
        if sheet.cell(row, 1).value in EDITED:
            sheet.delete_rows(row)
    sheet.append([12, "2025-12-30", "第12项任务本周进展：按周报送。", "推进中", 50, "", "牵头"])
    sheet.append([11, "2025H2", "第11项任务进展：等待上级部署。", "推进中", 20, "", "牵头"])
    sheet.append([13, "2025H2", "第13项任务进展：已启动。", "推进中", 10, "", "牵头"])
    book.save(ws / "inputs" / "进展.xlsx")
    return path


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    ws = write_district_workspace(tmp_path_factory.mktemp("wordings") / "ws")
    _edit(ws)
    return ws


def test_check_says_how_each_new_form_was_read_and_warns_of_each_undated_task(district):
    done = run_cli("-w", str(district), "check")
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "任务9的时限理解为：2025年12月31日前完成。" in out
    assert "任务12的时限理解为：每周报送一次进展（每周五前到期）。" in out
    assert "任务13的时限理解为：2025年12月31日前启动；2026年6月30日前完成（次年即2026年）。" in out
    assert "任务16的时限理解为：2026年6月11日至2026年6月20日期间完成。" in out
    assert re.search(r"长期坚持 \d+ 项、时限未定 2 项；", out)
    lines = (district / "inputs" / "实施方案.yaml").read_text("utf-8").splitlines()
    for number, text in ((11, "按上级要求"), (18, "根据工作需要")):
        first = next(n for n, line in enumerate(lines) if line.strip() == f"- 编号: {number}")
        line = next(n for n, s in enumerate(lines, 1) if n > first and f"时限: {text}" in s)
        [warning] = [m for m in done.stderr.splitlines() if f"任务{number}的时限" in m]
        assert f"实施方案.yaml 第{line}行" in warning and "字段“时限”" in warning
        assert f"“{text}”没有具体日期，按“时限未定”处理" in warning and "不判定逾期" in warning


def test_status_lists_the_quarter_end_task_overdue_and_never_the_undated_ones(district):
    done = run_cli("-w", str(district), "status", "--as-of", "2026-01-05", "--days", "7")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    [nine] = [s for s in lines if "任务9 " in s]
    assert "2025年12月31日" in nine or "2025-12-31" in nine
    assert "逾期5天未完成" in nine
    assert not any("任务11 " in s or "任务18 " in s for s in lines)
    # The weekly task reported on 30 December is due again on Friday 9 January, not overdue.
    assert not any("任务12 " in s and "逾期" in s for s in lines)
    assert any("每周：任务12" in s and ("2026年1月9日" in s or "2026-01-09" in s or "01-09" in s) for s in lines), \
        done.stdout


def test_calendar_has_every_friday_for_the_weekly_task_and_nothing_for_undated_ones(district, tmp_path):
    done = run_cli("-w", str(district), "calendar", "--year", "2026", "-o", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    [book] = tmp_path.glob("*.xlsx")
    rows = list(openpyxl.load_workbook(book).active.iter_rows(values_only=True))
    header = next(r for r in rows if r and "日期" in r)
    rows = [dict(zip(header, r)) for r in rows[rows.index(header) + 1:] if r and r[0] is not None]

    def day(r) -> dt.date:
        v = r["日期"]
        return v.date() if isinstance(v, dt.datetime) else v

    weekly = [r for r in rows if "任务12：" in str(r["事项"])]
    assert len(weekly) == 52 and {day(r).weekday() for r in weekly} == {4}
    assert {r["类别"] for r in weekly} == {"每周"} and {r["星期"] for r in weekly} == {"周五"}
    assert not [r for r in rows if re.search(r"任务(11|18)：", str(r["事项"]))]
    [due13] = [r for r in rows if "任务13：" in str(r["事项"])]
    assert day(due13) == dt.date(2026, 6, 30)
    assert [day(r) for r in rows if "任务16：" in str(r["事项"])] == [dt.date(2026, 6, 20)]


def test_ledger_and_summary_show_the_dates_and_the_undated_tasks(district):
    done = run_cli("-w", str(district), "build", "--year", "2026", "--as-of", "2026-01-05")
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {r["任务编号"]: r for r in ledger_rows(district)}
    assert rows[9]["时限解读"] == "2025年12月31日前完成"
    assert rows[9]["状态"] == "▲ 逾期" and rows[9]["下一时限"] == "已逾期5天（2025年12月31日）"
    for number, text in ((11, "按上级要求"), (18, "根据工作需要")):
        assert rows[number]["时限解读"] == f"时限未定（{text}），不推算日期，不判定逾期"
        assert rows[number]["下一时限"] == "时限未定" and "逾期" not in rows[number]["状态"]
    assert rows[12]["下一时限"] == "2026年1月9日" and rows[12]["状态"] == "● 推进中"
    assert rows[13]["时限解读"].endswith("（次年即2026年）") and rows[13]["下一时限"] == "2026年6月30日"
    summary = all_text(district / "output" / "2026年上半年工作总结.docx")
    part = summary.split("（四）时限未定的任务", 1)[1]
    assert "以下2项任务的时限没有具体日期" in part
    assert "任务11（" in part and "时限按上级要求" in part and "目前推进中" in part
    assert "任务18（" in part and "时限根据工作需要" in part
    overdue = summary.split("（三）超过时限尚未完成的任务", 1)[1].split("（四）", 1)[0]
    assert "任务9（" in overdue and "任务11（" not in overdue and "任务18（" not in overdue
    # The 作战图 says it too, in the book's 进展 cell and the workbook's 期限提示 column.
    # (counted in the XML: python-docx repeats a merged cell's text once per grid column)
    book = zipfile.ZipFile(district / "output" / "作战图集.docx").read("word/document.xml").decode()
    assert book.count("时限未定（不推算日期，不判定超期）") == 2
    sheet = openpyxl.load_workbook(district / "output" / "作战图.xlsx")["全部任务"]
    header = [c.value for c in sheet[next(r for r in range(1, 6) if sheet.cell(r, 1).value == "序号")]]
    hints = {row[0]: row[header.index("期限提示")] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)}
    assert hints[11] == hints[18] == "时限未定（不推算日期，不判定超期）"
    assert hints[9].startswith("已超期5天")


def test_forms_ask_weekly_tasks_month_by_month_and_undated_ones_each_half_year():
    from generator.model.reporting import form_rows
    from generator.model.summary import HalfYear

    plan = _plan({1: "每周五前", 2: "适时", 3: "每周"})
    rows = form_rows(plan, None, "安全生产处", HalfYear.parse("2026H1"))
    weekly = [r for r in rows if r.task.number == 1]
    assert [r.period.label for r in weekly] == [f"2026年{m}月" for m in range(1, 7)]
    assert weekly[0].due_note == "每周五前（每周报告一次（每周五前），本行报告2026年1月各周）"
    assert [r.due_note for r in rows if r.task.number == 3][0] == \
        "每周（每周报告一次（周期结束时，即每周日），本行报告2026年1月各周）"
    [undated] = [r for r in rows if r.task.number == 2]
    assert undated.period.label == "2026年上半年" and undated.due_note == "适时（时限未定，每半年报告进展）"
