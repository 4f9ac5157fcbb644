"""The three charts of the 作战图集: status counts per action, overall completion,
and the three-year timeline with the as-of date.

Sizes are given in millimetres as printed, so type sizes in points are true on
paper; `scale` enlarges the type for the wall chart. Every PNG is rendered at
print resolution with fixed metadata: same data, same bytes.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from generator.charts.cache import cached_chart
from generator.charts.fonts import MissingChartFont, chart_font
from generator.errors import WuhuaError
from generator.model.plan import Action, Plan, years_label
from generator.model.progress import Progress
from generator.model.status import MARK_ORDER, Mark, TaskState, completion, mark_counts
from generator.model.values import cn_number, format_date
from generator.style.marks import COLOR, FILL, HATCH

DPI = 220
MM_PER_INCH = 25.4
INK = "#222222"
GRID = "#BBBBBB"


@contextmanager
def _figure(width_mm: float, height_mm: float):
    """A figure in the chart font; a glyph the font lacks is an error, not a box."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot as plt

    font = chart_font()
    rc = {"font.family": [font.name], "font.sans-serif": [font.name], "axes.unicode_minus": False,
          "svg.hashsalt": "wuhua", "hatch.linewidth": 0.6, "axes.edgecolor": INK, "text.color": INK,
          "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK}
    with matplotlib.rc_context(rc), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = plt.figure(figsize=(width_mm / MM_PER_INCH, height_mm / MM_PER_INCH), dpi=DPI)
        try:
            yield fig
            missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
            if missing:
                raise MissingChartFont(f"字体 {font.name} 缺少字形：{missing[0]}")
        finally:
            plt.close(fig)


def png_bytes(fig) -> bytes:
    """PNG with no software/date chunks. The `Font` chunk names the faces matplotlib
    actually resolved for the figure's text, so a test can check them."""
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None, "Font": "、".join(resolved_fonts(fig))})
    return out.getvalue()


def resolved_fonts(fig) -> list[str]:
    """Family names of the font files matplotlib picks for every text in the figure."""
    from matplotlib import font_manager
    from matplotlib.text import Text

    names = set()
    for text in fig.findobj(Text):
        if text.get_text().strip():
            path = font_manager.findfont(text.get_fontproperties())
            names.add(font_manager.get_font(path).family_name)
    return sorted(names)


@lru_cache(maxsize=4)
def _charmap(name: str) -> frozenset[int]:
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
    return frozenset(font_manager.get_font(path).get_charmap())


def drawable(text: str) -> str:
    """The clerk's text as the chart font can draw it: an emoji or a zero-width
    character in a task is left out of the picture (the tables keep it), rather
    than drawn as a box or stopping the build."""
    covered = _charmap(chart_font().name)
    return "".join(c for c in text if c.isspace() or (ord(c) in covered and unicodedata.category(c) != "Cf"))


def short_title(action: Action) -> str:
    """“开展全面深化落实…责任行动” -> “全面深化落实…责任”: bars need short labels."""
    return _short_title(action.title)


def _short_title(full: str) -> str:
    title = re.sub(r"^开展", "", full)
    return re.sub(r"行动$", "", title) or full


def action_label(action: Action) -> str:
    return _action_label(action.number, action.title)


def _action_label(number: int, title: str) -> str:
    return f"（{cn_number(number)}）{drawable(_short_title(title))}"


def _legend(ax, marks, fontsize, *, labels=None, handles_extra=(), **kw):
    from matplotlib.patches import Patch

    labels = labels or [m.label for m in marks]
    handles = [Patch(facecolor="#" + COLOR[m], edgecolor=INK, hatch=HATCH[m], linewidth=0.5, label=text)
               for m, text in zip(marks, labels)]
    return ax.legend(handles=handles + list(handles_extra), fontsize=fontsize, frameon=False, **kw)


# Each chart is drawn by a cached function of exactly what it draws (`ActionBar`,
# `TimelineRow`, counts), never of whole states or progress: a progress text, which no
# chart shows, then leaves every chart's key unchanged, so editing one report does not
# redraw (nor import matplotlib). The public functions only pick those values out.

@dataclass(frozen=True)
class ActionBar:
    """One bar of `status_by_action`: the action's number and title, its tasks counted
    per mark in MARK_ORDER."""
    number: int
    title: str
    counts: tuple[int, ...]


