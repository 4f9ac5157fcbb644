"""The 作战图集 book and the one-page wall chart, as Word documents.

Built by code on `style.base_document()` rather than from a docxtpl template: both
are mostly pictures and status-coloured cells whose colours, shading and exact row
heights depend on the data, which a template could only hold as raw XML.
"""
from __future__ import annotations

import io
import math
import unicodedata

from docx.shared import Mm

from generator.charts import draw
from generator.documents.battlemap_board import Board, Row, action_heading, legend_note
from generator.model import FontSettings
from generator.model.status import MARK_ORDER, Mark
from generator.model.values import cn_number
from generator.style import Page, base_document
from generator.style.build import (add_row, bookmark, contents_line, emphasis, exact_height, layout_table,
                                   no_borders, page_break_before, paragraph, paragraph_before, paragraph_in,
                                   repeat_header, run, section_break, shade, table, vmerge)
from generator.style.marks import BOLD, COLOR, FILL
from generator.style.metrics import MM, PAPER
from generator.style.styles import POSTER_SCALES, POSTER_TEXT_PT
from generator.writers.built import document_bytes

BOOK_PAGE = Page(landscape=True)
COVER_PAGE = Page(landscape=True, page_numbers=False)
BOOK_HEADERS = ["序号", "具体工作", "推进措施", "时间节点", "进展情况", "成果形式", "责任部门", "时限", "状态"]
# A4 landscape text block: 225 mm = 12756 twips.
BOOK_WIDTHS = [480, 2900, 1750, 1250, 2150, 1250, 1276, 800, 900]
BOOK_STYLES = ["TableCenter", "TableText", "TableText", "TableText", "TableText", "TableText", "TableText",
               "TableCenter", "TableCenter"]


def _picture(cell_or_paragraph, png: bytes, width_mm: float) -> None:
    p = cell_or_paragraph.paragraphs[0] if hasattr(cell_or_paragraph, "paragraphs") else cell_or_paragraph
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))


def _status_cell(cell, row: Row, *, stacked: bool = True) -> None:
    """Colour for the eye, symbol and word for black-and-white print; the book
    stacks symbol, word and percentage in its narrow column, the wall runs them on."""
    mark = row.mark
    shade(cell, FILL[mark])
    p = cell.paragraphs[0]
    sep = "\n" if stacked else " "
    emphasis(run(p, f"{mark.symbol}{sep}{mark.value}"), COLOR[mark], bold=True)
    if mark is not Mark.DONE:
        emphasis(run(p, f"{sep}{row.percent}%"), COLOR[mark], bold=mark in BOLD)


# --- the book --------------------------------------------------------------------

def book(board: Board, fonts: FontSettings) -> bytes:
    doc = base_document(BOOK_PAGE, fonts, update_fields=True)
    _cover(doc, board)
    section_break(doc, COVER_PAGE, restart_numbering=False)
    targets = _contents(doc, board)
    _overview(doc, board, targets["overview"])
    _timeline(doc, board, targets["timeline"])
    for index, action in enumerate(board.plan.actions):
        heading = paragraph(doc, action_heading(action), "Heading2")
        if index == 0:
            page_break_before(_first_actions_heading(heading, targets["actions"]))
        else:
            page_break_before(heading)
        bookmark(heading, targets[action.number], 10 + action.number)
        paragraph(doc, board.summary(action), "Note")
        t = table(doc, BOOK_WIDTHS, BOOK_HEADERS)
        for row in board.action_rows(action):
            cells = add_row(t, BOOK_WIDTHS, [str(row.task.number), row.task.text, row.task.measures,
                                             "\n".join(row.milestones), row.progress, row.results, row.departments,
                                             row.task.schedule.text, ""], styles=BOOK_STYLES).cells
            _status_cell(cells[-1], row)
            if row.due_note:
                # A paragraph of its own, in the mark's colour when overdue: the line a leader looks for.
                note = paragraph_in(cells[4], row.due_note, "TableText")
                if row.mark is Mark.OVERDUE:
                    emphasis(note.runs[0], COLOR[row.mark], bold=True)
        paragraph(doc, legend_note(board), "Note")
    return document_bytes(doc, board.title)


