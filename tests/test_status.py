"""The status engine on crafted as-of dates: before, on and after deadlines, and
recurring tasks judged by their last reported period."""
import datetime as dt

import pytest

from generator.model.plan import Plan
from generator.model.progress import Progress, Status
from generator.model.status import Mark, completion, cycle_end, mark_counts, plan_states, task_status

D = dt.date


def plan(*tasks) -> Plan:
    return Plan.model_validate({
        "title": "测试方案", "start": "2024-01-01", "end": "2026-12-31",
        "actions": [{"number": 1, "title": "测试行动",
                     "tasks": [{"number": n, "text": f"任务{n}", "lead": "安全生产科", "schedule": s}
                               for n, s in tasks]}]})


def progress(*entries) -> Progress:
    return Progress.model_validate({"entries": [
        {"task": n, "period": p, "text": "进展", "status": s, **({"percent": pc} if pc is not None else {})}
        for n, p, s, pc in entries]})


def state(p: Plan, prog: Progress, number: int, day: dt.date):
    task = next(t for t in p.tasks if t.number == number)
    return task_status(task, p, prog, day)


DEADLINE = plan((1, "2024年底前"))
HALF_DONE = progress((1, "2024H1", "推进中", 50))


@pytest.mark.parametrize("day, mark, overdue", [
    (D(2024, 12, 30), Mark.IN_PROGRESS, False),   # before the deadline
    (D(2024, 12, 31), Mark.IN_PROGRESS, False),   # on it: still in time
    (D(2025, 1, 1), Mark.OVERDUE, True),          # the day after
])
def test_deadline_before_on_after(day, mark, overdue):
    s = state(DEADLINE, HALF_DONE, 1, day)
    assert (s.mark, s.overdue, s.percent) == (mark, overdue, 50)
    assert s.deadline == D(2024, 12, 31)
    assert s.status is (Status.LATE if overdue else Status.IN_PROGRESS)


def test_days_overdue_count_from_the_deadline():
    assert state(DEADLINE, HALF_DONE, 1, D(2025, 1, 31)).days_overdue == 31


def test_done_task_is_never_overdue():
    done = progress((1, "2024H1", "推进中", 50), (1, "2024H2", "已完成", None))
    s = state(DEADLINE, done, 1, D(2026, 6, 1))
    assert (s.mark, s.overdue, s.percent, s.next_due) == (Mark.DONE, False, 100, None)
    assert s.last_period.label == "2024年下半年"


def test_report_of_a_period_not_yet_begun_does_not_count():
    done = progress((1, "2024H1", "推进中", 50), (1, "2024H2", "已完成", None))
    s = state(DEADLINE, done, 1, D(2024, 6, 30))
    assert s.mark is Mark.IN_PROGRESS and s.last_period.label == "2024年上半年"


def test_never_reported_task_before_and_after_its_deadline():
    assert state(DEADLINE, Progress(), 1, D(2024, 5, 1)).mark is Mark.NOT_STARTED
    late = state(DEADLINE, Progress(), 1, D(2025, 5, 1))
    assert late.mark is Mark.OVERDUE and late.percent == 0


def test_reported_lagging_before_the_deadline_is_late_not_overdue():
    s = state(DEADLINE, progress((1, "2024H1", "滞后", 20)), 1, D(2024, 7, 1))
    assert (s.mark, s.overdue) == (Mark.LATE, False)


QUARTERLY = plan((3, "每季度"))


@pytest.mark.parametrize("day, overdue", [
    (D(2025, 6, 29), False), (D(2025, 6, 30), False), (D(2025, 7, 1), True)])
def test_quarterly_task_needs_the_next_quarter_reported(day, overdue):
    s = state(QUARTERLY, progress((3, "2025Q1", "推进中", 40)), 3, day)
    assert s.recurring and s.next_due == D(2025, 6, 30)
    assert s.overdue is overdue
    assert s.mark is (Mark.OVERDUE if overdue else Mark.IN_PROGRESS)


def test_recurring_task_never_reported_is_overdue_after_its_first_cycle():
    assert not state(QUARTERLY, Progress(), 3, D(2024, 3, 31)).overdue
    s = state(QUARTERLY, Progress(), 3, D(2024, 4, 1))
    assert s.overdue and s.next_due == D(2024, 3, 31) and s.days_overdue == 1


def test_monthly_task_reported_by_half_year_is_due_the_month_after():
    monthly = plan((10, "每月"))
    s = state(monthly, progress((10, "2025H1", "推进中", 50)), 10, D(2025, 7, 31))
    assert (s.next_due, s.overdue) == (D(2025, 7, 31), False)
    assert state(monthly, progress((10, "2025H1", "推进中", 50)), 10, D(2025, 8, 1)).overdue


def test_semiannual_task_reported_each_half_stays_in_time():
    half = plan((17, "每半年"))
    prog = progress((17, "2024H1", "推进中", 25), (17, "2024H2", "推进中", 50))
    s = state(half, prog, 17, D(2025, 6, 30))
    assert (s.overdue, s.next_due, s.percent) == (False, D(2025, 6, 30), 50)


