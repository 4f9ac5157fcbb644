"""实施方案: actions and their numbered tasks, nested YAML or one Excel row per task."""
from __future__ import annotations

from pathlib import Path

from generator.errors import Collector, Location, problem
from generator.model import Action, Department, Plan, Task
from generator.model.plan import DEFAULT_PERIOD
from generator.model.deadline import DEADLINE_FORMS
from generator.model.plan import Goal, Rhythm
from generator.model.values import format_date, normalize_text
from generator.readers import excel_source
from generator.readers.records import (Column, Record, check_unread_sheets, key_value_record,
                                       records_from_sheet, records_from_yaml_items, table_header_row,
                                       to_model)
from generator.readers.yaml_source import LDict, LList, load_yaml

PLAN_COLUMNS = [
    Column("title", "标题", ("方案名称", "名称", "方案标题")),
    Column("start", "开始日期", ("起始日期", "开始")),
    Column("end", "结束日期", ("截止日期", "结束")),
    Column("issuer", "印发机关", ("发文机关", "印发单位")),
    Column("short_title", "文书简称", ("简称",)),
    Column("campaign", "行动简称", ("作战图名称",)),
    Column("report_days", "总结报送", ("总结报送日期",), allowed="如“6月10日、12月10日”"),
    Column("report_basis", "总结报送依据", ()),
    Column("summary_rule", "总结要求", ()),
]
RHYTHM_COLUMNS = [
    Column("months", "频次", ("周期",), required=True, allowed="每月、每两个月、每季度、每半年或每年"),
    Column("what", "事项", ("工作事项", "内容"), required=True),
    Column("basis", "依据", ()),
    Column("task", "任务编号", ()),
]
GOAL_COLUMNS = [
    Column("year", "年度", ("年份",), required=True),
    Column("text", "目标", ("主要目标", "年度目标"), required=True),
]
SECTIONS = ("工作节奏", "年度目标")

ACTION_COLUMNS = [
    Column("number", "行动编号", ("行动序号", "编号", "序号"), required=True),
    Column("title", "行动名称", ("名称", "行动"), required=True),
]

TASK_COLUMNS = [
    Column("number", "任务编号", ("编号", "序号", "任务序号"), required=True),
    Column("text", "任务内容", ("任务", "重点任务", "工作任务", "具体工作", "内容"), required=True),
    Column("leads", "牵头部门", ("牵头单位", "牵头科室"), required=True),
    Column("responsible", "责任部门", ("配合部门", "责任单位", "责任科室", "配合单位")),
    Column("schedule", "时限", ("完成时限", "时限要求", "时间要求", "完成时间", "频次"), required=True,
           allowed=f"可用的写法：{DEADLINE_FORMS}"),
    Column("result_form", "成果形式", ("成果", "工作成果")),
    Column("measures", "推进措施", ("措施", "工作措施")),
    Column("start", "开始日期", ("起始日期", "开始时间")),
    Column("short_name", "简称", ("任务简称", "短名称")),
]

# One Excel row per task: the action columns come first.
FLAT_COLUMNS = [
    Column("action_number", "行动编号", ("行动序号",), required=True),
    Column("action_title", "行动名称", ("行动", "所属行动"), required=True),
    *TASK_COLUMNS,
]


def read_plan(path: Path, shown: Path, collector: Collector,
              departments: list[Department] | None) -> Plan | None:
    reader = _read_flat if path.suffix.lower() == ".xlsx" else _read_nested
    plan, task_records = reader(path, shown, collector)
    if plan is None:
        return None
    return _check(plan, task_records, collector, departments)