def status_by_action(plan: Plan, states: dict[int, TaskState], width_mm: float, height_mm: float,
                     *, scale: float = 1.0) -> bytes:
    """Horizontal stacked bars: for each action, its tasks counted by mark."""
    bars = tuple(ActionBar(a.number, a.title, tuple(mark_counts(states[t.number] for t in a.tasks).values()))
                 for a in plan.actions)
    return _status_bars(bars, width_mm, height_mm, scale=scale)


@cached_chart
def _status_bars(actions: tuple[ActionBar, ...], width_mm: float, height_mm: float, *, scale: float) -> bytes:
    with _figure(width_mm, height_mm) as fig:
        ax = fig.add_subplot(1, 1, 1)
        labels = [_action_label(a.number, a.title) for a in actions]
        ys = list(range(len(actions)))[::-1]
        left = [0] * len(actions)
        for i, mark in enumerate(MARK_ORDER):
            values = [a.counts[i] for a in actions]
            if not any(values):
                continue
            bars = ax.barh(ys, values, left=left, color="#" + COLOR[mark], hatch=HATCH[mark],
                           edgecolor="white" if not HATCH[mark] else INK, linewidth=0.5, height=0.62)
            for bar, v in zip(bars, values):
                if v:
                    ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(v),
                            ha="center", va="center", fontsize=8 * scale, color="white", fontweight="bold",
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "#" + COLOR[mark],
                                  "edgecolor": "none"})
            left = [a + b for a, b in zip(left, values)]
        ax.set_yticks(ys, labels, fontsize=8.5 * scale)
        most = max(left) if left else 1
        ax.set_xlim(0, most + 0.2)
        ax.set_xticks(range(0, most + 1))
        ax.tick_params(axis="x", labelsize=8 * scale)
        ax.grid(axis="x", color=GRID, linewidth=0.5)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_title("各行动任务推进状态（项）", fontsize=11 * scale, fontweight="bold", loc="left")
        wide = width_mm / scale > 120
        _legend(ax, MARK_ORDER, 8 * scale, loc="upper center", bbox_to_anchor=(0.35, -0.06 - 0.01 * scale),
                ncol=len(MARK_ORDER) if wide else 3, handlelength=1.6, columnspacing=1.0)
        fig.tight_layout(pad=0.4)
        return png_bytes(fig)


def completion_donut(states: dict[int, TaskState], width_mm: float, height_mm: float,
                     *, scale: float = 1.0) -> bytes:
    """A ring of all tasks by mark, the share done in its centre.

    Laid out by measure, not by fractions of the axes: from the bottom edge up the
    totals line, then the legend (its drawn height), and the ring in what is left under
    the title. On a small sheet (the wall chart's band) fixed fractions put the totals
    line over the legend and the share over its caption; measured, nothing overlaps at
    any size. The centre's type is sized to the ring's hole; when the caption cannot
    fit there legibly it moves into the title."""
    counts = mark_counts(states.values())
    return _donut(tuple(counts.values()), completion(states.values()), width_mm, height_mm, scale=scale)


