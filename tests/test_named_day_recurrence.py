"""Recurrences with a named day, as clerks write them: “每月10日前” (due the 10th of
each month) and “每年12月10日前” (due 10 December each year). What was understood is
said back (the ledger's 时限解读), and the due dates follow it in the status engine
(the ledger's next deadline) and the calendar. On the one-year county plan and on the
three-year plan_b (where a bare “12月10日前” is refused, “每年12月10日前” is not)."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from generator.model.deadline import parse_deadline
from tests.conftest import ROOT, run_cli
from tests.county_workspace import write_county_workspace

PLAN_B = ROOT / "tests" / "data" / "plan_b"


@pytest.mark.parametrize("start, end", [(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
                                        (dt.date(2025, 1, 1), dt.date(2027, 12, 31))])
def test_meaning_and_due_days(start, end):
    monthly = parse_deadline("每月10日前", plan_start=start, plan_end=end)
    assert monthly.meaning == "每月报送一次进展（每月10日前到期）"
    assert monthly.recurrence_months == 1 and monthly.due is None
    assert monthly.cycle_due(dt.date(2026, 3, 31)) == dt.date(2026, 3, 10)
    yearly = parse_deadline("每年12月10日前", plan_start=start, plan_end=end)
    assert yearly.meaning == "每年报送一次进展（每年12月10日前到期）"
    assert yearly.cycle_due(dt.date(2026, 12, 31)) == dt.date(2026, 12, 10)
    # A short month: 每月31日前 is due on its last day.
    assert parse_deadline("每月31日前", plan_start=start, plan_end=end).cycle_due(
        dt.date(2026, 2, 28)) == dt.date(2026, 2, 28)
    # Unchanged: a plain recurrence is due when its period ends.
    assert parse_deadline("每月", plan_start=start, plan_end=end).meaning == "每月报送一次进展（周期结束时到期）"


@pytest.mark.parametrize("text", ["每年2月30日前", "每年13月1日前", "每月32日前", "每月10日前，每季度"])
def test_impossible_days_and_two_cycles_are_refused(text):
    with pytest.raises(ValueError) as e:
        parse_deadline(text, plan_start=dt.date(2026, 1, 1), plan_end=dt.date(2026, 12, 31))
    assert f"时限“{text}”" in str(e.value)


def _set_deadlines(path: Path, deadlines: dict[int, str]) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    for action in data["行动"]:
        for task in action["任务"]:
            if task["编号"] in deadlines:
                task["时限"] = deadlines[task["编号"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _rows(path: Path, marker: str) -> list[dict]:
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    header = next(r for r in rows if r and marker in r)
    return [dict(zip(header, r)) for r in rows[rows.index(header) + 1:] if any(r)]


def test_county_ledger_states_the_meaning_and_the_next_due_day(tmp_path):
    ws = write_county_workspace(tmp_path / "ws")
    _set_deadlines(ws / "inputs" / "实施方案.yaml", {2: "每月10日前", 3: "每年12月10日前"})
    done = run_cli("-w", str(ws), "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "任务2的时限理解为：每月报送一次进展（每月10日前到期）。" in done.stdout
    assert "任务3的时限理解为：每年报送一次进展（每年12月10日前到期）。" in done.stdout
    done = run_cli("-w", str(ws), "build", "--year", "2026", "--as-of", "2026-11-20")
    assert done.returncode == 0, done.stdout + done.stderr
    ledger = {r["任务编号"]: r for r in _rows(ws / "output" / "任务台账.xlsx", "时限解读") if r.get("任务编号")}
    assert ledger[2]["时限解读"] == "每月报送一次进展（每月10日前到期）"
    assert ledger[3]["时限解读"] == "每年报送一次进展（每年12月10日前到期）"
    cells = " ".join(str(v) for v in ledger[2].values() if v)
    # Task 2 last reported for 2026Q2: its next monthly report was due 10 July.
    assert "2026年7月10日" in cells
    cal = _rows(ws / "output" / "2026年机制化工作日历.xlsx", "日期")
    days = [str(r) for r in cal if any("任务2：" in str(v) for v in r.values() if v)]
    assert len(days) == 12 and all("-10" in d or "10日" in d or "/10" in d for d in days), days[:2]


def test_plan_b_takes_each_year_december_10th(tmp_path):
    ws = tmp_path / "b"
    shutil.copytree(PLAN_B, ws / "inputs", ignore=shutil.ignore_patterns("xlsx"))
    _set_deadlines(ws / "inputs" / "实施方案.yaml", {5: "每年12月10日前"})
    done = run_cli("-w", str(ws), "check")
    assert done.returncode == 0, done.stdout + done.stderr
    for year in (2025, 2027):
        out = tmp_path / str(year)
        done = run_cli("-w", str(ws), "calendar", "--year", str(year), "-o", str(out))
        assert done.returncode == 0, done.stdout + done.stderr
        [book] = out.glob("*.xlsx")
        mine = [r for r in _rows(book, "日期") if any("任务5：" in str(v) for v in r.values() if v)]
        assert len(mine) == 1, mine
        assert any(v in (dt.datetime(year, 12, 10), dt.date(year, 12, 10), f"{year}-12-10") or
                   f"{year}年12月10日" in str(v) for v in mine[0].values()), mine[0]
