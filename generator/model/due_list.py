"""What is overdue and what falls due soon, across tasks, hazards and calendar
duties: the rows of `wuhua status` (and of the web status page), computed from the
one status engine (`model.status`). Display lives with whoever shows it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.duty_calendar import obligations, short_task
from generator.model.hazard import HazardStatus
from generator.model.status import plan_states


@dataclass(frozen=True)
class DueItem:
    kind: str          # 任务 / 重大隐患 / 一般隐患 / 日历
    what: str
    due: dt.date
    who: str
    note: str
    order: tuple = ()  # within one day and kind: task numbers as numbers, not as text

    @property
    def sort_key(self) -> tuple:
        return (self.due, self.kind, self.order, self.what)


def due_list(inputs, as_of: dt.date, days: int = 14) -> tuple[list[DueItem], list[DueItem]]:
    """(overdue on as_of, falling due from as_of to `days` days after it)."""
    until = as_of + dt.timedelta(days=days)
    overdue: list[DueItem] = []
    soon: list[DueItem] = []
    plan = inputs.plan
    if plan is not None:
        for s in plan_states(plan, inputs.progress, as_of).values():
            if s.done or s.next_due is None:
                continue
            task = s.task
            what = f"任务{task.number} {short_task(task.text, 28)}"
            latest = (f"{s.last.period.label}{s.last.status.value}" if s.last
                      else "牵头部门尚无进展记录" + ("，配合部门已报送" if s.support else ""))
            order = (task.number,)
            if s.overdue:
                missed = "完成" if s.next_due == s.deadline else "报送进展"
                overdue.append(DueItem("任务", what, s.next_due, task.lead,
                                       f"逾期{s.days_overdue}天未{missed}（{latest}）", order))
            elif s.next_due == s.deadline and as_of <= s.next_due <= until:
                # Report dates of recurring tasks come from the calendar rows below.
                soon.append(DueItem("任务", what, s.next_due, task.lead, latest, order))
    for h in inputs.hazards:
        if h.status != HazardStatus.RECTIFYING or h.deadline is None:
            continue
        what = f"{h.number} {h.description}"
        kind = f"{h.level.value}隐患"
        who = h.enterprise + (f" {h.person}" if h.person else "")
        if h.deadline < as_of:
            overdue.append(DueItem(kind, what, h.deadline, who, f"逾期{(as_of - h.deadline).days}天，整改中"))
        elif h.deadline <= until:
            soon.append(DueItem(kind, what, h.deadline, who, "整改中"))
    owner = plan.tasks[0].lead if plan and plan.tasks else ""
    for year in sorted({as_of.year, until.year}):
        for o in obligations(year, plan, inputs.progress, owner=owner):
            if o.kind == "时限":
                continue  # the task rows above already say it, with the task's progress
            if as_of <= o.date <= until:
                soon.append(DueItem("日历", o.title, o.date, o.owner, o.basis))
    overdue.sort(key=lambda i: i.sort_key)
    soon.sort(key=lambda i: i.sort_key)
    return overdue, soon
