"""The `wuhua` group: global options, and every command registered by name."""
from __future__ import annotations

from pathlib import Path

import click

from generator import __version__
from generator.cli.common import CONTEXT_SETTINGS
from generator.cli.group import Group
from generator.cli.lazy import LazyCommands
from generator.workspace import Workspace

# name: (module, attribute, the first paragraph of the command's help). A command's
# module is imported only when the command runs (or its own help is asked for);
# `wuhua --help` lists them from here. tests/test_startup.py checks the summaries
# against the commands' docstrings. One line per command keeps merges simple.
COMMANDS = {
    "init": ("generator.cli.workspace_commands", "init",
             "新建工作区：inputs/（示例数据）、templates/（可修改的模板）、output/。"),
    "check": ("generator.cli.workspace_commands", "check", "检查工作区的全部输入，一次列出所有问题。"),
    "build": ("generator.cli.build_command", "build", "生成输入数据所能生成的全部文档。"),
    "summary": ("generator.cli.mechanism", "summary", "生成半年工作总结（每年6月10日、12月10日前报送）。"),
    "calendar": ("generator.cli.mechanism", "calendar",
                 "生成机制化工作日历：Excel 日程表和可导入 Outlook/手机日历的 .ics 文件。"),
    "status": ("generator.cli.mechanism", "status", "列出已逾期和近期到期的任务、隐患整改和日历事项（只显示，不生成文件）。"),
    "battlemap": ("generator.cli.battlemap", "battlemap",
                  "生成作战图集（Word）、作战图挂图（一页）和作战图（Excel），需要 inputs/进展。"),
    "pdf": ("generator.cli.pdf", "pdf_command",
            "把 Word/Excel 文档（或文件夹中的全部 .docx、.xlsx）转换为 PDF，可合并为一个打印文件。"),
    "posters": ("generator.cli.handbooks", "posters",
                "每家企业一张重大事故隐患判定标准海报（按行业选用判定标准），另有一个合并打印文件。"),
    "handbook": ("generator.cli.handbooks", "handbook", "把一个手册 YAML 文件生成为 Word 手册（封面、目录、页眉、页码）。"),
    "import-criteria": ("generator.cli.handbooks", "import_criteria",
                        "从正式发布的判定标准 Word 文件（.docx）导入条目，写成 inputs/判定标准/ 所用的 YAML。"),
    "proof": ("generator.cli.proof", "proof_command",
              "打印前检查：把 Word/Excel/PDF 文件（或文件夹中的全部）按打印效果逐页检查。"),
    "templates": ("generator.cli.templates", "templates",
                  "列出各类文档使用的模板及可用的变量（含义和示例值）；templates export 把内置模板复制到工作区以便修改。"),
    "forms": ("generator.cli.forms", "forms", "生成各部门的进展填报表（Excel，每部门一份）和汇总发放清单。"),
    "collect": ("generator.cli.forms", "collect",
                "汇总各部门交回的进展填报表到 inputs/进展.xlsx，并列出未报部门（催报清单）。"),
    "serve": ("generator.cli.serve", "serve",
              "在浏览器中使用：检查和上传数据、生成和下载文档、查看逾期事项、各部门填报进展（Ctrl+C 退出）。"),
}


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


main.commands = LazyCommands(COMMANDS)
