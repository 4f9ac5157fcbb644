"""进展: progress entries per task and period, plus optional milestones (时间节点).

.xlsx: the first sheet (or one named 进展) holds entries, a sheet named 时间节点
holds milestones. YAML: a list of entries, or a mapping with 进展 and 时间节点.
"""
from __future__ import annotations

from pathlib import Path

from generator.errors import Collector, problem
from generator.model import Department
from generator.model.plan import Plan
from generator.model.progress import LEAD, STATUS_ALLOWED, SUPPORT, Milestone, Progress, ProgressEntry
from generator.model.values import PERIOD_FORMS, format_date, normalize_text
from generator.readers import excel_source
from generator.readers.records import (Column, Record, check_unread_sheets, read_table, records_from_sheet,
                                       records_from_yaml_items, to_model)
from generator.readers.yaml_source import load_yaml

ENTRY_COLUMNS = [
    Column("task", "任务编号", ("编号", "序号", "任务序号"), required=True),
    Column("period", "期间", ("日期", "时间", "报告期", "期间/日期", "日期或期间"), required=True,
           allowed=f"可用的写法：{PERIOD_FORMS}"),
    Column("text", "进展情况", ("进展", "工作进展", "推进情况"), required=True),
    Column("status", "状态", ("推进状态", "完成状态"), required=True, allowed=STATUS_ALLOWED),
    Column("percent", "完成比例", ("完成率", "进度", "完成百分比", "完成比例(%)")),
    Column("result", "成果", ("取得成果", "成果材料")),
    Column("note", "备注"),
    Column("department", "填报部门", ("报送部门",)),
    Column("role", "角色", ("牵头/配合",), allowed="可用的值：牵头、配合，或留空"),
]

MILESTONE_COLUMNS = [
    Column("task", "任务编号", ("编号", "序号"), required=True),
    Column("date", "时间节点", ("日期", "节点日期", "时间"), required=True),
    Column("text", "节点内容", ("内容", "节点", "工作内容"), required=True),
]


def read_progress(path: Path, shown: Path, collector: Collector, plan: Plan | None,
                  departments: list[Department] | None = None) -> Progress:
    """Entries and milestones; checked against `plan` when given, and each 填报部门
    against `departments` (full name or 简称, stored as the full name) when given."""
    entry_records, milestone_records = _records(path, shown, collector)
    entries = []
    for record in entry_records:
        entry = to_model(ProgressEntry, record, ENTRY_COLUMNS, collector)
        if entry is not None:
            entries.append((entry, record))
    milestones = []
    for record in milestone_records:
        m = to_model(Milestone, record, MILESTONE_COLUMNS, collector)
        if m is not None:
            milestones.append((m, record))
    if plan is not None:
        entries = _attribute(entries, plan, departments, collector)
        _check(entries, milestones, plan, collector)
    return Progress(entries=tuple(e for e, _ in entries), milestones=tuple(m for m, _ in milestones))


def _records(path, shown, collector) -> tuple[list[Record], list[Record]]:
    if path.suffix.lower() == ".xlsx":
        wb = excel_source.open_workbook(path, shown, collector)
        if wb is None:
            return [], []
        names = wb.sheetnames
        entry_sheet = wb["进展"] if "进展" in names else wb.worksheets[0]
        # 核对提示: the note `collect` writes beside rows several departments reported.
        entries = records_from_sheet(excel_source.read_sheet(entry_sheet), shown, ENTRY_COLUMNS, collector,
                                     unread=("核对提示",))
        milestones = []
        if "时间节点" in names and wb["时间节点"] is not entry_sheet:
            milestones = records_from_sheet(excel_source.read_sheet(wb["时间节点"]), shown,
                                            MILESTONE_COLUMNS, collector)
        check_unread_sheets(wb, {entry_sheet.title, *({"时间节点"} & set(names))}, shown,
                            ENTRY_COLUMNS, collector, what="进展")
        return entries, milestones
    data = load_yaml(path, shown, collector)
    if data is None:
        return [], []
    if isinstance(data, dict) and ("进展" in data or "时间节点" in data):
        entries = records_from_yaml_items(data.get("进展", []), shown, ENTRY_COLUMNS, collector, what="进展")
        milestones = records_from_yaml_items(data.get("时间节点", []), shown, MILESTONE_COLUMNS, collector,
                                             what="时间节点")
        return entries, milestones
    return records_from_yaml_items(data, shown, ENTRY_COLUMNS, collector, what="进展"), []


