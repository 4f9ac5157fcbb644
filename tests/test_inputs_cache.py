"""Inputs read once per content (generator/inputs_cache): a rebuild with unchanged
files takes the earlier read, warnings included, and starts without openpyxl and
numpy; any changed byte reads again; a failing read is never kept, so its located
messages are the same every time."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from openpyxl import load_workbook

from generator import inputs_cache
from generator.workspace import read_inputs
from tests.conftest import SAMPLE, SAMPLE_BUILD_EPOCH, run_cli


def imported(stderr: str) -> set[str]:
    return {m.group(1).split(".")[0] for m in re.finditer(r"import time:\s+\d+ \|\s+\d+ \|\s+(\S+)", stderr)}


def test_an_unchanged_rebuild_reads_no_workbook_and_makes_the_same_files(tmp_path, workspace):
    env = {"WUHUA_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": SAMPLE_BUILD_EPOCH,
           "PYTHONPROFILEIMPORTTIME": "1"}

    def build(out: str, *extra: str) -> tuple[set[str], dict[str, bytes]]:
        result = run_cli("-w", str(workspace), "build", "-o", str(tmp_path / out), "--as-of", "2026-06-30", *extra,
                         env=env)
        assert result.returncode == 0, result.stderr[-2000:]
        files = {str(p.relative_to(tmp_path / out)): p.read_bytes()
                 for p in sorted((tmp_path / out).rglob("*")) if p.is_file() and not p.name.startswith(".")}
        return imported(result.stderr), files

    first, made = build("one")
    assert {"openpyxl", "numpy"} <= first
    again, remade = build("two")
    assert "openpyxl" not in again and "numpy" not in again
    assert remade == made
    fresh, uncached = build("three", "--no-cache")
    assert "openpyxl" in fresh and uncached == made


def test_a_changed_byte_is_read_again(tmp_path, monkeypatch, workspace):
    monkeypatch.setenv("WUHUA_CACHE_DIR", str(tmp_path / "cache"))
    folder = workspace / "inputs"
    first = read_inputs(folder)
    assert read_inputs(folder) == first
    assert len(list((tmp_path / "cache" / "inputs").glob("*.pickle"))) == 1
    uncached = read_inputs(folder, cache=False)
    assert uncached == first and uncached.warnings == first.warnings

    book = load_workbook(folder / "进展.xlsx")
    last = book.active.max_row
    book.active.cell(row=last, column=3).value = "本行已改写。"
    book.save(folder / "进展.xlsx")
    changed = read_inputs(folder)
    assert changed != first
    assert any(e.text == "本行已改写。" for e in changed.progress.entries)

    # A file added beside the others (a handbook) is part of the key too.
    shutil.copyfile(SAMPLE / "手册" / "全员安全生产岗位责任手册.yaml", folder / "手册" / "另一本手册.yaml")
    assert len(read_inputs(folder).handbooks) == len(changed.handbooks) + 1


def test_a_failing_read_is_reported_the_same_every_time(tmp_path, workspace):
    env = {"WUHUA_CACHE_DIR": str(tmp_path / "cache")}
    book = load_workbook(workspace / "inputs" / "进展.xlsx")
    book.active.cell(row=2, column=4).value = "差不多"          # 状态: not one of the allowed values
    book.save(workspace / "inputs" / "进展.xlsx")
    runs = [run_cli("-w", str(workspace), "check", env=env) for _ in range(2)]
    runs.append(run_cli("-w", str(workspace), "check", env={"WUHUA_CACHE_DIR": "off"}))
    assert [r.returncode for r in runs] == [2, 2, 2]
    assert runs[0].stderr == runs[1].stderr == runs[2].stderr
    assert "进展.xlsx" in runs[0].stderr and "差不多" in runs[0].stderr
    assert not list((tmp_path / "cache" / "inputs").glob("*.pickle"))


def test_a_damaged_entry_is_read_again(tmp_path, monkeypatch, workspace):
    monkeypatch.setenv("WUHUA_CACHE_DIR", str(tmp_path / "cache"))
    folder = workspace / "inputs"
    first = read_inputs(folder)
    for entry in (tmp_path / "cache" / "inputs").glob("*.pickle"):
        data = bytearray(entry.read_bytes())
        data[-10] ^= 0xFF
        entry.write_bytes(bytes(data))
    assert inputs_cache._load(next((tmp_path / "cache" / "inputs").glob("*.pickle"))) is None
    assert read_inputs(folder) == first


def test_where_the_clerk_stands_is_part_of_the_key(tmp_path, monkeypatch, workspace):
    """Warnings name files relative to the current folder: another folder, another key."""
    monkeypatch.setenv("WUHUA_CACHE_DIR", str(tmp_path / "cache"))
    folder = workspace / "inputs"
    monkeypatch.chdir(tmp_path)
    here = inputs_cache.inputs_key(folder, False)
    monkeypatch.chdir(workspace)
    assert inputs_cache.inputs_key(folder, False) != here
    assert inputs_cache.inputs_key(folder, True) != inputs_cache.inputs_key(folder, False)
    assert isinstance(read_inputs(Path(folder)).warnings, list)
