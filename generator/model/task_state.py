"""Where each task stands at a date, from the progress entries.

Kept small and isolated on purpose: the shared task status engine
(generator/model/status.py, issue 3) replaces it at merge time; callers use only
`task_states()` and the fields of `TaskState`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.plan import Plan, Task
from generator.model.progress import Progress, ProgressEntry, Status

DONE, ONGOING, LATE, NOT_STARTED = "已完成", "推进中", "滞后", "未启动"


@dataclass(frozen=True)
class TaskState:
    task: Task
    state: str                        # DONE / ONGOING / LATE / NOT_STARTED
    latest: ProgressEntry | None      # the last entry reported by the date
    overdue: bool                     # deadline passed, not done

    @property
    def due(self) -> dt.date | None:
        return self.task.schedule.due


def task_state(task: Task, progress: Progress | None, as_of: dt.date) -> TaskState:
    entries = [e for e in (progress.for_task(task.number) if progress else []) if e.period.start <= as_of]
    latest = entries[-1] if entries else None
    done = latest is not None and latest.status == Status.DONE
    due = task.schedule.due
    overdue = not done and due is not None and due < as_of
    if done:
        state = DONE
    elif overdue or (latest is not None and latest.status == Status.LATE):
        state = LATE
    elif latest is None or latest.status == Status.NOT_STARTED:
        state = NOT_STARTED
    else:
        state = ONGOING
    return TaskState(task, state, latest, overdue)


def task_states(plan: Plan, progress: Progress | None, as_of: dt.date,
                tasks: list[Task] | None = None) -> list[TaskState]:
    return [task_state(t, progress, as_of) for t in (tasks if tasks is not None else plan.tasks)]
