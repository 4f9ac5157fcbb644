"""A plan the tool was not written against (tests/county_workspace.py): a county bureau
with 股, a one-year plan, deadlines as county clerks write them, co-led tasks, a
department without tasks. What a clerk would check: the meaning the ledger states for
each 时限, each co-leader's list, the summary's figures against the ledger, the words
naming the county, and a located refusal where the year cannot be known."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from openpyxl import load_workbook

from generator.model.deadline import parse_deadline
from tests.conftest import all_text, ledger_rows, run_cli
from tests.county_workspace import DEADLINES, NO_TASKS, write_county_workspace

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
REPORT_DAY = "2026-12-15"    # the plan's 总结报送 12月15日: the summary looks at the plan from then


@pytest.fixture(scope="module")
def county_build(tmp_path_factory) -> Path:
    ws = write_county_workspace(tmp_path_factory.mktemp("county") / "ws")
    done = run_cli("-w", str(ws), "build", "--year", "2026", "--as-of", REPORT_DAY)
    assert done.returncode == 0, done.stderr
    return ws


@pytest.fixture
def county(tmp_path) -> Path:
    return write_county_workspace(tmp_path / "ws")


def _set_plan(ws: Path, **changes) -> Path:
    path = ws / "inputs" / "实施方案.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    for key, value in changes.items():
        if key == "时限":
            number, text = value
            for action in data["行动"]:
                for task in action["任务"]:
                    if task["编号"] == number:
                        task["时限"] = text
        else:
            data[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), "utf-8")
    return path


def _line_of(path: Path, text: str, task: int | None = None) -> int:
    """The line of `text`, after the line of task `task` when given (phrases repeat)."""
    lines = path.read_text("utf-8").splitlines()
    first = 0 if task is None else next(n for n, line in enumerate(lines) if line.strip() == f"- 编号: {task}")
    return next(n for n, line in enumerate(lines, 1) if n > first and text in line)


# --- deadlines as county clerks write them ------------------------------------------

@pytest.mark.parametrize("text, meaning", DEADLINES.items())
def test_county_wordings_mean_what_the_plan_says(text, meaning):
    assert parse_deadline(text, plan_start=START, plan_end=END).meaning == meaning


def test_a_year_inside_a_plan_is_that_year_not_a_count_of_years():
    # “2026年内” was read as “within 2026 years”: due 31 December 4051.
    d = parse_deadline("2026年内", plan_start=dt.date(2024, 1, 1), plan_end=dt.date(2026, 12, 31))
    assert (d.window, d.due) == ((dt.date(2026, 1, 1), END), END)
    assert parse_deadline("三年内", plan_start=dt.date(2024, 1, 1)).due == dt.date(2026, 12, 31)


def test_every_deadline_meaning_is_stated_in_theledger_rows(county_build):
    rows = ledger_rows(county_build)
    assert len(rows) == 45
    for row in rows:
        assert row["时限解读"] == DEADLINES[row["时限"]], row["任务编号"]


@pytest.mark.parametrize("text", ["年底前", "12月10日前", "6月底前完成并长期坚持", "上半年"])
def test_a_date_without_its_year_in_a_longer_plan_is_refused_at_its_line(county, text):
    path = _set_plan(county, 结束日期="2027-12-31", 时限=(1, text))
    done = run_cli("-w", str(county), "check")
    assert done.returncode == 2, done.stdout + done.stderr
    line = _line_of(path, f"时限: {text}", task=1)
    [message] = [m for m in (done.stdout + done.stderr).splitlines() if f"第{line}行" in m]
    assert "实施方案.yaml" in message and "时限" in message and "没有写年份" in message
    assert "2026—2027年" in message and "请写明年份" in message
    assert "Traceback" not in done.stdout + done.stderr


def test_a_deadline_not_understood_is_refused_with_the_forms_listed_once(county):
    path = _set_plan(county, 时限=(2, "每月中旬后"))
    done = run_cli("-w", str(county), "check")
    assert done.returncode == 2
    line = _line_of(path, "时限: 每月中旬后")
    [message] = [m for m in (done.stdout + done.stderr).splitlines() if f"第{line}行" in m]
    assert "无法识别时限“每月中旬后”" in message
    assert message.count("“每两个月”") == 1        # the allowed forms, not twice


def test_a_deadline_before_the_plan_is_refused_as_a_year_to_check(county):
    path = _set_plan(county, 时限=(3, "2025年底前"))
    done = run_cli("-w", str(county), "check")
    assert done.returncode == 2
    line = _line_of(path, "时限: 2025年底前")
    [message] = [m for m in (done.stdout + done.stderr).splitlines() if f"第{line}行" in m]
    assert "早于方案开始日期（2026年1月1日）" in message and "2025年12月31日前完成" in message


# --- what check and build say ------------------------------------------------------

def test_check_reports_a_one_year_plan_and_the_department_without_tasks(county):
    done = run_cli("-w", str(county), "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2026年；时限" in done.stdout and "2026—2026" not in done.stdout
    assert "多部门牵头 11 项" in done.stdout
    assert f"{NO_TASKS}在2026年度没有牵头或配合的任务，未生成其部门任务清单" in done.stderr


def test_each_co_leader_and_supporter_finds_the_task_on_its_list(county_build):
    from generator.workspace import read_inputs

    plan = read_inputs(county_build / "inputs").plan
    folder = county_build / "output" / "部门任务清单"
    assert not (folder / f"{NO_TASKS}.docx").exists()
    co_led = [t for t in plan.tasks if len(t.leads) > 1]
    assert len(co_led) == 11
    for path in folder.glob("*.docx"):
        d = docx.Document(path)
        numbers = {int(r.cells[0].text) for t in d.tables for r in t.rows if r.cells[0].text.strip().isdigit()}
        wanted = {t.number for t in plan.tasks if path.stem in t.departments}
        assert numbers == wanted, path.stem
        note = next(p.text for p in d.paragraphs if p.text.startswith(f"{path.stem}承担"))
        leading = sum(1 for t in plan.tasks if path.stem in t.leads)
        assert f"承担{len(wanted)}项任务，其中牵头{leading}项、配合{len(wanted) - leading}项" in note


# --- the summary against the ledger ---------------------------------------------------

def test_summary_names_the_county_and_its_figures_match_theledger_rows(county_build):
    text = all_text(county_build / "output" / "2026年下半年工作总结.docx")
    assert "全县工业行业新排查事故隐患3项" in text
    assert "全市" not in text and "某市" not in text
    assert "工作工作" not in text
    assert "下半年安全生产“五化”工作总结" in text
    # Summary and ledger both look at the plan from the plan's own report day (12月15日).
    assert "截至2026年12月15日" in text
    m = re.search(r"共有任务(\d+)项，截至[^，]+，已完成(\d+)项，推进中(\d+)项，滞后(\d+)项"
                  r"（其中超过时限(\d+)项），未报送进展(\d+)项", text)
    total, done, ongoing, late, overdue, silent = map(int, m.groups())
    assert total == done + ongoing + late + silent == 45
    marks = [row["状态"] for row in ledger_rows(county_build)]
    assert done == sum(mk.startswith("√") for mk in marks)
    assert overdue == sum(mk.startswith("▲") for mk in marks)
    assert late == sum(mk.startswith(("▲", "△")) for mk in marks)
    listed = re.findall(r"^\d+\.任务(\d+)（", text, flags=re.M)
    assert len(listed) >= overdue
    overdue_numbers = {str(r["任务编号"]) for r in ledger_rows(county_build) if r["状态"].startswith("▲")}
    assert overdue_numbers <= set(listed)           # no overdue task dropped from the summary
    assert "尚未销号的重大事故隐患4项" in text



def overdue_in_supervisionledger_rows(ws: Path) -> list[tuple[str, str, int]]:
    """(企业, 隐患描述, 逾期天数) of the 督办台账's overdue rows, in its order."""
    rows = list(load_workbook(ws / "output" / "重大事故隐患督办台账.xlsx")["督办台账"].iter_rows(values_only=True))
    header = next(r for r in rows if r and "逾期天数" in r)
    records = [dict(zip(header, r)) for r in rows[rows.index(header) + 1:] if r and r[0] is not None]
    return [(r["企业"], r["隐患描述"], r["逾期天数"]) for r in records if r["逾期天数"]]


