"""`wuhua pdf FILE...` and the PDF step of `wuhua build --pdf`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.common import file_arguments, is_quiet, say
from generator.errors import ConversionFailed, Refused
from generator.workspace import shown_path

CONVERTIBLE = (".docx", ".xlsx")


def _talk(ctx: click.Context) -> bool:
    """Summaries only for a person at a terminal; scripts get errors only."""
    return not is_quiet(ctx) and sys.stdout.isatty()


def pdf_options(f):
    f = click.option("--duplex", is_flag=True,
                     help="双面打印：合并打印 PDF 中页数为奇数的文档后加一空白页，使每份文档（每个科室、每家企业）从纸张正面开始。")(f)
    f = click.option("--workers", type=click.IntRange(1, 64), default=None,
                     help="同时运行的 LibreOffice 数（默认每个 CPU 核一个）。")(f)
    f = click.option("--timeout", type=click.FloatRange(1, 3600), default=None,
                     help="单个文档转换的最长秒数（默认 120），超时的 LibreOffice 会被结束并替换。")(f)
    return f


def run_pdf(ctx: click.Context, docs, folder: Path, *, duplex: bool, workers, timeout,
            merged_name: str | None = None, owner: Path | None = None, cache: bool = True) -> None:
    """Convert, merge, report; fail naming every file that failed."""
    from generator.printing import make_pdfs
    from generator.writers import pdf as pdfpool

    if pdfpool.find_soffice() is None:
        raise pdfpool.LibreOfficeMissing()
    for problem in pdfpool.font_problems():
        say(f"  ! 字体：{problem}", err=True)
    result = make_pdfs(docs, folder, quiet=is_quiet(ctx), workers=workers, timeout=timeout, duplex=duplex,
                       merged_name=merged_name, warn=lambda text: say(f"  ! {text}", err=True), cache=cache)
    converted = result.converted
    if _talk(ctx):
        good = [c for c in converted if c.ok]
        say(f"✓ 已生成 {len(good)} 个 PDF，共 {sum(c.pages or 0 for c in good)} 页。")
        for text in result.reports:
            say(text.rstrip())
    if owner is not None:
        _record(owner, docs, converted, result)
    lines = [f"✗ 无法写入合并文件 {shown_path(target)}（{reason}），文件可能正在被其他程序打开"
             for target, reason in result.unwritten]
    lines += [f"✗ 合并文件 {shown_path(target)} 缺少 {len(missing)} 份文档："
              + "、".join(d.source.name for d in missing) for target, missing in result.incomplete]
    if result.failed:
        lines.append(f"✗ 有 {len(result.failed)} 个文档未能转换为 PDF：")
        lines += [f"  ✗ {shown_path(c.source)}：{c.error}"
                  + ("（已换用新的 LibreOffice 重试一次，仍失败）" if c.attempts > 1 else "") for c in result.failed]
    if lines:
        raise ConversionFailed("\n".join(lines))


def _record(owner: Path, docs, converted, result) -> None:
    """PDFs and print files join the output folder's manifest, each with the documents
    it was made from: a later build removes them once those change or go away."""
    from generator.writers.publish import record

    made = {c.target: ("pdf", [c.source]) for c in converted if c.ok}
    for target, sources in result.made_from.items():
        made[target] = ("pdf", sources)
        made[target.with_suffix(".txt")] = ("pdf", sources)
    record(owner, made)


def pdf_for_build(ctx: click.Context, inputs, ws, options, target: Path, *, duplex=False, workers=None,
                  timeout=None, cache: bool = True, artifacts=None) -> None:
    """After `build`: every Word document to PDF beside it, one print file per batch
    (`artifacts`: what the build planned, else planned again)."""
    from generator.printing import build_docs

    run_pdf(ctx, build_docs(inputs, ws, options, target, CONVERTIBLE, artifacts), target, duplex=duplex,
            workers=workers,
            timeout=timeout, owner=target, cache=cache)


@click.command("pdf")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="PDF 输出文件夹（默认与各 Word 文件相同）。")
@click.option("--merge", "merged", default=None, metavar="名称.pdf",
              help="另外把全部 PDF 按给出的顺序合并为一个打印文件，每份文档一个书签（默认放在 -o 文件夹或当前文件夹）。")
@pdf_options
@click.option("--no-cache", "no_cache", is_flag=True,
              help="全部重新转换，不使用以前转换过的相同文档的 PDF（默认只转换内容有变化的文档）。")
@click.pass_context
def pdf_command(ctx: click.Context, files, output, merged, duplex, workers, timeout, no_cache) -> None:
    """把 Word/Excel 文档（或文件夹中的全部 .docx、.xlsx）转换为 PDF，可合并为一个打印文件。"""
    from generator.printing import Doc, docs_title

    sources = file_arguments(files, CONVERTIBLE, "转换")
    docs = []
    for f in sources:
        folder = output if output else f.parent
        docs.append(Doc(f, folder / (f.stem + ".pdf"), docs_title(f) if merged else "", ""))
    targets = [d.target.resolve() for d in docs]
    clash = sorted({str(t) for t in targets if targets.count(t) > 1})
    if clash:
        raise Refused(f"多个文件会生成同名 PDF（{'、'.join(clash)}），请分开转换或不用 -o")
    import contextlib

    from generator.writers.output_lock import output_lock

    # Into one folder: one wuhua at a time there (a build may be writing it).
    with output_lock(output) if output else contextlib.nullcontext():
        run_pdf(ctx, docs, output or Path("."), duplex=duplex, workers=workers, timeout=timeout, merged_name=merged,
                cache=not no_cache)
