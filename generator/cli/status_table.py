"""The terminal table of `wuhua status`: about 120 columns, a default Windows console."""
from __future__ import annotations

import datetime as dt

from generator.model.due_list import DueItem
from generator.model.text import clip, display_width, pad
from generator.model.values import format_date

HEADERS = ["类别", "期限", "事项", "责任", "说明"]
LIMITS = [8, 14, 38, 28, 30]


def render_table(items: list[DueItem]) -> list[str]:
    rows = [[i.kind, format_date(i.due), i.what, i.who, i.note] for i in items]
    rows = [[clip(c, lim) for c, lim in zip(r, LIMITS)] for r in rows]
    sizes = [max([display_width(h)] + [display_width(r[k]) for r in rows]) for k, h in enumerate(HEADERS)]
    line = "  ".join("─" * s for s in sizes)
    out = ["  ".join(pad(h, s) for h, s in zip(HEADERS, sizes)).rstrip(), line]
    out += ["  ".join(pad(c, s) for c, s in zip(r, sizes)).rstrip() for r in rows]
    return out


def window(as_of: dt.date, days: int) -> str:
    return f"{format_date(as_of)}—{format_date(as_of + dt.timedelta(days=days))}"
