"""The `wuhua` group: global options, and every command registered by name."""
from __future__ import annotations

from pathlib import Path

import click

from generator import __version__
from generator.cli import battlemap, build_command, handbooks, mechanism, pdf, workspace_commands
from generator.cli import forms  # one line per later addition keeps merges simple
from generator.cli import serve
from generator.cli import templates
from generator.cli import proof
from generator.cli.common import CONTEXT_SETTINGS
from generator.cli.group import Group
from generator.workspace import Workspace


@click.group(cls=Group, context_settings=CONTEXT_SETTINGS)
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


for command in (workspace_commands.init, workspace_commands.check, build_command.build, mechanism.summary,
                mechanism.calendar, mechanism.status, battlemap.battlemap, pdf.pdf_command, handbooks.posters,
                handbooks.handbook, handbooks.import_criteria, proof.proof_command):
    main.add_command(command)
# Later command groups, one per line.
main.add_command(templates.templates)
main.add_command(forms.forms)
main.add_command(forms.collect)
main.add_command(serve.serve)
