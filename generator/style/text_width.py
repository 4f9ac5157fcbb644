"""How wide a line of text prints, in characters of its own size (em): the one
estimate the poster layout and the 署名/成文日期 placement share.

CJK characters and full-width forms (from U+2E80 on) take one em; Latin letters,
digits, spaces and the punctuation below U+2E80 (including “ ” as Word sets them in
Times) about half. Word (autoSpaceDE/DN) and LibreOffice add about a fifth of an em
where Chinese meets digits or Latin text.

The 作战图集's table widths (documents/battlemap_docx) count line breaks instead
(runs that may not break, punctuation that may not start a line) with metrics fitted
to table cells; they are kept there.
"""
from __future__ import annotations

CJK_START = 0x2E80
CJK_LATIN_GAP = 0.18


def em_width(text: str) -> float:
    """Width in em: full-width characters 1, everything else ½."""
    return sum(0.5 if ord(c) < CJK_START else 1.0 for c in text)


def printed_width(text: str) -> float:
    """`em_width` plus the gap a renderer puts between Chinese and Latin text."""
    wide = [ord(c) >= CJK_START for c in text]
    return em_width(text) + CJK_LATIN_GAP * sum(a != b for a, b in zip(wide, wide[1:]))
