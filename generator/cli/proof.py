"""`wuhua proof FILE|FOLDER…`: a print preflight, measured on the PDF."""
from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import file_arguments, is_quiet, say
from generator.errors import EXIT_FINDINGS, ConversionFailed
from generator.workspace import shown_path


@click.command("proof")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--min-pt", type=click.FloatRange(4, 30), default=9.0, show_default=True,
              help="正文最小字号（磅），印得更小的文字算作问题。")
@click.option("--table-min-pt", type=click.FloatRange(4, 30), default=8.0, show_default=True,
              help="表格和 Excel 文字的最小字号（磅）。")
@click.option("--sheets", "sheets", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="校样图（每页缩略图）保存的文件夹（默认：第一个参数所在处的“校样”文件夹）。")
@click.option("--no-sheets", is_flag=True, help="不生成校样图。")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="同时运行的 LibreOffice 数。")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="全部重新转换后检查（默认：内容与以前转换过的文档逐字节相同时，直接检查那次的 PDF）。")
@click.pass_context
def proof_command(ctx: click.Context, files, min_pt, table_min_pt, sheets, no_sheets, workers, no_cache) -> None:
    """打印前检查：把 Word/Excel/PDF 文件（或文件夹中的全部）按打印效果逐页检查。

    \b
    检查项：字号过小、几乎空白的页、文字超出单元格或被裁切、以“…”截断的文字；
    公文格式（A4、正文3号仿宋）另查 GB/T 9704：页边距、正文字体字号和行距、
    标题字体、页码“— N —”、署名和成文日期位置、中文里的半角标点。
    每个文件生成一张校样图（全部页面的缩略图，有问题的页加红框），打印前先看一眼。
    退出状态：0 未发现问题；4 发现问题；2 参数有误；3 无法转换（LibreOffice）。
    """
    from generator.proof.checks import Limits
    from generator.proof.run import PROOFABLE, SHEET_FOLDER, proof, worth_proofing

    sources = file_arguments(files, PROOFABLE, "检查", worth_proofing)
    if no_sheets:
        folder = None
    else:
        first = Path(files[0])
        folder = sheets or ((first if first.is_dir() else first.parent) / SHEET_FOLDER)
    quiet = is_quiet(ctx)
    reports = proof(sources, folder, Limits(min_pt, table_min_pt), workers=workers,
                    warn=lambda text: say(f"  ! {text}", err=True), quiet=quiet, cache=not no_cache)
    total = 0
    for r in reports:
        if r.error:
            continue
        kind = "，公文格式" if r.official else ""
        if r.findings:
            total += len(r.findings)
            say(f"✗ {shown_path(r.file)}（{r.pages} 页{kind}）：{len(r.findings)} 处问题")
            for f in r.findings:
                say(f"  {f}")
        elif not quiet:
            say(f"✓ {shown_path(r.file)}（{r.pages} 页{kind}）")
    failed = [r for r in reports if r.error]
    checked = [r for r in reports if not r.error]
    if not quiet:
        summary = f"共检查 {len(checked)} 个文件 {sum(r.pages for r in checked)} 页，"
        summary += f"发现 {total} 处问题。" if total else "未发现问题。"
        if folder is not None and checked:
            summary += f"校样图在 {shown_path(folder)}"
        say(summary)
    if failed:
        raise ConversionFailed("\n".join([f"✗ 有 {len(failed)} 个文件无法检查："]
                                         + [f"  ✗ {shown_path(r.file)}：{r.error}" for r in failed]))
    if total:
        ctx.exit(EXIT_FINDINGS)
