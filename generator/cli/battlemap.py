"""`wuhua battlemap`: the 作战图集, the wall chart and the workbook alone, for a date."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import DATE, is_quiet, output_option, read_inputs_of, report_written, say, workspace_of
from generator.errors import Refused
from generator.workspace import shown_path


@click.command()
@click.option("--as-of", "as_of", type=DATE, default=None, metavar="日期",
              help="统计截止日期（默认今天），如 2025-12-31、2025年6月30日。")
@click.option("--paper", type=click.Choice(["A3", "A2"], case_sensitive=False), default=None,
              help="挂图纸张（横向）；不指定时用 A3，A3 排不下全部任务（字号小于 9 磅）时用 A2。")
@output_option
@click.pass_context
def battlemap(ctx: click.Context, as_of: dt.date | None, paper: str | None, output: Path | None) -> None:
    """生成作战图集（Word）、作战图挂图（一页）和作战图（Excel），需要 inputs/进展。"""
    from generator.build import build as run_build
    from generator.documents import battlemap as kind
    from generator.documents.base import Options
    from generator.model.values import format_date
    from generator.workspace import PROGRESS

    day = as_of or dt.date.today()
    ws = workspace_of(ctx)
    quiet = is_quiet(ctx)
    inputs = read_inputs_of(ctx)
    if inputs.plan is None or inputs.progress is None:
        missing = "实施方案" if inputs.plan is None else PROGRESS
        raise Refused(f"缺少{missing}数据：请在 {shown_path(ws.inputs_dir)} 中提供 {missing}.xlsx 或 {missing}.yaml。"
                      "作战图按任务显示进展，两者都需要。")
    plan = inputs.plan
    if not plan.start <= day <= plan.end and not quiet:
        say(f"提示：统计截止日期 {format_date(day)} 不在实施方案期限（{format_date(plan.start)}至"
            f"{format_date(plan.end)}）内。", err=True)
    options = Options(as_of=day, wall_paper=paper.upper() if paper else None)
    target = output or ws.output_dir
    written = run_build(inputs, ws, options, target, kinds=[kind], paginate=True)
    report_written(written, quiet, f"✓ 已生成作战图（统计截至{format_date(day)}），位于 {shown_path(target)}：")
    for note in options.notes + written.notes:
        say(f"  ! {note}", err=True)
