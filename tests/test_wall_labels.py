"""The wall chart's timeline on paper (issue 12): every task number printed at 8 pt or
more, rows never closer than a label's height, and a sheet too small for the tasks
refused with what fits. The timeline is a picture, so its labels are measured in the
pixels LibreOffice placed on the PDF page: the placed box (pdfplumber) gives printed
points per pixel, the ink of each label its height and position."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pdfplumber
import pytest
import yaml
from PIL import Image

from generator.model.values import cn_number
from tests.conftest import convert_to_pdf, run_cli

WALL = "作战图（挂图）.docx"
# Height of the digits 0–9 in the CJK sans the charts use (Noto Sans CJK: 0.733 em);
# a label's type size is its digits' ink height divided by this.
DIGIT_EM = 0.73


def plan_of(count: int) -> dict:
    """`count` tasks in actions of 9, other departments and deadlines than the sample."""
    deadlines = ["2025年底前", "每季度", "长期", "2026年6月底前", "每半年"]
    leads = ["安全生产科", "原材料工业科", "信息化推进科", "办公室"]
    actions = []
    for a in range(0, count, 9):
        tasks = [{"编号": n, "任务内容": f"组织第{n}批企业开展专项排查整治", "牵头部门": leads[n % 4],
                  "时限": deadlines[n % 5]} for n in range(a + 1, min(a + 9, count) + 1)]
        actions.append({"编号": cn_number(a // 9 + 1), "名称": f"开展第{a // 9 + 1}项专项行动",
                        "任务": tasks})
    return {"标题": "某县工信局治本攻坚实施方案", "开始日期": "2024-01-01", "结束日期": "2026-12-31", "行动": actions}


def shaped(ws: Path, count: int) -> Path:
    (ws / "inputs" / "进展.xlsx").unlink()
    (ws / "inputs" / "进展.yaml").write_text("进展: []\n", encoding="utf-8")
    (ws / "inputs" / "实施方案.yaml").write_text(yaml.safe_dump(plan_of(count), allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
    return ws


def timeline_labels(docx: Path, pdf: Path) -> tuple[float, list[list[tuple[int, int, int]]]]:
    """(printed pt per pixel, per panel the (top, bottom, ink width) of each label in px)."""
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 1
        placed = max(doc.pages[0].images, key=lambda i: i["x1"] - i["x0"])    # the timeline: the widest chart
    size = tuple(placed["srcsize"])
    with zipfile.ZipFile(docx) as z:
        images = [Image.open(io.BytesIO(z.read(n))) for n in z.namelist() if n.startswith("word/media/")]
    png = next(i for i in images if i.size == size)
    pt_per_px = (placed["x1"] - placed["x0"]) / size[0]
    rgb = np.asarray(png.convert("RGB")).astype(int)
    dark = (rgb.max(axis=2) < 110) & (rgb.max(axis=2) - rgb.min(axis=2) < 30)     # the ink, not the red as-of line
    height = dark.shape[0]
    # The panels' left axis lines: neutral dark columns over a third of the picture's height.
    columns = np.flatnonzero(dark.sum(axis=0) > height / 3)
    spines = [int(x) for i, x in enumerate(columns) if i == 0 or x - columns[i - 1] > 5]
    panels = []
    for x in spines:
        ys = np.flatnonzero(dark[:, x])
        breaks = np.flatnonzero(np.diff(ys) > 1)                # the axis line is its longest dark run
        starts, ends = np.r_[0, breaks + 1], np.r_[breaks, len(ys) - 1]
        longest = int(np.argmax(ends - starts))
        top, bottom = int(ys[starts[longest]]), int(ys[ends[longest]]) - 4     # above the bottom axis line
        # Task numbers end 7 pt left of the axis (tick and pad); two digits of 8 pt take
        # about 10 pt. Further left the previous panel's notes may be printed.
        region = dark[top:bottom, max(0, x - round(20 / pt_per_px)):x - round(5 / pt_per_px)]
        ink = np.flatnonzero(region.any(axis=1))
        runs, start = [], None
        for i, y in enumerate(ink):
            if start is None:
                start = y
            if i + 1 == len(ink) or ink[i + 1] != y + 1:
                cols = np.flatnonzero(region[start:y + 1].any(axis=0))
                runs.append((int(start), int(y), int(cols.max() - cols.min() + 1)))
                start = None
        panels.append(runs)
    return pt_per_px, panels


def assert_legible(docx: Path, pdf: Path, tasks: int) -> None:
    pt_per_px, panels = timeline_labels(docx, pdf)
    labels = [run for panel in panels for run in panel]
    assert len(labels) == tasks, [len(p) for p in panels]          # one label per task, none merged
    for panel in panels:
        for (_, bottom, _), (next_top, _, _) in zip(panel, panel[1:]):
            assert next_top > bottom + 1                            # a gap between neighbours
    # The ink threshold drops the half-covered edge rows of the glyphs: one pixel added back.
    sizes = [(bottom - top + 2) * pt_per_px / DIGIT_EM for top, bottom, _ in labels]
    assert min(sizes) >= 8 - 0.3, min(sizes)
    pitches = [(b[0] - a[0]) * pt_per_px for panel in panels for a, b in zip(panel, panel[1:])]
    assert min(pitches) >= min(sizes)                               # rows at least a label apart
    # Every number in order, top to bottom, panel after panel: one-digit labels are
    # narrower than two-digit ones.
    widths = {n: w for n, (_, _, w) in enumerate(labels, 1)}
    one = max(w for n, w in widths.items() if n < 10)
    assert all(w > one * 1.4 for n, w in widths.items() if n >= 10)


@pytest.mark.parametrize("count", [29, 50])
def test_timeline_labels_are_at_least_8_pt_and_apart(workspace, tmp_path, soffice, count):
    if count != 29:                        # 29: the sample as it is
        shaped(workspace, count)
    out = tmp_path / "out"
    result = run_cli("-w", str(workspace), "battlemap", "-o", str(out), "--as-of", "2025-12-31")
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "wall.docx"
    copy.write_bytes((out / WALL).read_bytes())
    [pdf] = convert_to_pdf(soffice, [copy], tmp_path / "pdf")
    assert_legible(copy, pdf, count)
    with pdfplumber.open(pdf) as doc:           # the sample stays on A3
        mm = (round(doc.pages[0].width / 72 * 25.4), round(doc.pages[0].height / 72 * 25.4))
    assert mm == ((420, 297) if count == 29 else (594, 420))


def test_500_tasks_on_a3_are_refused_with_what_fits(workspace, tmp_path):
    shaped(workspace, 500)
    out = tmp_path / "out"
    result = run_cli("-w", str(workspace), "battlemap", "-o", str(out), "--as-of", "2025-12-31", "--paper", "A3")
    assert result.returncode == 2, result.stderr
    message = result.stderr
    assert "A3 纸（横向）放不下全部 500 项任务" in message
    assert "时间轴标签不小于 8 磅" in message and "--paper A2" in message and "《作战图集》" in message
    fits = int(message.split("最多排下约 ")[1].split(" 项")[0])
    assert 0 < fits < 60
    assert "Traceback" not in message and not out.exists()
