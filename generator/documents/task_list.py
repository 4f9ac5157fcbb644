"""年度任务清单 and its batch: the year's tasks, all together, per department, and
merged for printing (清单化)."""
from __future__ import annotations

from generator.documents.base import Artifact, Inputs, Options, TemplateSource, unique_stems
from generator.model import Plan, Task
from generator.model.values import cn_number
from generator.writers.docx import RenderJob

TEMPLATE = "任务清单.docx"
BATCH_FOLDER = "部门任务清单"


def task_row(task: Task) -> dict:
    return {
        "number": task.number,
        "text": task.text,
        "lead": task.lead,
        "responsible": "、".join(d for d in task.responsible if d != task.lead),
        "schedule": task.schedule.text,
        "result_form": task.result_form,
    }


def grouped(plan: Plan, tasks: list[Task]) -> list[dict]:
    chosen = set(id(t) for t in tasks)
    groups = []
    for action in plan.actions:
        rows = [task_row(t) for t in action.tasks if id(t) in chosen]
        if rows:
            groups.append({"title": f"（{cn_number(action.number)}）{action.title}（{len(rows)}项）",
                           "tasks": rows})
    return groups


def year_list(inputs: Inputs, year: int) -> dict:
    plan = inputs.plan
    tasks = plan.tasks_in(year)
    return {
        "title": f"{year}年度安全生产治本攻坚任务清单",
        "subtitle": f"{inputs.office.name}",
        "groups": grouped(plan, tasks),
        "note": f"注：本清单依据《{plan.title}》编制，共{len(tasks)}项任务；"
                "时限为“每月”“每季度”“每半年”“每年”的任务按频次常态化推进。",
    }


def department_names(inputs: Inputs) -> list[str]:
    """Registered departments in their order, then any named only in the plan."""
    names = [d.name for d in inputs.departments]
    for task in inputs.plan.tasks:
        for name in task.departments:
            if name not in names:
                names.append(name)
    return names


def department_list(inputs: Inputs, year: int, department: str) -> dict | None:
    plan = inputs.plan
    tasks = [t for t in plan.tasks_in(year) if department in t.departments]
    if not tasks:
        return None
    leading = sum(1 for t in tasks if t.lead == department)
    return {
        "title": f"{department}{year}年度安全生产治本攻坚任务清单",
        "subtitle": f"{inputs.office.name}",
        "groups": grouped(plan, tasks),
        "note": f"注：{department}承担{len(tasks)}项任务，其中牵头{leading}项、配合{len(tasks) - leading}项。",
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

    whole = year_list(inputs, year)
    out = [Artifact(f"{year}年度任务清单.docx", render([whole], whole["title"]), title=whole["title"])]
    per_department = [d for d in (department_list(inputs, year, name) for name in department_names(inputs)) if d]
    # Named by department, not by position: print order lives in the merged file.
    for lst, stem in zip(per_department, unique_stems([lst["department"] for lst in per_department]), strict=True):
        out.append(Artifact(f"{BATCH_FOLDER}/{stem}.docx",
                            render([lst], lst["title"]), title=lst["title"], group=BATCH_FOLDER))
    if per_department:
        title = f"{year}年度部门任务清单（合并打印）"
        out.append(Artifact(f"{year}年度部门任务清单（合并打印）.docx", render(per_department, title), title=title))
    return out