@cached_chart
def _donut(counted: tuple[int, ...], shares: tuple[int, int], width_mm: float, height_mm: float, *,
           scale: float) -> bytes:
    from matplotlib.patches import Patch

    counts = dict(zip(MARK_ORDER, counted))
    done_share, mean = shares
    total = sum(counts.values())
    with _figure(width_mm, height_mm) as fig:
        fig_w, fig_h = width_mm / MM_PER_INCH * 72, height_mm / MM_PER_INCH * 72    # in pt
        pad, title_pt, legend_pt, note_pt = 3 * scale, 11 * scale, 8 * scale, 8.5 * scale
        fig.text(0.5, pad / fig_h, f"共{total}项任务，平均推进进度{mean}%", ha="center", va="bottom",
                 fontsize=note_pt)
        handles = [Patch(facecolor="#" + COLOR[m], edgecolor=INK, hatch=HATCH[m], linewidth=0.5,
                         label=f"{m.label}  {counts[m]}项") for m in MARK_ORDER]
        legend = fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=legend_pt, frameon=False,
                            bbox_to_anchor=(0.5, (pad + note_pt * 1.6) / fig_h), borderaxespad=0, borderpad=0,
                            handlelength=1.4, columnspacing=0.8)
        legend_top = legend.get_window_extent(fig.canvas.get_renderer()).y1 / fig.bbox.height
        ring_bottom = legend_top + pad / fig_h
        ring_top = 1 - (pad + title_pt * 1.5) / fig_h
        ax = fig.add_axes((0, ring_bottom, 1, max(ring_top - ring_bottom, 0.05)))
        marks = [m for m in MARK_ORDER if counts[m]] or [Mark.NOT_STARTED]   # no tasks: an empty grey ring
        wedges, _ = ax.pie([counts[m] or 1 for m in marks], colors=["#" + COLOR[m] for m in marks],
                           startangle=90, counterclock=False,
                           wedgeprops={"width": 0.34, "edgecolor": "white", "linewidth": 1})
        for wedge, mark in zip(wedges, marks):
            wedge.set_hatch(HATCH[mark])
        ax.set_aspect("equal")
        # pie() without a frame sets the limits to ±1.25: the hole is 0.66 of the radius.
        hole = 2 * 0.66 * min(fig_w, (ring_top - ring_bottom) * fig_h) / 2 / 1.25
        share_pt = min(22 * scale, hole * 0.9 / 2.0, hole * 0.45)      # "100%" is about 2 em wide
        caption_pt = min(9 * scale, hole * 0.85 / 5)                    # 任务完成率: 5 em
        caption = caption_pt >= 6.5 * scale and share_pt * 0.9 + caption_pt * 1.1 <= hole * 0.8
        green = "#" + COLOR[Mark.DONE]
        if caption:
            ax.annotate(f"{done_share}%", (0, 0), xytext=(0, 1), textcoords="offset points", ha="center",
                        va="bottom", fontsize=share_pt, fontweight="bold", color=green)
            ax.annotate("任务完成率", (0, 0), xytext=(0, -1), textcoords="offset points", ha="center",
                        va="top", fontsize=caption_pt)
        else:
            ax.text(0, 0, f"{done_share}%", ha="center", va="center", fontsize=share_pt, fontweight="bold",
                    color=green)
        fig.suptitle("总体完成情况" if caption else "总体完成情况（中间为任务完成率）", fontsize=title_pt,
                     fontweight="bold", y=1 - pad / fig_h, va="top")
        return png_bytes(fig)


@dataclass(frozen=True)
class TimelineRow:
    """One task of `timeline` as drawn: its label, span, mark and milestone days."""
    number: int
    short: str
    start: dt.date | None
    deadline: dt.date | None
    mark: Mark
    percent: int
    recurring: bool
    milestones: tuple[dt.date, ...]

    @property
    def done(self) -> bool:
        return self.mark is Mark.DONE


def timeline(plan: Plan, states: dict[int, TaskState], progress: Progress | None, as_of: dt.date,
             width_mm: float, height_mm: float, *, scale: float = 1.0, label_chars: int = 12,
             columns: int = 1, label_pt: float | None = None) -> bytes:
    """One row per task across the plan's years: the span to its deadline, the part
    reported done filled in the mark's colour, milestones as diamonds, the as-of day
    as a red line; √ at the end of finished tasks, ▲ on overdue ones.

    `columns` > 1 splits the tasks into that many panels side by side (the wall chart:
    rows tall enough for their labels). With `label_pt` every small text (labels, notes,
    legend, the as-of day) is at least that size, and the rows are checked to be at
    least `ROW_PITCH` label heights apart: a chart whose labels would overlap is an
    error, never printed (`timeline_fits` says beforehand whether they will fit)."""
    rows = []
    for task in plan.tasks:
        state = states[task.number]
        days = tuple(m.date for m in progress.milestones_of(task.number)) if progress is not None else ()
        rows.append(TimelineRow(task.number, task.short, task.start, state.deadline, state.mark, state.percent,
                                state.recurring, days))
    return _timeline(tuple(rows), plan.start, plan.end, as_of, width_mm, height_mm, scale=scale,
                     label_chars=label_chars, columns=columns, label_pt=label_pt)


