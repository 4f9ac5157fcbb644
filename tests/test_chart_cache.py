"""Charts are drawn once per content (charts.cache): a build whose charts are in the
cache gives the same bytes as one that draws them, without loading matplotlib, and
any change to what a chart shows draws it again."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from generator.charts import cache
from tests.conftest import run_cli

EPOCH = {"SOURCE_DATE_EPOCH": "1750000000"}


def build(out: Path, cache_dir: str, *extra: str) -> set[str]:
    """Build the sample into `out`; the top-level packages the run imported."""
    result = run_cli("build", "-o", str(out), "--year", "2025", "--as-of", "2025-12-10", *extra,
                     env={**EPOCH, "WUHUA_CACHE_DIR": cache_dir, "PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0, result.stderr[-2000:]
    return {m.group(1).split(".")[0] for m in re.finditer(r"import time:\s+\d+ \|\s+\d+ \|\s+(\S+)", result.stderr)}


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cached_charts_give_the_same_bytes_and_skip_matplotlib(tmp_path):
    store = tmp_path / "cache"
    cold = build(tmp_path / "cold", str(store))
    assert "matplotlib" in cold
    charts = sorted((store / "charts").glob("*.png"))
    assert len(charts) == 6          # book: bars, ring, timeline; wall chart: the same three, other sizes
    warm = build(tmp_path / "warm", str(store))
    assert "matplotlib" not in warm
    build(tmp_path / "off", "off")
    first = files_of(tmp_path / "cold")
    assert "作战图集.docx" in first and "作战图（挂图）.docx" in first
    assert files_of(tmp_path / "warm") == first
    assert files_of(tmp_path / "off") == first


def test_other_progress_or_date_draws_again(tmp_path):
    store = tmp_path / "cache"
    build(tmp_path / "a", str(store))
    before = {p.name for p in (store / "charts").glob("*.png")}
    names = build(tmp_path / "b", str(store), "--as-of", "2026-03-31")   # a later click wins
    assert "matplotlib" in names
    after = {p.name for p in (store / "charts").glob("*.png")}
    assert before < after and len(after) == 12


def test_a_damaged_entry_is_drawn_again(tmp_path):
    store = tmp_path / "cache"
    build(tmp_path / "a", str(store))
    for png in (store / "charts").glob("*.png"):
        png.write_bytes(png.read_bytes()[:100])          # cut short, as by a full disk
    # --no-cache: the documents themselves would come whole from the artifact cache
    assert "matplotlib" in build(tmp_path / "b", str(store), "--no-cache")
    assert files_of(tmp_path / "b") == files_of(tmp_path / "a")


@dataclasses.dataclass(frozen=True)
class Point:
    x: float
    when: dt.date


def test_keys_tell_every_value_apart():
    same = cache.canonical([Point(1.0, dt.date(2025, 1, 1)), {"b": {2, 1}}])
    assert same == cache.canonical([Point(1.0, dt.date(2025, 1, 1)), {"b": {1, 2}}])
    assert same != cache.canonical([Point(1.0000001, dt.date(2025, 1, 1)), {"b": {1, 2}}])
    assert same != cache.canonical([Point(1.0, dt.date(2025, 1, 2)), {"b": {1, 2}}])
    assert cache.canonical((1,)) != cache.canonical([1])
    with pytest.raises(cache.Unkeyable):
        cache.canonical(object())            # never keyed by a repr that may hide a difference


def test_an_unkeyable_argument_is_drawn_every_time(tmp_path, monkeypatch):
    monkeypatch.setenv("WUHUA_CACHE_DIR", str(tmp_path))
    calls = []

    @cache.cached_chart
    def chart(value) -> bytes:
        calls.append(value)
        return b"\x89PNG" + cache._PNG_END

    marker = object()
    assert chart(marker) == chart(marker)
    assert len(calls) == 2
    assert not list(tmp_path.rglob("*.png"))


# --- keys of exactly what is drawn ---------------------------------------------------

def _sample_states(progress_edit=None, as_of=dt.date(2025, 12, 10)):
    from generator.model.status import plan_states
    from generator.workspace import read_inputs as read

    inputs = read(Path(__file__).resolve().parents[1] / "inputs", cache=False)
    progress = inputs.progress
    if progress_edit is not None:
        progress = progress_edit(progress)
    return inputs.plan, plan_states(inputs.plan, progress, as_of), progress, as_of


def _draws(monkeypatch, tmp_path):
    """The book's three charts drawn through the cache, and the list of the drawing
    functions really called."""
    import functools

    from generator.charts import draw

    monkeypatch.setenv("WUHUA_CACHE_DIR", str(tmp_path))
    drawn = []
    for name in ("_status_bars", "_donut", "_timeline"):
        real = getattr(draw, name).__wrapped__

        @functools.wraps(real)
        def counting(*args, _real=real, _name=name, **kwargs):
            drawn.append(_name)
            return _real(*args, **kwargs)
        monkeypatch.setattr(draw, name, cache.cached_chart(counting))

    def charts(plan, states, progress, as_of):
        return [draw.status_by_action(plan, states, 150, 90), draw.completion_donut(states, 80, 90),
                draw.timeline(plan, states, progress, as_of, 240, 128)]
    return charts, drawn


def _edit_entry(progress, task: int, **changes):
    """The task's latest entry changed as a clerk would change its row."""
    latest = progress.for_task(task)[-1]
    entries = tuple(e.model_copy(update=changes) if e is latest else e for e in progress.entries)
    return progress.model_copy(update={"entries": entries})


