"""The `wuhua` command: thin; it reads, builds and reports, in Chinese."""
from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import sys
import traceback
from pathlib import Path

import click

from generator import __version__
from generator.errors import InputError, SetupProblem
from generator.resources import builtin_templates, sample_inputs
from generator.workspace import Workspace, read_workspace, shown_path
from generator.writers.docx import TemplateProblem

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def say(message: str = "", *, err: bool = False) -> None:
    click.echo(message, err=err)


def guarded(command):
    """Bad input exits 2 with every problem listed; anything else exits 1, never
    with a traceback unless WUHUA_DEBUG is set."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            problems = exc.sorted()
            say(f"输入有 {len(problems)} 处问题，未生成任何文件（output 中原有文件未改动）：", err=True)
            for p in problems:
                say(f"  ✗ {p}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except TemplateProblem as exc:
            say(f"✗ {exc}", err=True)
            say("  未生成任何文件（output 中原有文件未改动）。", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except SetupProblem as exc:
            say(f"✗ {exc}", err=True)
            say("  未生成任何文件（output 中原有文件未改动）。", err=True)
            sys.exit(EXIT_INTERNAL)
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            say("已中断。", err=True)
            sys.exit(EXIT_INTERNAL)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for clerks
            if os.environ.get("WUHUA_DEBUG"):
                traceback.print_exc()
            say(f"✗ 程序内部错误：{type(exc).__name__}: {exc}", err=True)
            say("  这不是您的输入造成的。请设置环境变量 WUHUA_DEBUG=1 重新运行，把输出反馈给维护者。", err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper


def report_warnings(inputs) -> None:
    for w in inputs.warnings:
        say(f"  ! 警告：{w}", err=True)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.option("-w", "--workspace", "workspace", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default="当前文件夹", help="工作区文件夹（包含 inputs/、templates/、output/）。")
@click.option("-q", "--quiet", is_flag=True, help="只显示错误。")
@click.version_option(__version__, "-V", "--version", message="wuhua %(version)s")
@click.pass_context
def main(ctx: click.Context, workspace: Path, quiet: bool) -> None:
    """五化文书：把 YAML/Excel 数据生成为公文格式的安全生产清单、图表、手册等 Word 文档。

    \b
    常用步骤：
      wuhua init 我的工作区     新建工作区（含示例数据）
      wuhua -w 我的工作区 check  检查数据
      wuhua -w 我的工作区 build  生成全部文档到 output/
    """
    ctx.obj = {"ws": Workspace(workspace), "quiet": quiet}


def _ws(ctx) -> Workspace:
    return ctx.obj["ws"]


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@guarded
def init(directory: Path) -> None:
    """新建工作区：inputs/（示例数据）、templates/（可修改的模板）、output/。"""
    inputs = directory / "inputs"
    if inputs.exists() and any(inputs.iterdir()):
        say(f"✗ {shown_path(inputs)} 已存在且不为空，为避免覆盖您的数据，未做任何改动。", err=True)
        sys.exit(EXIT_BAD_INPUT)
    shutil.copytree(sample_inputs(), inputs, dirs_exist_ok=True)
    shutil.copytree(builtin_templates(), directory / "templates", dirs_exist_ok=True)
    (directory / "output").mkdir(parents=True, exist_ok=True)
    say(f"已新建工作区 {shown_path(directory)}：")
    say("  inputs/     示例数据，请改成本单位的内容（.yaml 用记事本编辑，.xlsx 用 Excel/WPS 编辑）")
    say("  templates/  Word 模板，可调整版式（保留其中的 {{ }} 和 {% %} 标签）")
    say("  output/     生成的文档")
    say(f"下一步：wuhua -w {shown_path(directory)} check")


@main.command()
@click.pass_context
@guarded
def check(ctx) -> None:
    """检查工作区的全部输入，一次列出所有问题。"""
    ws = _ws(ctx)
    inputs = read_workspace(ws)
    report_warnings(inputs)
    where = "内置示例数据" if inputs.is_sample else shown_path(ws.inputs_dir)
    plan = inputs.plan
    say(f"✓ {where} 检查通过：单位“{inputs.office.name}”，"
        f"{len(plan.actions) if plan else 0} 项行动、{len(plan.tasks) if plan else 0} 项任务，"
        f"{len(inputs.departments)} 个部门，{len(inputs.duties)} 条职责。")
    if inputs.criteria or inputs.enterprises or inputs.handbooks:  # 手册化 inputs
        unchecked = sum(1 for c in inputs.criteria if c.is_sample)
        say(f"  判定标准 {len(inputs.criteria)} 份（未核对 {unchecked} 份），企业 {len(inputs.enterprises)} 家，"
            f"手册 {len(inputs.handbooks)} 本。")


def _year_option(f):
    return click.option("--year", type=click.IntRange(1990, 2100), default=None,
                        help="年度任务清单的年份（默认今年）。")(f)


def _output_option(f):
    return click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
                        help="输出文件夹（默认工作区的 output/）。")(f)


def _as_of_option(f):
    def parse(ctx, param, value):
        from generator.model.values import parse_date
        try:
            return None if value is None else parse_date(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    return click.option("--as-of", "as_of", callback=parse, default=None, metavar="日期",
                        help="逾期、公示等以哪一天为准（默认今天），如 2025-12-10。")(f)


@main.command()
@_output_option
@_year_option
@_as_of_option
@click.option("--pdf", "make_pdf", is_flag=True, help="同时生成 PDF，并把每批文档合并为一个打印文件（需要 LibreOffice）。")
@click.option("--duplex", is_flag=True, help="与 --pdf 合用：双面打印，合并文件中每份文档从纸张正面开始。")
@click.pass_context
@guarded
def build(ctx, output: Path | None, year: int | None, as_of: dt.date | None, make_pdf: bool = False,
          duplex: bool = False) -> None:
    """生成输入数据所能生成的全部文档。"""
    from generator.build import build as run_build
    from generator.documents.base import Options

    ws = _ws(ctx)
    quiet = ctx.obj["quiet"]
    inputs = read_workspace(ws)
    if inputs.is_sample and not quiet:
        say("提示：工作区中没有 inputs/ 文件夹，使用内置示例数据生成。用 wuhua init 新建自己的工作区。")
    report_warnings(inputs)
    options = Options(year=year or dt.date.today().year, as_of=as_of or dt.date.today())
    target = output or ws.output_dir
    skipped: list[str] = []
    written = run_build(inputs, ws, options, target, skipped=skipped)
    if not quiet:
        say(f"✓ 已生成 {len(written)} 个文件，位于 {shown_path(target)}：")
        for path in written:
            say(f"  {shown_path(path)}")
    for reason in skipped:
        say(f"  ! 有文档未生成：{reason}", err=True)
    if make_pdf:
        from generator.cli_pdf import pdf_for_build
        pdf_for_build(ctx, inputs, ws, options, target, duplex=duplex)


from generator import cli_mechanism  # noqa: E402,F401  (summary, calendar, status)
from generator import cli_battlemap  # noqa: E402,F401  (registers `wuhua battlemap`)
from generator import cli_pdf  # noqa: E402,F401  (registers `wuhua pdf`)

if __name__ == "__main__":
    main()

from generator import cli_handbooks  # noqa: E402,F401  手册化: posters, handbook, import-criteria
