"""`wuhua status`: what is overdue and what falls due soon, across tasks, hazards
and calendar duties, as rows a terminal table shows."""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from generator.model.duty_calendar import obligations, short_task
from generator.model.hazard import HazardStatus
from generator.model.task_state import DONE, task_states
from generator.model.values import format_date


@dataclass(frozen=True)
class Item:
    kind: str          # 任务 / 重大隐患 / 一般隐患 / 日历
    what: str
    due: dt.date
    who: str
    note: str


def board(inputs, as_of: dt.date, days: int = 14) -> tuple[list[Item], list[Item]]:
    """(overdue, due within `days` days after as_of, both inclusive of as_of for the latter)."""
    until = as_of + dt.timedelta(days=days)
    overdue: list[Item] = []
    soon: list[Item] = []
    plan = inputs.plan
    if plan is not None:
        for s in task_states(plan, inputs.progress, as_of):
            due = s.task.schedule.due
            if due is None or s.state == DONE:
                continue
            what = f"任务{s.task.number} {short_task(s.task.text, 28)}"
            latest = f"{s.latest.period.label}{s.latest.status.value}" if s.latest else "尚无进展记录"
            if s.overdue:
                overdue.append(Item("任务", what, due, s.task.lead, f"逾期{(as_of - due).days}天（{latest}）"))
            elif as_of <= due <= until:
                soon.append(Item("任务", what, due, s.task.lead, latest))
    for h in inputs.hazards:
        if h.status != HazardStatus.RECTIFYING or h.deadline is None:
            continue
        what = f"{h.number} {h.description}"
        kind = f"{h.level.value}隐患"
        who = h.enterprise + (f" {h.person}" if h.person else "")
        if h.deadline < as_of:
            overdue.append(Item(kind, what, h.deadline, who, f"逾期{(as_of - h.deadline).days}天，整改中"))
        elif h.deadline <= until:
            soon.append(Item(kind, what, h.deadline, who, "整改中"))
    owner = plan.tasks[0].lead if plan and plan.tasks else ""
    for year in sorted({as_of.year, until.year}):
        for o in obligations(year, plan, inputs.progress, owner=owner):
            if o.kind == "时限":
                continue  # the task rows above already say it, with the task's progress
            if as_of <= o.date <= until:
                soon.append(Item("日历", o.title, o.date, o.owner, o.basis))
    overdue.sort(key=lambda i: (i.due, i.kind, i.what))
    soon.sort(key=lambda i: (i.due, i.kind, i.what))
    return overdue, soon


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def clip(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    out, w = "", 0
    for c in text:
        cw = width(c)
        if w + cw > limit - 1:
            break
        out += c
        w += cw
    return out + "…"


def pad(text: str, size: int) -> str:
    return text + " " * (size - width(text))


def render_table(items: list[Item], as_of: dt.date) -> list[str]:
    headers = ["类别", "期限", "事项", "责任", "说明"]
    limits = [8, 14, 38, 28, 30]  # about 120 columns: a default Windows console
    rows = [[i.kind, format_date(i.due), i.what, i.who, i.note]
            for i in items]
    rows = [[clip(c, lim) for c, lim in zip(r, limits)] for r in rows]
    sizes = [max([width(h)] + [width(r[k]) for r in rows]) for k, h in enumerate(headers)]
    line = "  ".join("─" * s for s in sizes)
    out = ["  ".join(pad(h, s) for h, s in zip(headers, sizes)).rstrip(), line]
    out += ["  ".join(pad(c, s) for c, s in zip(r, sizes)).rstrip() for r in rows]
    return out
