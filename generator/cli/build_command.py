"""`wuhua build`: every document the inputs allow, optionally with PDFs."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import (as_of_option, is_quiet, output_option, read_inputs_of, report_changes, report_written,
                                  say, workspace_of, year_option)
from generator.workspace import shown_path

SAMPLE_HINT = "提示：工作区中没有 inputs/ 文件夹，使用内置示例数据生成。用 wuhua init 新建自己的工作区。"


@click.command()
@output_option
@year_option
@as_of_option
@click.option("--pdf", "make_pdf", is_flag=True, help="同时生成 PDF，并把每批文档合并为一个打印文件（需要 LibreOffice）。")
@click.option("--duplex", is_flag=True, help="与 --pdf 合用：双面打印，合并文件中每份文档从纸张正面开始。")
@click.option("--poster-paper", type=click.Choice(["A4", "A3", "A2", "A1"], case_sensitive=False), default="A3",
              show_default=True, help="判定标准海报的纸张（竖向）。")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="不使用上次生成的结果，全部文档重新生成、PDF 重新转换"
                   "（默认只重新生成数据、模板或文字有变化的文档，只转换内容有变化的 PDF）。")
@click.pass_context
def build(ctx: click.Context, output: Path | None, year: int | None, as_of: dt.date | None, make_pdf: bool = False,
          duplex: bool = False, poster_paper: str = "A3", no_cache: bool = False) -> None:
    """生成输入数据所能生成的全部文档。"""
    from generator.build import FILE_SUFFIXES, build as run_build
    from generator.documents.base import Options

    ws = workspace_of(ctx)
    quiet = is_quiet(ctx)
    inputs = read_inputs_of(ctx, sample_hint=SAMPLE_HINT, cache=not no_cache)
    options = Options(year=year or dt.date.today().year, as_of=as_of or dt.date.today(),
                      poster_paper=poster_paper.upper())
    target = output or ws.output_dir
    skipped: list[str] = []
    from generator.writers.output_lock import output_lock

    # Held from the first document to the last PDF: a second build waits, then refuses.
    single = target.suffix.lower() in FILE_SUFFIXES and not target.is_dir()
    from generator.warmup import office_warmer
    from generator.writers.pdf import shared_offices

    # One LibreOffice for the 目录 layout and the PDFs, started while documents render.
    with _no_lock() if single else output_lock(target), shared_offices(start_all=make_pdf):
        written = run_build(inputs, ws, options, target, skipped=skipped, quiet=quiet, paginate=True,
                            cache=not no_cache, keep_pdfs=make_pdf and not no_cache,
                            watch=office_warmer(pdfs=make_pdf, cache=not no_cache))
        report_written(written, quiet, f"✓ 已生成 {len(written)} 个文件，位于 {shown_path(target)}：")
        report_changes(written, quiet, target)
        for reason in skipped:
            say(f"  ! 有文档未生成：{reason}", err=True)
        for note in [*options.notes, *written.notes]:   # what a kind left out, 目录 without numbers
            say(f"  ! {note}", err=True)
        if make_pdf:
            from generator.cli.pdf import pdf_for_build

            pdf_for_build(ctx, inputs, ws, options, target, duplex=duplex, cache=not no_cache,
                          artifacts=written.artifacts)


def _no_lock():
    import contextlib

    return contextlib.nullcontext()
