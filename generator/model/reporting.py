"""Collecting progress from departments (issue 15): which rows each department's
form asks for, what a returned form says, and how replies merge into 进展.

Pure: no files, no "today". The Excel path (`wuhua forms` / `wuhua collect`) and a
web form use the same `merge()`:

    result = merge(existing_progress, [reply, ...])
    result.progress          # the new 进展 (entries + milestones)
    result.changes           # what a repeated reply changes (show before writing)
    result.added             # entries that are new
    result.overlaps          # tasks reported by several departments for one period
"""
from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.model.plan import Plan, Task
from generator.model.progress import LEAD, SUPPORT, Milestone, Period, Progress, ProgressEntry, Status
from generator.model.summary import HalfYear
from generator.model.values import format_date, parse_period

FORM_KIND = "wuhua进展填报表"
OVERVIEW_KIND = "wuhua进展填报汇总"
FORM_VERSION = 1
# Where a form keeps what (shared by the writer and the reader of forms).
FORM_SHEET = "填报"
ID_SHEET = "_wuhua"
ID_FIELDS = ("类型", "版本", "部门", "期间", "方案", "方案标识")


def half_of(code: str) -> HalfYear:
    """The half year a form or reply names; the code was checked where it was read."""
    half = HalfYear.parse(code)
    if half is None:
        raise ValueError(code)
    return half


def plan_key(plan: Plan) -> str:
    """A short fingerprint of the plan a form was made for: its title and period.
    Editing a task's wording keeps it; another plan (or another edition) changes it."""
    text = f"{plan.title.strip()}|{plan.start.isoformat()}|{plan.end.isoformat()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class FormIdentity:
    """Written into a hidden sheet of every form, so a renamed file is still known."""

    department: str
    period: str          # half-year code, e.g. 2026H1
    plan_title: str
    plan_key: str

    @property
    def half(self) -> HalfYear:
        return half_of(self.period)


def task_departments(task: Task) -> list[tuple[str, str]]:
    """(department, 牵头|配合) of a task. A lead may name several departments (co-leads
    written with 、); each of them is a lead."""
    pairs = [(name, LEAD) for name in task.leads]
    pairs += [(name, SUPPORT) for name in task.others]
    return list(dict.fromkeys(pairs))


def _period(text: str) -> Period:
    start, end, label = parse_period(text)
    return Period(start=start, end=end, label=label)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def reporting_cycles(task: Task, plan: Plan, half: HalfYear) -> list[Period]:
    """The periods a task reports in one half year: each month or quarter for monthly
    and quarterly tasks (weekly tasks by month too: a half year of weekly rows would
    bury the form; each month's row reports its weeks), else the half year itself."""
    months = 1 if task.schedule.weekly else task.schedule.recurrence_months
    if months not in (1, 3):
        return [_period(half.code)]
    first = max(half.start, task.start or plan.start)
    cycles = []
    for month in range(half.start.month, half.end.month + 1, months):
        end = month_end(half.year, month + months - 1)
        if end < first or dt.date(half.year, month, 1) > plan.end:
            continue
        code = f"{half.year}-{month:02d}" if months == 1 else f"{half.year}Q{(month - 1) // 3 + 1}"
        cycles.append(_period(code))
    return cycles or [_period(half.code)]


def due_meaning(task: Task, cycle: Period, half: HalfYear) -> str:
    """What the 时限 asks of this row, in words."""
    schedule = task.schedule
    parts = []
    if schedule.recurring:
        named = f"（{schedule.recurrence_due}）" if schedule.recurrence_day or schedule.weekly else ""
        of = f"{cycle.label}各周" if schedule.weekly else cycle.label
        parts.append(f"{schedule.recurrence}报告一次{named}，本行报告{of}")
    elif schedule.continuing:
        parts.append("长期坚持，每半年报告进展")
    elif schedule.undetermined:
        parts.append("时限未定，每半年报告进展")
    if schedule.due is not None:
        if schedule.due < half.start:
            parts.append(f"应于{format_date(schedule.due)}前完成，已过期限，请报告完成情况")
        else:
            parts.append(f"须于{format_date(schedule.due)}前完成")
    return f"{schedule.text}（{'；'.join(parts)}）" if parts else schedule.text


