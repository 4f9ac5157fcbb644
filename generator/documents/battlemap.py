"""作战图集 (图表化, 挂图作战): the book, the one-page wall chart and the workbook.

`battlemap_board` gathers every task's row once for an as-of date; `battlemap_docx`
and `battlemap_xlsx` lay them out.
"""
from __future__ import annotations

from generator.charts import usable_font
from generator.documents import battlemap_docx
from generator.documents.base import Artifact, Inputs, Options, TemplateSource, wording_of
from generator.documents.battlemap_board import WORDING, board
from generator.errors import Refused

BOOK = "作战图集.docx"
WALL = "作战图（挂图）.docx"
WORKBOOK = "作战图.xlsx"


def artifacts(inputs: Inputs, ws: TemplateSource, options: Options) -> list[Artifact]:
    """Only when the workspace reports progress: without it there is nothing to track."""
    if inputs.plan is None or inputs.progress is None:
        return []
    usable_font()  # no Chinese font: say so now, before anything is rendered
    data = board(inputs, options, wording_of(ws, WORDING))
    fonts = inputs.office.fonts
    out = [Artifact(BOOK, lambda: battlemap_docx.book(data, fonts), title=data.title, contents=True)]
    paper = options.wall_paper
    sheets = battlemap_docx.wall_sheets(data, paper)
    if sheets is None:
        largest = paper or battlemap_docx.WALL_PAPERS[-1]
        if paper is not None:
            # Chosen with --paper and too small: refuse before the book and the workbook
            # are rendered, so the clerk waits seconds for the answer, not minutes.
            raise Refused("作战图（挂图）的" + battlemap_docx.too_many(data, largest))
        # Not chosen by the clerk: the wall chart is left out (and said why) rather than
        # stopping every other document.
        options.notes.append("作战图（挂图）未生成：" + battlemap_docx.too_many(data, largest))
    else:
        if len(sheets.sheets) > 1:
            options.notes.append(f"作战图（挂图）一张纸排不下全部 {len(data.rows)} 项任务，分{sheets.describe()}；"
                                 "各张字号相同，可并排张贴")
        out.append(Artifact(WALL, lambda: battlemap_docx.wall_document(data, fonts, sheets),
                            title=data.words.text("挂图标题", campaign=inputs.plan.campaign_title)))
    out.append(Artifact(WORKBOOK, lambda: _workbook(data), title="作战图"))
    return out


def _workbook(data) -> bytes:
    # openpyxl loads only when the workbook is written (not on a cached rebuild).
    from generator.documents import battlemap_xlsx

    return battlemap_xlsx.workbook_bytes_of(data)
