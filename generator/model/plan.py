import re
import datetime as dt

from pydantic import AliasChoices, Field, ValidationInfo, field_validator, model_validator

from generator.model.base import InputModel, optional_date, optional_text, required_text
from generator.model.deadline import Deadline, parse_deadline
from generator.model.values import format_date, normalize_text, parse_date, parse_int, parse_list


_ACTION_PREFIX = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]"
                            r"|第\s*[一二三四五六七八九十\d]+\s*(?:部分|章|项|方面)[、：:.．]?)\s*")
# How plans number their actions: 一 / 1 / （一） / 一、 / 第一部分 / 第1部分 / 第三章.
_ACTION_NUMBER = re.compile(r"^\s*(?:第\s*(?P<a>[一二三四五六七八九十\d]+)\s*(?:部分|章|项|方面)"
                            r"|[（(]\s*(?P<b>[一二三四五六七八九十\d]+)\s*[)）])\s*$")


def parse_action_number(value) -> int:
    """An action's 编号 as plans write it; the number itself is what orders the actions."""
    if isinstance(value, str) and (m := _ACTION_NUMBER.match(normalize_text(value))):
        value = m["a"] or m["b"]
    try:
        return parse_int(value, minimum=1)
    except ValueError:
        raise ValueError("行动编号应为一、二、三或1、2、3，也可写“（一）”“第一部分”") from None


# The number a plan prints before a task (“3.” “（3）” “3）”): the task's number is its
# 编号, and a second number left in the text is printed beside it (“任务16（（2）…）”).
_TASK_PREFIX = re.compile(r"^\s*(?:\d+\s*[.．、]|[（(]\s*\d+\s*[)）]|\d+\s*[)）])\s*(?=\D)")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?\s*(?:前)?$")
DEFAULT_PERIOD = (dt.date(2024, 1, 1), dt.date(2026, 12, 31))
# Documents say “安全生产” when the plan gives no wording of its own: the toolkit is
# about safety production whatever the plan; anything more would be invented.
DEFAULT_SHORT_TITLE = "安全生产"

# The 时限 type everything reads: the phrase (.text) and what it means.
Schedule = Deadline

SHORT_NAME_MAX = 24
# Clauses that only say on what basis the work is done: “按照《…》”, “结合本部门…”.
_LEAD_INS = ("按照", "结合", "借助", "根据", "依据", "聚焦", "围绕", "对照", "在")
_CLAUSE = re.compile(r"[，,；;。：:！？]")
_TRAILING = re.compile(r"[和及与的等]+$")


def years_label(first: int, last: int) -> str:
    return f"{first}年" if first == last else f"{first}—{last}年"


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


class Task(InputModel):
    number: int                        # 任务编号
    text: str                          # 任务内容
    leads: tuple[str, ...] = Field(validation_alias=AliasChoices("leads", "lead"))  # 牵头部门, one or several
    responsible: tuple[str, ...] = ()  # 责任部门 (besides the leads)
    schedule: Deadline                 # 时限
    result_form: str = ""              # 成果形式
    measures: str = ""                 # 推进措施
    start: dt.date | None = None       # 起始 (defaults to the plan's start)
    short_name: str = ""               # 简称: what places without room print (see `short`)

    _num = field_validator("number", mode="before")(lambda v: parse_int(v, minimum=1))

    @field_validator("text", mode="before")
    @classmethod
    def _text(cls, v):
        return _TASK_PREFIX.sub("", required_text(v))
    _opt = field_validator("result_form", "measures", mode="before")(optional_text)

    @field_validator("schedule", mode="before")
    @classmethod
    def _schedule(cls, v, info: ValidationInfo):
        if isinstance(v, Deadline):
            return v
        period = (info.context or {}).get("period") or DEFAULT_PERIOD
        if isinstance(v, dt.datetime) and v.time() == dt.time(0):
            v = v.date()
        if type(v) is dt.date:
            # An Excel date cell (2026/9/30 typed into 时限) or an unquoted YAML date:
            # the day itself, read as the written “2026年9月30日” is.
            v = format_date(v)
        return parse_deadline(v, plan_start=period[0], plan_end=period[1])

    _start = field_validator("start", mode="before")(optional_date)

    @field_validator("leads", mode="before")
    @classmethod
    def _leads(cls, v):
        names = tuple(dict.fromkeys(parse_list(v)))
        if not names:
            raise ValueError("必填，不能为空")
        return names

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
        return tuple(dict.fromkeys(parse_list(v)))

    @property
    def lead(self) -> str:
        """The lead department(s) as one would write them in a cell."""
        return "、".join(self.leads)

    @property
    def others(self) -> tuple[str, ...]:
        """Departments that take part without leading."""
        return tuple(d for d in self.responsible if d not in self.leads)

    @property
    def departments(self) -> tuple[str, ...]:
        """Leads first, then the others, without repeats."""
        return tuple(dict.fromkeys((*self.leads, *self.responsible)))

    def role_of(self, department: str) -> str | None:
        if department in self.leads:
            return "牵头"
        if department in self.responsible:
            return "配合"
        return None

    def first_year(self, plan: "Plan") -> int:
        if self.start is not None:
            return self.start.year
        return max(self.schedule.first_year(plan.start.year), plan.start.year)

    def last_year(self, plan: "Plan") -> int:
        return min(self.schedule.last_year(plan.end.year), max(plan.end.year, self.first_year(plan)))

    def active_in(self, year: int, plan: "Plan") -> bool:
        """On the year's list by its own terms: from its start (or the plan's, or its
        period's) to its deadline; recurring and continuing tasks to the plan's end.
        Carry-over of unfinished tasks is the status engine's business."""
        return self.first_year(plan) <= year <= self.last_year(plan)


