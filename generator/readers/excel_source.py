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
    hidden: tuple[str, ...] = ()         # hidden sheets of its workbook, not read


def open_workbook(path: Path, shown: Path, collector: Collector, *, own_hidden: tuple[str, ...] = ()):
    """The workbook with only its visible sheets. Hidden sheets are dropped (and
    said), except `own_hidden`: sheets the tool itself hides in workbooks it hands out
    (a progress form's identity sheet). Hidden rows are read and said; a formula
    without a cached result is an error at its cell, because its value would silently
    be empty."""
    import openpyxl

    data = path.read_bytes()
    if data[:8] == OLE_MAGIC:
        if "EncryptedPackage".encode("utf-16-le") in data:
            collector.add(problem(Location(shown),
                                  "文件设置了打开密码（已加密），无法读取。请在 Excel/WPS 中取消密码"
                                  "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后保存为 .xlsx"))
        else:
            collector.add(problem(Location(shown),
                                  "这是旧版 Excel 97-2003 文件（.xls），只是扩展名改成了 .xlsx。"
                                  "请在 Excel/WPS 中打开，“另存为”Excel 工作簿（*.xlsx）"))
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            wb = openpyxl.load_workbook(path, data_only=True)
            formulas = openpyxl.load_workbook(path, data_only=False) if _has_formulas(path) else None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        collector.add(problem(Location(shown),
                              "不是有效的 .xlsx 文件（文件已损坏或只是改了扩展名）。"
                              f"请用 Excel/WPS 打开后另存为“Excel 工作簿(*.xlsx)”。（{type(exc).__name__}）"))
        return None
    hidden = [ws for ws in wb.worksheets if ws.sheet_state != "visible" and ws.title not in own_hidden]
    if hidden and len(hidden) == len(wb.worksheets):
        collector.add(problem(Location(shown), "所有工作表都已隐藏，没有可读取的工作表。"
                                               "请在 Excel/WPS 中右键工作表标签 →“取消隐藏”"))
        return None
    wb.wuhua_hidden = tuple(ws.title for ws in hidden)
    for ws in hidden:
        collector.warn(problem(Location(shown, sheet=ws.title),
                               "该工作表已隐藏，未读取（如需读取，请在 Excel/WPS 中取消隐藏）"))
        wb.remove(ws)
    for ws in wb.worksheets:
        rows = sorted(r for r, dim in ws.row_dimensions.items() if dim.hidden and r <= ws.max_row
                      and any(c.value not in (None, "") for c in ws[r]))
        if rows:
            collector.warn(problem(Location(shown, sheet=ws.title),
                                   f"第{_ranges(rows)}行已隐藏，仍按正常行读取；如这些行不应计入，请删除它们"))
        if formulas is not None:
            source = formulas[ws.title]
            for row in source.iter_rows():
                for c in row:
                    if c.data_type == "f" and ws[c.coordinate].value is None:
                        collector.add(problem(Location(shown, sheet=ws.title, cell=c.coordinate),
                                              "公式没有计算结果：请在 Excel/WPS 中打开并保存一次", None,
                                              str(c.value)))
    return wb


def visible_sheets(wb, shown: Path, collector: Collector) -> list:
    """The workbook's sheets as read (hidden ones were dropped when it was opened)."""
    return list(wb.worksheets)


def _has_formulas(path: Path) -> bool:
    """Whether any sheet holds a formula, so the second (formula) load is paid only then."""
    with zipfile.ZipFile(path) as z:
        return any(b"<f>" in z.read(n) or b"<f " in z.read(n)
                   for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def _ranges(rows: list[int]) -> str:
    out, start, prev = [], rows[0], rows[0]
    for r in rows[1:] + [None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        out.append(str(start) if start == prev else f"{start}～{prev}")
        if r is not None:
            start = prev = r
    return "、".join(out)


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
    return Sheet(ws.title, rows, getattr(ws.parent, "wuhua_hidden", ()))
