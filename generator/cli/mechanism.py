"""Commands for 机制化 and the half-year summary: summary, calendar, status."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import (HALF_YEAR, as_of_option, is_quiet, output_option, read_inputs_of, say,
                                  workspace_of)
from generator.errors import Refused
from generator.workspace import shown_path


def _write(artifacts, target: Path, kind: str) -> list[Path]:
    """Adds to output/ (a summary of another half year does not replace this one)."""
    from generator.build import write_artifacts

    return write_artifacts(artifacts, target, kind=kind)


@click.command()
@click.option("--period", type=HALF_YEAR, default=None, metavar="2025H2",
              help="总结的半年：2025H1（上半年）或 2025H2（下半年）。默认为下一个报送截止日对应的半年。")
@output_option
@click.pass_context
def summary(ctx: click.Context, period, output: Path | None) -> None:
    """生成半年工作总结（每年6月10日、12月10日前报送）。"""
    from generator.documents import summary as summary_doc
    from generator.model.summary import HalfYear
    from generator.readers.summary import FOLDER

    inputs = read_inputs_of(ctx)
    half = period or HalfYear.due_next(dt.date.today())
    text = inputs.summaries.get(half.code)
    if text is None:
        say(f"提示：没有找到 inputs/{FOLDER}/{half.code}.yaml，“存在的问题”“下步工作打算”和部分数字将显示为"
            "【待补充：…】。", err=True)
    ws = workspace_of(ctx)
    target = output or ws.output_dir
    wording = ws.wording(summary_doc.WORDING)
    written = _write([summary_doc.summary_artifact(inputs, half, wording)], target, "summary")
    if not is_quiet(ctx):
        gaps = summary_doc.placeholder_count(inputs, half, wording)
        say(f"✓ 已生成 {shown_path(written[0])}")
        due = half.due_in(inputs.plan.report_days if inputs.plan else ())
        say(f"  报送截止日：{due.year}年{due.month}月{due.day}日前；"
            f"成文日期：{summary_doc.summary_date(text, inputs, half):%Y-%m-%d}")
        if gaps:
            say(f"  ! 文中有 {gaps} 处【待补充：…】（黄色底纹），请补齐数据重新生成或在 Word 中填写后再报送。")


@click.command()
@click.option("--year", type=click.IntRange(1990, 2100), default=None, help="日历年份（默认今年）。")
@output_option
@click.pass_context
def calendar(ctx: click.Context, year: int | None, output: Path | None) -> None:
    """生成机制化工作日历：Excel 日程表和可导入 Outlook/手机日历的 .ics 文件。"""
    from generator.documents import duty_calendar
    from generator.documents.base import Options
    from generator.holidays import coverage_note, day_off

    ws = workspace_of(ctx)
    inputs = read_inputs_of(ctx)
    year = year or dt.date.today().year
    artifacts = duty_calendar.artifacts(inputs, ws, Options(year=year))
    if not artifacts:
        raise Refused("没有实施方案（inputs/实施方案.yaml 或 .xlsx），无法生成工作日历。")
    items = duty_calendar.year_obligations(inputs, year)
    written = _write(artifacts, output or ws.output_dir, "duty_calendar")
    if not is_quiet(ctx):
        flagged = sum(1 for o in items if day_off(o.date))
        say(f"✓ {year}年共 {len(items)} 项工作事项，其中 {flagged} 项到期日落在周末或节假日（已标注）：")
        for path in written:
            say(f"  {shown_path(path)}")
        note = coverage_note(year)
        if note:
            say(f"  ! {note}", err=True)


@click.command()
@as_of_option
@click.option("--days", type=click.IntRange(1, 366), default=14, show_default=True, help="列出多少天内到期的事项。")
@click.pass_context
def status(ctx: click.Context, as_of: dt.date | None, days: int) -> None:
    """列出已逾期和近期到期的任务、隐患整改和日历事项（只显示，不生成文件）。"""
    from generator.cli.status_table import render_table, window
    from generator.model.due_list import due_list
    from generator.model.values import format_date

    inputs = read_inputs_of(ctx)
    as_of = as_of or dt.date.today()
    overdue, soon = due_list(inputs, as_of, days)
    say(f"截至 {format_date(as_of)}：已逾期 {len(overdue)} 项，{days} 天内到期 {len(soon)} 项。")
    say("")
    say(f"■ 已逾期（{len(overdue)}）")
    for line in (render_table(overdue) if overdue else ["  无"]):
        say(line)
    say("")
    say(f"■ {days} 天内到期（{window(as_of, days)}，{len(soon)}）")
    for line in (render_table(soon) if soon else ["  无"]):
        say(line)
