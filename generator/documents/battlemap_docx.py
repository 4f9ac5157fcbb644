"""The 作战图集 book and the one-page wall chart, as Word documents.

Built by code on `style.base_document()` rather than from a docxtpl template: both
are mostly pictures and status-coloured cells whose colours, shading and exact row
heights depend on the data, which a template could only hold as raw XML.
"""
from __future__ import annotations

import functools
import dataclasses
import itertools
from dataclasses import dataclass

import io
import math
import unicodedata

from docx.shared import Mm

from generator.charts import draw
from generator.errors import Refused
from generator.documents.battlemap_board import Board, Row, action_heading, legend_note
from generator.model import FontSettings
from generator.model.status import Mark
from generator.model.values import cn_number
from generator.style import Page, base_document
from generator.style.build import (add_row, add_spanning_row, bookmark, contents_line, emphasis, exact_height,
                                   keep_row_with_next, keep_with_next, layout_table, line_pitch, no_borders,
                                   page_break_before, paragraph, repeat_header, run, section_break, shade,
                                   table, text_size, tight_rows, vmerge)
from generator.style.marks import BOLD, COLOR, FILL
from generator.style.metrics import MM, PAPER
from generator.style.styles import POSTER_SCALES, POSTER_TEXT_PT
from generator.writers.built import document_bytes

BOOK_PAGE = Page(landscape=True)
COVER_PAGE = Page(landscape=True, page_numbers=False)
# A task is a band: one row a leader scans (who, by when, how far), the work itself in
# a full-width row under it (long texts pack into whole lines instead of a narrow column).
BOOK_HEADERS = ["序号", "重点任务", "牵头部门", "时限", "状态"]
BOOK_STYLES = ["TableCenter", "TableText", "TableText", "TableCenter", "TableCenter"]
# What the full-width row says, in this order: the work itself, then each part after
# a short bold label (the plan's column names cost a line every few tasks). 配合部门 is
# there rather than in the band: a band of six columns cannot be one line at 小四 on A4.
DETAIL_LABELS = ("", "配合", "措施", "节点", "进展", "成果")
BAND_FILL = "F2F2F2"     # light grey: the band stands out from its details, in black and white too


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
    part = paragraph(doc, "三、分项作战图", "Heading1")
    page_break_before(part)
    bookmark(part, targets["actions"], 3)
    # The legend once, under the part's heading, rather than after every table.
    # At the table's size: it explains the table (and 14 pt costs a task's line).
    keep_with_next(paragraph(doc, legend_note(board), "TableText"))
    widths = book_widths(list(board.rows.values()))
    # One table for every action: an action is a row of its own (its heading and
    # counts), so actions follow one another without a heading's and a gap's lines.
    t = table(doc, widths, BOOK_HEADERS)
    tight_rows(t)
    for action in board.plan.actions:
        group = add_spanning_row(t, widths, f"{action_heading(action)}　{board.summary(action)}")
        bookmark(group.cells[0].paragraphs[0], targets[action.number], 10 + action.number)
        keep_row_with_next(group)
        for row in board.action_rows(action):
            _task_band(t, widths, row)
    for r in t.rows:
        text_size(r, BOOK_PT)
    line_pitch(t, BOOK_LINE_TWIPS)
    return document_bytes(doc, board.title)


def _task_band(t, widths: list[int], row: Row) -> None:
    """The task's band (kept with its details), then its details across the table; a
    long details row may continue on the next page, under the repeated header."""
    band = add_row(t, widths, _band_texts(row)[:-1] + [""], styles=BOOK_STYLES)
    for cell in band.cells[:2]:
        shade(cell, BAND_FILL)
    emphasis(band.cells[1].paragraphs[0].runs[0], "000000", bold=True)
    _status_cell(band.cells[-1], row, stacked=False)
    keep_row_with_next(band)
    details = add_spanning_row(t, widths, "", style="TableText", split=True)
    p = details.cells[0].paragraphs[0]
    for text, kind in _detail_pieces(row):
        r = run(p, text)
        if kind == "label":
            emphasis(r, "000000", bold=True)
        elif kind == "overdue":
            # In the mark's colour: the line a leader looks for.
            emphasis(r, COLOR[row.mark], bold=True)


