"""`wuhua init` and `wuhua check`: a new workspace, and every input checked at once."""
from __future__ import annotations

import shutil
from pathlib import Path

import click

from generator.cli.common import read_inputs_of, say, workspace_of
from generator.errors import Refused
from generator.workspace import shown_path


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """新建工作区：inputs/（示例数据）、templates/（可修改的模板）、output/。"""
    from generator.resources import builtin_templates, sample_inputs

    inputs = directory / "inputs"
    if inputs.exists() and any(inputs.iterdir()):
        raise Refused(f"{shown_path(inputs)} 已存在且不为空，为避免覆盖您的数据，未做任何改动。")
    shutil.copytree(sample_inputs(), inputs, dirs_exist_ok=True)
    shutil.copytree(builtin_templates(), directory / "templates", dirs_exist_ok=True)
    (directory / "output").mkdir(parents=True, exist_ok=True)
    say(f"已新建工作区 {shown_path(directory)}：")
    say("  inputs/     示例数据，请改成本单位的内容（.yaml 用记事本编辑，.xlsx 用 Excel/WPS 编辑）")
    say("  templates/  Word 模板，可调整版式（保留其中的 {{ }} 和 {% %} 标签）")
    say("  output/     生成的文档")
    say(f"下一步：wuhua -w {shown_path(directory)} check")


@click.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """检查工作区的全部输入，一次列出所有问题。"""
    inputs = read_inputs_of(ctx)
    ws = workspace_of(ctx)
    from generator.writers.manifest import incomplete_notice

    unfinished = incomplete_notice(ws.output_dir)
    if unfinished:
        say(f"! {unfinished}", err=True)
    where = "内置示例数据" if inputs.is_sample else shown_path(ws.inputs_dir)
    plan = inputs.plan
    say(f"✓ {where} 检查通过：单位“{inputs.office.name}”，"
        f"{len(plan.actions) if plan else 0} 项行动、{len(plan.tasks) if plan else 0} 项任务，"
        f"{len(inputs.departments)} 个部门，{len(inputs.duties)} 条职责。")
    if inputs.criteria or inputs.enterprises or inputs.handbooks:  # 手册化 inputs
        unchecked = sum(1 for c in inputs.criteria if c.is_sample)
        say(f"  判定标准 {len(inputs.criteria)} 份（未核对 {unchecked} 份），企业 {len(inputs.enterprises)} 家，"
            f"手册 {len(inputs.handbooks)} 本。")
