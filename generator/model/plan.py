import re
import datetime as dt

from pydantic import ValidationInfo, field_validator, model_validator

from generator.model.base import InputModel, optional_date, optional_text, required_text
from generator.model.values import Frequency, parse_date, parse_int, parse_list, parse_schedule


_ACTION_PREFIX = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．])\s*")
_TASK_PREFIX = re.compile(r"^\s*\d+\s*[.．、]\s*(?=\D)")
DEFAULT_PERIOD = (dt.date(2024, 1, 1), dt.date(2026, 12, 31))


class Schedule(InputModel):
    """A task's 时限: the phrase as written, plus what it means."""

    text: str
    due: dt.date | None = None
    frequency: Frequency | None = None

    @property
    def recurring(self) -> bool:
        return self.frequency is not None and self.frequency.months is not None


class Task(InputModel):
    number: int                        # 任务编号, 1..29 in the sample plan
    text: str                          # 任务内容
    lead: str                          # 牵头部门
    responsible: tuple[str, ...] = ()  # 责任部门 (besides the lead)
    schedule: Schedule                 # 时限
    result_form: str = ""              # 成果形式
    measures: str = ""                 # 推进措施
    start: dt.date | None = None       # 起始 (defaults to the plan's start)

    _num = field_validator("number", mode="before")(lambda v: parse_int(v, minimum=1))
    _lead = field_validator("lead", mode="before")(required_text)

    @field_validator("text", mode="before")
    @classmethod
    def _text(cls, v):
        return _TASK_PREFIX.sub("", required_text(v))
    _opt = field_validator("result_form", "measures", mode="before")(optional_text)

    @field_validator("schedule", mode="before")
    @classmethod
    def _schedule(cls, v, info: ValidationInfo):
        if isinstance(v, (str, int)):
            period = (info.context or {}).get("period") or DEFAULT_PERIOD
            due, frequency = parse_schedule(str(v), plan_start=period[0], plan_end=period[1])
            return Schedule(text=str(v).strip(), due=due, frequency=frequency)
        return v

    _start = field_validator("start", mode="before")(optional_date)

    @field_validator("responsible", mode="before")
    @classmethod
    def _responsible(cls, v):
        return tuple(parse_list(v))

    @property
    def departments(self) -> tuple[str, ...]:
        """Lead first, then the others, without repeats."""
        return tuple(dict.fromkeys((self.lead, *self.responsible)))

    def active_in(self, year: int, plan: "Plan") -> bool:
        """A task runs from its start (or the plan's) to its deadline; tasks with
        no deadline (recurring or standing) run to the plan's end."""
        first = (self.start or plan.start).year
        last = self.schedule.due.year if self.schedule.due else plan.end.year
        return first <= year <= last


class Action(InputModel):
    number: int        # 一 .. 九 -> 1 .. 9
    title: str

    tasks: tuple[Task, ...] = ()

    _num = field_validator("number", mode="before")(lambda v: parse_int(v, minimum=1))

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v):
        # Clerks paste "（一）开展…行动。" straight from the plan.
        return _ACTION_PREFIX.sub("", required_text(v)).rstrip("。")


class Plan(InputModel):
    title: str
    start: dt.date = DEFAULT_PERIOD[0]
    end: dt.date = DEFAULT_PERIOD[1]
    actions: tuple[Action, ...] = ()

    _title = field_validator("title", mode="before")(required_text)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _dates(cls, v):
        return parse_date(v)

    @model_validator(mode="after")
    def _period(self):
        if self.end < self.start:
            raise ValueError("实施方案的结束日期早于开始日期")
        return self

    @property
    def tasks(self) -> list[Task]:
        return [t for a in self.actions for t in a.tasks]

    def action_of(self, task: Task) -> Action:
        return next(a for a in self.actions if task in a.tasks)

    def tasks_in(self, year: int) -> list[Task]:
        return [t for t in self.tasks if t.active_in(year, self)]