def _read_nested(path, shown, collector):
    data = load_yaml(path, shown, collector)
    if data is None:
        return None, {}
    if not isinstance(data, dict) or "行动" not in data:
        collector.add(problem(Location(shown, line=getattr(data, "line", 1)),
                              "实施方案应包含“标题”“开始日期”“结束日期”和“行动”列表（每个行动下有“任务”列表）"))
        return None, {}
    actions_raw = data.pop("行动")
    sections = {k: data.pop(k) for k in SECTIONS if k in data}
    head_items = LList([data])
    head_items.lines = [getattr(data, "line", 1)]
    head = records_from_yaml_items(head_items, shown, PLAN_COLUMNS, collector, what="实施方案")
    rhythms = _models(Rhythm, records_from_yaml_items(sections["工作节奏"], shown, RHYTHM_COLUMNS, collector,
                                                      what="工作节奏") if "工作节奏" in sections else [],
                      RHYTHM_COLUMNS, collector)
    goals = _models(Goal, _goal_records(sections.get("年度目标"), shown, collector), GOAL_COLUMNS, collector)
    plan_head = (to_model(Plan, head[0], PLAN_COLUMNS, collector, rhythms=tuple(rhythms), goals=tuple(goals))
                 if head else None)
    period = (plan_head.start, plan_head.end) if plan_head else DEFAULT_PERIOD
    actions = []
    task_records: dict[int, tuple[Record, int]] = {}
    action_records = records_from_yaml_items(actions_raw, shown, ACTION_COLUMNS, collector,
                                             what="行动", passthrough=("任务",))
    for record in action_records:
        tasks_raw = record.extra.get("任务")
        action = to_model(Action, record, ACTION_COLUMNS, collector)
        if tasks_raw is None:
            collector.add(problem(record.origin, "该行动下没有“任务”列表"))
            continue
        tasks = []
        for trec in records_from_yaml_items(tasks_raw, shown, TASK_COLUMNS, collector, what="任务"):
            task = to_model(Task, trec, TASK_COLUMNS, collector, context={"period": period})
            if task is not None:
                tasks.append(task)
                task_records[id(task)] = trec
        if action is not None:
            actions.append(action.model_copy(update={"tasks": tuple(tasks)}))
    if plan_head is None:
        return None, {}
    return plan_head.model_copy(update={"actions": tuple(actions)}), task_records


def _goal_records(raw, shown, collector) -> list[Record]:
    """年度目标 as a list of {年度, 目标} or as a mapping 年度 -> 目标."""
    if raw is None:
        return []
    if isinstance(raw, dict):
        records = []
        for key, value in raw.items():
            line = raw.lines.get(key) if isinstance(raw, LDict) else None
            loc = Location(shown, line=line)
            records.append(Record({"year": key, "text": value}, {"year": loc, "text": loc}, loc))
        return records
    return records_from_yaml_items(raw, shown, GOAL_COLUMNS, collector, what="年度目标")


def _models(model, records, columns, collector):
    return [m for m in (to_model(model, r, columns, collector) for r in records) if m is not None]


def _read_flat(path, shown, collector):
    """A workbook: 基本信息 (字段 | 值), the tasks (one row each, the sheet named 任务 or
    the first other visible sheet), optionally 工作节奏 and 年度目标."""
    wb = excel_source.open_workbook(path, shown, collector)
    if wb is None:
        return None, {}
    visible = excel_source.visible_sheets(wb, shown, collector)
    by_name = {ws.title.strip(): ws for ws in visible}
    info = next((by_name[n] for n in ("基本信息", "方案信息") if n in by_name), None)
    if info is None:
        collector.add(problem(Location(shown), "缺少工作表“基本信息”：请在其中逐行填写“标题”“开始日期”“结束日期”"
                                               "（A列字段名，B列值），可选“印发机关”“文书简称”“行动简称”“总结报送”"
                                               f"（现有工作表：{'、'.join(ws.title for ws in visible)}）"))
        return None, {}
    head = key_value_record(excel_source.read_sheet(info), shown, PLAN_COLUMNS, collector)
    named = {"基本信息", "方案信息", *SECTIONS}
    others = [ws for ws in visible if ws.title.strip() not in named]
    # Without a sheet named 任务, the one whose header is the task table's (a 填表说明
    # sheet in front of it is not taken for it), else the first other sheet.
    task_sheet = by_name.get("任务") or by_name.get("任务清单") or next(
        (ws for ws in others if table_header_row(excel_source.read_sheet(ws), FLAT_COLUMNS) is not None),
        others[0] if others else None)
    if task_sheet is None:
        collector.add(problem(Location(shown), "缺少任务工作表：请在名为“任务”的工作表中每行填写一项任务"))
        return None, {}

    def section(name, columns, model):
        if name not in by_name:
            return ()
        sheet = excel_source.read_sheet(by_name[name])
        return tuple(_models(model, records_from_sheet(sheet, shown, columns, collector), columns, collector))

    plan_head = to_model(Plan, head, PLAN_COLUMNS, collector, rhythms=section("工作节奏", RHYTHM_COLUMNS, Rhythm),
                         goals=section("年度目标", GOAL_COLUMNS, Goal))
    period = (plan_head.start, plan_head.end) if plan_head else DEFAULT_PERIOD
    records = records_from_sheet(excel_source.read_sheet(task_sheet), shown, FLAT_COLUMNS, collector, unread=())
    check_unread_sheets(wb, {info.title, task_sheet.title, *(by_name[n].title for n in SECTIONS if n in by_name)},
                        shown, FLAT_COLUMNS, collector, what="任务")
    actions: dict[int, dict] = {}
    task_records = {}
    for record in records:
        action_rec = Record({"number": record.values.get("action_number"),
                             "title": record.values.get("action_title")},
                            {"number": record.loc("action_number"), "title": record.loc("action_title")},
                            record.origin)
        action = to_model(Action, action_rec, ACTION_COLUMNS, collector)
        task = to_model(Task, record, TASK_COLUMNS, collector, context={"period": period},
                        drop=("action_number", "action_title"))
        if action is None or task is None:
            continue
        entry = actions.setdefault(action.number, {"action": action, "tasks": []})
        entry["tasks"].append(task)
        task_records[id(task)] = record
    if plan_head is None:
        return None, {}
    plan = plan_head.model_copy(update={"actions": tuple(
        e["action"].model_copy(update={"tasks": tuple(e["tasks"])})
        for _, e in sorted(actions.items()))})
    return plan, task_records