def _detail_pieces(row: Row) -> list[tuple[str, str]]:
    """The full-width row as (text, kind) runs, kind "label", "text" or "overdue": the
    work itself, then each part after its bold label; parts a task does not have
    (no milestones, no 配合) are left out rather than printed empty, and so is the work
    when the band's 重点任务 already prints it whole (a task of one short clause)."""
    whole = "".join(row.task.short.split()) == "".join(row.task.text.split())
    texts = ["" if whole else row.task.text, row.others, row.task.measures, "；".join(row.milestones), row.progress,
             row.results.replace("\n", "；")]
    out: list[tuple[str, str]] = []
    previous = ""
    for label, text in zip(DETAIL_LABELS, texts):
        if not text:
            continue
        if label:
            out.append((_gap(previous) + f"{label}：", "label"))
        out.append((text, "text"))
        previous = text
        if label == "进展" and row.due_note:
            note = _gap(text, "；") + row.due_note
            out.append((note, "overdue" if row.mark is Mark.OVERDUE else "text"))
            previous = note
    return out


def _gap(previous: str, gap: str = "　") -> str:
    """What goes between two parts: nothing after a full stop or semicolon, which
    already close the part before (a bold label marks the start of the next)."""
    return "" if not previous or previous[-1] in "。；！？" else gap


# Table rows of the book: 小四 on an exact 15 pt pitch (固定值), as official tables are
# set; the style's auto spacing gives 仿宋 about 18 pt and costs a task per page.
BOOK_LINE_TWIPS = 300
BOOK_PT = 12
CELL_PAD_TWIPS = 2 * 85          # 公文表格's left and right cell margins
# The narrowest a column may get, in em: the header in two lines.
BOOK_MIN_EM = [2, 4, 4, 2.5, 3]


def book_widths(rows: list[Row], total: int = BOOK_PAGE.text_width, pt: float = BOOK_PT) -> list[int]:
    """Band column widths (twips) from the content, so that the bands take as few lines
    as possible. A band loses a line only when all of its cells do at once, so the
    widths are searched together: every column but 重点任务 tries each width at which
    one of its texts needs one line fewer, 重点任务 takes the rest, and the set with the
    fewest lines over all bands wins (then the one leaving 重点任务 the most room)."""
    texts = [_band_texts(r) for r in rows]
    em_twips = pt * 20
    room = (total - CELL_PAD_TWIPS * len(BOOK_HEADERS)) / em_twips
    main = 1
    floor = [max(m, _longest_token(col, texts)) for col, m in enumerate(BOOK_MIN_EM)]
    choices = []
    for col in range(len(BOOK_HEADERS)):
        if col == main:
            choices.append([None])
            continue
        widths = {floor[col]}
        for row in texts:
            widths.update(w for w in _break_widths(row[col]) if w > floor[col])
        choices.append(sorted(widths)[:_MAX_CHOICES])
    # Lines of every band's cell at every width tried, counted once.
    counted: dict[tuple[int, float], list[int]] = {}

    def lines_at(col: int, em: float) -> list[int]:
        if (col, em) not in counted:
            counted[col, em] = [_lines_em(row[col], em) for row in texts]
        return counted[col, em]

    best = None
    for combo in itertools.product(*choices):
        rest = room - sum(w for w in combo if w is not None)
        if rest < floor[main]:
            continue
        ems = [rest if w is None else w for w in combo]
        lines = sum(map(max, zip(*(lines_at(col, em) for col, em in enumerate(ems)))))
        if best is None or (lines, -rest) < best[0]:
            best = ((lines, -rest), ems)
    if best is None:
        # Only unbreakable runs (long numbers, Latin words) wider than the page get here.
        raise Refused("作战图集的任务表排不下：有的任务的“" + "”“".join(
            h for h, f, m in zip(BOOK_HEADERS, floor, BOOK_MIN_EM) if f > m) +
            "”中有很长的不可断开的数字或英文，横向 A4 页一行放不下。请在实施方案中加上空格或改短。")
    ems = best[1]
    widths = [math.floor(e * em_twips) + CELL_PAD_TWIPS for e in ems]
    widths[main] += total - sum(widths)
    return widths


_MAX_CHOICES = 12      # widths tried per column: the search stays a few thousand sets


def _break_widths(text: str, most: int = 3) -> list[float]:
    """The narrowest widths (em, in half-em steps) at which `text` takes 1, 2, … `most` lines."""
    out = []
    whole = sum(_units(text.replace("\n", "")))
    for lines in range(1, most + 1):
        w = math.ceil(whole / lines * 2) / 2
        while _lines_em(text, w) > lines:
            w += 0.5
        if w not in out:
            out.append(w)
    return out


def _band_texts(row: Row) -> list[str]:
    """What each column of a task's band prints (the status as `_status_cell` runs it on)."""
    status = f"{row.mark.symbol} {row.mark.value}" + ("" if row.mark is Mark.DONE else f" {row.percent}%")
    return [str(row.task.number), row.task.short, row.lead, row.task.schedule.text, status]


