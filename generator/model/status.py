"""Where each task stands on a given day (the status engine of 挂图作战).

Pure functions over the plan and the progress reports; no I/O, no "today" (callers
pass `as_of`). The rules, as a clerk would state them:

- A report counts from the first day of its period on (a clerk files the half-year
  report in June), so on `as_of` the task shows its latest such report.
- A task with a deadline (“2024年底前”, a date, “三年内”) is **overdue** when the
  deadline has passed and it is not reported 已完成.
- A recurring task (每月/每季度/每半年/每年) is reported once per cycle; cycles
  follow the calendar (quarters, halves, years). It is **overdue** when a cycle has
  ended without a report covering it: the next report is due by the end of the
  cycle after the last reported period (or of the first cycle, if never reported).
- A task that must start by a date (“2024年底前启动，…”) is **overdue** when that
  date has passed and nothing has been reported under way.
- A weekly task (每周, 每周五前) is checked the same way with weeks (Monday to
  Sunday) as its cycles, except that a report covers the week its period ends in: a
  report dated Thursday files that week's report even when it is due on Sunday.
- Standing tasks (长期) without a deadline are never overdue by date; a report of
  滞后 still shows them as lagging. Neither is a task whose 时限 gives no date
  (时限未定: 按上级要求, 根据工作需要, 适时): nothing is guessed for it.
- The lead department answers for the task: its reports (and reports typed without a
  department) decide the status, the share done and whether a cycle was reported. A
  配合 department's report covers only its own share: it never completes a task nor
  files the lead's report for a cycle; it shows that work is under way (推进中, or 滞后
  when it says so) while the lead has reported nothing newer.

Usage::

    states = plan_states(plan, progress, as_of=dt.date(2025, 12, 31))
    states[6].mark        # Mark.OVERDUE
    states[6].next_due    # date the next report or the deadline falls due
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from generator.model.plan import Plan, Task
from generator.model.progress import SUPPORT, Period, Progress, ProgressEntry, Status


class Mark(str, Enum):
    """How a task is marked on the wall chart. The symbol tells the states apart in
    black-and-white print; every symbol is in GB2312, so official fonts have it."""

    DONE = "已完成"
    IN_PROGRESS = "推进中"
    NOT_STARTED = "未启动"
    LATE = "滞后"          # reported as lagging, deadline not yet passed
    OVERDUE = "逾期"       # deadline passed, or a recurring report missed

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]

    @property
    def label(self) -> str:
        """“√ 已完成”: symbol and word, for table cells."""
        return f"{self.symbol} {self.value}"


_SYMBOLS = {Mark.DONE: "√", Mark.IN_PROGRESS: "●", Mark.NOT_STARTED: "○", Mark.LATE: "△",
            Mark.OVERDUE: "▲"}

# Order of legends, stacked bars and counts: good news first, warnings last.
MARK_ORDER = (Mark.DONE, Mark.IN_PROGRESS, Mark.NOT_STARTED, Mark.LATE, Mark.OVERDUE)


@dataclass(frozen=True)
class TaskState:
    task: Task
    status: Status                  # the status to show (滞后 when overdue)
    mark: Mark
    overdue: bool
    percent: int                    # 0–100: reported, else 100 when done, else 0
    last: ProgressEntry | None      # the lead's latest report counted on as_of
    support: ProgressEntry | None   # a 配合 department's report newer than `last`, if any
    deadline: dt.date | None        # the task's own deadline, if it has one
    next_due: dt.date | None        # earliest outstanding due date (deadline or next report);
                                    # in the past when overdue
    recurring: bool
    as_of: dt.date

    @property
    def number(self) -> int:
        return self.task.number

    @property
    def last_period(self) -> Period | None:
        return self.last.period if self.last else None

    @property
    def days_overdue(self) -> int:
        return (self.as_of - self.next_due).days if self.overdue and self.next_due else 0

    @property
    def done(self) -> bool:
        return self.mark is Mark.DONE

    def report_lines(self, *, notes: bool = False) -> list[str]:
        """The reports behind the status, as a reader should see them: the lead's
        latest, then a newer 配合 report marked as such (never passed off as the
        lead's); “牵头部门尚未报送进展” when only a supporter has reported."""
        lines = []
        if self.last is not None:
            lines.append(f"{self.last.period.label}：{self.last.text}"
                         + (f"（{self.last.note}）" if notes and self.last.note else ""))
        if self.support is not None:
            s = self.support
            lines.append(f"{s.period.label}{s.department or '配合部门'}（配合）：{s.text}"
                         + (f"（{s.note}）" if notes and s.note else ""))
            if self.last is None:
                lines.append("牵头部门尚未报送进展")
        return lines


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def cycle_end(day: dt.date, months: int) -> dt.date:
    """Last day of the calendar cycle (month, quarter, half, year) holding `day`."""
    first = ((day.month - 1) // months) * months + 1
    return month_end(day.year, first + months - 1)


def week_end(day: dt.date) -> dt.date:
    """The Sunday ending the week (Monday to Sunday) that holds `day`."""
    return day + dt.timedelta(days=6 - day.weekday())


def schedule_cycle_end(day: dt.date, schedule) -> dt.date:
    """Last day of the task's cycle holding `day`: its week, or its calendar months."""
    return week_end(day) if schedule.weekly else cycle_end(day, schedule.recurrence_months)


def reports_until(progress: Progress | None, number: int, as_of: dt.date) -> list[ProgressEntry]:
    """A task's reports whose period has begun by `as_of`, oldest first."""
    if progress is None:
        return []
    return [e for e in progress.for_task(number) if e.period.start <= as_of]


def task_status(task: Task, plan: Plan, progress: Progress | None, as_of: dt.date) -> TaskState:
    """The state of one task on `as_of` (see the module docstring for the rules)."""
    reports = reports_until(progress, task.number, as_of)
    leading = [e for e in reports if e.role != SUPPORT]
    last = leading[-1] if leading else None
    reported = last.status if last else Status.NOT_STARTED
    done = reported is Status.DONE
    newer = [e for e in reports[reports.index(last) + 1:] if e.role == SUPPORT] if last else \
        [e for e in reports if e.role == SUPPORT]
    support = newer[-1] if newer else None
    if support is not None and reported in (Status.NOT_STARTED, Status.IN_PROGRESS):
        # A supporter's share under way is work under way; its 已完成 is its share only.
        reported = Status.LATE if support.status is Status.LATE else Status.IN_PROGRESS
    schedule = task.schedule
    deadline = schedule.due
    recurring = schedule.recurring
    start = task.start or (schedule.window[0] if schedule.window else plan.start)

    outstanding = []
    if deadline is not None and not done:
        outstanding.append(deadline)
    if schedule.start_by is not None and reported is Status.NOT_STARTED:
        outstanding.append(schedule.start_by)   # “…前启动” and still nothing under way
    if recurring and as_of >= start and not (done and deadline is not None):
        # A weekly report covers the week its period ends in (the module docstring).
        covered = (week_end(last.period.end) if schedule.weekly else last.period.end) if last else None
        after = covered + dt.timedelta(days=1) if last else start
        since = max(after, start)
        report_due = schedule.cycle_due(schedule_cycle_end(since, schedule))
        if report_due < since:       # 每月10日前 begun on the 20th: its first report is next month's
            report_due = schedule.cycle_due(schedule_cycle_end(schedule_cycle_end(since, schedule)
                                                               + dt.timedelta(days=1), schedule))
        if report_due <= plan.end and (deadline is None or report_due <= deadline):
            outstanding.append(report_due)
    next_due = min(outstanding) if outstanding else None
    overdue = next_due is not None and as_of > next_due

    if overdue:
        mark, status = Mark.OVERDUE, Status.LATE
    elif done:
        mark, status = Mark.DONE, Status.DONE
    elif reported is Status.LATE:
        mark, status = Mark.LATE, Status.LATE
    elif reported is Status.IN_PROGRESS:
        mark, status = Mark.IN_PROGRESS, Status.IN_PROGRESS
    else:
        mark, status = Mark.NOT_STARTED, Status.NOT_STARTED

    if last is not None and last.percent is not None:
        percent = last.percent
    else:
        percent = 100 if done else 0
    return TaskState(task=task, status=status, mark=mark, overdue=overdue, percent=percent, last=last,
                     support=support, deadline=deadline, next_due=next_due, recurring=recurring, as_of=as_of)


def plan_states(plan: Plan, progress: Progress | None, as_of: dt.date) -> dict[int, TaskState]:
    """Every task's state, by task number, in the plan's order."""
    return {t.number: task_status(t, plan, progress, as_of) for t in plan.tasks}


def year_tasks(plan: Plan, progress: Progress | None, year: int, as_of: dt.date) -> list[tuple[Task, bool]]:
    """The tasks of a year's list in plan order, each with whether it is carried over
    (结转): its own terms ended in an earlier year and it is not completed by `as_of`.
    Within each action the year's own tasks come first, then the carried ones."""
    out = []
    for action in plan.actions:
        own = [(t, False) for t in action.tasks if t.active_in(year, plan)]
        carried = [(t, True) for t in action.tasks
                   if t.last_year(plan) < year and not task_status(t, plan, progress, as_of).done]
        out.extend(own + carried)
    return out


def mark_counts(states) -> dict[Mark, int]:
    """Counts per mark, every mark present (zero included), in MARK_ORDER."""
    counts = Counter(s.mark for s in states)
    return {m: counts.get(m, 0) for m in MARK_ORDER}


def completion(states) -> tuple[int, int]:
    """(share of tasks done, mean reported completion), both as whole percents."""
    states = list(states)
    if not states:
        return 0, 0
    done = sum(1 for s in states if s.done)
    return round(100 * done / len(states)), round(sum(s.percent for s in states) / len(states))


__all__ = ["MARK_ORDER", "Mark", "TaskState", "completion", "cycle_end", "mark_counts", "plan_states",
           "reports_until", "schedule_cycle_end", "task_status", "week_end", "year_tasks"]
