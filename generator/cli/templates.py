"""`wuhua templates`: which template each document kind uses, the variables it may
use (meaning and a sample value from this workspace's data), and `export` to copy the
built-in templates into the workspace for editing in Word or WPS."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import read_inputs_of, say, workspace_of
from generator.errors import Refused
from generator.workspace import shown_path


def templated_kinds():
    """Document kinds rendered from a template a clerk may override."""
    from generator.documents import duty_list, task_list

    return [task_list, duty_list]


def sample_value(context: dict, path: str) -> str:
    """The value at "lists.0.groups.0.title" (-1: the last item), shown short."""
    value = context
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.lstrip("-").isdigit() and -len(value) <= int(part) < len(value):
            value = value[int(part)]
        else:
            value = None
    if isinstance(value, list):
        return f"（{len(value)} 项）"
    if isinstance(value, bool):
        # A flag is used in {% if %}: said as the template sees it, and what it means.
        return "True（是）" if value else "False（否）"
    text = "" if value is None else str(value).replace("\n", "↵")
    return text if len(text) <= 40 else text[:39] + "…"


def _context(kind, inputs, ws) -> dict | None:
    from generator.documents.base import Options
    from generator.writers.docx import RenderJob

    for artifact in kind.artifacts(inputs, ws, Options(year=dt.date.today().year)):
        if isinstance(artifact.render, RenderJob):
            contexts = artifact.render.context
            if artifact.group == "" and "lists" in contexts and len(contexts["lists"]) > 1:
                return contexts      # the merged file: has department lists too
    for artifact in kind.artifacts(inputs, ws, Options(year=dt.date.today().year)):
        if isinstance(artifact.render, RenderJob):
            return artifact.render.context
    return None


@click.group("templates", invoke_without_command=True)
@click.pass_context
def templates(ctx: click.Context) -> None:
    """列出各类文档使用的模板及可用的变量（含义和示例值）；templates export 把内置模板复制到工作区以便修改。"""
    if ctx.invoked_subcommand is not None:
        return
    ws = workspace_of(ctx)
    inputs = read_inputs_of(ctx)
    for kind in templated_kinds():
        path = ws.template(kind.TEMPLATE)
        used = f"工作区模板 {shown_path(path)}" if ws.is_own(path) else "内置模板（wuhua templates export 可复制到工作区修改）"
        say(f"■ {kind.TEMPLATE}：{kind.KIND}")
        say(f"  使用：{used}")
        context = _context(kind, inputs, ws)
        say("  可用的变量（示例值取自当前数据）：")
        width = max(len(name) for name, _, _ in kind.VARIABLES)
        for name, meaning, where in kind.VARIABLES:
            sample = sample_value(context, where) if context else ""
            say(f"    {{{{ {name} }}}}{' ' * (width - len(name))}  {meaning}" + (f"　例：{sample}" if sample else ""))
        say("")
    _list_wordings(ws)
    say("在 Word/WPS 中修改模板时，保留 {{ … }}、{%tr … %}、{%p … %} 标签；改完运行 wuhua check 检查。")


def _list_wordings(ws) -> None:
    """The text files of the documents laid out by code: each text, its meaning and variables."""
    from generator.build import wordings

    for spec in wordings():
        own = ws.templates_dir / spec.file
        used = f"工作区文字模板 {shown_path(own)}" if own.is_file() else \
            "内置文字（wuhua templates export 可复制到工作区修改）"
        say(f"■ {spec.file}：{spec.kind}")
        say(f"  使用：{used}")
        for text in spec.texts:
            if text.columns:
                say(f"  {text.key}：{text.meaning}；可用的列：{'、'.join(text.column_ids)}")
            else:
                say(f"  {text.key}：{text.meaning}")
            for name in text.variables:
                meaning, sample = spec.variables[name]
                say(f"    {{{{ {name} }}}}  {meaning}　例：{sample}")
        say("")


@templates.command("export")
@click.argument("names", nargs=-1)
@click.option("--force", is_flag=True, help="覆盖工作区中已修改过的模板。")
@click.pass_context
def export(ctx: click.Context, names: tuple[str, ...], force: bool) -> None:
    """把内置模板复制到工作区的 templates/ 文件夹（默认全部；已修改的模板不覆盖，除非加 --force）。"""
    from generator.resources import builtin_templates

    from generator.build import wordings
    from generator.model.wording import builtin_yaml

    ws = workspace_of(ctx)
    known = {kind.TEMPLATE: kind for kind in templated_kinds()}
    texts = {spec.file: builtin_yaml(spec).encode("utf-8") for spec in wordings()}
    by_stem = {Path(name).stem: name for name in [*known, *texts]}
    wanted = [by_stem.get(Path(n).stem, n) for n in names] or [*known, *texts]
    known = {**known, **texts}
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise Refused(f"没有名为 {'、'.join(unknown)} 的模板。可用的模板：{'、'.join(known)}")
    ws.templates_dir.mkdir(parents=True, exist_ok=True)
    kept = []
    for name in wanted:
        source, target = builtin_templates() / name, ws.templates_dir / name
        data = texts[name] if name in texts else source.read_bytes()
        if target.exists() and target.read_bytes() != data and not force:
            kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        say(f"✓ 已复制 {name} → {shown_path(target)}")
    for target in kept:
        say(f"  ! {shown_path(target)} 已修改过，未覆盖（要恢复内置模板，请加 --force）", err=True)

