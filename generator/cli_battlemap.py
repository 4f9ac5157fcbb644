"""`wuhua battlemap`: the 作战图集, the wall chart and the workbook alone, for a date."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator.cli import EXIT_BAD_INPUT, _output_option, _ws, guarded, main, report_warnings, say
from generator.model.values import DATE_FORMS, format_date, parse_date
from generator.workspace import read_workspace, shown_path


@main.command()
@click.option("--as-of", "as_of", default=None, metavar="日期",
              help="统计截止日期（默认今天），如 2025-12-31、2025年6月30日。")
@click.option("--paper", type=click.Choice(["A3", "A2"], case_sensitive=False), default="A3", show_default=True,
              help="挂图纸张（横向）。")
@_output_option
@click.pass_context
@guarded
def battlemap(ctx, as_of: str | None, paper: str, output: Path | None) -> None:
    """生成作战图集（Word）、作战图挂图（一页）和作战图（Excel），需要 inputs/进展。"""
    from generator.build import build as run_build
    from generator.documents import battlemap as kind
    from generator.documents.base import Options
    from generator.workspace import PROGRESS

    day = dt.date.today()
    if as_of is not None:
        try:
            day = parse_date(as_of)
        except ValueError as exc:
            say(f"✗ --as-of 的值“{as_of}”：{exc}（可用的写法：{DATE_FORMS}）", err=True)
            sys.exit(EXIT_BAD_INPUT)
    ws = _ws(ctx)
    quiet = ctx.obj["quiet"]
    inputs = read_workspace(ws)
    report_warnings(inputs)
    if inputs.plan is None or inputs.progress is None:
        missing = "实施方案" if inputs.plan is None else PROGRESS
        say(f"✗ 缺少{missing}数据：请在 {shown_path(ws.inputs_dir)} 中提供 {missing}.xlsx 或 {missing}.yaml。"
            "作战图按任务显示进展，两者都需要。", err=True)
        sys.exit(EXIT_BAD_INPUT)
    plan = inputs.plan
    if not plan.start <= day <= plan.end and not quiet:
        say(f"提示：统计截止日期 {format_date(day)} 不在实施方案期限（{format_date(plan.start)}至"
            f"{format_date(plan.end)}）内。", err=True)
    options = Options(as_of=day, wall_paper=paper.upper())
    target = output or ws.output_dir
    written = run_build(inputs, ws, options, target, kinds=[kind])
    if not quiet:
        say(f"✓ 已生成作战图（统计截至{format_date(day)}），位于 {shown_path(target)}：")
        for path in written:
            say(f"  {shown_path(path)}")