def _longest_token(col: int, texts: list[list[str]]) -> float:
    """The widest run that may not break (digits, Latin), in em."""
    import re

    widest = 0.0
    for row in texts:
        for token in re.findall(r"[0-9A-Za-z%.\-]+", row[col]):
            widest = max(widest, _width(token) + 0.5)
    return widest


_NO_LINE_START = set("，。、；：？！）》”’」』%）．,.;:!?")
_NO_LINE_END = set("（《“‘「『(")


@functools.lru_cache(maxsize=8192)
def _units(text: str) -> tuple[float, ...]:
    """A line of text as the pieces a renderer breaks between, by width in em: a CJK
    character (with the punctuation that may not start or end a line joined to it),
    or a run of digits and Latin letters (never broken), with the gap Word and
    LibreOffice put between Chinese and Latin text."""
    import re

    units: list[float] = []
    glue = False
    for token in re.findall(r"[0-9A-Za-z%.\-]+|.", text):
        if token[0].isascii() and token[0].isalnum():
            w = 0.55 * len(token) + 0.4
        else:
            w = 1.0 if unicodedata.east_asian_width(token) in "WFA" else 0.55
        if units and (glue or token in _NO_LINE_START):
            units[-1] += w
        else:
            units.append(w)
        glue = token in _NO_LINE_END
    # Cached: book_widths measures every cell at every trial width (tens of thousands
    # of calls over a few hundred texts).
    return tuple(units)


def _lines_em(text: str, room: float) -> int:
    """Lines a cell of `room` em needs, counted generously (1 em a CJK character,
    whatever the face; pieces that may not break kept whole)."""
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0.0
        for w in _units(part):
            if used + w > room and used:
                lines += 1
                used = 0.0
            used += w
    return max(lines, 1)


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
    opening) computes them; `build` writes the pages LibreOffice laid the book out on
    as their shown result (`generator/pagination.py`), left empty until then."""
    paragraph(doc, "目　　录", "Title")
    paragraph(doc, "", "Normal")
    targets = {"overview": "_Toc_overview", "timeline": "_Toc_timeline", "actions": "_Toc_actions"}
    contents_line(doc, "一、总体情况", targets["overview"], BOOK_PAGE)
    contents_line(doc, f"二、{board.years}任务推进时间轴", targets["timeline"], BOOK_PAGE)
    contents_line(doc, "三、分项作战图", targets["actions"], BOOK_PAGE)
    for action in board.plan.actions:
        targets[action.number] = f"_Toc_action{action.number}"
        contents_line(doc, f"{action_heading(action)}（{len(action.tasks)}项）", targets[action.number], BOOK_PAGE,
                      level=2)
    return targets


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
    for i, part in enumerate(timeline_parts(board.plan)):
        png = draw.timeline(part, board.states, board.progress, board.as_of, width, TIMELINE_MM)
        picture = paragraph(doc, "", "TableCenter")
        if i:
            page_break_before(picture)
        _picture(picture, png, width)
    paragraph(doc, board.words.text("时间轴说明"), "Note")


# The book's timeline is one picture this tall on a landscape page. Its rows must stay
# readable: a plan with more tasks than one picture holds with rows TIMELINE_LABEL_PT
# labels apart (`draw.timeline_fits`; 84 tasks drew 1.3 mm rows under 2.5 mm labels,
# printed over each other) gets one picture per page, whole actions where they fit.
TIMELINE_MM = 128
TIMELINE_LABEL_PT = 7.0


def timeline_parts(plan) -> list:
    """The plan itself when its timeline fits one picture, else sub-plans (the same
    period, whole actions where they fit, a long action split) that each fit one."""
    if draw.timeline_fits(len(plan.tasks), 1, TIMELINE_MM, TIMELINE_LABEL_PT):
        return [plan]
    cap = next(n for n in range(len(plan.tasks), 0, -1) if draw.timeline_fits(n, 1, TIMELINE_MM, TIMELINE_LABEL_PT))
    parts: list[list] = [[]]
    for action in plan.actions:
        tasks = list(action.tasks)
        if sum(len(a.tasks) for a in parts[-1]) + len(tasks) > cap and parts[-1]:
            parts.append([])
        while tasks:
            room = cap - sum(len(a.tasks) for a in parts[-1])
            if room <= 0:
                parts.append([])
                continue
            parts[-1].append(action.model_copy(update={"tasks": tuple(tasks[:room])}))
            tasks = tasks[room:]
    return [plan.model_copy(update={"actions": tuple(actions)}) for actions in parts if actions]


# --- the wall chart ---------------------------------------------------------------

WALL_HEADERS = ["行动", "序号", "重点任务", "牵头部门", "时限", "状态"]
WALL_STYLES = ["PosterCenter", "PosterCenter", "PosterText", "PosterCenter", "PosterCenter", "PosterCenter"]
GAP_MM = 6
WALL_PAPERS = ("A3", "A2")   # smallest first; `wuhua battlemap --paper` offers these


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


# More sheets than this are no longer a chart hung on a wall: the book is the answer.
WALL_MAX_SHEETS = 4


@dataclass(frozen=True)
class WallSheets:
    """How the wall chart is printed: on which paper, and each sheet's board (the whole
    board when one sheet holds every task; else each narrowed to its actions' tasks)."""

    paper: str
    sheets: tuple[Board, ...]

    def part(self, number: int) -> str:
        """“行动一至三（任务1—20）”: what sheet `number` (from 1) holds."""
        sheet = self.sheets[number - 1]
        actions = [a.number for a in sheet.plan.actions]
        tasks = [t.number for t in sheet.plan.tasks]
        span = cn_number(actions[0]) + ("" if len(actions) == 1 else f"至{cn_number(actions[-1])}")
        return f"行动{span}（任务{tasks[0]}—{tasks[-1]}）"

    def describe(self) -> str:
        """“2张A3纸（横向）：第1张行动一至三（任务1—20），…” for the clerk."""
        parts = [f"第{i}张{self.part(i)}" for i in range(1, len(self.sheets) + 1)]
        return f"{len(self.sheets)}张{self.paper}纸（横向）：" + "，".join(parts)