def _check(plan: Plan, task_records, collector: Collector, departments) -> Plan:
    """Rules across records: unique numbers, known departments."""
    seen_actions: dict[int, Action] = {}
    for action in plan.actions:
        if action.number in seen_actions:
            first = next((task_records.get(id(t)) for t in seen_actions[action.number].tasks), None)
            where = first.origin if first else Location(Path("实施方案"))
            collector.add(problem(where, f"行动编号 {action.number} 重复", "行动编号", action.number))
        seen_actions[action.number] = action
    seen_tasks: dict[int, Record] = {}
    lookup = _department_lookup(departments) if departments else None
    actions = []
    for action in plan.actions:
        tasks = []
        for task in action.tasks:
            record = task_records.get(id(task))
            loc = record.loc("number") if record else Location(Path("实施方案"))
            if task.number in seen_tasks:
                collector.add(problem(loc, f"任务编号重复：与 {seen_tasks[task.number].loc('number')} 相同，"
                                           "每个任务的编号应唯一", "任务编号", task.number))
            else:
                seen_tasks[task.number] = record
            _check_deadline_in_plan(plan, task, record, collector)
            if lookup is not None:
                task = _resolve_departments(task, record, lookup, collector, departments)
            tasks.append(task)
        actions.append(action.model_copy(update={"tasks": tuple(tasks)}))
    return plan.model_copy(update={"actions": tuple(actions)})


def _check_deadline_in_plan(plan: Plan, task: Task, record, collector: Collector) -> None:
    """A 时限 wholly before the plan starts is a year copied from an older plan far more
    often than a task really due before the plan: refused. One after the plan's end is
    possible (a task that outlives the plan) but worth a look: warned."""
    schedule = task.schedule
    where = record.loc("schedule") if record else Location(Path("实施方案"))
    if schedule.undetermined:
        # Accepted, never given a date: said at its cell so the clerk can decide.
        collector.warn(problem(where, f"任务{task.number}的时限“{schedule.text}”没有具体日期，按“时限未定”处理："
                                      "不推算日期、不判定逾期，不列入工作日历，任务台账“下一时限”写“时限未定”，"
                                      "半年总结单独列出；如有具体时限，请写明日期", "时限", schedule.text))
    dates = [d for d in (schedule.start_by, schedule.due, *(m.date for m in schedule.milestones)) if d]
    if schedule.window is not None:
        dates.append(schedule.window[0])
    if dates and max(dates) < plan.start:
        collector.add(problem(where, f"时限早于方案开始日期（{format_date(plan.start)}）：程序理解为"
                                     f"“{schedule.meaning}”，请核对年份", "时限", schedule.text))
    elif schedule.due is not None and schedule.due > plan.end:
        collector.warn(problem(where, f"时限晚于方案结束日期（{format_date(plan.end)}）：程序理解为"
                                      f"“{schedule.meaning}”，任务只列入方案期内各年度的清单，请核对",
                               "时限", schedule.text))


def _department_lookup(departments: list[Department]) -> dict[str, str]:
    lookup = {}
    for d in departments:
        for name in d.names():
            lookup[name] = d.name
    return lookup


def _resolve_departments(task: Task, record, lookup, collector, departments) -> Task:
    """Each name in a cell (several may be given) is matched to 部门 on its own; an
    unknown one is reported by itself."""
    known = "、".join(d.name for d in departments)

    def resolve(name: str, key: str, label: str) -> str:
        canonical = lookup.get(normalize_text(name))
        if canonical is None:
            where = record.loc(key) if record else Location(Path("实施方案"))
            collector.add(problem(where, f"“{name}”不是已登记的部门（部门.xlsx 中登记的部门：{known}；"
                                         "也可以在部门表的“简称”列登记别名；多个部门用顿号分隔）", label, name))
            return name
        return canonical

    leads = tuple(dict.fromkeys(resolve(n, "leads", "牵头部门") for n in task.leads))
    responsible = tuple(dict.fromkeys(resolve(n, "responsible", "责任部门") for n in task.responsible))
    return task.model_copy(update={"leads": leads, "responsible": responsible})