def test_a_report_text_no_chart_shows_keeps_every_chart(monkeypatch, tmp_path):
    charts, drawn = _draws(monkeypatch, tmp_path)
    first = charts(*_sample_states())
    assert sorted(drawn) == ["_donut", "_status_bars", "_timeline"]
    drawn.clear()
    edited = _sample_states(lambda p: _edit_entry(p, 1, text="本月调度 7 次，进展顺利。", note="改过"))
    assert edited[1][1].last.text == "本月调度 7 次，进展顺利。"          # the states did change
    assert charts(*edited) == first and drawn == []


def test_what_a_chart_shows_draws_it_again_and_the_picture_changes(monkeypatch, tmp_path):
    from generator.charts import draw

    charts, drawn = _draws(monkeypatch, tmp_path)
    plan, states, progress, as_of = _sample_states()
    first = charts(plan, states, progress, as_of)
    # a percent of an unfinished task: the timeline's note and the mean under the ring
    open_task = next(s for s in states.values() if not s.done and s.last is not None and s.last.percent is not None)
    drawn.clear()
    changed = _sample_states(lambda p: _edit_entry(p, open_task.number, percent=(open_task.percent + 37) % 100))
    again = charts(*changed)
    assert sorted(drawn) == ["_donut", "_timeline"]            # the bars count marks only: unchanged
    assert again[0] == first[0] and again[1] != first[1] and again[2] != first[2]
    monkeypatch.setenv("WUHUA_CACHE_DIR", "off")
    assert again == [draw.status_by_action(changed[0], changed[1], 150, 90),
                     draw.completion_donut(changed[1], 80, 90),
                     draw.timeline(*changed, 240, 128)]     # what a draw without the cache gives
    # a milestone day moved: the timeline only
    monkeypatch.setenv("WUHUA_CACHE_DIR", str(tmp_path))
    drawn.clear()
    assert progress.milestones
    moved = _sample_states(lambda p: p.model_copy(update={"milestones": (
        p.milestones[0].model_copy(update={"date": p.milestones[0].date - dt.timedelta(days=60)}),
        *p.milestones[1:])}))
    again = charts(*moved)
    assert drawn == ["_timeline"] and again[:2] == first[:2] and again[2] != first[2]
