"""Plain-text facts every layer needs: characters XML cannot hold, and how wide
text is on a terminal or in a fixed-pitch layout (CJK counts double)."""
from __future__ import annotations

import re
import unicodedata

# XML 1.0 forbids these; pasted from other programs they would corrupt a .docx.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def illegal_characters(text: str) -> list[str]:
    return _ILLEGAL.findall(text)


def strip_illegal(text: str) -> str:
    return _ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def describe_characters(chars: list[str]) -> str:
    return "、".join(sorted({f"U+{ord(c):04X}" for c in chars}))


def display_width(text: str) -> int:
    """Columns on a terminal (and Excel's width units): wide and full-width characters
    take two, others one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def clip(text: str, limit: int) -> str:
    """At most `limit` columns, with "…" when cut (terminal tables only, never paper)."""
    if display_width(text) <= limit:
        return text
    out, used = "", 0
    for c in text:
        w = display_width(c)
        if used + w > limit - 1:
            break
        out += c
        used += w
    return out + "…"


def pad(text: str, size: int) -> str:
    return text + " " * (size - display_width(text))
