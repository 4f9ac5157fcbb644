"""The PDF text layer as a clerk reads a page: lines of characters with their printed
size (pt), font and position (pt from the top-left corner of the paper)."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

MM = 72 / 25.4   # points per millimetre


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str       # family without the subset prefix, e.g. "FandolFang-Regular"
    upright: bool = True


@dataclass
class Line:
    """Characters sharing a baseline; `segments` split it where a gap wider than two
    characters separates them (table cells, signature columns)."""

    chars: list[Char]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars).strip()

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.visible)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.visible)

    @property
    def top(self) -> float:
        return min(c.top for c in self.visible)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.visible)

    @property
    def visible(self) -> list[Char]:
        return [c for c in self.chars if c.text.strip()] or self.chars

    @property
    def size(self) -> float:
        return Counter(round(c.size, 1) for c in self.visible).most_common(1)[0][0]

    @property
    def font(self) -> str:
        return Counter(c.font for c in self.visible).most_common(1)[0][0]

    def segments(self) -> list[Line]:
        out: list[list[Char]] = []
        for c in self.visible:
            if out and c.x0 - out[-1][-1].x1 <= 2 * max(c.size, 1):
                out[-1].append(c)
            else:
                out.append([c])
        return [Line(s) for s in out]


@dataclass
class Edge:
    """A drawn vertical rule (table border) from `top` to `bottom` at `x`."""

    x: float
    top: float
    bottom: float


@dataclass
class PageFacts:
    number: int                  # 1-based
    width: float
    height: float
    chars: list[Char]
    lines: list[Line]
    edges: list[Edge] = field(default_factory=list)
    image_share: float = 0.0     # part of the paper covered by pictures (charts)
    drawing_share: float = 0.0   # part covered by filled shapes (bars of a chart)

    @cached_property
    def _edge_xs(self) -> list[float]:
        return [e.x for e in self.edges]

    def edges_between(self, x0: float, x1: float) -> list[Edge]:
        """Vertical rules with x0 < x < x1 (edges are sorted by x)."""
        xs = self._edge_xs
        return self.edges[bisect.bisect_right(xs, x0):bisect.bisect_left(xs, x1)]

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def paper(self) -> str:
        """"A4", "A3", … when the sheet is one of them (either way round), else "其他"."""
        short, long_ = sorted((self.width / MM, self.height / MM))
        for name, (w, h) in PAPERS_MM.items():
            if abs(short - w) < 3 and abs(long_ - h) < 3:
                return name
        return "其他"


PAPERS_MM = {"A4": (210, 297), "A3": (297, 420), "A2": (420, 594), "A1": (594, 841)}

_SUBSET = re.compile(r"^[A-Z]{6}\+")


def font_family(name: str) -> str:
    return _SUBSET.sub("", name or "")


def _lines(chars: list[Char]) -> list[Line]:
    """Group upright characters by baseline: a character joins the line whose bottom is
    within a third of its size; lines are read top to bottom, left to right."""
    lines: list[list[Char]] = []
    for c in sorted((c for c in chars if c.upright), key=lambda c: (round(c.bottom, 1), c.x0)):
        if lines and abs(lines[-1][-1].bottom - c.bottom) <= max(c.size, 1) / 3:
            lines[-1].append(c)
        else:
            lines.append([c])
    out = []
    for group in lines:
        group.sort(key=lambda c: c.x0)
        line = Line(group)
        if line.text:
            out.append(line)
    return out


def _size(c: dict) -> float:
    """The type size of a character. pdfminer gives a turned character's extent along
    the line (a digit's advance, half the size) as its size; across the line, its box
    is the type size (a landscape 附件 page's number is turned a quarter, GB/T 9704 10.2)."""
    if c.get("upright", True):
        return float(c["size"])
    return float(c["x1"]) - float(c["x0"])


def read_pdf(path: Path) -> list[PageFacts]:
    import pdfplumber

    pages = []
    with pdfplumber.open(str(path)) as pdf:
        for i, page in enumerate(pdf.pages, start=1):
            chars = [Char(c["text"], float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]),
                          _size(c), font_family(c.get("fontname", "")), bool(c.get("upright", True)))
                     for c in page.chars]
            area = float(page.width) * float(page.height)
            # Borders are stroked; filled slivers (a data bar's gradient) are not borders.
            edges = sorted((Edge(float(e["x0"]), float(e["top"]), float(e["bottom"]))
                            for e in page.edges if e.get("orientation") == "v" and e.get("stroke")
                            and e["bottom"] - e["top"] > 2), key=lambda e: e.x)
            images = sum(max(0.0, (min(im["x1"], page.width) - max(im["x0"], 0)))
                         * max(0.0, (min(im["bottom"], page.height) - max(im["top"], 0))) for im in page.images)
            filled = sum(r["width"] * r["height"] for r in page.rects if r.get("fill")
                         and r["width"] * r["height"] < 0.5 * area)
            pages.append(PageFacts(i, float(page.width), float(page.height), chars, _lines(chars), edges,
                                   min(1.0, images / area), min(1.0, filled / area)))
            page.flush_cache()
    return pages