def _attribute(entries, plan: Plan, departments, collector: Collector):
    """Each report's 填报部门 and 角色 against the plan. Only the lead's report decides a
    task's status (model/status.py), so a row whose 角色 contradicts the plan, or whose
    department the plan does not name, would decide it wrongly: refused at its cell. A
    blank 角色 beside a department is the department's role in the plan."""
    tasks = {t.number: t for t in plan.tasks}
    lookup = {n: d.name for d in departments or () for n in d.names()}
    known = "、".join(d.name for d in departments or ())
    out = []
    for entry, record in entries:
        task = tasks.get(entry.task)
        if not entry.department or task is None:
            out.append((entry, record))
            continue
        name = lookup.get(normalize_text(entry.department), entry.department) if departments else entry.department
        if departments and normalize_text(entry.department) not in lookup:
            collector.add(problem(record.loc("department"), f"“{entry.department}”不是已登记的部门"
                                  f"（部门表中登记的部门：{known}；也可写部门表“简称”列中的简称）",
                                  "填报部门", entry.department))
            continue
        role = task.role_of(name)
        lists = f"实施方案中任务{task.number}的牵头部门：{task.lead}" + (
            f"；配合部门：{'、'.join(task.others)}" if task.others else "；没有配合部门")
        if role is None and entry.role != LEAD:
            # As collect keeps a form's extra row: that department's report, never the lead's.
            collector.warn(problem(record.loc("department"), f"{name}不是任务{task.number}的牵头或配合部门"
                                   f"（{lists}），按配合部门的进展处理，不决定任务状态；请核对任务编号或填报部门",
                                   "填报部门", entry.department))
            out.append((entry.model_copy(update={"department": name, "role": SUPPORT}), record))
            continue
        if role is None:
            collector.add(problem(record.loc("role"), f"{name}不是任务{task.number}的牵头部门，角色却写“牵头”"
                                  f"（{lists}）；只有牵头部门的进展决定任务状态，请核对任务编号或填报部门",
                                  "角色", entry.role))
            continue
        if entry.role and entry.role != role:
            collector.add(problem(record.loc("role"), f"{name}是任务{task.number}的{role}部门，角色却写“{entry.role}”"
                                  f"（{lists}）；只有牵头部门的进展决定任务状态，请改为“{role}”或留空",
                                  "角色", entry.role))
            continue
        out.append((entry.model_copy(update={"department": name, "role": role}), record))
    return out


def _check(entries, milestones, plan: Plan, collector: Collector) -> None:
    numbers = {t.number for t in plan.tasks}
    known = f"实施方案中的任务编号为 {min(numbers)}～{max(numbers)}" if numbers else "实施方案中没有任务"
    period_text = f"{format_date(plan.start)}至{format_date(plan.end)}"
    seen: dict[tuple[int, str], tuple] = {}
    for entry, record in entries:
        if entry.task not in numbers:
            collector.add(problem(record.loc("task"), f"没有这个任务编号（{known}）", "任务编号", entry.task))
        if entry.period.end < plan.start or entry.period.start > plan.end:
            collector.add(problem(record.loc("period"), f"不在实施方案的期限内（{period_text}）", "期间",
                                  entry.period.label))
        # Two departments may report the same task (lead and 配合); `wuhua collect` keeps
        # both and flags them. One department (or hand-typed rows) must say it once.
        key = (entry.task, entry.period.label, entry.department)
        if key in seen:
            other, other_record = seen[key]
            if (other.status, other.percent, other.text) != (entry.status, entry.percent, entry.text):
                collector.add(problem(record.loc("period"),
                                      f"任务{entry.task}在“{entry.period.label}”已有一条不同的进展"
                                      f"（{other_record.origin}），请合并为一条", "期间", entry.period.label))
        else:
            seen[key] = (entry, record)
    for m, record in milestones:
        if m.task not in numbers:
            collector.add(problem(record.loc("task"), f"没有这个任务编号（{known}）", "任务编号", m.task))
        if not plan.start <= m.date <= plan.end:
            collector.add(problem(record.loc("date"), f"不在实施方案的期限内（{period_text}）", "时间节点",
                                  format_date(m.date)))


__all__ = ["ENTRY_COLUMNS", "MILESTONE_COLUMNS", "read_progress", "read_table"]
