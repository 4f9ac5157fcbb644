"""Rebuilds take unchanged documents from the artifact cache (generator/artifact_cache.py).
A wrong hit would be a silently wrong document, so every check here compares a cached
rebuild with a build that renders everything (`--no-cache`), byte for byte, and reads
which files were rendered again from the entries the rebuild stored."""
from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from generator.artifact_cache import _unpack
from tests.conftest import ROOT, SAMPLE, SAMPLE_BUILD_EPOCH, run_cli

PLAN_B = ROOT / "tests" / "data" / "plan_b"
SAMPLE_ARGS = ("--year", "2025", "--as-of", "2025-11-29")
PLAN_B_ARGS = ("--year", "2026", "--as-of", "2026-03-01")


def build(ws: Path, out: Path, cache: Path, *args: str, code: Path | None = None) -> dict[str, bytes]:
    """The files of `wuhua build` (of the package under `code`, else this one)."""
    env = {"WUHUA_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": SAMPLE_BUILD_EPOCH}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    shutil.rmtree(out, ignore_errors=True)
    result = run_cli("-q", "-w", str(ws), "build", "-o", str(out), *args, env=env, cwd=code)
    assert result.returncode == 0, result.stderr[-3000:]
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith(".wuhua")}


def entries(cache: Path) -> dict[Path, list[str]]:
    """Every stored kind: its entry and the files it holds."""
    found = {}
    for path in (cache / "artifacts").glob("*.bin"):
        files = _unpack(path.read_bytes())
        assert files is not None, path
        found[path] = [name for name, _ in files]
    return found


def rebuilt(cache: Path, before: dict) -> set[str]:
    """The files rendered by the build since `before` (the new entries' files)."""
    return {name for path, names in entries(cache).items() if path not in before for name in names}


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """One cache for the module: the first build also lays out the 目录 once."""
    return tmp_path_factory.mktemp("cache")


def _copy(source: Path, ws: Path) -> Path:
    shutil.copytree(source, ws / "inputs", ignore=shutil.ignore_patterns("xlsx"))
    return ws


@pytest.mark.parametrize(("source", "args"), [(SAMPLE, SAMPLE_ARGS), (PLAN_B, PLAN_B_ARGS)], ids=["sample", "plan_b"])
def test_a_rebuild_renders_nothing_and_gives_the_same_bytes(tmp_path, cache, source, args):
    ws = _copy(source, tmp_path / "ws")
    cold = build(ws, tmp_path / "cold", cache, *args)
    before = entries(cache)
    warm = build(ws, tmp_path / "warm", cache, *args)
    assert rebuilt(cache, before) == set()
    assert warm == cold
    assert build(ws, tmp_path / "uncached", cache, *args, "--no-cache") == cold
    assert len(cold) >= 15


def _edit_progress(ws: Path) -> None:
    wb = openpyxl.load_workbook(ws / "inputs" / "进展.xlsx")
    sheet = wb["进展"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=3, column=header.index("进展情况") + 1)
    cell.value = f"{cell.value}（已改：补充一条进展）"
    wb.save(ws / "inputs" / "进展.xlsx")


def _edit_wording(ws: Path) -> None:
    own = ws / "templates" / "文字" / "任务台账.yaml"
    own.parent.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "templates" / "文字" / "任务台账.yaml").read_text("utf-8")
    own.write_text(text.replace('标题: "{{ office }}{{ short }}任务台账（{{ year }}年）"',
                                '标题: "{{ office }}{{ short }}任务推进台账（{{ year }}年）"'), "utf-8")


def _edit_template(ws: Path) -> None:
    own = ws / "templates" / "职责清单.docx"
    own.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document(str(ROOT / "templates" / "职责清单.docx"))
    document.add_paragraph("（本清单随机构调整及时更新。）")
    document.save(str(own))


# What each edit must render again, and what it must not: the documents that do not read
# the changed input are taken from the cache.
EDITS = {
    "progress": (_edit_progress, {"任务台账.xlsx"}, {"手册/", "重大事故隐患判定标准海报/", "职责清单"}),
    "wording": (_edit_wording, {"任务台账.xlsx"}, {"手册/", "任务清单", "职责清单", "作战图"}),
    "template": (_edit_template, {"职责清单"}, {"手册/", "任务台账.xlsx", "作战图", "总结"}),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_renders_exactly_the_documents_that_read_it(tmp_path, cache, edit):
    change, must, must_not = EDITS[edit]
    ws = _copy(SAMPLE, tmp_path / "ws")
    cold = build(ws, tmp_path / "cold", cache, *SAMPLE_ARGS)
    change(ws)
    before = entries(cache)
    warm = build(ws, tmp_path / "warm", cache, *SAMPLE_ARGS)
    again = rebuilt(cache, before)
    assert all(any(m in name for name in again) for m in must), (edit, sorted(again))
    assert not [name for name in again if any(name.startswith(n) or n in name for n in must_not)], sorted(again)
    assert warm == build(ws, tmp_path / "uncached", cache, *SAMPLE_ARGS, "--no-cache")
    changed = {name for name in warm if warm[name] != cold.get(name)}
    assert all(any(m in name for name in changed) for m in must), sorted(changed)   # the edit shows
    assert changed <= again


def test_another_as_of_date_renders_the_dated_documents_only(tmp_path, cache):
    ws = _copy(SAMPLE, tmp_path / "ws")
    build(ws, tmp_path / "cold", cache, *SAMPLE_ARGS)
    before = entries(cache)
    warm = build(ws, tmp_path / "warm", cache, "--year", "2025", "--as-of", "2025-12-01")
    again = rebuilt(cache, before)
    assert any("任务台账" in name for name in again) and any("作战图" in name for name in again)
    assert not [name for name in again if name.startswith("手册/")]         # handbooks carry no date
    assert warm == build(ws, tmp_path / "uncached", cache, "--year", "2025", "--as-of", "2025-12-01", "--no-cache")


def test_changed_code_renders_everything(tmp_path, cache):
    ws = _copy(SAMPLE, tmp_path / "ws")
    cold = build(ws, tmp_path / "cold", cache, *SAMPLE_ARGS)
    package = tmp_path / "code"
    shutil.copytree(ROOT / "generator", package / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", package / "templates")
    metrics = package / "generator" / "style" / "metrics.py"
    metrics.write_text(metrics.read_text("utf-8") + "\n# a change that alters no document\n", "utf-8")
    before = entries(cache)
    warm = build(ws, tmp_path / "warm", cache, *SAMPLE_ARGS, code=package)
    assert rebuilt(cache, before) == set(cold)
    assert warm == cold
