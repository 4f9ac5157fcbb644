"""作战图.xlsx: the battle map as a workbook the clerk filters, updates and restyles.

Sheets: 总览 (counts per action, a native bar chart and a doughnut Excel can
restyle), 全部任务, and one sheet per action. Status cells are coloured by
conditional formatting on the status word, so a clerk who retypes a status sees
the colour follow.
"""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.chart import BarChart, DoughnutChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.formatting.rule import DataBarRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from generator.documents.battlemap_board import Board, Row, action_heading, legend_note
from generator.model.status import MARK_ORDER
from generator.model.values import cn_number
from generator.style.marks import COLOR, FILL
from generator.writers.xlsx import BORDER, CENTER, HEADER_FILL, ledger_sheet, note_row, print_setup, workbook_bytes

ACTION_HEADERS = ["序号", "具体工作", "推进措施", "时间节点", "进展情况", "成果形式", "责任部门", "时限", "状态",
                  "完成比例(%)"]
ACTION_WIDTHS = [6, 44, 34, 24, 44, 26, 24, 12, 11, 10]
ALL_HEADERS = ["序号", "行动", "重点任务", "牵头部门", "责任部门", "时限", "最新进展", "状态", "完成比例(%)", "期限提示"]
ALL_WIDTHS = [6, 24, 52, 16, 28, 14, 48, 11, 10, 30]
SUMMARY_HEADERS = ["行动", "任务数", *[m.value for m in MARK_ORDER], "完成率(%)"]


def _status_rules(ws, column: int, first_row: int, last_row: int) -> None:
    """Colour a status column by the word it holds (the symbol may be retyped away)."""
    letter = get_column_letter(column)
    ref = f"{letter}{first_row}:{letter}{max(last_row, first_row)}"
    for mark in MARK_ORDER:
        ws.conditional_formatting.add(ref, FormulaRule(
            formula=[f'ISNUMBER(SEARCH("{mark.value}",{letter}{first_row}))'], stopIfTrue=True,
            fill=PatternFill("solid", start_color=FILL[mark], end_color=FILL[mark]),
            font=Font(color=COLOR[mark], bold=True)))


def _percent_bar(ws, column: int, first_row: int, last_row: int) -> None:
    letter = get_column_letter(column)
    ws.conditional_formatting.add(f"{letter}{first_row}:{letter}{max(last_row, first_row)}",
                                  DataBarRule(start_type="num", start_value=0, end_type="num", end_value=100,
                                              color="5B9BD5"))


def _action_sheet_name(board: Board, action) -> str:
    """Sheet names: at most 31 characters, none of []:*?/\\."""
    name = f"{cn_number(action.number)}、{action.title}"
    for c in "[]:*?/\\":
        name = name.replace(c, "")
    return name[:31]


def workbook(board: Board) -> Workbook:
    wb = Workbook()
    overview = wb.active
    overview.title = "总览"
    _overview(overview, board)

    everything = wb.create_sheet("全部任务")
    rows = []
    for row in board.rows.values():
        action = board.plan.action_of(row.task)
        rows.append([row.task.number, f"（{cn_number(action.number)}）{action.title}", row.task.text,
                     row.task.lead, "、".join(row.task.departments), row.task.schedule.text, row.progress,
                     row.status, row.percent, row.due_note])
    ledger_sheet(everything, f"{board.office}{board.title.removesuffix('集')}（{board.as_of_text}）", ALL_HEADERS,
                 ALL_WIDTHS, rows, centered={1, 4, 6, 8, 9})
    _finish(everything, len(ALL_HEADERS), 8, 9, len(rows), board)

    for action in board.plan.actions:
        ws = wb.create_sheet(_action_sheet_name(board, action))
        action_rows = [_action_row(r) for r in board.action_rows(action)]
        ledger_sheet(ws, f"{action_heading(action)}作战图（{board.as_of_text}）", ACTION_HEADERS, ACTION_WIDTHS,
                     action_rows, centered={1, 8, 9, 10})
        _finish(ws, len(ACTION_HEADERS), 9, 10, len(action_rows), board)
    return wb


def _action_row(row: Row) -> list:
    return [row.task.number, row.task.text, row.task.measures, "\n".join(row.milestones), row.progress, row.results,
            row.departments, row.task.schedule.text, row.status, row.percent]


