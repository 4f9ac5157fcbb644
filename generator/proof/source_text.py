"""What a spreadsheet holds that its printout lost: LibreOffice, like Excel, prints
only the part of a cell's text that fits its cell when the next cell is not empty, and
the rest is simply not on the paper (nor in the PDF's text layer)."""
from __future__ import annotations

import re
from pathlib import Path

from generator.proof.checks import Finding, excerpt
from generator.proof.measure import PageFacts


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page_texts(pages: list[PageFacts]) -> list[tuple[int, str]]:
    """Each page's text read three ways: line by line; cell by cell where the cells are
    ruled (characters between the same two drawn rules, top to bottom), so a wrapped
    cell is found whole even when it sits close to its neighbour; and by left edge (the
    pieces of a wrapped cell stacked at one x) for cells without rules."""
    out = []
    for p in pages:
        by_line = "".join(ln.text for ln in p.lines)
        segments = [seg for ln in p.lines for seg in ln.segments()]
        by_column = "".join(seg.text for seg in sorted(segments, key=lambda s: (round(s.x0), s.top)))
        out.append((p.number, "\n".join(_squash(t) for t in (by_line, _by_ruled_cell(p), by_column))))
    return out


def _by_ruled_cell(page: PageFacts) -> str:
    """The text between each pair of neighbouring vertical rules, read down the column:
    a wrapped cell's lines follow each other, whatever their alignment."""
    pieces: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    for ln in page.lines:
        for c in ln.visible:
            mid = (c.top + c.bottom) / 2
            spanning = [e.x for e in page.edges if e.top - 1 <= mid <= e.bottom + 1]
            left = max((x for x in spanning if x <= c.x0 + 1), default=None)
            right = min((x for x in spanning if x >= c.x1 - 1), default=None)
            if left is None or right is None:
                continue
            pieces.setdefault((round(left), round(right)), []).append((ln.top, c.x0, c.text))
    return "\n".join("".join(t for _, _, t in sorted(chars)) for _, chars in sorted(pieces.items()))


def clipped_cells(source: Path, pages: list[PageFacts]) -> list[Finding]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError):
        return []
    texts = _page_texts(pages)
    whole = "\n".join(t for _, t in texts)
    out = []
    for ws in wb.worksheets:
        if getattr(ws, "sheet_state", "visible") != "visible":
            continue    # Excel, WPS and LibreOffice print no hidden sheet (a form's _wuhua identity)
        for row in ws.iter_rows():
            for cell in row:
                value = getattr(cell, "value", None)
                if not isinstance(value, str):
                    continue
                text = _squash(value)
                if len(text) < 2 or text in whole:
                    continue
                page, shown = _best_prefix(text, texts)
                if page is None:
                    continue    # not printed at all (hidden, outside the print area)
                out.append(Finding(page, "单元格文字被裁切",
                                   f"工作表“{ws.title}”单元格 {cell.coordinate}：纸上只印出“{excerpt(shown)}”，"
                                   f"原文“{excerpt(value, 40)}”"))
    wb.close()
    return out


def _best_prefix(text: str, texts: list[tuple[int, str]]) -> tuple[int | None, str]:
    best: tuple[int | None, str] = (None, "")
    for n in range(len(text) - 1, 1, -1):
        prefix = text[:n]
        for page, t in texts:
            if prefix in t:
                return page, prefix
    return best