def test_summary_names_the_overdue_major_hazards_as_the_supervision_ledger_does(county_build):
    """Both at 2026-12-15 (the build's --as-of is the summary's date): same count, same
    enterprises and hazards, same days past the 整改期限."""
    text = all_text(county_build / "output" / "2026年下半年工作总结.docx")
    overdue = overdue_in_supervisionledger_rows(county_build)
    assert [days for *_, days in overdue] == [168, 106]      # 6月30日 and 8月31日 deadlines
    items = "；".join(f"{e}“{d}”（逾期{days}天）" for e, d, days in overdue)
    assert f"尚未销号的重大事故隐患4项（其中民爆行业0项），已列入督办台账跟踪整改。其中2项已超过整改期限：{items}。" in text

def test_calendar_names_the_plans_report_days_once(county_build):
    rows = list(load_workbook(county_build / "output" / "2026年机制化工作日历.xlsx").active.iter_rows(values_only=True))
    cells = [str(c) for r in rows for c in r if c]
    assert any("报送2026年下半年“五化”工作总结（12月15日前）" in c for c in cells)
    assert not any("工作工作" in c for c in cells)


def test_summary_command_states_the_plans_report_day(county_build, tmp_path):
    done = run_cli("-w", str(county_build), "summary", "--period", "2026H2", "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "报送截止日：2026年12月15日前" in done.stdout


def test_summary_pdf_reads_the_county_and_no_doubled_words(county_build, tmp_path, soffice):
    source = county_build / "output" / "2026年下半年工作总结.docx"
    done = run_cli("-w", str(county_build), "pdf", str(source), "-o", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    [pdf] = list(tmp_path.glob("*.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "全县工业行业新排查事故隐患3项" in flat
    assert "工作工作" not in flat and "全市" not in flat
    assert "下半年安全生产“五化”工作总结" in flat


def test_a_one_year_plan_reads_as_its_year_on_the_battlemap_book(county_build):
    text = all_text(county_build / "output" / "作战图集.docx")
    assert "（2026年）" in text and "二、2026年任务推进时间轴" in text
    assert "2026—2026" not in text
