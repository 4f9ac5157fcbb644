"""年度任务清单 and its batch: the year's tasks, all together, per department, and
merged for printing (清单化)."""
from __future__ import annotations

from generator.documents.base import MERGED_SUFFIX, Artifact, Inputs, Options, TemplateSource, unique_stems
from generator.model import Plan, Task
from generator.model.status import year_tasks
from generator.model.values import cn_number
from generator.writers.docx import RenderJob

TEMPLATE = "任务清单.docx"
BATCH_FOLDER = "部门任务清单"
KIND = "年度任务清单、部门任务清单及其合并打印文件"

# The data dictionary of the template (`wuhua templates`, README): the name as the
# built-in template writes it, its meaning, and where its sample value is found.
VARIABLES = [
    ("lists", "本文件中的各份清单：年度清单一份；合并打印文件中每个部门一份（用 {%p for l in lists %} 逐份输出）", "lists"),
    ("l.title", "清单标题", "lists.0.title"),
    ("l.subtitle", "副标题（单位名称）", "lists.0.subtitle"),
    ("l.department", "部门名称（只有部门清单有）", "lists.-1.department"),
    ("l.groups", "按行动分组的任务（用 {%tr for g in l.groups %} 逐组输出）", "lists.0.groups"),
    ("g.title", "行动标题，含本组任务数", "lists.0.groups.0.title"),
    ("g.tasks", "本行动的任务（用 {%tr for t in g.tasks %} 逐项输出）", "lists.0.groups.0.tasks"),
    ("t.number", "任务编号", "lists.0.groups.0.tasks.0.number"),
    ("t.text", "任务内容", "lists.0.groups.0.tasks.0.text"),
    ("t.lead", "牵头部门", "lists.0.groups.0.tasks.0.lead"),
    ("t.responsible", "责任部门（牵头部门以外，用“、”分隔）", "lists.0.groups.0.tasks.0.responsible"),
    ("t.schedule", "时限（按原文）", "lists.0.groups.0.tasks.0.schedule"),
    ("t.result_form", "成果形式", "lists.0.groups.0.tasks.0.result_form"),
    ("t.with_next", "是否与下一项排在同一页（清单倒数第二项为真：最后一项不单独占一页）", "lists.0.groups.-1.tasks.0.with_next"),
    ("l.note", "任务数说明（任务数、牵头/配合项数），排在表格上方", "lists.0.note"),
]


def task_row(task: Task, carried: bool = False) -> dict:
    return {
        "number": task.number,
        "text": task.text,
        "lead": task.lead,
        "responsible": "、".join(task.others),
        # A carried-over task keeps its original deadline, said as such.
        "schedule": f"结转（原时限：{task.schedule.text}）" if carried else task.schedule.text,
        "result_form": task.result_form,
        "carried": carried,
    }


def grouped(plan: Plan, entries: list[tuple[Task, bool]]) -> list[dict]:
    """Rows per action, in the order given (the year's own tasks, then carried ones).
    The list's second-to-last row is marked `with_next`: the template keeps it on the
    page of the last one, so no page holds the repeated header and a single task row
    (an action's heading between them already keeps with its row)."""
    groups = []
    for action in plan.actions:
        rows = [task_row(t, carried) for t, carried in entries if t in action.tasks]
        if rows:
            groups.append({"title": f"（{cn_number(action.number)}）{action.title}（{len(rows)}项）",
                           "tasks": rows})
    rows = [row for group in groups for row in group["tasks"]]
    for row in rows:
        row["with_next"] = False
    if len(rows) > 1:
        rows[-2]["with_next"] = True
    return groups


def year_entries(inputs: Inputs, year: int, as_of) -> list[tuple[Task, bool]]:
    return year_tasks(inputs.plan, inputs.progress, year, as_of)


def _carried_note(entries) -> str:
    carried = [t.number for t, c in entries if c]
    if not carried:
        return ""
    return (f"其中结转任务{len(carried)}项（任务" + "、".join(str(n) for n in carried)
            + "），为以前年度到期、截至进展日期尚未完成的任务。")


def year_list(inputs: Inputs, year: int, as_of=None) -> dict:
    plan = inputs.plan
    entries = year_entries(inputs, year, as_of or _default_as_of(year))
    return {
        "title": f"{year}年度{plan.short_title}任务清单",
        "subtitle": f"{inputs.office.name}",
        "groups": grouped(plan, entries),
        "note": f"本清单依据《{plan.title}》编制，共{len(entries)}项任务；{_carried_note(entries)}"
                "时限为“每月”“每季度”“每半年”“每年”的任务按频次常态化推进。",
    }


def _default_as_of(year: int):
    import datetime as dt

    return dt.date(year, 1, 1)


def department_names(inputs: Inputs) -> list[str]:
    """Registered departments in their order, then any named only in the plan."""
    names = [d.name for d in inputs.departments]
    for task in inputs.plan.tasks:
        for name in task.departments:
            if name not in names:
                names.append(name)
    return names


def department_list(inputs: Inputs, year: int, department: str, as_of=None) -> dict | None:
    plan = inputs.plan
    entries = [(t, c) for t, c in year_entries(inputs, year, as_of or _default_as_of(year))
               if department in t.departments]
    if not entries:
        return None
    leading = sum(1 for t, _ in entries if t.role_of(department) == "牵头")
    return {
        "title": f"{department}{year}年度{plan.short_title}任务清单",
        "subtitle": f"{inputs.office.name}",
        "groups": grouped(plan, entries),
        "note": f"{department}承担{len(entries)}项任务，其中牵头{leading}项、配合{len(entries) - leading}项。"
                + _carried_note(entries),
        "department": department,
    }


def artifacts(inputs: Inputs, ws: TemplateSource, options: Options) -> list[Artifact]:
    if inputs.plan is None:
        return []
    template = ws.template(TEMPLATE)
    fonts = inputs.office.fonts
    year = options.year

    def render(lists, title):
        return RenderJob(template, {"lists": lists}, fonts, title)

    whole = year_list(inputs, year, options.as_of)
    out = [Artifact(f"{year}年度任务清单.docx", render([whole], whole["title"]), title=whole["title"])]
    per_department = []
    idle = []
    for name in department_names(inputs):
        lst = department_list(inputs, year, name, options.as_of)
        (per_department.append(lst) if lst else idle.append(name))
    if idle:
        # Said, not silently left out: a department may be registered for other work.
        options.notes.append(f"{'、'.join(idle)}在{year}年度没有牵头或配合的任务，未生成其部门任务清单"
                             "（如有遗漏，请在实施方案的牵头部门或责任部门中写明）")
    # Named by department, not by position: print order lives in the merged file.
    for lst, stem in zip(per_department, unique_stems([lst["department"] for lst in per_department]), strict=True):
        out.append(Artifact(f"{BATCH_FOLDER}/{stem}.docx",
                            render([lst], lst["title"]), title=lst["title"], group=BATCH_FOLDER,
                            label=lst["department"]))
    if per_department:
        title = f"{year}年度部门任务清单{MERGED_SUFFIX}"

        def part(start: int, stop: int) -> bytes:
            return render(per_department[start:stop], title)()

        out.append(Artifact(f"{title}.docx", render(per_department, title), title=title,
                            merges=BATCH_FOLDER, render_part=part))
    return out