@cached_chart
def _timeline(tasks: tuple[TimelineRow, ...], start: dt.date, end: dt.date, as_of: dt.date, width_mm: float,
              height_mm: float, *, scale: float, label_chars: int, columns: int, label_pt: float | None) -> bytes:
    import matplotlib.dates as mdates

    tasks = list(tasks)
    small = 7 * scale if label_pt is None else max(label_pt, 7 * scale)
    legend_pt = 7.5 * scale if label_pt is None else max(label_pt, 7.5 * scale)
    per = math.ceil(len(tasks) / columns) if tasks else 0
    chunks = [tasks[i * per:(i + 1) * per] for i in range(columns)] if per else [tasks]
    with _figure(width_mm, height_mm) as fig:
        axes = [fig.add_subplot(1, len(chunks), i + 1) for i in range(len(chunks))]
        for ax, chunk in zip(axes, chunks):
            _timeline_rows(ax, chunk, per or len(chunk), as_of, start, end, scale, small)
            labels = _task_labels(chunk, width_mm / len(chunks), small, named=label_chars > 0)
            ax.set_yticks(range(per - 1, per - 1 - len(chunk), -1) if per else [], labels, fontsize=small)
        axes[0].set_title(f"{years_label(start.year, end.year)}任务推进时间轴", fontsize=11 * scale, fontweight="bold",
                          loc="left", pad=10 * scale)
        from matplotlib.lines import Line2D

        extra = [Line2D([], [], marker="D", color="black", linestyle="none", markersize=4, label="时间节点（已到）"),
                 Line2D([], [], marker="D", color="white", markeredgecolor="black", linestyle="none",
                        markersize=4, label="时间节点（未到）")]
        if label_pt is None:
            _legend(axes[0], MARK_ORDER, legend_pt, loc="upper center", bbox_to_anchor=(0.5, -0.04 - 0.01 * scale),
                    ncol=len(MARK_ORDER) + 2, handlelength=1.4, columnspacing=0.8, handles_extra=extra)
            fig.tight_layout(pad=0.4)
        else:
            # Panels placed by measure, not by tight_layout: the rows' pitch is then
            # known before drawing (`timeline_fits`), and the legend sits under all panels.
            top, bottom, left = _split_margins(legend_pt, small, scale, len(str(max(t.number for t in tasks))))
            _legend(axes[0], MARK_ORDER, legend_pt, loc="lower center", bbox_to_anchor=(0.5, 0.0),
                    bbox_transform=fig.transFigure, ncol=len(MARK_ORDER) + 2, handlelength=1.4,
                    columnspacing=0.8, handles_extra=extra)
            # Each panel keeps room on its right for the notes after the bars (“▲ 100%”),
            # so they never run into the next panel's task numbers.
            right = NOTE_EM * small * PT_MM + 1
            panel = (width_mm - 2) / len(chunks)
            for i, ax in enumerate(axes):
                ax.set_xlim(mdates.date2num(start) - 10, mdates.date2num(end) + 5)
                ax.set_position(((i * panel + left) / width_mm, bottom / height_mm,
                                 (panel - left - right) / width_mm, (height_mm - top - bottom) / height_mm))
        if label_pt is not None:
            pitch = min(ax.get_position().height for ax in axes) * height_mm / (max(per, 1) + 0.4)
            if pitch < row_pitch_mm(small) - 1e-6:
                raise ChartTooDense(f"时间轴行距 {pitch:.2f} mm 小于 {small:g} 磅标签所需的 "
                                    f"{row_pitch_mm(small):.2f} mm（{len(tasks)} 项，{len(chunks)} 栏）")
        return png_bytes(fig)