class Action(InputModel):
    number: int        # 一 .. 九 -> 1 .. 9
    title: str

    tasks: tuple[Task, ...] = ()

    _num = field_validator("number", mode="before")(parse_action_number)

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v):
        # Clerks paste "（一）开展…行动。" straight from the plan.
        return _ACTION_PREFIX.sub("", required_text(v)).rstrip("。")


class Rhythm(InputModel):
    """A recurring duty the plan states besides the 时限 column (工作节奏)."""

    months: int                     # 1 每月 … 12 每年
    what: str                       # 事项
    basis: str = ""                 # 依据, e.g. 实施方案保障措施（一）
    task: int | None = None         # 任务编号 it details, if any

    @field_validator("months", mode="before")
    @classmethod
    def _months(cls, v):
        if isinstance(v, int):
            return v
        meaning = parse_deadline(required_text(v), plan_start=DEFAULT_PERIOD[0])
        if (not meaning.recurring or meaning.due or meaning.window or meaning.continuing
                or meaning.recurrence_day or meaning.weekly):
            raise ValueError("工作节奏的频次应为“每月”“每两个月”“每季度”“每半年”或“每年”")
        return meaning.recurrence_months
    _what = field_validator("what", mode="before")(required_text)
    _basis = field_validator("basis", mode="before")(optional_text)
    _task = field_validator("task", mode="before")(lambda v: None if v in (None, "") else parse_int(v, minimum=1))

    @property
    def word(self) -> str:
        from generator.model.deadline import recurrence_word

        return recurrence_word(self.months)


class Goal(InputModel):
    """主要目标 of one year (年度目标), shown in that year's calendar."""

    year: int
    text: str

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, v):
        text = str(v).strip().removesuffix("年度").removesuffix("年") if not isinstance(v, int) else v
        return parse_int(text, minimum=1900)
    _text = field_validator("text", mode="before")(required_text)


class Plan(InputModel):
    title: str
    start: dt.date = DEFAULT_PERIOD[0]
    end: dt.date = DEFAULT_PERIOD[1]
    issuer: str = ""                            # 印发机关
    short_title: str = DEFAULT_SHORT_TITLE      # 文书简称: “2025年度{简称}任务清单”
    campaign: str = ""                          # 行动简称: “{行动简称}作战图” (defaults to 文书简称)
    report_days: tuple[tuple[int, int], ...] = ()   # 总结报送 (month, day)
    report_basis: str = "实施方案"
    summary_rule: str = ""                      # 总结要求, quoted in the summary's opening
    rhythms: tuple[Rhythm, ...] = ()
    goals: tuple[Goal, ...] = ()
    actions: tuple[Action, ...] = ()

    _title = field_validator("title", mode="before")(required_text)
    _texts = field_validator("issuer", "campaign", "summary_rule", mode="before")(optional_text)

    @field_validator("short_title", mode="before")
    @classmethod
    def _short(cls, v):
        return optional_text(v) or DEFAULT_SHORT_TITLE

    @field_validator("start", "end", mode="before")
    @classmethod
    def _dates(cls, v):
        return parse_date(v)

    @field_validator("report_days", mode="before")
    @classmethod
    def _report_days(cls, v):
        days = []
        for item in parse_list(v):
            m = _MONTH_DAY.match(normalize_text(item))
            if not m:
                raise ValueError(f"“{item}”不是月日，总结报送日期应写作“6月10日、12月10日”")
            month, day = int(m.group(1)), int(m.group(2))
            parse_date(f"2024-{month}-{day}")   # 2024 is a leap year: any real month-day passes
            days.append((month, day))
        return tuple(sorted(set(days)))
    _report_basis = field_validator("report_basis", mode="before")(lambda v: optional_text(v) or "实施方案")

    @model_validator(mode="after")
    def _period(self):
        if self.end < self.start:
            raise ValueError("实施方案的结束日期早于开始日期")
        return self

    @property
    def campaign_title(self) -> str:
        return self.campaign or self.short_title

    @property
    def work_name(self) -> str:
        """The plan's wording without the generic “安全生产” (“治本攻坚”), for running text."""
        return self.short_title.removeprefix(DEFAULT_SHORT_TITLE) or DEFAULT_SHORT_TITLE

    @property
    def years_label(self) -> str:
        """“2024—2026年”, or “2026年” for a plan of one year (not “2026—2026年”)."""
        return years_label(self.start.year, self.end.year)

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))

    @property
    def tasks(self) -> list[Task]:
        return [t for a in self.actions for t in a.tasks]

    def action_of(self, task: Task) -> Action:
        # By identity first: `in` compares every other task field by field (pydantic
        # __eq__), which made laying out a large plan quadratic.
        for action in self.actions:
            if any(t is task for t in action.tasks):
                return action
        return next(a for a in self.actions if task in a.tasks)

    def tasks_in(self, year: int) -> list[Task]:
        return [t for t in self.tasks if t.active_in(year, self)]

    def goal_of(self, year: int) -> str:
        return next((g.text for g in self.goals if g.year == year), "")