@dataclass(frozen=True)
class FormRow:
    task: Task
    period: Period
    role: str               # 牵头 / 配合
    due_note: str
    last: ProgressEntry | None   # the latest report before this half year

    @property
    def last_text(self) -> str:
        if self.last is None:
            return "（尚无进展报告）"
        e = self.last
        share = f"，{e.percent}%" if e.percent is not None else ""
        who = f"，{e.department}" if e.department else ""
        return f"{e.period.label}（{e.status.value}{share}{who}）：{e.text}"


def _done_before(task: Task, progress: Progress | None, day: dt.date) -> bool:
    if progress is None:
        return False
    earlier = [e for e in progress.for_task(task.number) if e.period.end < day]
    return bool(earlier) and earlier[-1].status is Status.DONE


def reports_in(plan: Plan, half: HalfYear) -> bool:
    return plan.start <= half.end and plan.end >= half.start


def form_rows(plan: Plan, progress: Progress | None, department: str, half: HalfYear) -> list[FormRow]:
    """The rows of one department's form for one half year, in the plan's order:
    every task it leads or supports that runs in the half year and is not already
    reported done; recurring monthly/quarterly tasks get a row per cycle."""
    rows = []
    for task in plan.tasks:
        roles = dict(task_departments(task))
        if department not in roles:
            continue
        if (task.start or plan.start) > half.end:
            continue
        recurring = task.schedule.recurring
        if recurring and task.schedule.due is not None and task.schedule.due < half.start:
            continue
        if not recurring and _done_before(task, progress, half.start):
            continue
        last = _last_before(task, progress, half.start, department)
        for cycle in reporting_cycles(task, plan, half):
            rows.append(FormRow(task, cycle, roles[department], due_meaning(task, cycle, half), last))
    return rows


def _last_before(task: Task, progress: Progress | None, day: dt.date, department: str) -> ProgressEntry | None:
    if progress is None:
        return None
    earlier = [e for e in progress.for_task(task.number) if e.period.end < day]
    own = [e for e in earlier if e.department == department]
    return (own or earlier or [None])[-1]


def departments_with_tasks(plan: Plan, departments: Sequence[str]) -> list[str]:
    """Registered departments first (in their order), then any other named in the plan."""
    named = [name for t in plan.tasks for name, _ in task_departments(t)]
    return list(dict.fromkeys([d for d in departments if d in named] + named))


# --- replies and the merge ---------------------------------------------------------

@dataclass(frozen=True)
class Reply:
    """One department's answer for one half year (a returned form, or a web form)."""

    department: str
    period: str                          # half-year code, 2026H1
    entries: tuple[ProgressEntry, ...]   # department and role set on each
    milestones: tuple[Milestone, ...] = ()
    source: str = ""                     # where it came from, for messages

    @property
    def half(self) -> HalfYear:
        return half_of(self.period)


@dataclass(frozen=True)
class Change:
    """One row a repeated reply changes: before and after (one of them may be None)."""

    department: str
    task: int
    period: str
    before: ProgressEntry | None
    after: ProgressEntry | None

    def describe(self) -> str:
        head = f"{self.department} 任务{self.task} {self.period}"
        if self.before is None:
            return f"{head}：新增 —— {_brief(self.after)}"
        if self.after is None:
            return f"{head}：新回复中已无此行，将删除 —— 原为 {_brief(self.before)}"
        fields = []
        for label, attr in (("状态", "status"), ("完成比例", "percent"), ("进展情况", "text"), ("成果", "result"),
                            ("备注", "note")):
            old, new = getattr(self.before, attr), getattr(self.after, attr)
            if old != new:
                fields.append(f"{label}“{_show(old)}”→“{_show(new)}”")
        return f"{head}：" + "；".join(fields)


def _show(value) -> str:
    if isinstance(value, Status):
        value = value.value
    text = "" if value is None else str(value)
    return text if len(text) <= 30 else text[:29] + "…"


def _brief(e: ProgressEntry | None) -> str:
    if e is None:
        return ""
    share = f" {e.percent}%" if e.percent is not None else ""
    return f"{e.status.value}{share}，{_show(e.text)}"


@dataclass(frozen=True)
class Overlap:
    """A task reported for one period by more than one department: all are kept; the
    作战图 shows the lead's."""

    task: int
    period: str
    departments: tuple[str, ...]   # "（未注明部门）" for rows typed by hand

    def describe(self) -> str:
        return f"任务{self.task} {self.period}：{'、'.join(self.departments)}"


