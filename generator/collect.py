"""`wuhua collect`: returned 进展填报表 -> inputs/进展.xlsx (issue 15).

Three steps, so that a web app can use the same merge (model.reporting.merge):

    batch = read_replies(paths, inputs, expected)        # every problem located, raised at once
    result = merge(inputs.progress, batch.replies)        # pure
    written = write_progress(ws, inputs, result)          # backup + verified atomic write

`missing_departments()` tells who has not replied (催报清单).
"""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Collector, EnvironmentProblem, InputError, Location, Refused, RepliesRejected, problem
from generator.model.inputs import Inputs
from generator.model.reporting import MergeResult, Reply, departments_with_tasks, form_rows
from generator.model.summary import HalfYear
from generator.readers.files import _REFUSED, is_office_temporary, visible_files
from generator.readers.progress_forms import FormFile, read_form
from generator.workspace import PROGRESS, Workspace, shown_path
from generator.writers import atomic
from generator.writers.xlsx import workbook_bytes

BACKUP_FOLDER = "备份"


@dataclass
class Batch:
    files: list[FormFile] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    overviews: list[Path] = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def period(self) -> HalfYear | None:
        codes = {r.period for r in self.replies}
        return HalfYear.parse(codes.pop()) if len(codes) == 1 else None


def form_paths(args: list[Path], collector: Collector) -> list[Path]:
    """Files named, and the .xlsx files in folders named (one level; lock files skipped)."""
    paths: list[Path] = []
    for arg in args:
        if arg.is_dir():
            found = [p for p in visible_files(arg) if p.suffix.lower() == ".xlsx"]
            for p in visible_files(arg):
                reason = _REFUSED.get(p.suffix.lower())
                if reason and p.suffix.lower() not in (".docx", ".txt"):
                    collector.add(problem(Location(shown_path(p)), reason))
            if not found:
                collector.add(problem(Location(shown_path(arg)), "文件夹中没有 .xlsx 填报表"))
            paths.extend(found)
        elif arg.is_file():
            if is_office_temporary(arg):
                continue
            if arg.suffix.lower() != ".xlsx":
                collector.add(problem(Location(shown_path(arg)),
                                      _REFUSED.get(arg.suffix.lower(), "这里需要 .xlsx 填报表")))
                continue
            paths.append(arg)
        else:
            collector.add(problem(Location(shown_path(arg)), "找不到这个文件或文件夹"))
    return list(dict.fromkeys(p.resolve() for p in paths))


def read_replies(args: list[Path], inputs: Inputs, expected: HalfYear | None) -> Batch:
    """Read every form; raise InputError with every problem of every file at once."""
    if inputs.plan is None:
        raise Refused("没有实施方案（inputs/实施方案.yaml 或 .xlsx），无法汇总填报表。")
    collector = Collector()
    batch = Batch()
    for path in form_paths(args, collector):
        found = read_form(path, shown_path(path), inputs.plan, collector, expected=expected)
        if found.is_overview:
            batch.overviews.append(path)
            continue
        batch.files.append(found)
        if found.reply is not None:
            batch.replies.append(found.reply)
    by_key: dict[tuple[str, str], FormFile] = {}
    for f in batch.files:
        if f.reply is None:
            continue
        key = (f.reply.department, f.reply.period)
        if key in by_key:
            other = by_key[key]
            collector.add(problem(Location(f.shown), f"{key[0]}{f.identity.half.label}的填报表有两份："
                                  f"{other.shown} 和 {f.shown}，请只保留要汇总的一份"))
        else:
            by_key[key] = f
    if expected is None:
        periods = sorted({f.identity.period for f in batch.files if f.identity is not None})
        if len(periods) > 1:
            listing = "；".join(f"{f.shown}：{f.identity.half.label}" for f in batch.files if f.identity)
            collector.add(problem(Location(shown_path(args[0])),
                                  f"这些填报表属于不同的期间（{listing}）。请用 --period 指定本次汇总的期间"))
    batch.warnings = collector.warnings
    try:
        collector.raise_if_any()
    except InputError as exc:
        raise RepliesRejected(exc.problems) from None
    return batch