def wall_sheets(board: Board, paper: str | None = None) -> WallSheets | None:
    """One sheet when one holds every task legibly (A3, else A2, unless `paper` is
    chosen); else as few sheets as hold them, whole actions kept together; None when
    even WALL_MAX_SHEETS sheets cannot."""
    papers = [paper] if paper else list(WALL_PAPERS)
    for p in papers:
        if holds(board, p):
            return WallSheets(p, (board,))
    for whole_actions in (True, False):
        for p in papers:
            groups = _sheet_rows(board, p, whole_actions=whole_actions)
            if groups is not None:
                return WallSheets(p, tuple(_narrowed(board, rows) for rows in groups))
    return None


def holds(board: Board, paper: str) -> bool:
    """Whether one sheet of `paper` holds every task of the wall chart legibly."""
    return _wall_layout(board, paper) is not None


def _narrowed(board: Board, rows: list[Row]) -> Board:
    """The board of one sheet: the plan's actions with only this sheet's tasks (the same
    task objects), their rows; states, progress and wording stay whole."""
    numbers = {r.task.number for r in rows}
    actions = tuple(a.model_copy(update={"tasks": tuple(t for t in a.tasks if t.number in numbers)})
                    for a in board.plan.actions if any(t.number in numbers for t in a.tasks))
    return dataclasses.replace(board, plan=board.plan.model_copy(update={"actions": actions}),
                               rows={r.task.number: r for r in rows})


def _sheet_rows(board: Board, paper: str, *, whole_actions: bool = True) -> list[list[Row]] | None:
    """The tasks over as few sheets of `paper` as hold them: actions in order, whole
    where they fit, an action larger than a sheet spread over several (without
    `whole_actions`: every sheet filled, actions continued across sheets); None when
    more than WALL_MAX_SHEETS sheets would be needed."""
    label = _sheet_label(WALL_MAX_SHEETS, WALL_MAX_SHEETS)       # the title as long as it gets

    def fits(rows: list[Row]) -> bool:
        return _wall_layout(_narrowed(board, rows), paper, whole=board, label=label) is not None

    sheets: list[list[Row]] = []
    current: list[Row] = []
    groups = [[board.rows[t.number] for t in action.tasks] for action in board.plan.actions]
    if not whole_actions:
        groups = [[row for group in groups for row in group]]
    for rows in groups:
        if current and fits(current + rows):
            current += rows
            continue
        if current:
            sheets.append(current)
        current = []
        while rows and not fits(rows):
            low, high = 0, len(rows)      # low fits (none trivially), high does not
            while high - low > 1:
                mid = (low + high) // 2
                low, high = (mid, high) if fits(rows[:mid]) else (low, mid)
            if low == 0:
                return None
            sheets.append(rows[:low])
            rows = rows[low:]             # never empty: all of them did not fit
            if len(sheets) >= WALL_MAX_SHEETS:
                return None               # the rest needs one more
        current = list(rows)        # a copy: `current += …` must not grow the group
        if len(sheets) >= WALL_MAX_SHEETS and current:
            return None
    if current:
        sheets.append(current)
    if len(sheets) > WALL_MAX_SHEETS:
        return None
    return _balanced(sheets, groups, fits)


