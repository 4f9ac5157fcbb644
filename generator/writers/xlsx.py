"""Workbooks clerks can filter, print and restyle, saved deterministically."""
from __future__ import annotations

import io
from copy import copy

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
                 rows: list[list], *, centered: set[int] = frozenset(), font_name: str = "仿宋",
                 paper: str | None = None) -> None:
    """A ledger: title line, frozen header, filter, wrapped text, A4/A3 landscape print setup
    with the header repeated on every page, the width fitted to one page at >= 9 pt (see
    print_layout), rows flowing onto further pages and row heights set for wrapped text."""
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
    body = Font(name=font_name, size=11)
    # Styling a cell looks its font, border and alignment up in the workbook's tables
    # (hashing each); a cell styled like one before it takes that cell's style ids.
    styled: dict[tuple, object] = {}
    for row in rows:
        ws.append([_text_cell(v) for v in row])
        r = ws.max_row
        for col in range(1, len(headers) + 1):
            c = ws.cell(r, col)
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"  # text from the data, never a formula
            key = (col, None if c._style is None else tuple(c._style))
            if key in styled:
                c._style = copy(styled[key])
                continue
            c.font = body
            c.border = BORDER
            c.alignment = CENTER if col in centered else WRAP
            styled[key] = copy(c._style)
    paper, widths = print_layout(widths, paper)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    last = get_column_letter(len(headers))
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{last}{max(ws.max_row, 2)}"
    ws.print_title_rows = "2:2"
    print_setup(ws, paper)
    fit_row_heights(ws, first_row=2)


# Paper a ledger prints on: landscape width in points, less the side margins.
PAPERS = {"A4": (842.0, 9), "A3": (1191.0, 8)}   # (landscape width pt, openpyxl paperSize)
SIDE_MARGIN_IN = 0.4
BODY_PT = 11.0
MIN_PRINTED_PT = 9.0
# LibreOffice draws one Excel width unit as about 7 pt (Excel as about 5.3 pt): sizing the
# widths against the wider unit keeps the fitted-to-width text at >= 9 pt in both.
UNIT_PT_WIDEST = 7.0
# Excel's narrower unit decides how many characters a line of a cell holds.
UNIT_PT_NARROWEST = 5.25
NARROW_COLUMN = 10
# A4 is the paper every office has: use it unless text columns would lose over a quarter.
PREFER_A4 = 0.75


def max_units(paper: str) -> float:
    """The total column width (Excel units) that still prints body text at >= 9 pt when
    the sheet is fitted to the paper's width (5 % spare for rounding in the programs)."""
    usable = PAPERS[paper][0] - 2 * 72 * SIDE_MARGIN_IN
    return usable / (MIN_PRINTED_PT / BODY_PT) / UNIT_PT_WIDEST * 0.95


def print_layout(widths: list[float], paper: str | None = None) -> tuple[str, list[float]]:
    """Paper and column widths for a ledger: A4 landscape when the columns fit it legibly,
    else A3; wide text columns are narrowed (they wrap onto more lines) when even A3
    would shrink the text below 9 pt. Narrow columns (numbers, dates) keep their width."""
    total = sum(widths)
    if paper is None:
        paper = "A4" if _narrowing(widths, "A4") >= PREFER_A4 else "A3"
    limit = max_units(paper)
    if total <= limit:
        return paper, list(widths)
    fixed = sum(w for w in widths if w <= NARROW_COLUMN)
    factor = (limit - fixed) / (total - fixed)
    return paper, [w if w <= NARROW_COLUMN else max(NARROW_COLUMN, int(w * factor)) for w in widths]


def _narrowing(widths: list[float], paper: str) -> float:
    """How much the wide columns must narrow to print legibly on the paper (1 = not at all)."""
    fixed = sum(w for w in widths if w <= NARROW_COLUMN)
    wide = sum(widths) - fixed
    return min(1.0, (max_units(paper) - fixed) / wide) if wide else 1.0


def print_setup(ws: Worksheet, paper: str) -> None:
    """Landscape, fitted to the paper's width only (rows flow onto further pages), centred,
    with the footer inside its own margin so no printer cuts it."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPERS[paper][1]
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = SIDE_MARGIN_IN
    # LibreOffice gives the footer (bottom - footer) inches: keep that above a line of text.
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.8
    ws.page_margins.header = 0.3
    ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = BODY_PT


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


__all__ = ["BORDER", "CENTER", "HEADER_FILL", "WRAP", "fit_row_heights", "ledger_sheet", "note_row", "print_layout",
           "print_setup", "workbook_bytes"]


def line_count(text: str, width_units: float, size: float = BODY_PT) -> int:
    """Lines a wrapped cell needs, with Excel's narrower width unit (LibreOffice has room
    to spare then): CJK characters advance one em, others about half; a line may not
    start with closing punctuation, so one character of slack per line."""
    room = width_units * UNIT_PT_NARROWEST - 6 - size
    lines = 0
    for part in str(text).split("\n"):
        lines += 1
        used = 0.0
        for c in part:
            advance = size if display_width(c) == 2 else size * 0.55
            if used + advance > room and used:
                lines += 1
                used = 0.0
            used += advance
    return max(lines, 1)


LINE_PT = 14.5


def row_height(lines: int, size: float = BODY_PT) -> float:
    return round(lines * LINE_PT * size / BODY_PT + 5, 1)


def fit_row_heights(ws: Worksheet, first_row: int = 3, line_height: float | None = None) -> None:
    """Set row heights from the wrapped text: LibreOffice and WPS do not grow rows an
    openpyxl file leaves at the default height, so long cells would overlap or be cut."""
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        size = BODY_PT
        for cell in row:
            if cell.value is None or cell.coordinate in ws.merged_cells:
                continue
            font_size = float(cell.font.sz or BODY_PT) if cell.font else BODY_PT
            size = max(size, font_size)
            width = ws.column_dimensions[cell.column_letter].width or 8.43
            lines = max(lines, line_count(_shown(cell.value), width, font_size))
        ws.row_dimensions[row[0].row].height = row_height(lines, size)


def _shown(value) -> str:
    if hasattr(value, "strftime"):
        return "2025-12-31"
    return str(value)


def note_row(ws: Worksheet, text: str, columns: int, *, gap: bool = True) -> None:
    """A merged, wrapped note under a table, tall enough for its text on paper."""
    if gap:
        ws.append([])
    ws.append([text])
    r = ws.max_row
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=columns)
    ws.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(r, 1).font = Font(name="仿宋", size=BODY_PT)
    width = sum(ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, columns + 1))
    ws.row_dimensions[r].height = row_height(line_count(text, width))
