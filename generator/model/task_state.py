"""The summary's view of where each task stands: four words (已完成/推进中/滞后/未启动)
over the one status engine, `generator.model.status`."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.plan import Plan, Task
from generator.model.progress import Progress, ProgressEntry
from generator.model.status import Mark, task_status

DONE, ONGOING, LATE, NOT_STARTED = "已完成", "推进中", "滞后", "未启动"

_WORD = {Mark.DONE: DONE, Mark.IN_PROGRESS: ONGOING, Mark.NOT_STARTED: NOT_STARTED, Mark.LATE: LATE,
         Mark.OVERDUE: LATE}


@dataclass(frozen=True)
class TaskState:
    task: Task
    state: str                        # DONE / ONGOING / LATE / NOT_STARTED
    latest: ProgressEntry | None      # the last entry reported by the date
    overdue: bool                     # deadline passed (or a recurring report missed), not done

    @property
    def due(self) -> dt.date | None:
        return self.task.schedule.due


def task_state(task: Task, plan: Plan, progress: Progress | None, as_of: dt.date) -> TaskState:
    s = task_status(task, plan, progress, as_of)
    return TaskState(task, _WORD[s.mark], s.last, s.overdue)


def task_states(plan: Plan, progress: Progress | None, as_of: dt.date,
                tasks: list[Task] | None = None) -> list[TaskState]:
    return [task_state(t, plan, progress, as_of) for t in (tasks if tasks is not None else plan.tasks)]