def _balanced(greedy: list[list[Row]], groups: list[list[Row]], fits) -> list[list[Row]]:
    """The same number of sheets as `greedy` (each filled in turn: 36/36/18 of 90 tasks),
    the tasks spread as evenly as the groups allow (30/30/30; whole actions of 9:
    36/27/27): under the smallest cap on tasks per sheet that works, the packing of
    the groups (whole actions, or single tasks) in order whose sheet sizes have the
    least sum of squares, kept when every sheet holds its tasks legibly. A group
    larger than the fullest greedy sheet was spread over sheets there too: it is
    packed task by task. `greedy` when no cap up to its fullest sheet works."""
    count, fullest = len(greedy), max(len(sheet) for sheet in greedy)
    if count == 1:
        return greedy
    atoms = [[row] for group in groups for row in group] if len(groups) == 1 else \
        [a for group in groups for a in ([[row] for row in group] if len(group) > fullest else [group])]
    sizes = [len(a) for a in atoms]
    for cap in range(math.ceil(sum(sizes) / count), fullest + 1):
        cuts = _even_cuts(sizes, count, cap)
        if cuts is None:
            continue
        sheets = [[row for atom in atoms[a:b] for row in atom] for a, b in zip(cuts, cuts[1:])]
        if sheets == greedy:
            return greedy
        if all(fits(sheet) for sheet in sheets):
            return sheets
    return greedy


def _even_cuts(sizes: list[int], count: int, cap: int) -> list[int] | None:
    """Where to cut `sizes` (in order) into `count` non-empty parts of at most `cap`,
    the sum of the parts' squares least: [0, …, len(sizes)]; None when none exists."""
    n = len(sizes)
    prefix = [0]
    for size in sizes:
        prefix.append(prefix[-1] + size)
    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    cost[0][0] = 0
    for k in range(1, count + 1):
        for j in range(1, n + 1):
            for i in range(j - 1, -1, -1):
                part = prefix[j] - prefix[i]
                if part > cap:
                    break
                if cost[k - 1][i] + part * part < cost[k][j]:
                    cost[k][j], back[k][j] = cost[k - 1][i] + part * part, i
    if cost[count][n] == inf:
        return None
    cuts = [n]
    for k in range(count, 0, -1):
        cuts.append(back[k][cuts[-1]])
    return cuts[::-1]


def _sheet_label(number: int, count: int) -> str:
    """“（一）” after the title of each of several sheets; a single sheet has none."""
    return f"（{cn_number(number)}）" if count > 1 else ""


def _fitting_count(board: Board, paper: str) -> int:
    """How many of the board's tasks (from the first) one sheet of `paper` holds legibly."""
    rows = list(board.rows.items())
    low, high = 0, len(rows)          # low fits (none trivially), high does not
    while high - low > 1:
        mid = (low + high) // 2
        if _wall_layout(dataclasses.replace(board, rows=dict(rows[:mid])), paper) is not None:
            low = mid
        else:
            high = mid
    return low


def too_many(board: Board, paper: str) -> str:
    """Why a sheet of `paper` cannot hold the wall chart (“A3 纸（横向）放不下…”), what
    it would hold and what to do instead."""
    scale = _scale(paper)
    fits = _fitting_count(board, paper)
    larger = [p for p in WALL_PAPERS if PAPER[p][0] > PAPER[paper][0]]
    bigger = f"改用更大的纸（--paper {larger[0]}），或" if larger else ""
    return (f"{paper} 纸（横向）放不下全部 {len(board.rows)} 项任务：表格字号不小于 "
            f"{WALL_MIN_PT * scale:.1f} 磅、时间轴标签不小于 {WALL_LABEL_PT:g} 磅时，一张最多排下约 {fits} 项，"
            f"分{WALL_MAX_SHEETS}张也排不下（字再小、行再密挂在墙上就看不清，标签会重叠）。"
            f"请{bigger}打印《作战图集》（按行动逐项列出全部任务），或给任务写更短的“简称”（实施方案的“简称”列）。")


def _wall_heads(board: Board, label: str = "") -> tuple[str, str]:
    """Title and subtitle of a sheet: which sheet it is (`label`) after the title when
    there are several, the whole plan's counts on every sheet."""
    done, _ = board.completion
    title = board.office + board.words.text("挂图标题", campaign=board.plan.campaign_title) + label
    subtitle = f"（{board.years}）　{board.as_of_text}　{board.summary()}　完成率{done}%"
    return title, subtitle


