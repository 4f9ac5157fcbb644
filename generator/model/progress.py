"""Progress reported against the plan's tasks (图表化, 半年总结) and task milestones."""
from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import field_validator

from generator.model.base import InputModel, optional_text, required_text
from generator.model.values import parse_date, parse_int, parse_percent, parse_period


class Status(str, Enum):
    NOT_STARTED = "未启动"
    IN_PROGRESS = "推进中"
    DONE = "已完成"
    LATE = "滞后"


STATUS_ALIASES = {"未开始": Status.NOT_STARTED, "进行中": Status.IN_PROGRESS, "正在推进": Status.IN_PROGRESS,
                  "完成": Status.DONE, "已办结": Status.DONE, "延期": Status.LATE, "逾期": Status.LATE,
                  "滞后": Status.LATE}
STATUS_ALLOWED = "可用的状态：" + "、".join(s.value for s in Status)


LEAD, SUPPORT = "牵头", "配合"
ROLES = (LEAD, SUPPORT)


def _role(value) -> str:
    text = optional_text(value)
    if text not in ("", *ROLES):
        raise ValueError("应为“牵头”或“配合”（也可留空）")
    return text


class Period(InputModel):
    start: dt.date
    end: dt.date
    label: str

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _period(v):
    if isinstance(v, (Period, dict)):
        return v
    start, end, label = parse_period(v)
    return Period(start=start, end=end, label=label)


class ProgressEntry(InputModel):
    task: int                 # 任务编号
    period: Period            # 日期 or 期间
    text: str                 # 进展情况
    status: Status            # 状态
    percent: int | None = None  # 完成比例 0–100
    result: str = ""          # 成果
    note: str = ""            # 备注
    department: str = ""      # 填报部门 (set by `wuhua collect`; blank when typed by hand)
    role: str = ""            # 角色: 牵头 / 配合 / blank

    _role_ok = field_validator("role", mode="before")(lambda v: _role(v))

    _task = field_validator("task", mode="before")(lambda v: parse_int(v, minimum=1))
    _text = field_validator("text", mode="before")(required_text)
    _opt = field_validator("result", "note", "department", mode="before")(optional_text)
    _per = field_validator("period", mode="before")(_period)

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, v):
        text = required_text(v)
        if text in STATUS_ALIASES:
            return STATUS_ALIASES[text]
        if text not in {s.value for s in Status}:
            raise ValueError(f"不是有效的状态，{STATUS_ALLOWED}")
        return text

    @field_validator("percent", mode="before")
    @classmethod
    def _percent(cls, v):
        percent = parse_percent(v)
        return None if percent is None else round(percent)


class Milestone(InputModel):
    task: int         # 任务编号
    date: dt.date     # 时间节点
    text: str         # 节点内容

    _task = field_validator("task", mode="before")(lambda v: parse_int(v, minimum=1))
    _date = field_validator("date", mode="before")(parse_date)
    _text = field_validator("text", mode="before")(required_text)


class Progress(InputModel):
    entries: tuple[ProgressEntry, ...] = ()
    milestones: tuple[Milestone, ...] = ()

    def for_task(self, number: int) -> list[ProgressEntry]:
        """Oldest first. Within one period a 配合 department's report comes before the
        lead's (or an unattributed one), so the lead's report is the latest."""
        return sorted((e for e in self.entries if e.task == number),
                      key=lambda e: (e.period.end, e.period.start, e.role != SUPPORT))

    def milestones_of(self, number: int) -> list[Milestone]:
        return sorted((m for m in self.milestones if m.task == number), key=lambda m: m.date)
