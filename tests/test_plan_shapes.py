"""Documents say exactly what the data says (issue 10): the deadline grammar, several
lead departments, carry-over, one status engine, plan metadata in every input form,
Excel and YAML reading that never guesses. Most tests use tests/data/plan_b, a plan
shaped unlike the sample (tools/make_plan_b.py)."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from generator.errors import InputError
from generator.model import Plan
from generator.model.deadline import parse_deadline
from generator.model.progress import Progress
from generator.model.status import task_status, year_tasks
from generator.workspace import read_inputs
from tests.conftest import ROOT, all_text, run_cli, table_rows

PLAN_B = ROOT / "tests" / "data" / "plan_b"
START = dt.date(2024, 1, 1)


@pytest.fixture
def plan_b(tmp_path: Path) -> Path:
    """A workspace holding plan B (YAML plan)."""
    ws = tmp_path / "b"
    shutil.copytree(PLAN_B, ws / "inputs", ignore=shutil.ignore_patterns("xlsx"))
    return ws


def _problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_inputs(folder)
    return [str(p) for p in info.value.sorted()]


# --- the deadline grammar -----------------------------------------------------

@pytest.mark.parametrize("text, meaning, years", [
    ("2024年底前启动，2026年底前完成", "2024年12月31日前启动；2026年12月31日前完成", (2024, 2026)),
    ("2025年底前完成并长期坚持", "2025年12月31日前完成；此后长期坚持至方案结束", (2024, 2026)),
    ("2025年度", "2025年1月1日至2025年12月31日期间完成", (2025, 2025)),
    ("2025年第三季度", "2025年7月1日至2025年9月30日期间完成", (2025, 2025)),
    ("2025年上半年", "2025年1月1日至2025年6月30日期间完成", (2025, 2025)),
    ("2026年6月", "2026年6月1日至2026年6月30日期间完成", (2026, 2026)),
    ("2025年底前完成，2026年底前全面完成", "2025年12月31日前完成；2026年12月31日前全面完成", (2024, 2026)),
    ("2025年6月10日前", "2025年6月10日前完成", (2024, 2025)),
    ("2025-06-10", "2025年6月10日前完成", (2024, 2025)),
    ("三年内", "2026年12月31日前完成", (2024, 2026)),
    ("每两个月", "每两个月报送一次进展（周期结束时到期）", (2024, 2026)),
    ("每季度至少1次", "每季度报送一次进展（周期结束时到期）", (2024, 2026)),
    ("每半年，2025年底前", "2025年12月31日前完成；每半年报送一次进展（周期结束时到期）", (2024, 2025)),
    ("持续推进", "长期坚持至方案结束，不设完成时限", (2024, 2026)),
    ("常态化", "长期坚持至方案结束，不设完成时限", (2024, 2026)),
])
def test_each_deadline_form_has_one_stated_meaning_and_its_years(text, meaning, years):
    d = parse_deadline(text, plan_start=START)
    assert d.meaning == meaning
    assert (d.first_year(2024), d.last_year(2026)) == years


@pytest.mark.parametrize("text, word", [("尽快", "尽快"), ("2025年底前，抓紧", "抓紧"), ("每五个月", "每五个月"),
                                        ("2025年底前启动", "启动")])
def test_a_deadline_not_understood_is_refused_never_guessed(text, word):
    with pytest.raises(ValueError) as info:
        parse_deadline(text, plan_start=START)
    assert word in str(info.value)


def test_unknown_deadline_is_located_at_its_line_with_the_forms(plan_b):
    path = plan_b / "inputs" / "实施方案.yaml"
    path.write_text(path.read_text("utf-8").replace("时限: 2025年度", "时限: 年内尽快", 1), "utf-8")
    [message] = _problems(plan_b / "inputs")
    line = next(i for i, s in enumerate(path.read_text("utf-8").splitlines(), 1) if "年内尽快" in s)
    assert f"实施方案.yaml 第{line}行" in message and "字段“时限”" in message
    assert "2025年第三季度" in message and "长期坚持" in message


# --- plan B: shape, departments, carry-over -----------------------------------

def test_plan_b_is_read_whole_with_its_own_metadata():
    inputs = read_inputs(PLAN_B)
    plan = inputs.plan
    assert len(plan.actions) == 10 and len(plan.tasks) == 60
    assert (plan.start, plan.end) == (dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    assert plan.short_title == "工业领域安全生产专项整治" and plan.issuer == "某县工业和信息化局"
    assert len(inputs.departments) == 13           # the two section rows are not departments
    assert "一、局机关科室" not in [d.name for d in inputs.departments]
    assert any("分组标题行" in str(w) and "A2" in str(w) for w in inputs.warnings)


def test_co_led_tasks_name_every_lead_whatever_the_separator_or_alias():
    plan = read_inputs(PLAN_B).plan
    by_number = {t.number: t for t in plan.tasks}
    assert by_number[4].leads == ("科技与质量科", "化工医药产业科")      # “；”
    assert by_number[8].leads == ("无线电管理科", "综合科")              # line break
    assert by_number[12].leads == ("应急管理办公室", "科技与质量科")      # written with short names
    assert all(len(t.leads) == 2 for t in plan.tasks if t.number % 4 == 0)


def test_one_unknown_name_among_several_is_reported_by_itself(plan_b):
    path = plan_b / "inputs" / "实施方案.yaml"
    text = path.read_text("utf-8").replace("牵头部门: 科技与质量科；化工医药产业科", "牵头部门: 科技与质量科；安监大队", 1)
    path.write_text(text, "utf-8")
    [message] = _problems(plan_b / "inputs")
    assert "值“安监大队”" in message and "字段“牵头部门”" in message and "科技与质量科”不是" not in message


def test_without_departments_names_are_split_the_same_way(plan_b):
    (plan_b / "inputs" / "部门.xlsx").unlink()
    plan = read_inputs(plan_b / "inputs").plan
    assert next(t for t in plan.tasks if t.number == 4).leads == ("科技与质量科", "化工医药产业科")


def test_every_named_department_lists_the_task_as_lead_or_partner(plan_b, tmp_path):
    out = tmp_path / "out"
    result = run_cli("-w", str(plan_b), "build", "-o", str(out), "--year", "2026", "--as-of", "2026-03-01")
    assert result.returncode == 0, result.stderr
    inputs = read_inputs(plan_b / "inputs")
    plan = inputs.plan
    listed = {}
    for path in (out / "部门任务清单").glob("*.docx"):
        department = path.stem           # files are named by department (model.file_names)
        listed[department] = {int(r[0]) for r in table_rows(path) if r[0].isdigit()}
    entries = year_tasks(plan, inputs.progress, 2026, dt.date(2026, 3, 1))
    for task, _ in entries:
        for department in task.departments:
            assert task.number in listed[department], (task.number, department)
    co_led = next(t for t, _ in entries if len(t.leads) == 2)
    for lead in co_led.leads:
        text = all_text(out / "部门任务清单" / f"{lead}.docx")
        assert f"{lead}2026年度工业领域安全生产专项整治任务清单" in text


def test_unfinished_tasks_of_earlier_years_are_carried_over_with_their_deadline(plan_b, tmp_path):
    out = tmp_path / "out"
    assert run_cli("-w", str(plan_b), "build", "-o", str(out), "--year", "2026", "--as-of", "2026-03-01",
                   env={"SOURCE_DATE_EPOCH": "1704067200"}).returncode == 0
    rows = {int(r[0]): r for r in table_rows(out / "2026年度任务清单.docx") if r[0].isdigit()}
    inputs = read_inputs(plan_b / "inputs")
    due_2025 = {t.number for t in inputs.plan.tasks if t.last_year(inputs.plan) == 2025}
    done = {1, 3, 9, 23}                            # reported 已完成 in 进展.xlsx
    carried = {n for n, r in rows.items() if r[4].startswith("结转")}
    assert carried == due_2025 - done
    assert rows[6][4] == "结转（原时限：2025年第三季度）"
    assert not (done & set(rows)) or all(rows[n][4] and not rows[n][4].startswith("结转") for n in done & set(rows))


def test_nothing_in_plan_b_documents_names_the_sample_campaign(plan_b, tmp_path):
    out = tmp_path / "out"
    assert run_cli("-w", str(plan_b), "build", "-o", str(out), "--year", "2025", "--as-of", "2025-12-31").returncode == 0
    for path in out.rglob("*"):
        if path.suffix == ".docx":
            text = all_text(path)
        elif path.suffix == ".xlsx":
            wb = load_workbook(path)
            text = "".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
        elif path.suffix == ".ics":
            text = path.read_text("utf-8")
        else:
            continue
        for word in ("治本攻坚", "三年行动", "民爆"):
            assert word not in text, (path.name, word)
    assert "2025年度工业领域安全生产专项整治任务清单" in all_text(out / "2025年度任务清单.docx")


def test_ledger_says_what_each_deadline_means_and_where_each_task_stands(plan_b, tmp_path):
    out = tmp_path / "out"
    assert run_cli("-w", str(plan_b), "build", "-o", str(out), "--year", "2026", "--as-of", "2026-03-01").returncode == 0
    ws = load_workbook(out / "任务台账.xlsx")["任务台账"]
    head = [c.value for c in ws[2]]
    rows = {r[2]: dict(zip(head, r)) for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows[10]["时限解读"] == "2025年12月31日前启动；2027年12月31日前完成"
    assert rows[6]["状态"] == "▲ 逾期" and rows[6]["下一时限"] == "已逾期152天（2025年9月30日）"
    assert rows[6]["本年度"] == "结转" and rows[6]["完成比例"] == "40%"
    assert rows[2]["最新进展"].startswith("2025年下半年：") and rows[2]["下一时限"] == "2026年6月30日"
    assert rows[1]["状态"] == "√ 已完成"


def test_status_lists_missed_recurring_reports_and_sorts_by_number(plan_b):
    result = run_cli("-w", str(plan_b), "status", "--as-of", "2026-04-02")
    assert result.returncode == 0, result.stderr
    inputs = read_inputs(plan_b / "inputs")
    overdue = sorted(n for n, s in ((t.number, task_status(t, inputs.plan, inputs.progress, dt.date(2026, 4, 2)))
                                    for t in inputs.plan.tasks) if s.overdue)
    recurring = [t.number for t in inputs.plan.tasks if t.schedule.recurring]
    assert set(recurring) & set(overdue)
    shown = [n for n in overdue if f"任务{n} " in result.stdout]
    assert shown == overdue


# --- YAML and .xlsx give the same documents -----------------------------------

def test_the_xlsx_plan_gives_the_same_documents_as_the_yaml_plan(plan_b, tmp_path):
    xlsx_ws = tmp_path / "bx"
    shutil.copytree(plan_b, xlsx_ws)
    (xlsx_ws / "inputs" / "实施方案.yaml").unlink()
    shutil.copy(PLAN_B / "xlsx" / "实施方案.xlsx", xlsx_ws / "inputs" / "实施方案.xlsx")
    from_yaml, from_xlsx = read_inputs(plan_b / "inputs").plan, read_inputs(xlsx_ws / "inputs").plan
    assert from_xlsx == from_yaml
    env = {"SOURCE_DATE_EPOCH": "1704067200"}
    for ws, out in ((plan_b, tmp_path / "oy"), (xlsx_ws, tmp_path / "ox")):
        assert run_cli("-w", str(ws), "build", "-o", str(out), "--year", "2027", "--as-of", "2027-01-05",
                       env=env).returncode == 0
    names = sorted(p.relative_to(tmp_path / "oy") for p in (tmp_path / "oy").rglob("*.*"))
    assert names == sorted(p.relative_to(tmp_path / "ox") for p in (tmp_path / "ox").rglob("*.*"))
    assert len(table_rows(tmp_path / "ox" / "2027年度任务清单.docx")) > 20
    for name in names:
        assert (tmp_path / "oy" / name).read_bytes() == (tmp_path / "ox" / name).read_bytes(), name


# --- property: year lists hold exactly the tasks they should ------------------

FORMS = ["2025年底前", "2026年6月底前", "2025年9月30日前", "三年内", "2025年第三季度", "2026年上半年", "2026年度",
         "2025年底前启动，2026年底前完成", "2025年底前完成并长期坚持", "2025年底前完成，2026年底前全面完成",
         "每月", "每两个月", "每季度", "每半年", "每年", "长期", "持续推进", "每半年，2025年底前", "2024年度"]
DEPTS = ["甲科", "乙科", "丙科", "丁办", "戊中心"]


@st.composite
def plans(draw):
    n = draw(st.integers(1, 12))
    tasks = []
    for number in range(1, n + 1):
        leads = draw(st.lists(st.sampled_from(DEPTS), min_size=1, max_size=2, unique=True))
        others = draw(st.lists(st.sampled_from(DEPTS), max_size=2, unique=True))
        tasks.append({"number": number, "text": f"任务{number}", "lead": "、".join(leads),
                      "responsible": "、".join(others), "schedule": draw(st.sampled_from(FORMS))})
    plan = Plan.model_validate({"title": "测试方案", "start": "2024-01-01", "end": "2026-12-31",
                                "actions": [{"number": 1, "title": "行动", "tasks": tasks}]},
                               context={"period": (dt.date(2024, 1, 1), dt.date(2026, 12, 31))})
    done = draw(st.sets(st.integers(1, n)))
    progress = Progress.model_validate({"entries": [
        {"task": k, "period": "2024H2", "text": "完成", "status": "已完成"} for k in sorted(done)]})
    return plan, progress


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.integers(2024, 2026), st.dates(dt.date(2024, 1, 1), dt.date(2027, 6, 30)))
def test_year_lists_hold_every_active_or_unfinished_task_and_nothing_else(plan_and_progress, year, as_of):
    plan, progress = plan_and_progress
    entries = year_tasks(plan, progress, year, as_of)
    listed = {t.number: carried for t, carried in entries}
    assert len(listed) == len(entries)                    # never twice
    for task in plan.tasks:
        d = parse_deadline(task.schedule.text, plan_start=plan.start)
        first = d.window[0].year if d.window else 2024
        if d.continuing or (d.recurring and d.due is None):
            last = 2026
        else:
            last = d.due.year
        active = first <= year <= last
        done = task_status(task, plan, progress, as_of).done
        should = active or (last < year and not done)
        assert (task.number in listed) == should, (task.schedule.text, year)
        if task.number in listed:
            assert listed[task.number] == (not active)
    for department in DEPTS:   # a department's list: the tasks naming it, nothing else
        own = [t.number for t, _ in entries if department in t.departments]
        assert own == [t.number for t, _ in entries if department in (*t.leads, *t.responsible)]


# --- Excel and YAML reading ---------------------------------------------------

def test_hidden_sheet_is_never_read_and_is_said(plan_b):
    path = plan_b / "inputs" / "部门.xlsx"
    wb = load_workbook(path)
    ghost = wb.create_sheet("旧部门", 0)
    ghost.append(["部门名称"])
    ghost.append(["撤销科"])
    ghost.sheet_state = "hidden"
    wb.active = 1
    wb.save(path)
    inputs = read_inputs(plan_b / "inputs")
    assert len(inputs.departments) == 13 and "撤销科" not in [d.name for d in inputs.departments]
    assert any("已隐藏" in str(w) and "旧部门" in str(w) for w in inputs.warnings)


def test_the_matching_sheet_hidden_is_said_and_not_read(plan_b):
    path = plan_b / "inputs" / "进展.xlsx"
    wb = load_workbook(path)
    wb.create_sheet("空白")["A1"] = "说明"
    wb["进展"].sheet_state = "hidden"
    wb.active = 1
    wb.save(path)
    result = run_cli("-w", str(plan_b), "check")
    assert result.returncode == 2
    said = result.stdout + result.stderr
    assert "找不到表头" in said and "已隐藏的工作表“进展”未读取" in said


def test_hidden_rows_are_read_and_reported_with_their_numbers(plan_b):
    path = plan_b / "inputs" / "部门.xlsx"
    wb = load_workbook(path)
    wb.active.row_dimensions[4].hidden = True
    wb.active.row_dimensions[5].hidden = True
    wb.save(path)
    inputs = read_inputs(plan_b / "inputs")
    assert len(inputs.departments) == 13
    assert any("第4～5行已隐藏" in str(w) for w in inputs.warnings)


def test_formula_without_cached_value_is_an_error_at_its_cell(plan_b):
    path = plan_b / "inputs" / "部门.xlsx"
    wb = load_workbook(path)
    wb.active["D4"] = '=CONCATENATE("张","三")'    # openpyxl writes no cached value
    wb.save(path)
    messages = _problems(plan_b / "inputs")
    assert any("部门.xlsx" in m and "D4" in m and "公式没有计算结果" in m for m in messages)


def test_duplicate_yaml_keys_name_both_lines(plan_b):
    path = plan_b / "inputs" / "单位.yaml"
    path.write_text(path.read_text("utf-8") + "隐患举报电话: 12345\n", "utf-8")
    [message] = _problems(plan_b / "inputs")
    assert "单位.yaml 第5行" in message and "第4行和第5行" in message and "隐患举报电话" in message


@pytest.mark.parametrize("name", ["实施方案.yaml", "单位.yaml"])
def test_empty_or_comment_only_yaml_is_an_error_naming_the_file(plan_b, name):
    (plan_b / "inputs" / name).write_text("# 只有注释\n", "utf-8")
    messages = _problems(plan_b / "inputs")
    assert any(name in m and "空" in m for m in messages)


def test_office_without_its_required_name_is_located_not_internal(plan_b):
    (plan_b / "inputs" / "单位.yaml").write_text("主送机关: 县安委会办公室\n", "utf-8")
    [message] = _problems(plan_b / "inputs")
    assert "单位.yaml" in message and "单位名称" in message and "内部错误" not in message


def test_check_passes_exactly_when_build_succeeds_on_plan_b(plan_b, tmp_path):
    check = run_cli("-w", str(plan_b), "check")
    assert check.returncode == 0
    # What was understood is shown: the plan's own wording and period, the deadline kinds.
    assert "方案“工业领域安全生产专项整治”，2025—2027年" in check.stdout and "多部门牵头 15 项" in check.stdout
    assert run_cli("-w", str(plan_b), "build", "-o", str(tmp_path / "o")).returncode == 0