def _wall_layout(board: Board, paper: str, *, whole: Board | None = None, label: str = "",
                 at_most: float | None = None) -> WallLayout | None:
    """How the sheet of `paper` holds `board`'s tasks (a sheet of `whole`'s wall chart
    when given), or None when it cannot legibly; cell type no larger than `at_most`."""
    page = wall_page(paper)
    scale, suffix = _scale(paper), _suffix(paper)
    title, subtitle = _wall_heads(whole or board, label)
    width = page.text_width / MM
    # The table first: its type as large as fits (poster size down to 9 pt on A3), the
    # charts giving up height (80 mm down to 60 mm) before the type shrinks; below
    # 9 pt the sheet is refused. The band of charts is only as low as the timeline
    # allows: its rows at least `draw.ROW_PITCH` label heights apart, in one to
    # WALL_TIMELINE_COLUMNS panels side by side.
    fixed_mm = (_lines_mm(title, 36, suffix, width) + _lines_mm(subtitle, 18, suffix, width)
                + (3 if label else 2) * _line_mm(12, suffix) + 2 * scale)    # notes: + the sheets' line
    half_mm = (width - GAP_MM) / 2
    timeline_mm = width * WALL_PARTS[2] - 3
    # The texts are measured once; the table at a type size once for every chart height
    # (only the room left for it differs): the search costs a few table layouts.
    texts = _WallTexts(board, _wall_pairs(board))
    timelines = [(chart_h, _timeline_plan(len(board.rows), timeline_mm, chart_h, scale * WALL_TIMELINE_SCALE))
                 for chart_h in _chart_heights(scale)]
    for pt in _wall_sizes(scale, suffix):
        if at_most is not None and pt > at_most:
            continue
        table = None
        for chart_h, timeline in timelines:
            if timeline is None:
                continue
            table = table or _wall_type(texts, half_mm, pt)
            if sum(table[1]) <= page.text_height / MM - fixed_mm - chart_h:
                return WallLayout(table, chart_h, *timeline)
    return None


# The timeline's labels (task numbers) and notes: as large as the sheet's scale makes
# them where the height allows, never below 8 pt — the smallest size `proof` accepts
# in tables and charts.
WALL_LABEL_PT = 8.0
WALL_TIMELINE_COLUMNS = 4      # panels of the timeline at most (each at least WALL_PANEL_MIN_MM wide)
WALL_TIMELINE_SCALE = 0.9   # the timeline's type against the other charts'
# A panel narrower than this leaves the three years too short to read.
WALL_PANEL_MIN_MM = 60
WALL_PARTS = [0.30, 0.17, 0.53]


@dataclass(frozen=True)
class WallLayout:
    table: tuple[float, list[float], list[float]]     # `_wall_type`: cell pt, row heights, half widths
    chart_mm: float                                    # height of the band of charts
    columns: int                                       # timeline panels
    label_pt: float                                    # the timeline's label size


def _chart_heights(scale: float) -> list[float]:
    """The band of charts from 80 mm down to 60 mm (A3), in 5 mm steps."""
    return [h * scale for h in (80, 75, 70, 65, 60)]


def _timeline_plan(tasks: int, width_mm: float, height_mm: float, scale: float) -> tuple[int, float] | None:
    """(panels, label pt) for a timeline of `tasks` rows in this box: the fewest panels,
    the largest labels; None when no split holds labels of 8 pt."""
    sizes = sorted({max(WALL_LABEL_PT, 7 * scale), WALL_LABEL_PT}, reverse=True)
    for columns in range(1, WALL_TIMELINE_COLUMNS + 1):
        if columns > 1 and width_mm / columns < WALL_PANEL_MIN_MM * scale:
            break
        for label_pt in sizes:
            if draw.timeline_fits(tasks, columns, height_mm, label_pt, scale):
                return columns, label_pt
    return None


