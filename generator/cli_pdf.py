"""`wuhua pdf FILE...` and the PDF step of `wuhua build --pdf`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli import EXIT_BAD_INPUT, EXIT_INTERNAL, guarded, main, say
from generator.printing import Doc, convert_docs, docs_title, print_batches
from generator.workspace import shown_path
from generator.writers import pdf as pdfpool

CONVERTIBLE = (".docx", ".xlsx")


def _talk(ctx) -> bool:
    """Summaries only for a person at a terminal; scripts get errors only."""
    return not ctx.obj.get("quiet") and sys.stdout.isatty()


def pdf_options(f):
    f = click.option("--duplex", is_flag=True,
                     help="双面打印：合并文件中页数为奇数的文档后加一空白页，使每份文档从正面开始。")(f)
    f = click.option("--workers", type=click.IntRange(1, 64), default=None,
                     help="同时运行的 LibreOffice 数（默认每个 CPU 核一个）。")(f)
    f = click.option("--timeout", type=click.FloatRange(1, 3600), default=None,
                     help="单个文档转换的最长秒数（默认 120），超时的 LibreOffice 会被结束并替换。")(f)
    return f


def run_pdf(ctx, docs: list[Doc], folder: Path, *, duplex: bool, workers, timeout,
            merged_name: str | None = None) -> None:
    """Convert, merge, report; exit non-zero naming every file that failed."""
    quiet = ctx.obj.get("quiet")
    if pdfpool.find_soffice() is None:
        say(f"✗ {pdfpool.LibreOfficeMissing()}", err=True)
        sys.exit(EXIT_INTERNAL)
    for problem in pdfpool.font_problems():
        say(f"  ! 字体：{problem}", err=True)
    converted = convert_docs(docs, quiet=quiet, workers=workers, timeout=timeout,
                             warn=lambda text: say(f"  ! {text}", err=True))
    result = print_batches(docs, converted, folder, duplex=duplex, merged_name=merged_name)
    if _talk(ctx):
        good = [c for c in converted if c.ok]
        say(f"✓ 已生成 {len(good)} 个 PDF，共 {sum(c.pages or 0 for c in good)} 页。")
        for text in result.reports:
            say(text.rstrip())
    for target, reason in result.unwritten:
        say(f"✗ 无法写入合并文件 {shown_path(target)}（{reason}），文件可能正在被其他程序打开", err=True)
    if result.failed:
        say(f"✗ 有 {len(result.failed)} 个文档未能转换为 PDF：", err=True)
        for c in result.failed:
            say(f"  ✗ {shown_path(c.source)}：{c.error}", err=True)
    if result.failed or result.unwritten:
        sys.exit(EXIT_INTERNAL)


def pdf_for_build(ctx, inputs, ws, options, target: Path, *, duplex=False, workers=None, timeout=None) -> None:
    """After `build`: every Word document to PDF beside it, one print file per batch."""
    from generator.build import plan_artifacts

    docs = [Doc(target / a.path, (target / a.path).with_suffix(".pdf"), a.title, a.group)
            for a in plan_artifacts(inputs, ws, options) if a.path.lower().endswith(CONVERTIBLE)]
    run_pdf(ctx, docs, target, duplex=duplex, workers=workers, timeout=timeout)


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in CONVERTIBLE
                                and not f.name.startswith(("~$", ".~"))))
        else:
            files.append(p)
    seen, out = set(), []
    for f in files:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            out.append(f)
    return out


@main.command("pdf")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="PDF 输出文件夹（默认与各 Word 文件相同）。")
@click.option("--merge", "merged", default=None, metavar="名称.pdf",
              help="另外把全部 PDF 按给出的顺序合并为一个打印文件，每份文档一个书签（默认放在 -o 文件夹或当前文件夹）。")
@pdf_options
@click.pass_context
@guarded
def pdf_command(ctx, files, output, merged, duplex, workers, timeout) -> None:
    """把 Word/Excel 文档（或文件夹中的全部 .docx、.xlsx）转换为 PDF，可合并为一个打印文件。"""
    sources = _expand(files)
    wrong = [f for f in sources if f.suffix.lower() not in CONVERTIBLE]
    if wrong or not sources:
        for f in wrong:
            say(f"✗ {shown_path(f)}：只能转换 .docx 和 .xlsx 文件", err=True)
        if not sources:
            say("✗ 给出的文件夹中没有 .docx 或 .xlsx 文件", err=True)
        sys.exit(EXIT_BAD_INPUT)
    docs = []
    for f in sources:
        folder = output if output else f.parent
        docs.append(Doc(f, folder / (f.stem + ".pdf"), docs_title(f) if merged else "", ""))
    targets = [d.target.resolve() for d in docs]
    clash = sorted({str(t) for t in targets if targets.count(t) > 1})
    if clash:
        say(f"✗ 多个文件会生成同名 PDF（{'、'.join(clash)}），请分开转换或不用 -o", err=True)
        sys.exit(EXIT_BAD_INPUT)
    merge_folder = output or Path(".")
    run_pdf(ctx, docs, merge_folder, duplex=duplex, workers=workers, timeout=timeout, merged_name=merged)
