"""Reading clerks' .xlsx files with openpyxl, cell by cell, with merged cells filled."""
from __future__ import annotations

import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Collector, Location, problem

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Excel stores characters XML cannot hold (pasted control characters) as _xHHHH_;
# openpyxl hands them over as that literal text.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(value):
    if isinstance(value, str) and "_x" in value:
        return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


@dataclass
class Cell:
    value: object
    coordinate: str


@dataclass
class Sheet:
    title: str
    rows: list[tuple[int, list[Cell]]]   # (1-based row number, cells)


def open_workbook(path: Path, shown: Path, collector: Collector):
    import openpyxl

    head = path.read_bytes()[:8]
    if head == OLE_MAGIC:
        collector.add(problem(Location(shown),
                              "文件设置了打开密码（已加密），无法读取。请在 Excel/WPS 中取消密码"
                              "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后保存为 .xlsx"))
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            return openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        collector.add(problem(Location(shown),
                              "不是有效的 .xlsx 文件（文件已损坏或只是改了扩展名）。"
                              f"请用 Excel/WPS 打开后另存为“Excel 工作簿(*.xlsx)”。（{type(exc).__name__}）"))
        return None


def read_sheet(ws) -> Sheet:
    """All non-empty rows; a merged cell's value is repeated in every cell it covers,
    because clerks merge 部门 cells over the rows that belong to it."""
    fill: dict[str, object] = {}
    for merged in ws.merged_cells.ranges:
        top_left = ws.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                fill[ws.cell(row, col).coordinate] = top_left
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            if c.coordinate is None:
                continue
            value = fill.get(c.coordinate, c.value)
            cells.append(Cell(unescape(value), c.coordinate))
        if any(c.value not in (None, "") for c in cells):
            rows.append((row[0].row, cells))
    return Sheet(ws.title, rows)
