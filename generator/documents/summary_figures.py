"""The figures a half-year summary states, computed from the inputs only.

Definitions (the tests recompute them independently):
- tasks: the plan's tasks of the summary's year, each in its state at the as-of date
  (the summary's date, at most the half year's last day);
- hazards found: 发现日期 within the half year; of those, rectified = status at
  least 已整改 in the ledger, closed = 销号日期 on or before the half year's end;
  close-out rate = closed / found;
- major hazards still open: found by the half year's end, not closed by then;
  of those, overdue = past their 整改期限 at the as-of date by the 督办台账's rule
  (Hazard.overdue_days), in the 督办台账's order (longest overdue first);
- 民爆行业: the ledger's 行业 names 民爆 (or 爆破).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.model.hazard import Hazard
from generator.model.summary import HalfYear
from generator.model.progress import Status
from generator.model.status import TaskState, task_status, year_tasks


@dataclass(frozen=True)
class TaskFigures:
    total: int
    done: int
    ongoing: int
    late: int
    overdue: int
    not_started: int
    states: list[TaskState] = field(default_factory=list)


@dataclass(frozen=True)
class HazardFigures:
    found: int
    found_major: int
    found_civil: int          # 民爆行业
    rectified: int
    closed: int
    open_major: int
    open_major_civil: int
    # (hazard, days past its deadline) at the as-of date, as the 督办台账 lists them.
    overdue_major: tuple[tuple[Hazard, int], ...] = ()

    @property
    def close_rate(self) -> float | None:
        return None if self.found == 0 else self.closed / self.found


def task_figures(inputs, half: HalfYear, as_of: dt.date) -> TaskFigures:
    plan = inputs.plan
    # The year's list as the clerk has it: its own tasks and those carried over (结转).
    states = [task_status(t, plan, inputs.progress, as_of)
              for t, _ in year_tasks(plan, inputs.progress, half.year, as_of)]

    def count(status: Status) -> int:
        return sum(1 for x in states if x.status is status)

    return TaskFigures(total=len(states), done=count(Status.DONE), ongoing=count(Status.IN_PROGRESS),
                       late=count(Status.LATE), overdue=sum(1 for x in states if x.overdue),
                       not_started=count(Status.NOT_STARTED), states=states)


def hazard_figures(hazards: list[Hazard], half: HalfYear, as_of: dt.date | None = None) -> HazardFigures:
    found = [h for h in hazards if half.contains(h.found)]
    open_major = [h for h in hazards if h.major and h.found <= half.end and not h.closed_by(half.end)]
    day = as_of or half.end
    overdue = sorted(((h, h.overdue_days(day)) for h in open_major if h.overdue_days(day)),
                     key=lambda x: (-x[1], x[0].deadline, x[0].number))
    return HazardFigures(
        found=len(found),
        found_major=sum(1 for h in found if h.major),
        found_civil=sum(1 for h in found if h.civil_explosives),
        rectified=sum(1 for h in found if h.rectified),
        closed=sum(1 for h in found if h.closed_by(half.end)),
        open_major=len(open_major),
        open_major_civil=sum(1 for h in open_major if h.civil_explosives),
        overdue_major=tuple(overdue),
    )


def percent(value: float) -> str:
    """81.0 -> 81%, 83.33 -> 83.3%."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"
