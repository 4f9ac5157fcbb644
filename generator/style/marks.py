"""Colours of the wall-chart status marks, shared by Word, Excel and the charts.

Colour helps on screen and in colour print; the symbols of `model.status.Mark`
(√ ● ○ △ ▲) and the words carry the meaning in black-and-white print, and the
chart hatches differ per mark for the same reason.
"""
from __future__ import annotations

from generator.model.status import Mark

# Strong colour (text, bars) and light fill (table cells), as RRGGBB.
COLOR = {Mark.DONE: "2E7D32", Mark.IN_PROGRESS: "1F5FAD", Mark.NOT_STARTED: "7F7F7F",
         Mark.LATE: "E08A00", Mark.OVERDUE: "C00000"}
FILL = {Mark.DONE: "E2F0D9", Mark.IN_PROGRESS: "DDEBF7", Mark.NOT_STARTED: "F2F2F2",
        Mark.LATE: "FFF2CC", Mark.OVERDUE: "F8D7D7"}
# Matplotlib hatches: empty for the usual states, dense for the warnings.
HATCH = {Mark.DONE: "", Mark.IN_PROGRESS: "//", Mark.NOT_STARTED: "..", Mark.LATE: "\\\\",
         Mark.OVERDUE: "xx"}
# Marks whose words are set bold: the ones a leader must see first.
BOLD = {Mark.OVERDUE, Mark.LATE}
