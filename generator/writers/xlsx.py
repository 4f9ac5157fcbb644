"""Workbooks clerks can filter, print and restyle, saved deterministically."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.model.text import display_width, strip_illegal
from generator.writers import ooxml

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def ledger_sheet(ws: Worksheet, title: str, headers: list[str], widths: list[float],
                 rows: list[list], *, centered: set[int] = frozenset(), font_name: str = "仿宋") -> None:
    """A ledger: title line, frozen header, filter, wrapped text, A4/A3 landscape print setup
    with the header repeated on every page and the width fitted to one page."""
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(name="黑体", size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.append(headers)
    for col, _ in enumerate(headers, start=1):
        c = ws.cell(2, col)
        c.font = Font(name="黑体", size=11)
        c.fill = HEADER_FILL
        c.border = BORDER
        c.alignment = CENTER
    for row in rows:
        ws.append([_text_cell(v) for v in row])
        r = ws.max_row
        for col in range(1, len(headers) + 1):
            c = ws.cell(r, col)
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"  # text from the data, never a formula
            c.font = Font(name=font_name, size=11)
            c.border = BORDER
            c.alignment = CENTER if col in centered else WRAP
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    last = get_column_letter(len(headers))
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{last}{max(ws.max_row, 2)}"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _text_cell(value):
    if isinstance(value, str):
        return strip_illegal(value)
    return value


def workbook_bytes(wb: Workbook) -> bytes:
    when = ooxml.build_instant()
    wb.properties.creator = "wuhua"
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.lastModifiedBy = "wuhua"
    buffer = io.BytesIO()
    wb.save(buffer)
    return ooxml.normalize(buffer.getvalue(), when=when)


__all__ = ["BORDER", "CENTER", "HEADER_FILL", "WRAP", "ledger_sheet", "workbook_bytes"]


def fit_row_heights(ws: Worksheet, first_row: int = 3, line_height: float = 15.0) -> None:
    """Set row heights from the wrapped text: LibreOffice and WPS do not grow rows an
    openpyxl file leaves at the default height, so long cells would overlap."""
    import math

    widths = {}
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or cell.coordinate in ws.merged_cells:
                continue
            letter = cell.column_letter
            if letter not in widths:
                widths[letter] = max((ws.column_dimensions[letter].width or 8.43) - 1, 1)
            for part in cell.value.split("\n"):
                units = display_width(part)
                lines = max(lines, math.ceil(units / widths[letter]) if units else 1)
        ws.row_dimensions[row[0].row].height = lines * line_height + 4
