"""What the clerk writes for a half-year summary (总结/2025H2.yaml): the parts no
data can say — problems and plans — and the figures no other input holds."""
from __future__ import annotations

import datetime as dt

from pydantic import field_validator

from generator.model.base import InputModel, optional_text
from generator.model.base import optional_date
from generator.model.issuing import DocNumber, names, parse_doc_number
from generator.model.values import half_year_label, parse_half_year, parse_int, parse_percent


class HalfYear(InputModel):
    year: int
    first: bool

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.first else 7, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.first else dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return half_year_label(self.year, self.first)

    @property
    def code(self) -> str:
        return f"{self.year}H{1 if self.first else 2}"

    @property
    def due(self) -> dt.date:
        """Safeguard (五): summaries go in before 10 June and 10 December."""
        return dt.date(self.year, 6 if self.first else 12, 10)

    def due_in(self, report_days) -> dt.date:
        """The plan's own 总结报送 day that falls in this half year (实施方案 “总结报送”,
        e.g. 6月15日、12月15日), else `due` (10 June / 10 December)."""
        for month, day in report_days or ():
            if (month <= 6) == self.first:
                return dt.date(self.year, month, day)
        return self.due

    @property
    def next(self) -> HalfYear:
        return HalfYear(year=self.year + (0 if self.first else 1), first=not self.first)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def parse(cls, text: str) -> HalfYear | None:
        """"2025H2" or "2025年下半年"; None when the text is not a half year."""
        half = parse_half_year(text)
        return None if half is None else cls(year=half[0], first=half[1])

    @classmethod
    def due_next(cls, today: dt.date) -> HalfYear:
        """The half year whose summary is due next: until 10 June the first, until 10
        December the second, after that the next year's first."""
        if today <= dt.date(today.year, 6, 10):
            return cls(year=today.year, first=True)
        if today <= dt.date(today.year, 12, 10):
            return cls(year=today.year, first=False)
        return cls(year=today.year + 1, first=True)




def _count(v):
    return None if v in (None, "") else parse_int(v, minimum=0)


class SummaryText(InputModel):
    recipient: str = ""                 # 主送机关 (else the office's)
    date: dt.date | None = None         # 成文日期 (else the due date of the period)
    inspections: int | None = None      # 督导检查次数
    guidance: int | None = None         # 实地指导服务次数
    trained: int | None = None          # 培训人次
    training_coverage: float | None = None  # 培训覆盖率 %
    achievements: tuple[str, ...] = ()  # 其他成效 (added after the data-built paragraphs)
    problems: tuple[str, ...] = ()      # 存在的问题
    plans: tuple[str, ...] = ()         # 下步工作打算
    # The 版头/版记 of a 上行文 (GB/T 9704 7.2.5, 7.2.6, 7.4), with 发文.yaml's letterhead;
    # without a 发文字号 the summary is printed without them.
    number: DocNumber | None = None     # 发文字号
    signers: tuple[str, ...] = ()       # 签发人 (required with a 发文字号)
    copies: tuple[str, ...] = ()        # 抄送机关
    print_date: dt.date | None = None   # 印发日期 (else the 成文日期)

    model_config = InputModel.model_config | {"arbitrary_types_allowed": True}

    _text = field_validator("recipient", mode="before")(optional_text)
    _number = field_validator("number", mode="before")(
        lambda v: None if v in (None, "") else v if isinstance(v, DocNumber) else parse_doc_number(v))
    _names = field_validator("signers", "copies", mode="before")(names)
    _print_date = field_validator("print_date", mode="before")(optional_date)
    _counts = field_validator("inspections", "guidance", "trained", mode="before")(_count)
    _pct = field_validator("training_coverage", mode="before")(parse_percent)

    _date = field_validator("date", mode="before")(optional_date)

    @field_validator("achievements", "problems", "plans", mode="before")
    @classmethod
    def _items(cls, v):
        # One item per list entry; a block of text is one item (a clerk's paragraph keeps its commas).
        if v is None:
            return ()
        if isinstance(v, str):
            return tuple(p.strip() for p in v.split("\n") if p.strip())
        items = v if isinstance(v, (list, tuple)) else [v]
        return tuple(str(x).strip() for x in items if x is not None and str(x).strip())