def _first_actions_heading(heading, target):
    """“三、分项作战图” goes right before the first action's heading."""
    part = paragraph_before(heading, "三、分项作战图", "Heading1")
    bookmark(part, target, 3)
    return part


def _cover(doc, board: Board) -> None:
    for _ in range(3):
        paragraph(doc, "", "Subtitle")
    paragraph(doc, board.office, "PosterSubtitle")
    paragraph(doc, board.title, "PosterTitle")
    paragraph(doc, f"（{board.years}）", "PosterSubtitle")
    for _ in range(5):
        paragraph(doc, "", "Subtitle")
    paragraph(doc, board.as_of_text, "Subtitle")
    paragraph(doc, board.office, "Subtitle")


def _contents(doc, board: Board) -> dict:
    """目录 with page numbers as PAGEREF fields: Word (asked to update fields on
    opening) and LibreOffice fill them in; the numbers shown before that are estimates."""
    paragraph(doc, "目　　录", "Title")
    paragraph(doc, "", "Normal")
    targets = {"overview": "_Toc_overview", "timeline": "_Toc_timeline", "actions": "_Toc_actions"}
    pages = _estimated_pages(board)
    contents_line(doc, "一、总体情况", targets["overview"], BOOK_PAGE, shown="2")
    contents_line(doc, f"二、{board.years}任务推进时间轴", targets["timeline"], BOOK_PAGE, shown="3")
    contents_line(doc, "三、分项作战图", targets["actions"], BOOK_PAGE, shown="4")
    for action in board.plan.actions:
        targets[action.number] = f"_Toc_action{action.number}"
        contents_line(doc, f"{action_heading(action)}（{len(action.tasks)}项）", targets[action.number], BOOK_PAGE,
                      level=2, shown=str(pages[action.number]))
    return targets


def _estimated_pages(board: Board) -> dict[int, int]:
    """Rough page of each action (contents on 1, overview 2, timeline 3), from the
    lines its rows take: only what WPS shows before fields are updated."""
    usable = BOOK_PAGE.text_height / 20 - 60          # points, less the heading and summary
    line = 12 * 1.25
    page = 4
    out = {}
    for action in board.plan.actions:
        out[action.number] = page
        height = 30.0
        for row in board.action_rows(action):
            texts = [row.task.text, row.task.measures, "\n".join(row.milestones), f"{row.progress}\n{row.due_note}",
                     row.results,
                     row.departments]
            widths = BOOK_WIDTHS[1:7]
            lines = max(_lines(t, w) for t, w in zip(texts, widths))
            height += lines * line + 6
        page += max(1, math.ceil(height / usable))
    return out


def _lines(text: str, width_twips: int, pt: float = 12) -> int:
    per_line = max(1, int((width_twips - 170) / 20 / pt))
    return sum(max(1, math.ceil(_width(part) / per_line)) for part in text.split("\n"))