def missing_departments(inputs: Inputs, half: HalfYear, result_progress) -> list[tuple[str, int, int, list[int]]]:
    """(department, rows asked, rows reported, task numbers not reported) for every
    department whose form is not fully answered for the half year."""
    plan = inputs.plan
    out = []
    for name in departments_with_tasks(plan, [d.name for d in inputs.departments]):
        rows = form_rows(plan, inputs.progress, name, half)
        if not rows:
            continue
        reported = {(e.task, e.period.label) for e in result_progress.entries
                    if e.department == name and half.start <= e.period.start and e.period.end <= half.end}
        open_rows = [r for r in rows if (r.task.number, r.period.label) not in reported]
        if open_rows:
            out.append((name, len(rows), len(rows) - len(open_rows),
                        list(dict.fromkeys(r.task.number for r in open_rows))))
    return out


def progress_target(ws_inputs: Path) -> tuple[Path, list[Path]]:
    """Where 进展 goes (.xlsx) and the existing 进展 files it replaces (backed up)."""
    existing = sorted(p for p in ws_inputs.glob(f"{PROGRESS}.*")
                      if p.is_file() and p.suffix.lower() in (".xlsx", ".yaml", ".yml"))
    return ws_inputs / f"{PROGRESS}.xlsx", existing


def write_progress(ws: Workspace, inputs: Inputs, result: MergeResult, *, now: dt.datetime) -> tuple[Path, list[Path]]:
    """Back up the old 进展 into inputs/备份/, then write the new one atomically after
    checking it reads back exactly as merged. Returns (written file, backups)."""
    from generator.documents.progress_ledger import progress_workbook
    from generator.readers.progress import read_progress

    if inputs.is_sample or not ws.has_inputs:
        raise Refused("当前工作区没有 inputs/ 文件夹（正在使用内置示例数据）。请先 wuhua init 新建工作区，"
                      "再在其中汇总填报表。")
    target, existing = progress_target(ws.inputs_dir)
    data = workbook_bytes(progress_workbook(result.progress, inputs.plan, [d.name for d in inputs.departments]))
    _verify(data, inputs, result, read_progress)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    backups = []
    try:
        for old in existing:
            backup = ws.inputs_dir / BACKUP_FOLDER / f"{old.stem}_{stamp}{old.suffix}"
            atomic.write_bytes(backup, old.read_bytes())
            backups.append(backup)
        atomic.write_bytes(target, data)
        for old in existing:
            if old != target:
                old.unlink()   # a 进展.yaml replaced by 进展.xlsx (its copy is in 备份/)
    except PermissionError as exc:
        raise EnvironmentProblem(f"无法写入 {shown_path(target)}：文件可能正在 Excel/WPS 中打开，请关闭后重试"
                                 f"（{exc.strerror}）。进展数据未改动。") from exc
    return target, backups


def _verify(data: bytes, inputs: Inputs, result: MergeResult, read_progress) -> None:
    """Read the new workbook back with the ordinary reader: what `build` will see must
    be exactly what was merged, or nothing is written."""
    with tempfile.TemporaryDirectory(prefix="wuhua-collect-") as tmp:
        path = Path(tmp) / f"{PROGRESS}.xlsx"
        path.write_bytes(data)
        collector = Collector()
        back = read_progress(path, path, collector, inputs.plan)
        if collector.problems or back.entries != result.progress.entries \
                or back.milestones != result.progress.milestones:
            details = "；".join(str(p) for p in collector.problems[:5])
            raise RuntimeError(f"merged progress does not read back identically: {details}")


__all__ = ["BACKUP_FOLDER", "Batch", "form_paths", "missing_departments", "read_replies", "write_progress"]
