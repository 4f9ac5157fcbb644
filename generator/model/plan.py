import re
import datetime as dt

from pydantic import ValidationInfo, field_validator, model_validator

from generator.model.base import InputModel, optional_date, optional_text, required_text
from generator.model.values import Frequency, parse_date, parse_int, parse_list, parse_schedule


_ACTION_PREFIX = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．])\s*")
_TASK_PREFIX = re.compile(r"^\s*\d+\s*[.．、]\s*(?=\D)")
DEFAULT_PERIOD = (dt.date(2024, 1, 1), dt.date(2026, 12, 31))


SHORT_NAME_MAX = 24
# Clauses that only say on what basis the work is done: “按照《…》”, “结合本部门…”.
_LEAD_INS = ("按照", "结合", "借助", "根据", "依据", "聚焦", "围绕", "对照", "在")
_CLAUSE = re.compile(r"[，,；;。：:！？]")
_TRAILING = re.compile(r"[和及与的等]+$")


def derive_short_name(text: str) -> str:
    """A task's 简称 when the plan gives none (README, 实施方案 “简称”): the first clause
    of the task (up to the first ，；。：) that has at least four characters and does not
    begin with a lead-in such as 按照/结合/根据; when that clause is longer than 24
    characters and names a document 《…》, the part before the document (without a
    trailing 和/及/与/的) if it has at least eight characters. Never cut inside a word
    and never with “…”: a long clause stays whole and wraps where it is printed."""
    clauses = [c.strip() for c in _CLAUSE.split("".join(text.split())) if c.strip()]
    chosen = next((c for c in clauses if len(c) >= 4 and not c.startswith(_LEAD_INS)),
                  clauses[0] if clauses else text.strip())
    if len(chosen) > SHORT_NAME_MAX:
        head = _TRAILING.sub("", chosen.split("《", 1)[0])
        if "《" in chosen and len(head) >= 8:
            chosen = head
    return chosen


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
    short_name: str = ""               # 简称: what places without room print (see `short`)

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

    @field_validator("short_name", mode="before")
    @classmethod
    def _short_name(cls, v):
        v = "".join(optional_text(v).split())
        if len(v) > SHORT_NAME_MAX:
            raise ValueError(f"简称最多 {SHORT_NAME_MAX} 个字（现有 {len(v)} 个字）；简称印在挂图、时间轴等"
                             "版面有限的地方，请写得更短")
        return v

    @property
    def short(self) -> str:
        """The 简称 as given, else derived by `derive_short_name`; printed in full."""
        return self.short_name or derive_short_name(self.text)

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