@dataclass
class MergeResult:
    progress: Progress
    added: list[ProgressEntry] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)      # from replies that replace earlier ones
    unchanged: int = 0
    overlaps: list[Overlap] = field(default_factory=list)
    replaced_replies: list[tuple[str, str]] = field(default_factory=list)  # (department, period)

    @property
    def needs_confirmation(self) -> bool:
        """A reply replaces an earlier one with different content."""
        return bool(self.changes)


def _same(a: ProgressEntry, b: ProgressEntry) -> bool:
    keys = ("status", "percent", "text", "result", "note", "role")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def merge(existing: Progress | None, replies: Sequence[Reply]) -> MergeResult:
    """Merge replies into the existing progress.

    - Entries outside a reply's department and half year are never touched (earlier
      periods, other departments, rows typed by hand).
    - A reply for a department and half year that already replied replaces that
      department's entries of that half year; the differences are in `changes`.
    - Several departments reporting one task and period are all kept (`overlaps`).
    - Milestones are added unless the same one (task, date, text) is there.

    At most one reply per (department, period) may be given; callers refuse more.
    """
    existing = existing or Progress()
    seen: set[tuple[str, str]] = set()
    for reply in replies:
        key = (reply.department, reply.period)
        if key in seen:
            raise ValueError(f"two replies for {key}")
        seen.add(key)

    entries = list(existing.entries)
    result = MergeResult(progress=existing)
    touched: set[tuple[int, str]] = set()
    for reply in replies:
        half = reply.half
        mine = [e for e in entries if e.department == reply.department and half.start <= e.period.start
                and e.period.end <= half.end]
        if mine:
            result.replaced_replies.append((reply.department, reply.period))
        before = {(e.task, e.period.label): e for e in mine}
        after = {(e.task, e.period.label): e for e in reply.entries}
        for key, new in after.items():
            old = before.get(key)
            if old is None:
                (result.changes.append(Change(reply.department, key[0], key[1], None, new)) if mine
                 else result.added.append(new))
            elif _same(old, new):
                result.unchanged += 1
            else:
                result.changes.append(Change(reply.department, key[0], key[1], old, new))
        for key, old in before.items():
            if key not in after:
                result.changes.append(Change(reply.department, key[0], key[1], old, None))
        entries = [e for e in entries if not any(e is m for m in mine)] + list(reply.entries)
        touched.update((e.task, e.period.label) for e in reply.entries)

    entries.sort(key=lambda e: (e.task, e.period.start, e.period.end, e.role != LEAD, e.department))
    milestones = list(existing.milestones)
    known = {(m.task, m.date, m.text) for m in milestones}
    for reply in replies:
        for m in reply.milestones:
            if (m.task, m.date, m.text) not in known:
                known.add((m.task, m.date, m.text))
                milestones.append(m)
    milestones.sort(key=lambda m: (m.task, m.date))
    result.progress = Progress(entries=tuple(entries), milestones=tuple(milestones))
    result.overlaps = overlaps(result.progress, touched)
    return result


def overlaps(progress: Progress, keys: set[tuple[int, str]] | None = None) -> list[Overlap]:
    """Tasks and periods reported by several departments (restricted to `keys`)."""
    groups: dict[tuple[int, str], list[str]] = {}
    for e in progress.entries:
        key = (e.task, e.period.label)
        if keys is not None and key not in keys:
            continue
        name = e.department or "（未注明部门）"
        if e.role:
            name += f"（{e.role}）"
        groups.setdefault(key, []).append(name)
    return [Overlap(task, period, tuple(dict.fromkeys(names)))
            for (task, period), names in groups.items() if len(set(names)) > 1]


__all__ = ["FORM_KIND", "FORM_SHEET", "FORM_VERSION", "ID_FIELDS", "ID_SHEET", "LEAD", "OVERVIEW_KIND", "SUPPORT",
           "Change", "FormIdentity", "FormRow", "MergeResult", "Overlap", "Reply", "departments_with_tasks",
           "due_meaning", "form_rows", "merge", "overlaps", "plan_key", "reporting_cycles",
           "reports_in", "task_departments"]
