"""机制化: every recurring and dated obligation of a year, derived from the plan
input alone: its 工作节奏 (rhythms it states besides the 时限 column), its 年度目标,
its 总结报送 days, every task's 时限 (start, milestones, deadline, recurrence), and the
milestones of the progress input. Nothing here is specific to one plan.

Recurring duties fall due on the last day of their month, quarter or half year (or
the day their 时限 names); weekly ones (每周, 每周五前) get an entry every week, on the
Sunday or the named weekday. A task whose 时限 gives no date (时限未定) gets none.
"""
from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass

from generator.model.deadline import recurrence_word
from generator.model.plan import Plan
from generator.model.progress import Progress


@dataclass(frozen=True)
class Obligation:
    date: dt.date
    title: str
    kind: str          # 每周 / 每月 / 每季度 / 每半年 / 每年 / 报送 / 时限 / 时间节点 / 目标
    basis: str         # where the plan asks for it
    owner: str = ""    # who carries it out

    @property
    def key(self) -> tuple:
        return (self.date, self.kind, self.title)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def period_ends(year: int, months: int) -> list[dt.date]:
    return [month_end(year, m) for m in range(months, 13, months)]


def _label(months: int, day: dt.date) -> str:
    if months == 1:
        return f"{day.month}月"
    if months == 3:
        return f"第{'一二三四'[(day.month - 1) // 3]}季度"
    if months == 6:
        return "上半年" if day.month <= 6 else "下半年"
    if months == 12:
        return f"{day.year}年"
    return f"{day.month - months + 1}—{day.month}月"


def weekly_days(year: int, schedule) -> list[dt.date]:
    """The due day of every week (Monday to Sunday) of a weekly 时限 that falls in `year`."""
    sunday = dt.date(year, 1, 1) + dt.timedelta(days=6 - dt.date(year, 1, 1).weekday())
    days = []
    while (day := schedule.cycle_due(sunday)).year <= year:
        if day.year == year:
            days.append(day)
        sunday += dt.timedelta(days=7)
    return days


_LEAD_INS = ("按照", "结合", "借助", "根据", "依据", "聚焦")


def short_task(text: str, limit: int = 36) -> str:
    """A task's gist for lists and calendars: its first clause that is not a lead-in
    such as “按照《…》”."""
    import re

    clauses = [c for c in re.split(r"[，；。,]", text) if c.strip()]
    for clause in clauses:
        if len(clause) >= 6 and not clause.startswith(_LEAD_INS):
            return clause if len(clause) <= limit else clause[: limit - 1] + "…"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def obligations(year: int, plan: Plan | None, progress: Progress | None, *, owner: str = "") -> list[Obligation]:
    out: list[Obligation] = []
    in_plan = (lambda d: plan.start <= d <= plan.end) if plan else (lambda d: True)

    def add(o: Obligation):
        if in_plan(o.date):
            out.append(o)

    tasks = {t.number: t for t in plan.tasks} if plan else {}
    covered = set()
    for rhythm in (plan.rhythms if plan else ()):
        if rhythm.task is not None:
            if rhythm.task not in tasks:
                continue
            covered.add(rhythm.task)
        lead = tasks[rhythm.task].lead if rhythm.task is not None else owner
        basis = rhythm.basis or (f"实施方案任务{rhythm.task}" if rhythm.task is not None else "实施方案")
        for day in period_ends(year, rhythm.months):
            add(Obligation(day, f"{_label(rhythm.months, day)}：{rhythm.what}", rhythm.word, basis, lead))
    # ““五化”工作” + “工作总结” would read “工作工作总结”.
    work = (plan.work_name.removesuffix("工作") or plan.work_name) if plan else ""
    for month, day_of_month in (plan.report_days if plan else ()):
        day = dt.date(year, month, day_of_month)
        half = "上半年" if month <= 6 else "下半年"
        add(Obligation(day, f"报送{year}年{half}{work}工作总结（{month}月{day_of_month}日前）", "报送",
                       plan.report_basis, owner))
    goal = plan.goal_of(year) if plan else ""
    if goal:
        add(Obligation(dt.date(year, 12, 31), f"{year}年底目标：{goal}", "目标", "实施方案主要目标", owner))
    for task in (plan.tasks if plan else []):
        schedule = task.schedule
        what = f"任务{task.number}：{task.short}"
        if schedule.weekly and task.number not in covered:
            first_day = task.start or plan.start
            last_day = schedule.due or plan.end
            for day in weekly_days(year, schedule):
                if first_day <= day <= last_day:
                    add(Obligation(day, f"每周：{what}", "每周", f"实施方案任务{task.number}（{schedule.text}）",
                                   task.lead))
        elif schedule.recurring and task.number not in covered:
            months = schedule.recurrence_months
            first_day = task.start or (schedule.window[0] if schedule.window else plan.start)
            last_day = schedule.due or plan.end
            for end in period_ends(year, months):
                day = schedule.cycle_due(end)      # the named day (每月10日前), else the cycle's end
                if first_day <= day <= last_day:
                    add(Obligation(day, f"{_label(months, day)}：{what}", recurrence_word(months),
                                   f"实施方案任务{task.number}（{schedule.text}）", task.lead))
        if schedule.start_by is not None and schedule.start_by.year == year:
            add(Obligation(schedule.start_by, f"{what}（启动时限：{schedule.text}）", "时限",
                           f"实施方案任务{task.number}", task.lead))
        for m in schedule.milestones:
            if m.date.year == year:
                add(Obligation(m.date, f"{what}（{m.what}时限：{schedule.text}）", "时限",
                               f"实施方案任务{task.number}", task.lead))
        if schedule.due is not None and schedule.due.year == year:
            add(Obligation(schedule.due, f"{what}（时限：{schedule.text}）", "时限",
                           f"实施方案任务{task.number}", task.lead))
    if progress is not None:
        for m in progress.milestones:
            if m.date.year == year:
                lead = tasks[m.task].lead if m.task in tasks else ""
                add(Obligation(m.date, f"任务{m.task}时间节点：{m.text}", "时间节点", "进展·时间节点", lead))
    unique = {o.key: o for o in out}
    return sorted(unique.values(), key=lambda o: (o.date, KIND_ORDER.get(o.kind, 9), o.title))


KIND_ORDER = {"报送": 0, "目标": 1, "时限": 2, "时间节点": 3, "每年": 4, "每半年": 5, "每季度": 6, "每两个月": 7, "每月": 8, "每周": 9}
