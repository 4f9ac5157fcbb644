"""Commands for 机制化 and the half-year summary: summary, calendar, status."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli import _as_of_option, _output_option, _ws, guarded, main, report_warnings, say
from generator.workspace import read_workspace, shown_path


def _half_year(ctx, param, value):
    from generator.readers.summary import parse_half_year
    if value is None:
        return None
    half = parse_half_year(value)
    if half is None:
        raise click.BadParameter(f"“{value}”不是半年，请写作 2025H1（上半年）或 2025H2（下半年）")
    return half


def _default_half_year(today: dt.date):
    """The half year whose summary is due next: until 10 June the first, until 10
    December the second, after that the next year's first."""
    from generator.model.summary import HalfYear
    if today <= dt.date(today.year, 6, 10):
        return HalfYear(year=today.year, first=True)
    if today <= dt.date(today.year, 12, 10):
        return HalfYear(year=today.year, first=False)
    return HalfYear(year=today.year + 1, first=True)


def _write(artifacts, target: Path) -> list[Path]:
    from generator.build import render_all
    from generator.writers.atomic import write_all
    return write_all(render_all(artifacts, target))


@main.command()
@click.option("--period", callback=_half_year, default=None, metavar="2025H2",
              help="总结的半年：2025H1（上半年）或 2025H2（下半年）。默认为下一个报送截止日对应的半年。")
@_output_option
@click.pass_context
@guarded
def summary(ctx, period, output: Path | None) -> None:
    """生成半年工作总结（每年6月10日、12月10日前报送）。"""
    from docx import Document

    from generator.documents import summary as summary_doc
    from generator.readers.summary import FOLDER

    ws = _ws(ctx)
    inputs = read_workspace(ws)
    report_warnings(inputs)
    half = period or _default_half_year(dt.date.today())
    text = inputs.summaries.get(half.code)
    if text is None:
        say(f"提示：没有找到 inputs/{FOLDER}/{half.code}.yaml，“存在的问题”“下步工作打算”和部分数字将显示为"
            "【待补充：…】。", err=True)
    target = output or ws.output_dir
    written = _write([summary_doc.summary_artifact(inputs, half)], target)
    path = written[0]
    doc = Document(path)
    body = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    gaps = body.count("【待补充：")
    if not ctx.obj["quiet"]:
        say(f"✓ 已生成 {shown_path(path)}")
        say(f"  报送截止日：{half.due.year}年{half.due.month}月{half.due.day}日前；"
            f"成文日期：{summary_doc.summary_date(text, inputs, half):%Y-%m-%d}")
        if gaps:
            say(f"  ! 文中有 {gaps} 处【待补充：…】（黄色底纹），请补齐数据重新生成或在 Word 中填写后再报送。")


@main.command()
@click.option("--year", type=click.IntRange(1990, 2100), default=None, help="日历年份（默认今年）。")
@_output_option
@click.pass_context
@guarded
def calendar(ctx, year: int | None, output: Path | None) -> None:
    """生成机制化工作日历：Excel 日程表和可导入 Outlook/手机日历的 .ics 文件。"""
    from generator.documents import duty_calendar
    from generator.documents.base import Options
    from generator.holidays import coverage_note, day_off

    ws = _ws(ctx)
    inputs = read_workspace(ws)
    report_warnings(inputs)
    year = year or dt.date.today().year
    artifacts = duty_calendar.artifacts(inputs, ws, Options(year=year))
    if not artifacts:
        say("✗ 没有实施方案（inputs/实施方案.yaml 或 .xlsx），无法生成工作日历。", err=True)
        raise SystemExit(2)
    items = duty_calendar.year_obligations(inputs, year)
    written = _write(artifacts, output or ws.output_dir)
    if not ctx.obj["quiet"]:
        flagged = sum(1 for o in items if day_off(o.date))
        say(f"✓ {year}年共 {len(items)} 项工作事项，其中 {flagged} 项到期日落在周末或节假日（已标注）：")
        for path in written:
            say(f"  {shown_path(path)}")
        note = coverage_note(year)
        if note:
            say(f"  ! {note}", err=True)


@main.command()
@_as_of_option
@click.option("--days", type=click.IntRange(1, 366), default=14, show_default=True, help="列出多少天内到期的事项。")
@click.pass_context
@guarded
def status(ctx, as_of: dt.date | None, days: int) -> None:
    """列出已逾期和近期到期的任务、隐患整改和日历事项（只显示，不生成文件）。"""
    from generator.model.values import format_date
    from generator.status_board import board, render_table

    inputs = read_workspace(_ws(ctx))
    report_warnings(inputs)
    as_of = as_of or dt.date.today()
    overdue, soon = board(inputs, as_of, days)
    say(f"截至 {format_date(as_of)}：已逾期 {len(overdue)} 项，{days} 天内到期 {len(soon)} 项。")
    say("")
    say(f"■ 已逾期（{len(overdue)}）")
    for line in (render_table(overdue, as_of) if overdue else ["  无"]):
        say(line)
    say("")
    say(f"■ {days} 天内到期（{format_date(as_of)}—{format_date(as_of + dt.timedelta(days=days))}，{len(soon)}）")
    for line in (render_table(soon, as_of) if soon else ["  无"]):
        say(line)
