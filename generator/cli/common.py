"""What the commands share: output to the clerk, the workspace of this run, and the
options several commands take (one date type, one half-year type)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator.workspace import Workspace, shown_path

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def say(message: str = "", *, err: bool = False) -> None:
    """Print one line for the clerk. Symbols the console cannot show are replaced
    (cli.console); when nobody reads any more, the work goes on silently."""
    from generator.cli.console import is_gone, silence

    try:
        click.echo(message, err=err)
    except OSError as exc:
        if not is_gone(exc):
            raise
        silence(sys.stderr if err else sys.stdout)


def workspace_of(ctx: click.Context) -> Workspace:
    return ctx.obj["ws"]


def is_quiet(ctx: click.Context) -> bool:
    return bool(ctx.obj.get("quiet"))


def report_warnings(inputs) -> None:
    for w in inputs.warnings:
        say(f"  ! 警告：{w}", err=True)


def read_inputs_of(ctx: click.Context, *, sample_hint: str | None = None, cache: bool = True):
    """The workspace's validated inputs (or the built-in sample, with a hint), warnings shown.
    `cache=False` reads every file again (build --no-cache)."""
    from generator.workspace import read_workspace

    inputs = read_workspace(workspace_of(ctx), cache=cache)
    if inputs.is_sample and sample_hint and not is_quiet(ctx):
        say(sample_hint)
    report_warnings(inputs)
    return inputs


def report_written(written: list[Path], quiet: bool, heading: str | None = None) -> None:
    if quiet:
        return
    say(heading or f"✓ 已生成 {len(written)} 个文件：")
    for path in written:
        say(f"  {shown_path(path)}")


def report_changes(written, quiet: bool, target: Path | None = None) -> None:
    """What a run did to the rest of output/: files of an earlier run it no longer
    makes (removed, or left and why), and whether the run before had been cut short."""
    removed = getattr(written, "removed", [])
    if removed and not quiet:
        say(f"  已删除 {len(removed)} 个以前生成、本次不再生成的文件：")
        for path in removed[:10]:
            say(f"    - {shown_path(path)}")
        if len(removed) > 10:
            say(f"    ……另有 {len(removed) - 10} 个")
    for path, why in getattr(written, "kept", []):
        say(f"  ! {shown_path(path)}：本次不再生成，{why}。请自行确认是否还需要它。", err=True)
    if getattr(written, "was_incomplete", False):
        from generator.writers.manifest import incomplete_notice

        still = incomplete_notice(target) if target is not None else None
        if still:
            say(f"  ! {still}", err=True)
        else:
            say("  ! 上次生成在写入文件时被中断；本次已重新生成，output 中的文件现在是完整的。", err=True)


def file_arguments(paths, suffixes: tuple[str, ...], verb: str, in_folder=None) -> list[Path]:
    """A command's FILE|FOLDER… arguments as the files it works on: files as given,
    folders searched through for these endings (sorted, without Office's lock files;
    `in_folder(folder, found)` may leave more out), each file once. Refused, naming
    every file, when one has another ending or when the folders hold none."""
    from generator.errors import Refused
    from generator.readers.files import is_office_temporary, unique_paths

    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.suffix.lower() in suffixes and f.is_file()
                           and not is_office_temporary(f))
            files += in_folder(p, found) if in_folder else found
        else:
            files.append(p)
    files = unique_paths(files)
    wrong = [f for f in files if f.suffix.lower() not in suffixes]
    if wrong or not files:
        lines = [f"{shown_path(f)}：只能{verb} {_endings(suffixes, '和')} 文件" for f in wrong]
        if not files:
            lines.append(f"给出的文件夹中没有 {_endings(suffixes, '或')} 文件")
        raise Refused("\n✗ ".join(lines))
    return files


def _endings(suffixes: tuple[str, ...], last: str) -> str:
    """(.docx, .xlsx, .pdf) -> “.docx、.xlsx 和 .pdf”."""
    return f"{'、'.join(suffixes[:-1])} {last} {suffixes[-1]}" if len(suffixes) > 1 else suffixes[0]


class DateType(click.ParamType):
    """Dates as clerks write them: 2025-12-10, 2025/12/10, 2025年12月10日."""

    name = "日期"

    def convert(self, value, param, ctx):
        from generator.model.values import DATE_FORMS, parse_date

        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(f"“{value}”：{exc}（可用的写法：{DATE_FORMS}）", param, ctx)


class HalfYearType(click.ParamType):
    """2025H1 / 2025H2 / 2025年上半年."""

    name = "半年"

    def convert(self, value, param, ctx):
        from generator.model.summary import HalfYear

        if isinstance(value, HalfYear):
            return value
        half = HalfYear.parse(str(value))
        if half is None:
            self.fail(f"“{value}”不是半年，请写作 2025H1（上半年）或 2025H2（下半年）", param, ctx)
        return half


DATE = DateType()
HALF_YEAR = HalfYearType()


def output_option(f):
    return click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
                        help="输出文件夹（默认工作区的 output/）。")(f)


def year_option(f):
    return click.option("--year", type=click.IntRange(1990, 2100), default=None,
                        help="年度任务清单的年份（默认今年）。")(f)


def as_of_option(f):
    return click.option("--as-of", "as_of", type=DATE, default=None, metavar="日期",
                        help="逾期、公示等以哪一天为准（默认今天），如 2025-12-10。")(f)