def test_standing_task_is_never_overdue_by_date():
    standing = plan((7, "长期"))
    s = state(standing, progress((7, "2024H1", "推进中", 25)), 7, D(2026, 12, 31))
    assert (s.mark, s.overdue, s.next_due) == (Mark.IN_PROGRESS, False, None)


def test_recurring_task_with_a_deadline_is_overdue_when_either_passes():
    both = plan((5, "每半年，2025年底前"))
    prog = progress((5, "2024H1", "推进中", 30), (5, "2024H2", "推进中", 50), (5, "2025H1", "推进中", 70),
                    (5, "2025H2", "推进中", 90))
    assert not state(both, prog, 5, D(2025, 12, 31)).overdue
    assert state(both, prog, 5, D(2026, 1, 1)).overdue


def test_counts_and_completion_over_a_plan():
    p = plan((1, "2024年底前"), (2, "2025年底前"), (3, "每季度"), (4, "长期"))
    prog = progress((1, "2024H2", "已完成", None), (2, "2024H2", "推进中", 40), (3, "2024Q1", "推进中", 10))
    states = plan_states(p, prog, D(2024, 12, 31))
    counts = mark_counts(states.values())
    assert list(counts) == [Mark.DONE, Mark.IN_PROGRESS, Mark.NOT_STARTED, Mark.LATE, Mark.OVERDUE]
    assert counts == {Mark.DONE: 1, Mark.IN_PROGRESS: 1, Mark.NOT_STARTED: 1, Mark.LATE: 0, Mark.OVERDUE: 1}
    assert completion(states.values()) == (25, round((100 + 40 + 10 + 0) / 4))


def test_marks_differ_without_colour():
    symbols = [m.symbol for m in Mark]
    assert len(set(symbols)) == len(symbols)
    # Every symbol is in GB2312, so the official fonts print it.
    for symbol in symbols:
        symbol.encode("gb2312")


@pytest.mark.parametrize("day, months, end", [
    (D(2025, 2, 10), 1, D(2025, 2, 28)), (D(2025, 5, 1), 3, D(2025, 6, 30)),
    (D(2025, 7, 1), 6, D(2025, 12, 31)), (D(2024, 2, 1), 12, D(2024, 12, 31))])
def test_cycle_end(day, months, end):
    assert cycle_end(day, months) == end


# --- who reported: the lead decides, a 配合 department reports its own share ------------------

def by(*entries) -> Progress:
    """Reports with a department and role, as `wuhua collect` and the web forms file them."""
    return Progress.model_validate({"entries": [
        {"task": n, "period": p, "text": f"{dept}的进展", "status": s, "department": dept, "role": role,
         **({"percent": pc} if pc is not None else {})}
        for n, p, s, pc, dept, role in entries]})


def test_a_supporters_done_does_not_complete_the_task():
    s = state(DEADLINE, by((1, "2024H1", "推进中", 40, "安全生产科", "牵头"),
                           (1, "2024H2", "已完成", 100, "办公室", "配合")), 1, D(2024, 12, 1))
    assert (s.mark, s.percent) == (Mark.IN_PROGRESS, 40)          # the lead's share, not 100
    assert s.last.department == "安全生产科" and s.support.department == "办公室"
    assert s.report_lines() == ["2024年上半年：安全生产科的进展", "2024年下半年办公室（配合）：办公室的进展"]
    after = state(DEADLINE, by((1, "2024H1", "推进中", 40, "安全生产科", "牵头"),
                               (1, "2024H2", "已完成", 100, "办公室", "配合")), 1, D(2025, 1, 1))
    assert after.overdue and after.mark is Mark.OVERDUE             # the task was never completed


def test_a_supporters_report_alone_shows_work_under_way_and_names_the_silent_lead():
    s = state(DEADLINE, by((1, "2024H1", "已完成", None, "办公室", "配合")), 1, D(2024, 10, 1))
    assert (s.mark, s.percent, s.last) == (Mark.IN_PROGRESS, 0, None)
    assert s.report_lines() == ["2024年上半年办公室（配合）：办公室的进展", "牵头部门尚未报送进展"]
    lagging = state(DEADLINE, by((1, "2024H1", "滞后", None, "办公室", "配合")), 1, D(2024, 10, 1))
    assert lagging.mark is Mark.LATE


def test_a_supporters_report_does_not_file_the_leads_report_for_a_cycle():
    only_support = by((3, "2025Q1", "推进中", 40, "安全生产科", "牵头"),
                      (3, "2025Q2", "推进中", 60, "办公室", "配合"))
    s = state(QUARTERLY, only_support, 3, D(2025, 7, 1))
    assert s.overdue and s.next_due == D(2025, 6, 30)               # Q2 not reported by the lead


def test_the_leads_newer_report_is_shown_alone_and_hand_typed_reports_count_as_the_leads():
    s = state(DEADLINE, by((1, "2024H1", "推进中", 30, "办公室", "配合"),
                           (1, "2024H2", "已完成", None, "安全生产科", "牵头")), 1, D(2025, 3, 1))
    assert (s.mark, s.support) == (Mark.DONE, None)
    assert s.report_lines() == ["2024年下半年：安全生产科的进展"]
    typed = state(DEADLINE, progress((1, "2024H2", "已完成", None)), 1, D(2025, 3, 1))
    assert typed.mark is Mark.DONE                                  # no department named: the lead's
