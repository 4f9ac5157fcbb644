"""手册化 commands: wall posters of the major-hazard criteria, handbooks, and the
import of a criteria notice from its official .docx."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import (DATE, is_quiet, output_option, read_inputs_of, report_changes, report_written, say,
                                  workspace_of)
from generator.errors import Collector, InputError, Location, Refused, problem
from generator.workspace import shown_path

PAPERS = ["A4", "A3", "A2", "A1"]
SAMPLE_HINT = "提示：工作区中没有 inputs/ 文件夹，使用内置示例数据。用 wuhua init 新建自己的工作区。"


def _warn_samples(criteria) -> None:
    for c in criteria:
        if c.is_sample:
            say(f"  ! 注意：《{c.title}》未标记“已核对: 是”，生成的文档印有“样稿”，请与正式文件核对后再使用。", err=True)


def _missing(path: Path, what: str) -> InputError:
    return InputError([problem(Location(shown_path(path)), what)])


@click.command()
@click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False), default="A3", show_default=True,
              help="纸张：A3（默认）、A2、A1 或 A4，竖向。")
@click.option("--enterprises", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="企业名单（.xlsx 或 .yaml），默认工作区的 inputs/企业名单。")
@click.option("--date", "posted", type=DATE, default=None, help="张贴日期（默认今天），如 2025年6月1日。")
@output_option
@click.option("--pdf", "make_pdf", is_flag=True,
              help="同时生成 PDF：合并打印文件只转换一次，再拆分为每家企业一个 PDF（需要 LibreOffice）。")
@click.option("--duplex", is_flag=True, help="与 --pdf 合用：双面打印，合并打印 PDF 中每张海报从纸张正面开始。")
@click.pass_context
def posters(ctx: click.Context, paper: str, enterprises: Path | None, posted: dt.date | None,
            output: Path | None, make_pdf: bool = False, duplex: bool = False) -> None:
    """每家企业一张重大事故隐患判定标准海报（按行业选用判定标准），另有一个合并打印文件。"""
    from generator.build import write_artifacts
    from generator.documents.base import Options
    from generator.documents.poster import FOLDER, WORDING, layout_notes, poster_artifacts
    from generator.readers.enterprises import read_enterprises

    paper = paper.upper()
    inputs = read_inputs_of(ctx, sample_hint=SAMPLE_HINT)
    chosen = None
    if enterprises is not None:
        if not enterprises.is_file():
            raise _missing(enterprises, "找不到企业名单文件")
        collector = Collector()
        chosen = read_enterprises(enterprises, shown_path(enterprises), collector,
                                  criteria_for={c.industry for c in inputs.criteria} if inputs.criteria else None)
        collector.raise_if_any()
    if not inputs.criteria:
        raise Refused("工作区的 inputs/判定标准/ 中没有判定标准，无法生成海报。"
                      "可用 wuhua import-criteria 文件.docx 从正式文件导入。")
    options = Options(as_of=posted or dt.date.today(), poster_paper=paper)
    wording = workspace_of(ctx).wording(WORDING)
    artifacts = poster_artifacts(inputs, options, paper=paper, enterprises=chosen, wording=wording)
    target = output or workspace_of(ctx).output_dir
    # The whole list's posters replace the ones made before (a firm taken off the
    # list loses its poster); another list (--enterprises) only adds.
    written = write_artifacts(artifacts, target, kind="poster", replace=enterprises is None,
                              quiet=is_quiet(ctx))
    if not is_quiet(ctx):
        singles = [p for p in written if p.parent.name == FOLDER]
        merged = [p for p in written if p.parent.name != FOLDER]
        say(f"✓ 已生成 {len(singles)} 张海报（{paper} 纸），位于 {shown_path(target / FOLDER)}：")
        for note in layout_notes(inputs, paper, chosen, wording):
            say(f"  {note}")
        for path in merged:
            say(f"  合并打印：{shown_path(path)}")
    report_changes(written, is_quiet(ctx), target)
    _warn_samples(inputs.criteria)
    if make_pdf:
        _poster_pdfs(ctx, artifacts, target, duplex)


def _poster_pdfs(ctx: click.Context, artifacts, target: Path, duplex: bool) -> None:
    from generator.build import destinations
    from generator.cli.pdf import run_pdf
    from generator.printing import Doc
    from generator.writers.output_lock import output_lock

    docs = [Doc(path, path.with_suffix(".pdf"), a.title, a.group, a.label, a.merges, a.pages_each, a.render_part)
            for a, path in zip(artifacts, destinations(artifacts, target), strict=True)]
    with output_lock(target):
        run_pdf(ctx, docs, target, duplex=duplex, workers=None, timeout=None, owner=target)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@output_option
@click.pass_context
def handbook(ctx: click.Context, file: Path, output: Path | None) -> None:
    """把一个手册 YAML 文件生成为 Word 手册（封面、目录、页眉、页码）。"""
    from generator.build import write_artifacts
    from generator.documents.handbook import handbook_artifacts, used_criteria
    from generator.readers.handbook import read_handbook

    inputs = read_inputs_of(ctx, sample_hint=SAMPLE_HINT)
    if not file.is_file():
        raise _missing(file, "找不到手册文件")
    collector = Collector()
    book = read_handbook(file, shown_path(file), collector)
    collector.raise_if_any()
    target = output or workspace_of(ctx).output_dir
    from generator.documents.handbook import WORDING
    wording = workspace_of(ctx).wording(WORDING)
    written = write_artifacts(handbook_artifacts([book], inputs.criteria, inputs.office.fonts, wording), target,
                              kind="handbook", paginate=True)
    report_written(written, is_quiet(ctx))
    for note in written.notes:
        say(f"  ! {note}", err=True)
    _warn_samples(used_criteria(book, inputs.criteria))


@click.command("import-criteria")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="写入的判定标准文件（默认与 Word 文件同名的 .yaml）。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
def import_criteria(file: Path, output: Path | None, force: bool) -> None:
    """从正式发布的判定标准 Word 文件（.docx）导入条目，写成 inputs/判定标准/ 所用的 YAML。"""
    from generator.readers.criteria import read_criteria
    from generator.readers.criteria_docx import as_input, import_note, paragraphs, parse
    from generator.writers.atomic import write_bytes
    from generator.writers.yaml_input import yaml_bytes

    if not file.is_file():
        raise _missing(file, "找不到文件")
    if file.suffix.lower() != ".docx":
        raise _missing(file, "只能导入 .docx 文件：.doc、.wps、.pdf 请先在 Word/WPS 中“另存为” Word 文档（*.docx）")
    try:
        texts = paragraphs(file)
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a bad file
        raise _missing(file, f"无法读取（文件已损坏或不是 Word 文档：{type(exc).__name__}）") from exc
    imported = parse(texts)
    if not imported.items:
        raise _missing(file, "没有找到判定条目（以“一、”“（一）”或“第X条”开头的段落），未写入任何文件")
    output = output or file.with_suffix(".yaml")
    if output.exists() and not force:
        raise _missing(output, "文件已存在，未覆盖。请换一个 -o 文件名，或加 --force 覆盖")
    write_bytes(output, yaml_bytes(as_input(imported), import_note(file.name)))
    check = Collector()
    read_criteria(output, shown_path(output), check)
    h = imported.header
    groups = [g for g in imported.groups if g["标题"]]
    notes = sum(len(i.get("注", [])) for i in imported.items)
    say(f"✓ 已导入《{h.get('标题', '（未识别标题）')}》：{len(imported.items)} 条"
        + (f"（{len(groups)} 条款分组）" if groups else "") + f"，注 {notes} 条 → {shown_path(output)}")
    for key in ("标题", "文号", "发布机关", "发布日期", "适用行业"):
        if not h.get(key):
            say(f"  ! 未识别“{key}”，请在 {shown_path(output)} 中补填。", err=True)
    for number, label, text in imported.renumbered:
        say(f"  ! 第{number}段“{_short(text, 30)}”使用 Word 自动编号，已按顺序编为“{label}”，请核对。", err=True)
    for number, text in imported.merged:
        say(f"  ! 第{number}段“{_short(text)}”不以编号开头，已接在上一条之后，请核对。", err=True)
    if imported.unplaced:
        say(f"  以下 {len(imported.unplaced)} 段未能归入条目（未导入），请对照原文检查：", err=True)
        for number, text in imported.unplaced:
            say(f"    第{number}段：{_short(text)}", err=True)
    for p in check.problems:
        say(f"  ✗ {p}", err=True)
    say("  导入的文件标为“已核对: 否”：与正式文件逐字核对后改为“是”，海报和手册才不再印“样稿”。")


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