def _width(text: str) -> float:
    """Width in em: CJK and full-width characters 1, others ½."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def _overview(doc, board: Board, target: str) -> None:
    heading = paragraph(doc, "一、总体情况", "Heading1")
    page_break_before(heading)
    bookmark(heading, target, 1)
    paragraph(doc, board.overview_sentence(), "Normal")
    width = BOOK_PAGE.text_width / MM
    bars_w, donut_w, height = width * 0.66, width * 0.34, 96
    _, row = layout_table(doc, [round(bars_w * MM), BOOK_PAGE.text_width - round(bars_w * MM)])
    _picture(row.cells[0], draw.status_by_action(board.plan, board.states, bars_w - 2, height), bars_w - 2)
    _picture(row.cells[1], draw.completion_donut(board.states, donut_w - 2, height), donut_w - 2)


def _timeline(doc, board: Board, target: str) -> None:
    heading = paragraph(doc, f"二、{board.years}任务推进时间轴", "Heading1")
    page_break_before(heading)
    bookmark(heading, target, 2)
    width = BOOK_PAGE.text_width / MM
    png = draw.timeline(board.plan, board.states, board.progress, board.as_of, width, 128)
    _picture(paragraph(doc, "", "TableCenter"), png, width)
    paragraph(doc, "注：实线框为有明确时限的任务，虚线框为按月、季度、半年、年推进的任务；框内深色部分为截至统计日已推进的时段，"
                   "右侧为完成比例；◆为已到的时间节点，◇为未到的时间节点。", "Note")


# --- the wall chart ---------------------------------------------------------------

WALL_HEADERS = ["行动", "序号", "重点任务", "牵头部门", "时限", "状态"]
WALL_STYLES = ["PosterCenter", "PosterCenter", "PosterText", "PosterCenter", "PosterCenter", "PosterCenter"]
GAP_MM = 6


def _scale(paper: str) -> float:
    """Linear size of the sheet against A3 (A2: √2)."""
    return math.sqrt(PAPER[paper][0] / PAPER["A3"][0])


def _suffix(paper: str) -> str:
    """Poster styles for the sheet: A3 as is, larger sheets the “Large” set."""
    return "" if paper == "A3" else "Large"


def wall_page(paper: str) -> Page:
    # Margins grow with the sheet: 12 mm on A3, 17 mm on A2.
    scale = _scale(paper)
    return Page(paper=paper, landscape=True, margin_mm=round(12 * scale), page_numbers=False)


def wall(board: Board, fonts: FontSettings, paper: str = "A3") -> bytes:
    """Everything on one sheet: title, charts, every task with its mark."""
    page = wall_page(paper)
    scale, suffix = _scale(paper), _suffix(paper)
    doc = base_document(page, fonts)
    title = f"{board.office}{board.plan.campaign_title}作战图"
    paragraph(doc, title, "PosterTitle" + suffix)
    done, mean = board.completion
    subtitle = f"（{board.years}）　{board.as_of_text}　{board.summary()}　完成率{done}%"
    paragraph(doc, subtitle, "PosterSubtitle" + suffix)

    width = page.text_width / MM
    chart_h = 80 * scale
    parts = [0.30, 0.17, 0.53]
    widths = [round(width * f * MM) for f in parts]
    widths[-1] = page.text_width - sum(widths[:-1])
    _, row = layout_table(doc, widths)
    charts = [draw.status_by_action(board.plan, board.states, width * parts[0] - 3, chart_h, scale=scale),
              draw.completion_donut(board.states, width * parts[1] - 3, chart_h, scale=scale),
              draw.timeline(board.plan, board.states, board.progress, board.as_of, width * parts[2] - 3, chart_h,
                            scale=scale * 0.9, label_chars=0)]
    for cell, png, part in zip(row.cells, charts, parts):
        _picture(cell, png, width * part - 3)

    paragraph(doc, "", "PosterNote" + suffix)
    used_mm = (_lines_mm(title, 36, suffix, width) + _lines_mm(subtitle, 18, suffix, width) + chart_h
               + 2 * _line_mm(12, suffix) + 8 * scale)
    _wall_table(doc, board, page, scale, suffix, page.text_height / MM - used_mm)
    paragraph(doc, "注：" + "　".join(m.label for m in MARK_ORDER) + "（已过时限仍未完成，或未按期报送进展）。"
              f"数据{board.as_of_text}，详见《作战图集》。", "PosterNote" + suffix)
    return document_bytes(doc, f"{board.plan.campaign_title}作战图")


def _line_mm(pt: float, suffix: str) -> float:
    """Height of one line of a poster style of `pt` (A3 size), with its space after."""
    return (pt * POSTER_SCALES[suffix] * 1.3 + 6) * 25.4 / 72


def _lines_mm(text: str, pt: float, suffix: str, width_mm: float) -> float:
    """Height of a centred paragraph that may wrap (a long office name in the title)."""
    em_mm = pt * POSTER_SCALES[suffix] * 25.4 / 72
    return _line_mm(pt, suffix) * max(1, math.ceil(_width(text) * 1.1 * em_mm / width_mm))


def _wall_table(doc, board: Board, page: Page, scale: float, suffix: str, room_mm: float) -> None:
    """Two halves side by side (tasks 1–15 | 16–29), rows of fixed height so the
    chart stays one page whatever the text."""
    half_mm = (page.text_width / MM - GAP_MM) / 2
    fixed = [16, 14, 0, 28, 40, 30]
    fixed = [f * scale for f in fixed]
    fixed[2] = half_mm - sum(fixed)
    half = [round(f * MM) for f in fixed]
    gap = page.text_width - 2 * sum(half)
    widths = half + [gap] + half
    rows = list(board.rows.values())
    split = math.ceil(len(rows) / 2)
    left, right = rows[:split], rows[split:]
    t = table(doc, widths)
    header = add_row(t, widths, WALL_HEADERS + [""] + WALL_HEADERS, style="PosterHeader" + suffix)
    repeat_header(header)
    no_borders(header.cells[len(half)], keep=("left", "right"))
    # Rows share the room left under the charts, with a margin for renderers that set
    # type a little taller, and never so tall that the table looks sparse.
    height = round(min(room_mm * 0.88 / (split + 1), 12 * scale) * MM)
    exact_height(header, height)
    previous = [None, None]
    for i in range(split):
        texts, styles = [], []
        pair = [left[i] if i < len(left) else None, right[i] if i < len(right) else None]
        for side, row in enumerate(pair):
            texts += _wall_texts(board, row, fixed, previous[side], POSTER_TEXT_PT * POSTER_SCALES[suffix])
            styles += [name + suffix for name in WALL_STYLES]
            if side == 0:
                texts.append("")
                styles.append("PosterNote" + suffix)
        r = add_row(t, widths, texts, styles=styles)
        exact_height(r, height)
        cells = r.cells
        no_borders(cells[len(half)], keep=("left", "right"))
        for side, row in enumerate(pair):
            offset = side * (len(half) + 1)
            if row is None:
                for c in cells[offset:offset + len(half)]:
                    no_borders(c, keep=("top",))
                continue
            same = previous[side] is not None and board.plan.action_of(previous[side].task) == \
                board.plan.action_of(row.task)
            nxt = (left if side == 0 else right)
            following = nxt[i + 1] if i + 1 < len(nxt) else None
            continues = following is not None and board.plan.action_of(following.task) == board.plan.action_of(row.task)
            if same or continues:
                vmerge(cells[offset], restart=not same)
            _status_cell(cells[offset + 5], row, stacked=False)
            previous[side] = row


def _wall_texts(board: Board, row: Row | None, widths_mm: list[float], previous: Row | None,
                pt: float) -> list[str]:
    if row is None:
        return [""] * len(WALL_HEADERS)
    action = board.plan.action_of(row.task)
    first = previous is None or board.plan.action_of(previous.task) != action
    return [cn_number(action.number) if first else "", str(row.task.number), fit(row.task.text, widths_mm[2], pt),
            fit(board.short(row.task.lead), widths_mm[3], pt), fit(row.task.schedule.text, widths_mm[4], pt), ""]


def fit(text: str, width_mm: float, pt: float) -> str:
    """Clip to one line of the cell, with an ellipsis (the book has the whole text).
    Measured generously (quotes full width, Latin 0.6 em): an exact-height row
    would hide a second line rather than grow."""
    text = "".join(text.split())
    room = (width_mm - 3.2) / (pt * 25.4 / 72) - 0.6     # in em, less the cell's padding

    def em(c):
        return 1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.6

    if sum(em(c) for c in text) <= room:
        return text
    out, used = "", 0.0
    for c in text:
        if used + em(c) > room - 1:
            break
        out += c
        used += em(c)
    return out + "…"
