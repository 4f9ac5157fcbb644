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
@click.option("--blank", is_flag=True,
              help="空白工作区：Excel 表只有表头（含下拉列表、校验和表头说明），不含示例数据。")
def init(directory: Path, blank: bool) -> None:
    """新建工作区：inputs/（示例数据）、templates/（可修改的模板）、output/。"""
    from generator.resources import builtin_templates, sample_inputs

    inputs = directory / "inputs"
    if inputs.exists() and any(inputs.iterdir()):
        raise Refused(f"{shown_path(inputs)} 已存在且不为空，为避免覆盖您的数据，未做任何改动。")
    if blank:
        _blank_inputs(inputs, sample_inputs())
    else:
        shutil.copytree(sample_inputs(), inputs, dirs_exist_ok=True)
    shutil.copytree(builtin_templates(), directory / "templates", dirs_exist_ok=True)
    (directory / "output").mkdir(parents=True, exist_ok=True)
    say(f"已新建工作区 {shown_path(directory)}：")
    if blank:
        say("  inputs/     空白表格：先填 单位.yaml、部门.xlsx，再填实施方案和其他表（表头有说明，"
            "把鼠标停在表头上查看）")
    else:
        say("  inputs/     示例数据，请改成本单位的内容（.yaml 用记事本编辑，.xlsx 用 Excel/WPS 编辑）")
    say("  templates/  Word 模板，可调整版式（保留其中的 {{ }} 和 {% %} 标签）")
    say("  output/     生成的文档")
    say(f"下一步：wuhua -w {shown_path(directory)} check")


def _blank_inputs(inputs: Path, sample: Path) -> None:
    """Workbooks with headers, dropdowns and checks but no rows (实施方案 as one row per
    task), and 单位.yaml with its keys and comments but no values."""
    import re

    from generator.documents.input_workbooks import BLANK, blank_workbook
    from generator.writers import atomic
    from generator.writers.xlsx import workbook_bytes

    inputs.mkdir(parents=True, exist_ok=True)
    for stem in BLANK:
        atomic.write_bytes(inputs / f"{stem}.xlsx", workbook_bytes(blank_workbook(stem)))
    # Top-level values emptied; the font settings (indented, GB/T 9704 defaults) stay.
    office = (sample / "单位.yaml").read_text(encoding="utf-8")
    office = re.sub(r"(?m)^([^\s#][^:\n]*):[ \t]+(?!#)[^#\n]*?([ \t]*#.*)?$", r"\1:\2", office)
    atomic.write_bytes(inputs / "单位.yaml", office.encode("utf-8"))


@click.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """检查工作区的全部输入，一次列出所有问题。"""
    inputs = read_inputs_of(ctx)
    ws = workspace_of(ctx)
    planned = _plan_like_build(inputs, ws)
    from generator.writers.manifest import incomplete_notice

    unfinished = incomplete_notice(ws.output_dir)
    if unfinished:
        say(f"! {unfinished}", err=True)
    where = "内置示例数据" if inputs.is_sample else shown_path(ws.inputs_dir)
    plan = inputs.plan
    say(f"✓ {where} 检查通过：单位“{inputs.office.name}”，"
        f"{len(plan.actions) if plan else 0} 项行动、{len(plan.tasks) if plan else 0} 项任务，"
        f"{len(inputs.departments)} 个部门，{len(inputs.duties)} 条职责。")
    if plan and plan.tasks:
        tasks = plan.tasks
        # Three kinds that add up to the task count (a clerk adds them): a recurring task
        # with a final date is 按周期, one done by a date and continued after is 有完成时限.
        cyclic = sum(1 for t in tasks if t.schedule.recurring)
        dated = sum(1 for t in tasks if t.schedule.due is not None and not t.schedule.recurring)
        then_continued = sum(1 for t in tasks if t.schedule.due is not None and not t.schedule.recurring
                             and t.schedule.continuing)
        undetermined = sum(1 for t in tasks if t.schedule.undetermined)
        standing = len(tasks) - cyclic - dated - undetermined
        co_led = sum(1 for t in tasks if len(t.leads) > 1)
        after = f"（其中完成后长期坚持 {then_continued} 项）" if then_continued else ""
        open_ended = f"、时限未定 {undetermined} 项" if undetermined else ""
        say(f"  方案“{plan.short_title}”，{plan.years_label}；时限：有完成时限 {dated} 项{after}、"
            f"按周期推进 {cyclic} 项、长期坚持 {standing} 项{open_ended}；多部门牵头 {co_led} 项"
            "（每项时限的理解见任务台账“时限解读”列）。")
        # Forms new to most clerks' plans (a named day, weekly, 旬, 季度末, 次年): say what they became.
        named: dict[str, list[int]] = {}
        for t in tasks:
            if t.schedule.worth_saying:
                named.setdefault(t.schedule.meaning, []).append(t.number)
        for meaning, numbers in named.items():
            say(f"  任务{'、'.join(map(str, numbers))}的时限理解为：{meaning}。")
    if inputs.criteria or inputs.enterprises or inputs.handbooks:  # 手册化 inputs
        unchecked = sum(1 for c in inputs.criteria if c.is_sample)
        say(f"  判定标准 {len(inputs.criteria)} 份（未核对 {unchecked} 份），企业 {len(inputs.enterprises)} 家，"
            f"手册 {len(inputs.handbooks)} 本。")
    say(f"  build 将生成 {planned} 个文件到 {shown_path(ws.output_dir)}。")


def _plan_like_build(inputs, ws) -> int:
    """Everything `build` decides before rendering (which documents, their names and
    places within the path limit, the workspace's own templates against this data,
    the problems found on the way) is decided here too, so that a passing `check`
    means `build` succeeds on the same inputs. Returns how many files build writes."""
    import datetime as dt

    from generator.build import check_templates, check_texts, destinations, plan_artifacts
    from generator.documents.base import Options

    check_texts(ws)
    skipped: list[str] = []
    options = Options(year=dt.date.today().year)
    artifacts = plan_artifacts(inputs, ws, options, skipped=skipped)
    check_templates(artifacts, ws)
    count = len(destinations(artifacts, ws.output_dir))
    for reason in skipped + options.notes:
        say(f"  ! 生成时将有文档无法生成：{reason}", err=True)
    return count
