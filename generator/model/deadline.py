"""The one grammar of a task's 时限 (deadline) phrase, and what it means.

A phrase is split at its commas into clauses; every clause must be one of the
forms below, or the whole phrase is refused (never guessed):

- a point in time, optionally followed by 前/以前/之前 and a verb:
  ``2026年底前`` ``2025年6月底前`` ``2025年6月10日前`` ``2025-06-10`` ``三年内``;
  the verb 启动/开展/部署 makes it the latest start, any other accepted verb
  (完成、全面完成、基本完成、建成、实现、落实到位…) a completion;
- a period the work happens in: ``2025年度`` ``2025年`` ``2025年上半年``
  ``2025年第三季度`` (also ``2025年三季度``, without 第) ``2026年6月``, or whole years ``2025—2026年`` (also
  ``2025-2026年`` ``2025年至2026年``: from 1 January of the first to 31 December of
  the last);
- a recurrence: ``每月`` ``每两个月`` ``每季度`` ``每半年`` ``每年`` (``至少1次`` may follow);
  monthly and yearly ones may name their day: ``每月10日前`` (due the 10th of each
  month), ``每年12月10日前`` (due 10 December of each year), ``每年6月底前`` (due 30
  June of each year); ``至少N次`` with N above 1 is refused (``每年至少2次`` is not
  ``每年``: the clerk is asked to write the cycle, ``每半年``);
- continuing work: ``长期`` ``长期坚持`` ``持续推进`` ``常态化``, also as a tail
  ``…完成并长期坚持``;
- the end of a quarter or half year as a point: ``2025年第四季度末`` ``第三季度末前``
  ``2025年上半年末前完成`` (its last day); a 旬 (ten days of a month): ``2025年6月上旬前``
  (due the 10th; 中旬 the 20th, 下旬 the month's last day), and without 前 or a verb the
  旬 is a period, ``2025年6月中旬`` (11–20 June, due the 20th);
- a weekly recurrence: ``每周`` (due each Sunday, the week's end, as 每月 is due on the
  month's last day), ``每周五前`` ``每周星期五`` (due each Friday). Weeks run Monday to
  Sunday; a report dated on any day of a week (or a period ending in it) covers that
  week (the status engine);
- no fixed deadline: ``按上级要求`` ``根据工作需要`` ``适时`` ``视情况`` (see the list
  `_UNDETERMINED`). No date can be derived from them and none is guessed: the task is
  accepted as 时限未定 (``Deadline.undetermined``): on every year's list like continuing
  work, never overdue by date (the status engine), no calendar entry, 时限未定 in the
  ledger's next-deadline column, its own heading in the half-year summary, and `check`
  warns naming each such task so the clerk can write a date if one is known. (Refusing
  them would make clerks invent a date the plan does not give, which is worse.) Beside
  a dated clause (``按上级要求，2025年底前``) the dated clause decides.

Years relative to the plan: ``次年3月底前`` ``次年一季度`` ``下一年度`` ``次年度``
(also 下年, 翌年) count from the year written in an earlier clause of the same phrase
(``2025年底前启动，次年6月底前完成``: 2026), else from the plan's year when the plan
lies in one calendar year; in a plan over several years without such a clause they are
refused with the reason. ``明年`` is refused (it moves with the date the plan is issued).
The meaning says which year was taken (``（次年即2026年）``).

A point or period without its year (``年底前`` ``12月10日前`` ``6月底前`` ``上半年``
``第三季度``) is the plan's year when the plan lies in one calendar year; in a plan
over several years it is refused (which year is meant cannot be known). ``N年内``
takes a small count only: ``2026年内`` is the period 2026, not 2026 years.
``每季度末`` ``每月底`` ``每年末`` are the recurrences (due when the period ends); a
recurrence with a day is due on that day of its cycle instead (the cycle of
``每月10日前`` is the month, its report due on the month's 10th; ``每月中旬前`` the 20th,
``每年6月上旬前`` 10 June). A recurrence may add what is reported (``每月5日前报送``,
``每季度末报送进展``).
Refused, with the reason: ``第三季度前`` (before the quarter begins, or by its end?),
``每两周`` and other cycles not in the list, ``每周至少2次``.

The meaning (`Deadline`) drives every year list, the status engine, the calendar
and the summary; `Deadline.meaning` says it back to the clerk in the ledger.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from generator.model.values import cn_number, format_date, normalize_text, parse_cn_number

DEADLINE_FORMS = ("“2026年底前”“2025年6月底前”“2025年6月10日前”“三年内”“2025年度”“2025年上半年”"
                  "“2025年第三季度”“2026年6月”“2025—2026年”，“每月”“每两个月”“每季度（末）”“每半年”“每年”“每月10日前”“每月中旬前”“每年12月10日前”“每年6月底前”，"
                  "“2025年第四季度末”“2025年6月上旬前”“2025年6月中旬”，“每周”“每周五前”，"
                 "“长期”“长期坚持”“持续推进”“常态化”，“按上级要求”“根据工作需要”“适时”（时限未定），"
                 "“次年3月底前”“次年一季度”“下一年度”（按方案年度或前一句写明的年份），或用逗号组合，如“2024年底前启动，2026年底前完成”"
                  "“2025年底前完成并长期坚持”“每半年，2026年底前”；方案只有一个年度时年份可省略，如“年底前”“12月10日前”")

_START_VERBS = ("启动", "开展", "部署", "开始")
_DONE_VERBS = ("全面完成", "基本完成", "完成", "全面建成", "基本建成", "建成", "实现", "落实到位",
               "出台", "印发", "取得成效", "见效")
_VERB = "|".join(sorted(_START_VERBS + _DONE_VERBS, key=len, reverse=True))
_CONTINUING_WORDS = ("长期坚持", "长期", "持续推进", "持续开展", "持续", "常态化推进", "常态化开展", "常态化")
_CONTINUING = "|".join(_CONTINUING_WORDS)
_BEFORE = r"(?:前|以前|之前)?"
_TAIL = rf"{_BEFORE}\s*(?P<verb>{_VERB})?\s*(?:并\s*(?P<cont>{_CONTINUING}))?"
_N = r"[一二两三四五六七八九十\d]+"
# “三年内”, “5年内”: a count of years, never a year (“2026年内” is the period 2026).
_FEW = r"(?:[一二两三四五六七八九十]+|\d{1,2})"
_Y = r"(?:(?P<y>\d{4})\s*年\s*)"

_POINTS = [
    ("date", re.compile(rf"^(?P<y>\d{{4}})\s*(?:[-/.]|年)\s*(?P<m>\d{{1,2}})\s*(?:[-/.]|月)\s*(?P<d>\d{{1,2}})\s*日?\s*{_TAIL}$")),
    ("date", re.compile(rf"^(?P<y>)(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日\s*{_TAIL}$")),
    ("month_end", re.compile(rf"^{_Y}?(?P<m>\d{{1,2}})\s*月\s*(?:底|末|份)\s*{_TAIL}$")),
    ("year_end", re.compile(rf"^(?:{_Y}(?:底|末|年底|年末)|(?:本|今)?年\s*(?:底|末))\s*{_TAIL}$")),
    ("within", re.compile(rf"^(?P<n>{_FEW})\s*年内\s*{_TAIL}$")),
    ("quarter_end", re.compile(rf"^{_Y}?第?\s*(?P<q>[一二三四1-4])\s*季度\s*(?:末|底)\s*{_TAIL}$")),
    ("half_end", re.compile(rf"^{_Y}?(?P<h>上|下)\s*半年\s*(?:末|底)\s*{_TAIL}$")),
    # A 旬 is a point only with 前 or a verb; bare (“6月中旬”) it is the period below.
    ("xun", re.compile(rf"^{_Y}?(?P<m>\d{{1,2}})\s*月\s*(?P<x>上|中|下)\s*旬\s*(?P<b>前|以前|之前)?\s*"
                       rf"(?P<verb>{_VERB})?\s*(?:并\s*(?P<cont>{_CONTINUING}))?$")),
]
_PERIODS = [
    ("half", re.compile(rf"^{_Y}?(?P<h>上|下)\s*半年\s*(?:内)?$")),
    ("quarter", re.compile(rf"^{_Y}?第?\s*(?P<q>[一二三四1-4])\s*季度\s*(?:内)?$")),
    ("month", re.compile(rf"^{_Y}?(?P<m>\d{{1,2}})\s*月\s*(?:份)?\s*(?:内)?$")),
    ("xun", re.compile(rf"^{_Y}?(?P<m>\d{{1,2}})\s*月\s*(?P<x>上|中|下)\s*旬\s*(?:内|期间)?$")),
    ("year", re.compile(r"^(?:(?P<y>\d{4})\s*年\s*(?:度|全年|内)?|本年度|本年内|年内|全年)$")),
    ("years", re.compile(r"^(?P<y>\d{4})\s*(?:年\s*)?(?:[—–－\-~～至到]+)\s*(?P<y2>\d{4})\s*年\s*(?:度|内|期间)?$")),
]
# What a recurrence may add about the report itself (“每月5日前报送”, “每季度末报送进展”):
# the cycle is the same with or without it.
_REPORT = r"(?:\s*(?:报送|上报|报告)\s*(?:工作)?\s*(?:进展|情况)?(?:\s*[一1]\s*次)?)?"
_RECURRENCE = re.compile(rf"^每\s*(?:(?P<n>{_N})\s*个?|个|一)?\s*(?P<unit>月|季度|季|半年|年度|年)\s*"
                         rf"(?:(?:年|月|季)?\s*(?:末|底))?\s*(?:前)?\s*(?:至少)?\s*(?:(?P<times>{_N})\s*次)?{_REPORT}$")
# A recurrence due on a named day: of each month, or of each year.
_MONTHLY_DAY = re.compile(rf"^每\s*个?\s*月\s*(?:(?P<d>\d{{1,2}})\s*日|(?P<x>上|中|下)\s*旬)\s*{_BEFORE}{_REPORT}$")
_YEARLY_DAY = re.compile(rf"^每\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?:(?P<d>\d{{1,2}})\s*日|(?P<end>底|末)|(?P<x>上|中|下)\s*旬)"
                         rf"\s*{_BEFORE}{_REPORT}$")
# Weekly: weeks run Monday to Sunday; 每周五前 names the day its report is due.
_WEEKLY = re.compile(rf"^每\s*(?:个\s*)?(?:周|星期)\s*(?:(?:周|星期|礼拜)?\s*(?P<wd>[一二三四五六日天1-7]))?\s*"
                     rf"{_BEFORE}\s*(?:(?:至少\s*)?(?P<times>{_N})\s*次)?{_REPORT}$")
WEEKDAY_NAMES = "一二三四五六日"
# No date can be derived from these: accepted as 时限未定, never given a date.
_UNDETERMINED = re.compile(r"^(?:(?:按照?|根据|依据|视)\s*(?:上级(?:部门)?\s*(?:的)?\s*(?:要求|部署|安排|通知)|"
                           r"(?:工作|实际)?\s*需要|情况|工作安排)\s*(?:而定|确定|开展|进行|推进)?|视情|适时"
                           r"(?:开展|推进|组织|进行)?|按需)$")
# 次年3月底前, 下一年度: a year counted from another year (see the docstring).
_RELATIVE_YEAR = re.compile(r"^(?:次|下一?|翌)\s*年(?P<du>度)?")
_SAY_BACK = re.compile(r"旬|季度\s*[末底]|半年\s*[末底]")
_CONTINUING_ONLY = re.compile(rf"^(?:{_CONTINUING})$")
_CLAUSE_SPLIT = re.compile(r"[，,；;。]+")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Milestone:
    date: dt.date
    what: str          # 启动 / 完成 / 全面完成 …

    @property
    def starts(self) -> bool:
        return self.what in _START_VERBS


@dataclass(frozen=True)
class Deadline:
    """What a 时限 phrase says. Every field is None/empty when the phrase is silent."""

    text: str                                  # the phrase as written
    window: tuple[dt.date, dt.date] | None = None   # a period the work happens in (2025年度)
    start_by: dt.date | None = None            # latest start (…前启动)
    milestones: tuple[Milestone, ...] = ()     # dated points before the final one, in order
    due: dt.date | None = None                 # final completion date
    due_what: str = "完成"                     # its verb as written (全面完成, 建成 …)
    recurrence_months: int | None = None       # 1 每月, 2 每两个月, 3 每季度, 6 每半年, 12 每年
    # The day a cycle's report is due when the phrase names it (每月10日前: (None, 10);
    # 每年12月10日前: (12, 10)); None: the cycle's last day.
    recurrence_day: tuple[int | None, int] | None = None
    continuing: bool = False                   # 长期 / …并长期坚持: runs to the plan's end
    weekly: bool = False                       # 每周: a cycle of a week, Monday to Sunday
    recurrence_weekday: int | None = None      # 每周五前: 4 (Monday 0); None: the week's end
    undetermined: str = ""                     # 按上级要求 …: no date derivable (时限未定)
    notes: tuple[str, ...] = ()                # how relative words were read: 次年即2026年

    @property
    def recurring(self) -> bool:
        return self.recurrence_months is not None or self.weekly

    @property
    def recurrence(self) -> str:
        if self.weekly:
            return "每周"
        return recurrence_word(self.recurrence_months) if self.recurrence_months else ""

    @property
    def recurrence_due(self) -> str:
        """When each cycle is due, in words: 每月10日前, 每年12月10日前, 每周五前, 周期结束时."""
        if self.weekly:
            if self.recurrence_weekday is None:
                return "周期结束时，即每周日"
            return f"每周{WEEKDAY_NAMES[self.recurrence_weekday]}前"
        if self.recurrence_day is None:
            return "周期结束时"
        month, day = self.recurrence_day
        if month == 2 and day == 29:
            return "每年2月底前"      # 28 February in common years (cycle_due)
        return f"每月{day}日前" if month is None else f"每年{month}月{day}日前"

    def cycle_due(self, cycle_last_day: dt.date) -> dt.date:
        """The due date of the cycle ending on `cycle_last_day`: that day, or the
        named day within the cycle (a short month's last day for 每月31日前); a week
        ends on Sunday, 每周五前 is due two days before."""
        if self.weekly:
            return cycle_last_day - dt.timedelta(days=6 - (6 if self.recurrence_weekday is None
                                                           else self.recurrence_weekday))
        if self.recurrence_day is None:
            return cycle_last_day
        month, day = self.recurrence_day
        month = month or cycle_last_day.month
        return dt.date(cycle_last_day.year, month,
                       min(day, calendar.monthrange(cycle_last_day.year, month)[1]))

    def first_year(self, default: int) -> int:
        """The first year the task is on a list: the window's, else the plan's (or task's) start."""
        return self.window[0].year if self.window else default

    def last_year(self, plan_end_year: int) -> int:
        """The last year it is on a list by its own terms (carry-over aside)."""
        if self.continuing or self.undetermined or (self.recurring and self.due is None):
            return plan_end_year
        if self.due is not None:
            return self.due.year
        if self.window is not None:
            return self.window[1].year
        return plan_end_year

    @property
    def worth_saying(self) -> bool:
        """A form new to most clerks' plans, whose reading `check` prints: a named
        day, weekly, a 旬, the end of a quarter or half year, a relative year."""
        return bool(self.recurrence_day is not None or self.weekly or self.notes
                    or _SAY_BACK.search(normalize_text(self.text)))

    @property
    def meaning(self) -> str:
        """What was understood, in words a clerk can check against the phrase."""
        parts = []
        if self.window is not None:
            parts.append(f"{format_date(self.window[0])}至{format_date(self.window[1])}期间完成")
        if self.start_by is not None:
            parts.append(f"{format_date(self.start_by)}前启动")
        for m in self.milestones:
            parts.append(f"{format_date(m.date)}前{m.what}")
        if self.due is not None and self.window is None:
            parts.append(f"{format_date(self.due)}前{self.due_what}")
        if self.recurring:
            parts.append(f"{self.recurrence}报送一次进展（{self.recurrence_due}到期）")
        if self.continuing:
            parts.append("此后长期坚持至方案结束" if self.due else "长期坚持至方案结束，不设完成时限")
        if self.undetermined:
            parts.append(f"时限未定（{self.undetermined}），不推算日期，不判定逾期")
        notes = f"（{'；'.join(self.notes)}）" if self.notes else ""
        return "；".join(parts) + notes



def recurrence_word(months: int) -> str:
    return {1: "每月", 2: "每两个月", 3: "每季度", 6: "每半年", 12: "每年"}.get(months, f"每{cn_number(months)}个月")


def parse_deadline(value, *, plan_start: dt.date, plan_end: dt.date | None = None) -> Deadline:
    """A 时限 phrase -> Deadline; ValueError (Chinese, listing the accepted forms) otherwise.

    ``三年内`` counts whole calendar years from the plan's start. A clause without its
    year takes the plan's year when `plan_end` is in the same year as `plan_start`,
    and is refused otherwise.
    """
    text = str(value if value is not None else "").strip()
    raw = normalize_text(text)
    if not raw:
        raise ValueError(f"时限不能为空，可用的写法：{DEADLINE_FORMS}")
    points: list[Milestone] = []
    window = None
    months = None
    due_day = None
    weekday = None
    weekly = False
    continuing = False
    undetermined = []
    notes = []
    written_year = None          # the last year written in an earlier clause (for 次年)
    for clause in (c.strip() for c in _CLAUSE_SPLIT.split(raw)):
        if not clause:
            continue
        if clause.startswith("明年"):
            raise ValueError(f"时限“{text}”中的“{clause}”：“明年”随发文日期而变，不能确定是哪一年，"
                             f"请写明年份，如“{plan_start.year + 1}年…”")
        if (rel := _RELATIVE_YEAR.match(clause)):
            base = _base_year(text, clause, written_year, plan_start, plan_end)
            said = rel.group(0)
            clause = f"{base + 1}年{rel['du'] or ''}{clause[rel.end():]}"
            notes.append(f"{said}即{base + 1}年")
        if (written := re.findall(r"(\d{4})\s*年", clause)):
            written_year = int(written[-1])
        year = _year_of(text, clause, plan_start, plan_end)
        understood = _point(clause, plan_start, year)
        if understood is not None:
            point, cont = understood
            points.append(point)
            continuing = continuing or cont
            continue
        if (period := _period(clause, year)) is not None:
            if window is not None:
                raise ValueError(f"时限“{text}”写了两个期间，请只写一个。可用的写法：{DEADLINE_FORMS}")
            window = period
            continue
        if (m := _MONTHLY_DAY.match(clause) or _YEARLY_DAY.match(clause)):
            yearly = m.re is _YEARLY_DAY
            month = int(m["m"]) if yearly else None
            if yearly and not 1 <= month <= 12:
                raise ValueError(f"时限“{text}”中的“{clause}”：没有{month}月（月份应为1～12）")
            # 每年6月底前: the month's last day (29 February is held to the 28th in other years).
            # A 旬 names its last day: 上旬 the 10th, 中旬 the 20th, 下旬 the month's end
            # (31: held to a short month's last day, as 每月31日前 is).
            last = calendar.monthrange(2024, month)[1] if yearly else 31
            day = (last if yearly and m["end"] else {"上": 10, "中": 20, "下": last}[m["x"]] if m["x"]
                   else int(m["d"]))
            longest = calendar.monthrange(2024, month)[1] if yearly else 31
            if not 1 <= day <= longest:
                raise ValueError(f"时限“{text}”中的“{clause}”：日期不存在（" +
                                 (f"{month}月最多{longest}天）" if yearly else "每月的日期应为1～31）"))
            if months is not None or weekly:
                raise ValueError(f"时限“{text}”写了两个周期，请只写一个")
            # 每月下旬前 is due when the month ends: the plain 每月, said as 周期结束时.
            months, due_day = (12 if yearly else 1), (None if m["x"] == "下" and not yearly else (month, day))
            continue
        if (m := _RECURRENCE.match(clause)):
            n = parse_cn_number(m.group("n")) if m.group("n") else 1
            unit = {"月": 1, "季度": 3, "季": 3, "半年": 6, "年度": 12, "年": 12}[m.group("unit")]
            times = parse_cn_number(m.group("times")) if m.group("times") else 1
            if times != 1:
                # “每年至少2次” asks for more than one report a cycle; read as “每年” it would
                # be due once a year, silently half as often as the plan says.
                every = n * unit / times
                hint = (f"，如“{recurrence_word(int(every))}”" if every == int(every) and int(every) in (1, 2, 3, 6)
                        else "")
                raise ValueError(f"时限“{text}”中的“{clause}”要求一个周期内多次，程序按周期检查进展，"
                                 f"请写成相应的周期{hint}（次数等细节可写入“工作节奏”或任务内容）")
            if n < 1 or 12 % (n * unit):
                raise ValueError(f"时限“{text}”中的“{clause}”不是按日历划分的周期"
                                 "（可用：每月、每两个月、每季度、每半年、每年）")
            if months is not None or weekly:
                raise ValueError(f"时限“{text}”写了两个周期，请只写一个")
            months = n * unit
            continue
        if (m := _WEEKLY.match(clause)):
            times = parse_cn_number(m["times"]) if m["times"] else 1
            if times != 1:
                raise ValueError(f"时限“{text}”中的“{clause}”要求一周内多次，程序按周检查进展，"
                                 "请写成“每周”（次数等细节可写入“工作节奏”或任务内容）")
            if months is not None or weekly:
                raise ValueError(f"时限“{text}”写了两个周期，请只写一个")
            weekly = True
            if m["wd"]:
                weekday = 6 if m["wd"] in "日天" else (
                    int(m["wd"]) - 1 if m["wd"].isdigit() else WEEKDAY_NAMES.index(m["wd"]))
            continue
        if _CONTINUING_ONLY.match(clause):
            continuing = True
            continue
        if _UNDETERMINED.match(clause):
            undetermined.append(clause)
            continue
        if re.search(r"(?:季度|半年)\s*(?:前|以前|之前)", clause):
            raise ValueError(f"时限“{text}”中的“{clause}”可以理解为期间开始前，也可以理解为期间结束前，"
                             "不能确定：请写“第三季度末前”“上半年末前”或具体日期，如“7月1日前”")
        raise ValueError(f"无法识别时限“{text}”中的“{clause}”，可用的写法：{DEADLINE_FORMS}")
    starts = [p for p in points if p.starts]
    finishes = [p for p in points if not p.starts]
    if len(starts) > 1:
        raise ValueError(f"时限“{text}”写了两个启动时间，请只写一个")
    finishes.sort(key=lambda p: p.date)
    due = finishes[-1].date if finishes else None
    start_by = starts[0].date if starts else None
    if window is not None:
        if due is not None:
            raise ValueError(f"时限“{text}”同时写了期间和完成时间，请只写一个。可用的写法：{DEADLINE_FORMS}")
        due = window[1]
    if start_by is not None and due is not None and start_by > due:
        raise ValueError(f"时限“{text}”的启动时间晚于完成时间")
    if start_by is not None and due is None and months is None and not weekly and not continuing:
        raise ValueError(f"时限“{text}”只写了启动时间，请写明何时完成，或写“长期坚持”")
    # “按上级要求” beside a dated clause adds nothing to check; alone it is 时限未定.
    dated = points or window is not None or months is not None or weekly or continuing
    return Deadline(text=text, window=window, start_by=start_by, milestones=tuple(finishes[:-1]),
                    due=due, due_what=finishes[-1].what if finishes else "完成", recurrence_months=months,
                    recurrence_day=due_day, continuing=continuing, weekly=weekly, recurrence_weekday=weekday,
                    undetermined="" if dated else "，".join(undetermined), notes=tuple(notes))


def _base_year(text: str, clause: str, written_year: int | None, plan_start: dt.date,
               plan_end: dt.date | None) -> int:
    """The year 次年/下一年度 counts from: one written in an earlier clause, else the
    plan's only year; refused in a plan over several years."""
    if written_year is not None:
        return written_year
    if plan_end is not None and plan_end.year == plan_start.year:
        return plan_start.year
    span = f"方案跨{plan_start.year}—{plan_end.year}年" if plan_end is not None else "方案跨多个年度"
    raise ValueError(f"时限“{text}”中的“{clause}”是相对的年份，{span}，前面也没有写明年份，"
                     f"不能确定是哪一年的次年：请写明年份，如“{plan_start.year + 1}年…”，"
                     f"或在前面写出基准年份，如“{plan_start.year}年底前启动，{clause}”")


def _year_of(text: str, clause: str, plan_start: dt.date, plan_end: dt.date | None):
    """The year of a clause: as written, else the plan's only year, else refused."""
    def year(written: str | None) -> int:
        if written:
            return int(written)
        if plan_end is not None and plan_end.year == plan_start.year:
            return plan_start.year
        span = f"{plan_start.year}—{plan_end.year}年" if plan_end is not None else "多个年度"
        raise ValueError(f"时限“{text}”中的“{clause}”没有写年份，方案跨{span}，不能确定是哪一年："
                         f"请写明年份，如“{plan_start.year}年{clause}”；每年都要做的事写“每年”“每季度”等")
    return year


def _point(clause: str, plan_start: dt.date, year) -> tuple[Milestone, bool] | None:
    for kind, pattern in _POINTS:
        m = pattern.match(clause)
        if not m:
            continue
        if kind == "date":
            y, mo, d = year(m["y"]), int(m["m"]), int(m["d"])
            if not 1 <= mo <= 12:
                raise ValueError(f"日期不存在：没有{mo}月（月份应为1～12）")
            if not 1 <= d <= calendar.monthrange(y, mo)[1]:
                raise ValueError(f"日期不存在：{y}年{mo}月只有{calendar.monthrange(y, mo)[1]}天")
            day = dt.date(y, mo, d)
        elif kind == "month_end":
            mo = int(m["m"])
            if not 1 <= mo <= 12:
                raise ValueError(f"日期不存在：没有{mo}月（月份应为1～12）")
            day = month_end(year(m["y"]), mo)
        elif kind == "year_end":
            day = dt.date(year(m["y"]), 12, 31)
        elif kind == "quarter_end":
            day = month_end(year(m["y"]), 3 * parse_cn_number(m["q"]))
        elif kind == "half_end":
            day = dt.date(year(m["y"]), 6, 30) if m["h"] == "上" else dt.date(year(m["y"]), 12, 31)
        elif kind == "xun":
            if not m["b"] and not m["verb"]:
                continue          # “6月中旬”: the period, read by _period
            day = _xun(year(m["y"]), int(m["m"]), m["x"])[1]
        else:
            years = parse_cn_number(m["n"])
            if years < 1:
                raise ValueError("“N年内”中的年数应不小于1")
            day = dt.date(plan_start.year + years - 1, 12, 31)
        return Milestone(day, m["verb"] or "完成"), bool(m["cont"])
    return None


def _xun(year: int, month: int, which: str) -> tuple[dt.date, dt.date]:
    """The days of a 旬: 上旬 1–10, 中旬 11–20, 下旬 21 to the month's end."""
    if not 1 <= month <= 12:
        raise ValueError(f"日期不存在：没有{month}月（月份应为1～12）")
    first = {"上": 1, "中": 11, "下": 21}[which]
    last = month_end(year, month) if which == "下" else dt.date(year, month, first + 9)
    return dt.date(year, month, first), last


def _period(clause: str, year) -> tuple[dt.date, dt.date] | None:
    for kind, pattern in _PERIODS:
        m = pattern.match(clause)
        if not m:
            continue
        y = year(m["y"])
        if kind == "half":
            first = m["h"] == "上"
            return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if first else (dt.date(y, 7, 1), dt.date(y, 12, 31))
        if kind == "quarter":
            q = parse_cn_number(m["q"])
            return dt.date(y, 3 * q - 2, 1), month_end(y, 3 * q)
        if kind == "years":
            last = int(m["y2"])
            if last <= y:
                raise ValueError(f"“{clause}”的结束年份应晚于开始年份")
            return dt.date(y, 1, 1), dt.date(last, 12, 31)
        if kind == "xun":
            return _xun(y, int(m["m"]), m["x"])
        if kind == "month":
            mo = int(m["m"])
            if not 1 <= mo <= 12:
                raise ValueError(f"日期不存在：没有{mo}月（月份应为1～12）")
            return dt.date(y, mo, 1), month_end(y, mo)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    return None


__all__ = ["DEADLINE_FORMS", "WEEKDAY_NAMES", "Deadline", "Milestone", "parse_deadline", "recurrence_word"]
