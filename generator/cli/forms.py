"""`wuhua forms` (进展填报表 out to departments) and `wuhua collect` (filled forms
back into inputs/进展.xlsx, with the 催报清单)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator.cli.common import HALF_YEAR, is_quiet, read_inputs_of, say, workspace_of
from generator.errors import Refused
from generator.workspace import shown_path


def _plan_for(inputs, half):
    from generator.model.reporting import reports_in
    from generator.model.values import format_date

    plan = inputs.plan
    if plan is None:
        raise Refused("没有实施方案（inputs/实施方案.yaml 或 .xlsx），无法生成或汇总进展填报表。")
    if not reports_in(plan, half):
        raise Refused(f"{half.label}不在实施方案期限（{format_date(plan.start)}至{format_date(plan.end)}）内，"
                      "请用 --period 指定期限内的半年，如 2026H1。")
    return plan


@click.command()
@click.option("--period", type=HALF_YEAR, default=None, metavar="2026H1",
              help="报告期：2026H1（上半年）或 2026H2（下半年）。默认为下一个报送截止日对应的半年。")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="输出文件夹（默认 output/进展填报表/<期间>/）。")
@click.pass_context
def forms(ctx: click.Context, period, output: Path | None) -> None:
    """生成各部门的进展填报表（Excel，每部门一份）和汇总发放清单。"""
    from generator.build import write_artifacts
    from generator.documents import progress_forms
    from generator.model.summary import HalfYear
    from generator.model.values import format_date

    inputs = read_inputs_of(ctx)
    half = period or HalfYear.due_next(dt.date.today())
    _plan_for(inputs, half)
    target = output or workspace_of(ctx).output_dir / "进展填报表" / half.code
    artifacts = progress_forms.artifacts(inputs, half)
    written = write_artifacts(artifacts, target, quiet=is_quiet(ctx))
    if is_quiet(ctx):
        return
    specs = progress_forms.specs(inputs, half)
    say(f"✓ 已生成{half.label}进展填报表 {len(specs)} 份和汇总发放清单，位于 {shown_path(target)}：")
    for spec, path in zip(specs, written, strict=False):
        say(f"  {path.name}（{len(spec.rows)} 行）")
    say(f"  {written[-1].name}")
    say(f"请发给各部门，于{format_date(half.due_in(inputs.plan.report_days))}前填好交回；收回后运行：wuhua collect 收回的文件或文件夹")


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--period", type=HALF_YEAR, default=None, metavar="2026H1",
              help="本次汇总的报告期；不是该期间的填报表将被拒绝。默认取填报表中的期间。")
@click.option("-y", "--yes", is_flag=True, help="部门重复交回时，确认用新的回复替换旧的（不再询问）。")
@click.option("-n", "--dry-run", "dry_run", is_flag=True, help="只检查并显示将要发生的变化，不写入进展。")
@click.option("--reminder", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="文件.xlsx",
              help="把未交回（或未填完）的部门清单另存为 Excel 催报清单。")
@click.pass_context
def collect(ctx: click.Context, sources: tuple[Path, ...], period, yes: bool, dry_run: bool,
            reminder: Path | None) -> None:
    """汇总各部门交回的进展填报表到 inputs/进展.xlsx，并列出未报部门（催报清单）。

    \b
    例：wuhua collect 收回/            汇总文件夹中的全部填报表
        wuhua collect --period 2026H1  不汇总，只列出未报部门
    """
    from generator.collect import read_replies, write_progress
    from generator.model.reporting import merge

    quiet = is_quiet(ctx)
    inputs = read_inputs_of(ctx)
    if not sources and period is None:
        raise Refused("请给出交回的填报表文件或文件夹（如 wuhua collect 收回/），"
                      "或用 --period 2026H1 只查看未报部门。")
    batch = read_replies(list(sources), inputs, period) if sources else None
    half = period or (batch.period if batch else None)
    if half is None:
        raise Refused("没有可汇总的填报表，无法确定期间，请用 --period 指定。")
    _plan_for(inputs, half)
    if batch is not None:
        for w in batch.warnings:
            say(f"  ! 警告：{w}", err=True)
    result = merge(inputs.progress, batch.replies if batch else [])
    if batch is not None and not quiet:
        say(f"读取 {len(batch.files)} 份填报表（{half.label}）：")
        for f in batch.files:
            say(f"  {f.shown} → {f.identity.department}：已填 {f.answered} 行 / 应填 {f.asked} 行")
        for p in batch.overviews:
            say(f"  {shown_path(p)} 是汇总发放清单，已跳过")
    if result.changes:
        say(f"以下部门此前已交回{half.label}的进展，新的回复与原来不同：")
        for change in result.changes:
            say(f"  · {change.describe()}")
    if dry_run:
        say("（试运行：未写入任何文件）")
    elif batch is not None and batch.replies:
        if result.changes and not yes:
            if not sys.stdin.isatty():
                raise Refused("部门重复交回的填报表会替换原来的进展（差异见上）。确认替换请加 --yes 重新运行；"
                              "进展未改动。")
            if not click.confirm("确认用新的回复替换原来的进展？", default=False):
                say("已取消，进展未改动。")
                return
        target, backups = write_progress(workspace_of(ctx), inputs, result, now=dt.datetime.now())
        if not quiet:
            added = len(result.added) + sum(1 for c in result.changes if c.before is None)
            replaced = sum(1 for c in result.changes if c.before is not None and c.after is not None)
            removed = sum(1 for c in result.changes if c.after is None)
            say(f"✓ 已写入 {shown_path(target)}：新增 {added} 条，替换 {replaced} 条，"
                + (f"删除 {removed} 条，" if removed else "")
                + f"未变 {result.unchanged} 条。其他期间和其他部门的进展均未改动。")
            for b in backups:
                say(f"  原文件已备份为 {shown_path(b)}")
    if result.overlaps and not quiet:
        say("同一任务同一期间有多个部门报送（均已保留，作战图采用牵头部门的进展，请核对）：")
        for o in result.overlaps:
            say(f"  · {o.describe()}")
    _chase(inputs, half, result.progress, reminder, quiet)


def _chase(inputs, half, progress, reminder: Path | None, quiet: bool) -> None:
    from generator.collect import missing_departments
    from generator.model.values import format_date

    missing = missing_departments(inputs, half, progress)
    contacts = {d.name: d for d in inputs.departments}
    due = half.due_in(inputs.plan.report_days if inputs.plan else ())
    if not quiet:
        if not missing:
            say(f"✓ {half.label}各部门均已交回并填完。")
        else:
            say(f"催报清单（{half.label}，截止{format_date(due)}）：{len(missing)} 个部门未交回或未填完")
            for name, asked, answered, tasks in missing:
                d = contacts.get(name)
                who = f"，{d.head} {d.phone}".rstrip() if d and (d.head or d.phone) else ""
                state = "未交回" if answered == 0 else f"已填 {answered}/{asked} 行"
                say(f"  · {name}：{state}，任务 {'、'.join(map(str, tasks))}{who}")
    if reminder is not None:
        from generator.documents.progress_forms import reminder_workbook
        from generator.writers import atomic
        from generator.writers.xlsx import workbook_bytes

        atomic.write_bytes(reminder, workbook_bytes(reminder_workbook(half, missing, contacts, due)))
        if not quiet:
            say(f"✓ 催报清单已保存为 {shown_path(reminder)}")


__all__ = ["collect", "forms"]
