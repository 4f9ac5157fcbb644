"""Replacing one input of a workspace from the browser: checked first, in a copy of
the workspace, together with every other input; the old file is kept as a dated
backup and the new one moved into place atomically. A rejected upload changes
nothing."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.collect import BACKUP_FOLDER  # one backup folder for every replaced input
from generator.errors import InputError, Problem
from generator.readers.files import TABLE_EXTENSIONS
from generator.workspace import DEPARTMENTS, DUTIES, HAZARDS, OFFICE, PLAN, PROGRESS, read_inputs

ENTERPRISES = "企业名单"
STEMS = (OFFICE, PLAN, DEPARTMENTS, DUTIES, PROGRESS, HAZARDS, ENTERPRISES)
MAX_BYTES = 20 * 1024 * 1024            # a clerk's workbook is kilobytes; 20 MB is generous
MAX_UNPACKED = 200 * 1024 * 1024        # an .xlsx that unpacks beyond this is a zip bomb
MAX_RATIO = 200


@dataclass
class UploadResult:
    accepted: bool
    name: str
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    backup: Path | None = None


def allowed_name(filename: str) -> str | None:
    """The input file name an upload replaces ("部门.xlsx"), or None when it is no input."""
    path = Path(filename.replace("\\", "/")).name
    stem, suffix = Path(path).stem, Path(path).suffix.lower()
    if stem in STEMS and suffix in TABLE_EXTENSIONS:
        return f"{stem}{'.yaml' if suffix == '.yml' else suffix}"
    return None


def package_problem(data: bytes) -> str | None:
    """An .xlsx is a zip: refuse one that would unpack to far more than it holds."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except zipfile.BadZipFile:
        return None  # the reader says what is wrong with it, in its own words
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
        return "文件解压后异常大（可能是恶意构造的文件），未读取"
    if any(i.filename.startswith(("/", "\\")) or ".." in Path(i.filename).parts for i in infos):
        return "文件内部路径异常，未读取"
    return None


def replace_input(inputs_dir: Path, filename: str, data: bytes, *, now: dt.datetime | None = None) -> UploadResult:
    name = allowed_name(filename)
    if name is None:
        allowed = "、".join(f"{s}.xlsx" for s in STEMS)
        return UploadResult(False, filename, [f"不能上传“{filename}”：只接受这些数据文件（.xlsx 或 .yaml）：{allowed}"])
    if len(data) > MAX_BYTES:
        return UploadResult(False, name, [f"文件过大（{len(data) // 1024 // 1024} MB），上限 {MAX_BYTES // 1024 // 1024} MB"])
    if name.endswith(".xlsx"):
        bad = package_problem(data)
        if bad:
            return UploadResult(False, name, [bad])
    stem = Path(name).stem
    with tempfile.TemporaryDirectory(prefix="wuhua-upload-") as tmp:
        trial = Path(tmp) / "inputs"
        shutil.copytree(inputs_dir, trial, ignore=shutil.ignore_patterns(BACKUP_FOLDER, "~$*", ".~*"))
        for old in _same_input(trial, stem):
            old.unlink()
        (trial / name).write_bytes(data)
        try:
            checked = read_inputs(trial)
        except InputError as exc:
            return UploadResult(False, name, [_shown(p, trial, inputs_dir) for p in exc.sorted()])
        warnings = [_shown(w, trial, inputs_dir) for w in checked.warnings]
    olds = _same_input(inputs_dir, stem)
    backup = _back_up(inputs_dir, olds, now or dt.datetime.now())
    target = inputs_dir / name
    fd, staged = tempfile.mkstemp(prefix=".~wuhua-", suffix=target.suffix, dir=inputs_dir)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(staged, target)
    for old in olds:          # 部门.yaml replaced by 部门.xlsx: one file per input
        if old.name != target.name:
            old.unlink()
    return UploadResult(True, name, [], warnings, backup)


def _same_input(folder: Path, stem: str) -> list[Path]:
    return [p for p in folder.glob(f"{stem}.*") if p.suffix.lower() in TABLE_EXTENSIONS]


def _back_up(inputs_dir: Path, olds: list[Path], now: dt.datetime) -> Path | None:
    """Copy the current file(s) of this input to inputs/备份/ under a dated name."""
    if not olds:
        return None
    folder = inputs_dir / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    last = None
    for old in olds:
        last = folder / f"{old.stem}_{now:%Y%m%d-%H%M%S}{old.suffix}"
        shutil.copy2(old, last)
    return last


def _shown(p: Problem, trial: Path, real: Path) -> str:
    """Messages name the clerk's inputs/, not the trial copy they were found in."""
    return str(p).replace(str(trial), "inputs")
