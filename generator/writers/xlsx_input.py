"""Aids for workbooks clerks fill in: dropdowns, number and date checks with input
messages in Chinese, header comments, frozen headers, and sheet protection without a
password that keeps the structure but leaves the fill-in cells open.

Excel, WPS and LibreOffice all honour these (data validation, cell comments and
sheet protection are part of the core SpreadsheetML format).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl.comments import Comment
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

# Excel limits a list validation written inline to 255 characters; longer lists
# (many departments) go to a hidden sheet and are referenced from there.
_INLINE_LIST_LIMIT = 250
LISTS_SHEET = "_选项"


@dataclass(frozen=True)
class ColumnAid:
    """What one input column accepts, as the clerk is told about it."""

    header: str
    explain: str                       # the header's comment: what the column means
    example: str = ""                  # shown in the comment as “例：…”
    choices: tuple[str, ...] = ()      # a closed vocabulary: dropdown
    whole: tuple[int, int] | None = None   # whole number between (min, max)
    decimal: tuple[float, float] | None = None
    date: tuple[dt.date, dt.date] | None = None
    date_any: bool = False             # any date (no known range)
    allow_blank: bool = True
    strict: bool = True                # False: the dropdown suggests, other values are allowed after a warning

    def comment_text(self) -> str:
        text = self.explain
        if self.choices:
            text += "\n可选：" + "、".join(self.choices)
        if self.example:
            text += f"\n例：{self.example}"
        return text


def header_comments(ws: Worksheet, header_row: int, aids: dict[int, ColumnAid]) -> None:
    """A comment on each header cell explaining the column, with an example."""
    for col, aid in aids.items():
        comment = Comment(aid.comment_text(), "wuhua")
        comment.width = 260
        comment.height = 110
        ws.cell(header_row, col).comment = comment


def validate_columns(ws: Worksheet, first_row: int, last_row: int, aids: dict[int, ColumnAid]) -> None:
    """Data validation with an input message for every column that has a rule."""
    for col, aid in aids.items():
        dv = validation_for(ws, aid)
        if dv is None:
            continue
        letter = get_column_letter(col)
        dv.add(f"{letter}{first_row}:{letter}{last_row}")
        ws.add_data_validation(dv)


def validation_for(ws: Worksheet, aid: ColumnAid) -> DataValidation | None:
    if aid.choices:
        dv = DataValidation(type="list", formula1=_list_formula(ws, aid), allow_blank=aid.allow_blank)
        if aid.strict:
            dv.error = f"请从下拉列表中选择：{'、'.join(aid.choices)}"[:255]
            dv.prompt = "点击单元格右侧的箭头选择。"
        else:
            dv.error = "不在下拉列表中。确定要使用这个值吗？"
            dv.prompt = "可从下拉列表选择，也可填写其他值。"
    elif aid.whole is not None:
        low, high = aid.whole
        dv = DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high),
                            allow_blank=aid.allow_blank)
        dv.error = f"请填写 {low}～{high} 之间的整数（不要带 % 或文字）。"
        dv.prompt = f"填写 {low}～{high} 的整数。"
    elif aid.decimal is not None:
        low, high = aid.decimal
        dv = DataValidation(type="decimal", operator="between", formula1=_num(low), formula2=_num(high),
                            allow_blank=aid.allow_blank)
        dv.error = f"请填写 {_num(low)}～{_num(high)} 之间的数字。"
        dv.prompt = f"填写 {_num(low)}～{_num(high)} 的数字。"
    elif aid.date is not None or aid.date_any:
        low, high = aid.date or (dt.date(1990, 1, 1), dt.date(2100, 12, 31))
        dv = DataValidation(type="date", operator="between", formula1=str(_serial(low)),
                            formula2=str(_serial(high)), allow_blank=aid.allow_blank)
        if aid.date:
            dv.error = f"请填写 {low:%Y-%m-%d} 至 {high:%Y-%m-%d} 之间的日期，如 {low:%Y-%m-%d}。"
        else:
            dv.error = "请填写日期，如 2026-06-10。"
        dv.prompt = "填写日期，如 2026-06-10（可写 2026/6/10）。"
    else:
        return None
    dv.errorTitle = aid.header[:32]
    dv.promptTitle = aid.header[:32]
    if aid.example and len(dv.prompt) < 200:
        dv.prompt += f"例：{aid.example}"
    dv.prompt = dv.prompt[:255]
    dv.showErrorMessage = True
    dv.showInputMessage = True
    dv.errorStyle = "stop" if aid.strict or not aid.choices else "warning"
    return dv


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _serial(day: dt.date) -> int:
    """Excel's day number (1900 system), which date validations compare with."""
    return (day - dt.date(1899, 12, 30)).days


def _list_formula(ws: Worksheet, aid: ColumnAid) -> str:
    inline = ",".join(aid.choices)
    if len(inline) <= _INLINE_LIST_LIMIT and not any("," in c or '"' in c for c in aid.choices):
        return f'"{inline}"'
    wb = ws.parent
    if LISTS_SHEET in wb.sheetnames:
        lists = wb[LISTS_SHEET]
    else:
        lists = wb.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"
    col = (lists.max_column + 1) if lists.max_row > 1 or lists["A1"].value is not None else 1
    for row, choice in enumerate(aid.choices, start=1):
        lists.cell(row, col, choice)
    letter = get_column_letter(col)
    return f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(aid.choices)}"


def freeze_header(ws: Worksheet, header_row: int) -> None:
    ws.freeze_panes = f"A{header_row + 1}"


def unlock(ws: Worksheet, first_row: int, last_row: int, columns: list[int]) -> None:
    """Cells the clerk may fill while the sheet is protected."""
    for row in range(first_row, last_row + 1):
        for col in columns:
            ws.cell(row, col).protection = Protection(locked=False)


def protect_structure(ws: Worksheet) -> None:
    """Protection without a password: locked cells stay as they are, open cells can be
    filled; rows and columns can still be resized, sorted and filtered."""
    p = ws.protection
    p.sheet = True
    p.formatColumns = False
    p.formatRows = False
    p.autoFilter = False
    p.sort = False
    p.selectLockedCells = False
    p.selectUnlockedCells = False


__all__ = ["LISTS_SHEET", "ColumnAid", "freeze_header", "header_comments", "protect_structure", "unlock",
           "validate_columns", "validation_for"]
