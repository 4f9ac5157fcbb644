"""作战图集 (图表化, 挂图作战): the book, the one-page wall chart and the workbook.

`battlemap_board` gathers every task's row once for an as-of date; `battlemap_docx`
and `battlemap_xlsx` lay them out.
"""
from __future__ import annotations

from generator.charts import chart_font
from generator.documents import battlemap_docx, battlemap_xlsx
from generator.documents.base import Artifact, Inputs, Options, TemplateSource
from generator.documents.battlemap_board import board

BOOK = "作战图集.docx"
WALL = "作战图（挂图）.docx"
WORKBOOK = "作战图.xlsx"


def artifacts(inputs: Inputs, ws: TemplateSource, options: Options) -> list[Artifact]:
    """Only when the workspace reports progress: without it there is nothing to track."""
    if inputs.plan is None or inputs.progress is None:
        return []
    chart_font()  # no Chinese font: say so now, before anything is rendered
    data = board(inputs, options)
    fonts = inputs.office.fonts
    return [
        Artifact(BOOK, lambda: battlemap_docx.book(data, fonts), title=data.title),
        Artifact(WALL, lambda: battlemap_docx.wall(data, fonts, options.wall_paper),
                 title=f"{inputs.plan.campaign_title}作战图"),
        Artifact(WORKBOOK, lambda: battlemap_xlsx.workbook_bytes_of(data), title="作战图"),
    ]