def _finish(ws, columns: int, status_col: int, percent_col: int, count: int, board: Board) -> None:
    _status_rules(ws, status_col, 3, 2 + count)
    _percent_bar(ws, percent_col, 3, 2 + count)
    note_row(ws, legend_note(board), columns)


def _overview(ws, board: Board) -> None:
    ws.append([f"{board.office}{board.title.removesuffix('集')}·总览"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(SUMMARY_HEADERS))
    ws["A1"].font = Font(name="黑体", size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    done, mean = board.completion
    ws.append([f"（{board.years}）{board.as_of_text}　{board.summary()}　完成率{done}%　平均推进进度{mean}%"])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(SUMMARY_HEADERS))
    ws.append(SUMMARY_HEADERS)
    header_row = 3
    for col in range(1, len(SUMMARY_HEADERS) + 1):
        c = ws.cell(header_row, col)
        c.font = Font(name="黑体", size=11, color=COLOR[MARK_ORDER[col - 3]] if 3 <= col < 3 + len(MARK_ORDER)
                      else None)
        c.fill = HEADER_FILL
        c.border = BORDER
        c.alignment = CENTER
    for action in board.plan.actions:
        counts = board.counts(action)
        total = sum(counts.values())
        ws.append([f"（{cn_number(action.number)}）{action.title}", total, *counts.values(),
                   round(100 * counts[MARK_ORDER[0]] / total) if total else 0])
    last = ws.max_row
    totals = board.counts()
    ws.append(["合计", sum(totals.values()), *totals.values(), done])
    for r in range(header_row + 1, ws.max_row + 1):
        for col in range(1, len(SUMMARY_HEADERS) + 1):
            c = ws.cell(r, col)
            c.border = BORDER
            c.font = Font(name="仿宋", size=11, bold=r == ws.max_row)
            c.alignment = Alignment(wrap_text=True, vertical="center") if col == 1 else CENTER
    ws.column_dimensions["A"].width = 46
    for col in range(2, len(SUMMARY_HEADERS) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 10
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(SUMMARY_HEADERS))}{last}"
    _percent_bar(ws, len(SUMMARY_HEADERS), header_row + 1, ws.max_row)

    bars = BarChart()
    bars.type = "bar"
    bars.grouping = "stacked"
    bars.overlap = 100
    bars.title = "各行动任务推进状态"
    bars.y_axis.title = "任务数（项）"
    bars.y_axis.majorUnit = 1
    bars.x_axis.scaling.orientation = "maxMin"   # action (一) at the top, as in the table
    data = Reference(ws, min_col=3, max_col=2 + len(MARK_ORDER), min_row=header_row, max_row=last)
    categories = Reference(ws, min_col=1, min_row=header_row + 1, max_row=last)
    bars.add_data(data, titles_from_data=True)
    bars.set_categories(categories)
    for series, mark in zip(bars.series, MARK_ORDER):
        series.graphicalProperties = GraphicalProperties(solidFill=COLOR[mark])
        series.graphicalProperties.line.solidFill = COLOR[mark]
    bars.height, bars.width = 11, 24
    bars.legend.position = "b"
    ws.add_chart(bars, f"A{ws.max_row + 3}")

    ring = DoughnutChart()
    ring.title = f"总体完成情况（完成率{done}%）"
    ring.add_data(Reference(ws, min_col=3, max_col=2 + len(MARK_ORDER), min_row=ws.max_row), from_rows=True,
                  titles_from_data=False)
    ring.set_categories(Reference(ws, min_col=3, max_col=2 + len(MARK_ORDER), min_row=header_row))
    ring.series[0].tx = SeriesLabel(v="任务数")
    from openpyxl.chart.series import DataPoint

    for index, mark in enumerate(MARK_ORDER):
        point = DataPoint(idx=index)
        point.graphicalProperties = GraphicalProperties(solidFill=COLOR[mark])
        ring.series[0].dPt.append(point)
    ring.holeSize = 55
    ring.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False, showPercent=False,
                                    showLegendKey=False, showLeaderLines=False)
    ring.height, ring.width = 11, 12
    ring.legend.position = "b"
    ws.add_chart(ring, f"F{ws.max_row + 3}")
    ws.print_title_rows = f"{header_row}:{header_row}"
    print_setup(ws, "A3")
    ws.page_setup.fitToHeight = 1   # the overview and its charts on one sheet


def workbook_bytes_of(board: Board) -> bytes:
    return workbook_bytes(workbook(board))