def _timeline_rows(ax, tasks: list[TimelineRow], rows: int, as_of, start, end, scale: float, small: float) -> None:
    """One panel: `tasks` from the top, in a panel of `rows` rows (the last panel of a
    split timeline may hold fewer), the year axis and the as-of line."""
    import matplotlib.dates as mdates

    n = rows
    for row, task in enumerate(tasks):
        y = n - 1 - row
        first = max(task.start or start, start)
        last = min(task.deadline or end, end)
        if last < first:
            last = first
        x0 = mdates.date2num(first)
        span = mdates.date2num(last) - x0 + 1
        mark = task.mark
        ax.barh(y, span, left=x0, height=0.62, color="#" + FILL[mark],
                edgecolor="#" + COLOR[mark], linewidth=0.6, linestyle="--" if task.recurring else "-")
        # Solid up to the day it stands on (all of it once done), pale for what is still ahead:
        # on a time axis, colour past the as-of line would read as work already done.
        reached = last if task.done else min(as_of, last)
        worked = mdates.date2num(reached) - x0 + 1 if reached >= first else 0
        if worked > 0:
            ax.barh(y, worked, left=x0, height=0.62, color="#" + COLOR[mark],
                    hatch=HATCH[mark], edgecolor=INK if HATCH[mark] else "#" + COLOR[mark], linewidth=0.3)
        note = mark.symbol if mark is Mark.DONE else (
            f"{mark.symbol} {task.percent}%" if mark in (Mark.OVERDUE, Mark.LATE) else f"{task.percent}%")
        ax.text(x0 + span + 10, y, note, va="center", ha="left", fontsize=small,
                color="#" + COLOR[mark], fontweight="bold" if mark is not Mark.IN_PROGRESS else "normal")
        for day in task.milestones:
            ax.plot(mdates.date2num(day), y, marker="D", markersize=3.2 * scale,
                    color="black" if day <= as_of else "white", markeredgecolor="black",
                    markeredgewidth=0.6)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(mdates.date2num(start) - 10, mdates.date2num(end) + 75)
    years = range(start.year, end.year + 1)
    ax.set_xticks([mdates.date2num(dt.date(y, 7, 1)) for y in years], [f"{y}年" for y in years],
                  fontsize=max(8.5 * scale, small))
    ax.set_xticks([mdates.date2num(dt.date(y, m, 1)) for y in years for m in (1, 7)]
                  + [mdates.date2num(end) + 1], minor=True)
    ax.tick_params(axis="x", which="major", length=0)
    ax.grid(axis="x", which="minor", color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if start <= as_of <= end:
        x = mdates.date2num(as_of)
        ax.axvline(x, color="#" + COLOR[Mark.OVERDUE], linewidth=1.2, linestyle=(0, (4, 2)))
        ax.text(x, n - 0.35, f"截至{format_date(as_of)}", color="#" + COLOR[Mark.OVERDUE],
                fontsize=max(7.5 * scale, small), ha="right" if as_of > start + (end - start) * 0.7 else "left",
                va="bottom", fontweight="bold")


class ChartTooDense(WuhuaError):
    """A caller asked for a timeline whose rows cannot hold their labels: a layout bug
    (callers check `timeline_fits` first), never a picture with overlapping labels."""


# Rows of a timeline with measured labels are at least this many label sizes apart,
# so neighbouring labels keep a visible gap.
ROW_PITCH = 1.25
NOTE_EM = 4.0        # “▲ 100%” after a bar, with its gap
PT_MM = 25.4 / 72


def row_pitch_mm(label_pt: float) -> float:
    return label_pt * ROW_PITCH * PT_MM


def _split_margins(legend_pt: float, small: float, scale: float, digits: int) -> tuple[float, float, float]:
    """(top, bottom, left) room in mm around each panel of a split timeline: the title
    and its pad (where the as-of day is written) above; the year labels and the legend
    band below; the task numbers and their ticks on the left."""
    top = (11 * scale * 1.3 + 10 * scale) * PT_MM + 1
    bottom = (max(8.5 * scale, small) * 1.3 + 3.5) * PT_MM + legend_pt * 2.0 * PT_MM + 1
    left = (digits * 0.6 * small + 3.5 + 3.5) * PT_MM + 1
    return top, bottom, left


def timeline_fits(tasks: int, columns: int, height_mm: float, label_pt: float, scale: float = 1.0) -> bool:
    """Whether a measured timeline (`label_pt` given) in `columns` panels of `height_mm` gives `tasks`
    rows a pitch of `row_pitch_mm(label_pt)`; `timeline` lays them out by the same
    measure and checks the pitch it drew."""
    small = max(label_pt, 7 * scale)
    legend_pt = max(label_pt, 7.5 * scale)
    top, bottom, _ = _split_margins(legend_pt, small, scale, len(str(tasks)))
    per = math.ceil(tasks / columns)
    return height_mm - top - bottom >= (per + 0.4) * row_pitch_mm(small)


# Task names may take at most this share of a timeline's width; beyond it the axis
# would be too short to read, and the labels are the task numbers alone.
LABEL_SHARE = 0.45


def _task_labels(tasks, width_mm: float, pt: float, *, named: bool = True) -> list[str]:
    """“N. 简称” in full on one line (never cut with “…”), or “N” alone when the
    names are not wanted or the longest would take over LABEL_SHARE of the width."""
    names = [re.sub(r"\s+", "", drawable(t.short)) for t in tasks]
    longest = max((len(f"{t.number}. ") * 0.55 + len(n) for t, n in zip(tasks, names)), default=0)
    if not named or longest * pt * 25.4 / 72 > width_mm * LABEL_SHARE:
        return [str(t.number) for t in tasks]
    return [f"{t.number}. {n}" for t, n in zip(tasks, names)]