def wall_document(board: Board, fonts: FontSettings, plan: WallSheets) -> bytes:
    """The wall chart's file: everything on one sheet (title, charts, every task with
    its mark), or a page per sheet of `plan` when it has several."""
    paper = plan.paper
    page = wall_page(paper)
    doc = base_document(page, fonts)
    count = len(plan.sheets)
    layouts = [_wall_layout(sheet, paper, whole=board, label=_sheet_label(i, count))
               for i, sheet in enumerate(plan.sheets, 1)]
    if any(layout is None for layout in layouts):
        raise Refused("作战图（挂图）的" + too_many(board, paper))
    # Sheets hung side by side print their tables in one size: the smallest any needs.
    pt = min(layout.table[0] for layout in layouts)
    for i, sheet in enumerate(plan.sheets, 1):
        layout = layouts[i - 1]
        if layout.table[0] > pt:
            layout = _wall_layout(sheet, paper, whole=board, label=_sheet_label(i, count), at_most=pt)
        _wall_sheet(doc, sheet, board, page, paper, layout, _sheet_label(i, count), first=i == 1)
        if count > 1:
            paragraph(doc, f"本图共{count}张，可并排张贴；本张为第{i}张：{plan.part(i)}。", "PosterNote" + _suffix(paper))
    return document_bytes(doc, board.words.text("挂图标题", campaign=board.plan.campaign_title))


def _wall_sheet(doc, sheet: Board, whole: Board, page: Page, paper: str, layout: WallLayout, label: str,
                first: bool) -> None:
    """One sheet: title, the three charts of its tasks, its table, the legend."""
    scale, suffix = _scale(paper), _suffix(paper)
    title, subtitle = _wall_heads(whole, label)
    heading = paragraph(doc, title, "PosterTitle" + suffix)
    if not first:
        page_break_before(heading)
    paragraph(doc, subtitle, "PosterSubtitle" + suffix)
    width = page.text_width / MM
    parts = WALL_PARTS
    widths = [round(width * f * MM) for f in parts]
    widths[-1] = page.text_width - sum(widths[:-1])
    _, row = layout_table(doc, widths)
    chart_h = layout.chart_mm
    # The ring counts the whole plan, as the subtitle does; bars and timeline this sheet's tasks.
    charts = [draw.status_by_action(sheet.plan, sheet.states, width * parts[0] - 3, chart_h, scale=scale),
              draw.completion_donut(whole.states, width * parts[1] - 3, chart_h, scale=scale),
              draw.timeline(sheet.plan, sheet.states, sheet.progress, sheet.as_of, width * parts[2] - 3, chart_h,
                            scale=scale * WALL_TIMELINE_SCALE, label_chars=0, columns=layout.columns,
                            label_pt=layout.label_pt)]
    for cell, png, part in zip(row.cells, charts, parts):
        _picture(cell, png, width * part - 3)

    paragraph(doc, "", "PosterNote" + suffix)
    _wall_table(doc, sheet, page, suffix, _wall_pairs(sheet), layout.table)
    paragraph(doc, sheet.words.text("挂图注", marks=sheet.marks_text, as_of=sheet.as_of_text), "PosterNote" + suffix)


def _line_mm(pt: float, suffix: str) -> float:
    """Height of one line of a poster style of `pt` (A3 size), with its space after."""
    return (pt * POSTER_SCALES[suffix] * 1.3 + 6) * 25.4 / 72


def _lines_mm(text: str, pt: float, suffix: str, width_mm: float) -> float:
    """Height of a centred paragraph that may wrap (a long office name in the title)."""
    em_mm = pt * POSTER_SCALES[suffix] * 25.4 / 72
    return _line_mm(pt, suffix) * max(1, math.ceil(_width(text) * 1.1 * em_mm / width_mm))


# The smallest cell text a wall chart prints (A3; larger sheets scale it), the size
# `proof` accepts in tables; the wall chart is read from close up.
WALL_MIN_PT = 9.0
WALL_LINE = 1.45     # single line pitch of the CJK faces (Noto CJK: 1.448 em)
WALL_PAD_MM = 1.5    # a row's room above and below its lines


def _wall_pairs(board: Board) -> list[list[Row | None]]:
    """Two halves side by side (tasks 1–15 | 16–29), as rows of (left, right)."""
    rows = list(board.rows.values())
    split = math.ceil(len(rows) / 2)
    left, right = rows[:split], rows[split:]
    return [[left[i] if i < len(left) else None, right[i] if i < len(right) else None] for i in range(split)]


def _wall_table(doc, board: Board, page: Page, suffix: str, pairs, layout) -> None:
    """Every task's 简称, lead and deadline printed whole, wrapping onto more lines;
    rows of exact heights (from `_wall_type`) so the chart stays one page."""
    pt, heights, fixed = layout
    half = [round(f * MM) for f in fixed]
    gap = page.text_width - 2 * sum(half)
    widths = half + [gap] + half
    left = [p[0] for p in pairs if p[0] is not None]
    right = [p[1] for p in pairs if p[1] is not None]
    t = table(doc, widths)
    header = add_row(t, widths, WALL_HEADERS + [""] + WALL_HEADERS, style="PosterHeader" + suffix)
    repeat_header(header)
    no_borders(header.cells[len(half)], keep=("left", "right"))
    exact_height(header, round(heights[0] * MM))
    text_size(header, pt)
    previous = [None, None]
    for i, pair in enumerate(pairs):
        texts, styles = [], []
        for side, row in enumerate(pair):
            texts += _wall_texts(board, row, previous[side])
            styles += [name + suffix for name in WALL_STYLES]
            if side == 0:
                texts.append("")
                styles.append("PosterNote" + suffix)
        r = add_row(t, widths, texts, styles=styles)
        exact_height(r, round(heights[i + 1] * MM))
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
        text_size(r, pt)


