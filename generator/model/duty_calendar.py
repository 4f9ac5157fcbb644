"""机制化: every recurring and dated obligation of a year, derived from the plan's
own rhythms (tasks 10 and 17, safeguards 一、四、五, the 主要目标 milestones), the
plan input's task deadlines and frequencies, and the milestones of the progress input.

Recurring duties fall due on the last day of their month, quarter or half year;
the two summaries on 10 June and 10 December.
"""
from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass

from generator.model.plan import Plan
from generator.model.progress import Progress
from generator.model.values import Frequency


@dataclass(frozen=True)
class Obligation:
    date: dt.date
    title: str
    kind: str          # 每月 / 每季度 / 每半年 / 每年 / 报送 / 时限 / 时间节点 / 目标
    basis: str         # where the plan asks for it
    owner: str = ""    # who carries it out

    @property
    def key(self) -> tuple:
        return (self.date, self.kind, self.title)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def period_ends(year: int, months: int) -> list[dt.date]:
    return [month_end(year, m) for m in range(months, 13, months)]


def _label(freq: Frequency, day: dt.date) -> str:
    if freq == Frequency.MONTHLY:
        return f"{day.month}月"
    if freq == Frequency.QUARTERLY:
        return f"第{'一二三四'[(day.month - 1) // 3]}季度"
    if freq == Frequency.SEMIANNUAL:
        return "上半年" if day.month <= 6 else "下半年"
    return f"{day.year}年"


# The plan's own rhythms, said more precisely than the 时限 column can:
# (task number, frequency, what, basis). Tasks named here are not repeated generically.
TASK_RHYTHMS = [
    (10, Frequency.MONTHLY, "督促民爆生产经营单位主要负责人带队检查重大事故隐患排查整治情况（每月至少1次）",
     "实施方案任务10"),
    (10, Frequency.QUARTERLY, "督促其他行业企业主要负责人带队检查重大事故隐患排查整治情况（每季度至少1次）",
     "实施方案任务10"),
    (17, Frequency.SEMIANNUAL, "督促民爆生产销售企业组织疏散逃生演练（每半年至少1次）", "实施方案任务17"),
]

SAFEGUARD_RHYTHMS = [
    (Frequency.SEMIANNUAL, "向分管领导汇报治本攻坚情况及工作建议（每半年至少1次）", "实施方案保障措施（一）"),
    (Frequency.SEMIANNUAL, "开展实地专项指导服务（每半年至少1次）", "实施方案保障措施（四）"),
]

# 主要目标 of the plan, by year.
GOALS = {
    2024: "民爆行业常态化实现重大事故隐患动态清零",
    2025: "车辆安全源头治理能力进一步提升，有效打击“大吨小标”等违法违规行为",
    2026: "基本形成重大事故隐患动态清零常态化机制",
}


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
    for number, freq, what, basis in TASK_RHYTHMS:
        if plan is not None and number not in tasks:
            continue
        covered.add(number)
        lead = tasks[number].lead if number in tasks else owner
        for day in period_ends(year, freq.months):
            add(Obligation(day, f"{_label(freq, day)}：{what}", freq.value, basis, lead))
    for freq, what, basis in SAFEGUARD_RHYTHMS:
        for day in period_ends(year, freq.months):
            add(Obligation(day, f"{_label(freq, day)}：{what}", freq.value, basis, owner))
    for first in (True, False):
        day = dt.date(year, 6 if first else 12, 10)
        half = "上半年" if first else "下半年"
        add(Obligation(day, f"报送{year}年{half}治本攻坚工作总结（{day.month}月10日前）", "报送",
                       "实施方案保障措施（五）", owner))
    if year in GOALS:
        add(Obligation(dt.date(year, 12, 31), f"{year}年底目标：{GOALS[year]}", "目标", "实施方案主要目标", owner))
    for task in (plan.tasks if plan else []):
        schedule = task.schedule
        what = f"任务{task.number}：{task.short}"
        if schedule.recurring and task.number not in covered:
            first_day = task.start or plan.start
            last_day = schedule.due or plan.end
            for day in period_ends(year, schedule.frequency.months):
                if first_day <= day <= last_day:
                    add(Obligation(day, f"{_label(schedule.frequency, day)}：{what}", schedule.frequency.value,
                                   f"实施方案任务{task.number}（{schedule.text}）", task.lead))
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


KIND_ORDER = {"报送": 0, "目标": 1, "时限": 2, "时间节点": 3, "每年": 4, "每半年": 5, "每季度": 6, "每月": 7}