def _wall_sizes(scale: float, suffix: str) -> list[float]:
    """Cell type sizes to try, largest first, in 0.5 pt steps."""
    largest = POSTER_TEXT_PT * POSTER_SCALES[suffix]
    count = int((largest - WALL_MIN_PT * scale) / 0.5 + 1e-6) + 1
    return [largest - 0.5 * i for i in range(count)]


class _WallTexts:
    """What the wall table's rows print, measured once for a layout search: per row
    pair the character widths of every cell (the status as `_status_cell` fills it), and
    per column the widest text in em."""

    def __init__(self, board: Board, pairs) -> None:
        measured = [[_wall_measured(board, row) for row in pair if row is not None] for pair in pairs]
        self.columns = [max(_em(text) + 0.8 for text in [head] + [texts[col] for row in measured for texts in row])
                        for col, head in enumerate(WALL_HEADERS)]
        self.header = [_char_ems(h) for h in WALL_HEADERS]
        self.pairs = [[[_char_ems(text) for text in texts] for texts in row] for row in measured]


def _wall_type(texts: _WallTexts, half_mm: float, pt: float) -> tuple[float, list[float], list[float]]:
    """For cell type `pt`: the row heights in mm (header first) and the column widths
    of one half in mm. Every column but 重点任务 is as wide as its longest text (up to a
    limit), 重点任务 takes the rest. Lines are counted generously (see `_cell_lines`)."""
    widths_mm = []
    for need_em in texts.columns:
        need = need_em * pt * 25.4 / 72 + 3.4
        widths_mm.append(min(need, 40 * pt / POSTER_TEXT_PT))
    widths_mm[2] = half_mm - sum(widths_mm) + widths_mm[2]
    line_mm = pt * WALL_LINE * 25.4 / 72
    header_mm = max(_lines_of(h, w, pt) for h, w in zip(texts.header, widths_mm)) * line_mm + WALL_PAD_MM
    heights = [header_mm]
    for pair in texts.pairs:
        lines = max((_lines_of(cell, w, pt) for row in pair for cell, w in zip(row, widths_mm)), default=1)
        heights.append(lines * line_mm + WALL_PAD_MM)
    return pt, heights, widths_mm


def _wall_texts(board: Board, row: Row | None, previous: Row | None) -> list[str]:
    """What a wall row prints: the task's 简称, lead and deadline, each in full."""
    if row is None:
        return [""] * len(WALL_HEADERS)
    action = board.plan.action_of(row.task)
    first = previous is None or board.plan.action_of(previous.task) != action
    return [cn_number(action.number) if first else "", str(row.task.number), row.task.short,
            board.short(row.task.lead), row.task.schedule.text, ""]


def _wall_measured(board: Board, row: Row) -> list[str]:
    """The row's texts with the status cell as `_status_cell` fills it."""
    return _wall_texts(board, row, None)[:-1] + [f"{row.mark.symbol} {row.mark.value} {row.percent}%"]


def _em(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.6 for c in text)


def _cell_lines(text: str, width_mm: float, pt: float) -> int:
    """Lines a wrapped cell needs. Measured generously (quotes full width, Latin 0.6 em,
    half a character of slack for punctuation that may not start a line)."""
    return _lines_of(_char_ems(text), width_mm, pt)


def _char_ems(text: str) -> tuple[tuple[float, ...], ...]:
    """Each line's character widths in em, as `_cell_lines` counts them."""
    return tuple(tuple(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.6 for c in part)
                 for part in text.split("\n"))


def _lines_of(parts: tuple[tuple[float, ...], ...], width_mm: float, pt: float) -> int:
    room = (width_mm - 3.2) / (pt * 25.4 / 72)     # in em, less the cell's padding
    lines = 0
    for part in parts:
        lines += 1
        used = 0.0
        for em in part:
            if used + em > room - 0.5 and used:
                lines += 1
                used = 0.0
            used += em
    return max(lines, 1)
