"""Type for one-page wall posters: which size makes the text fill exactly one sheet,
and the direct formatting that applies it (fonts still come from the styles).

Posters cannot use fixed styles: the size depends on how much text the criteria
have. The estimate counts CJK characters as one em and Latin as half an em, adds
the lines each paragraph wraps into, and keeps a margin (POSTER_FILL) for the
renderers' differing line breaking.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from generator.style.build import end_section_with
from generator.style.metrics import (PAPER, POSTER_COLUMN_GAP_EM, POSTER_COLUMN_MIN_EM, POSTER_FILL, POSTER_LINE,
                                     POSTER_MARGIN_MM, POSTER_MAX_PT, POSTER_MIN_PT, POSTER_TITLE_RATIO)
from generator.style.page import Page, sect_pr
from generator.style.text_width import em_width

PAPERS = tuple(PAPER)   # smallest last: A4, A3, A2, A1
SAMPLE_RED = "C00000"


def poster_page(paper: str) -> Page:
    return Page(paper=paper, margin_mm=POSTER_MARGIN_MM[paper], page_numbers=False)


def text_em(text: str) -> float:
    """Width in ems: full-width characters count 1, Latin letters, digits and spaces ½."""
    return em_width(text)


@dataclass(frozen=True)
class Block:
    """One paragraph as the estimate sees it; sizes are multiples of the items' size."""

    em: float
    scale: float = 1.0          # type size relative to the items' size
    before: float = 0.0         # space before, in lines of this paragraph
    after: float = 0.0
    hanging_em: float = 0.0     # continuation lines start this far in
    first_em: float = 0.0       # first-line indent
    title: bool = False         # sized by the title rule instead of `scale`


@dataclass(frozen=True)
class PosterType:
    paper: str
    body: float        # items, lead-in, report line (pt)
    title: float
    columns: int = 1   # of the items

    @property
    def column_gap_pt(self) -> float:
        return POSTER_COLUMN_GAP_EM * self.body

    @property
    def small(self) -> float:
        """Notes and remarks."""
        return round(self.body * 0.85 * 2) / 2

    def size_of(self, block: Block) -> float:
        return self.title if block.title else self.body * block.scale

    @staticmethod
    def line(size: float) -> float:
        return size * POSTER_LINE


def title_size(body: float, title_em: float, width_pt: float) -> float:
    """As large as POSTER_TITLE_RATIO allows, on one line if it can be, else on two."""
    largest = body * POSTER_TITLE_RATIO
    one_line = width_pt / max(title_em, 1) * 0.97
    if one_line >= body * 1.3:
        return math.floor(min(largest, one_line) * 2) / 2
    return math.floor(min(largest, 2 * one_line) * 2) / 2


def _height(blocks: list[Block], t: PosterType, width_pt: float) -> float:
    total = 0.0
    for b in blocks:
        size = t.size_of(b)
        per_line = width_pt / size
        first = per_line - b.first_em
        rest = per_line - b.hanging_em
        em = b.em * 1.01 + 0.25         # justification and kinsoku slack
        lines = 1 if em <= first else 1 + math.ceil((em - first) / max(rest, 1))
        total += (lines + b.before + b.after) * PosterType.line(size)
    return total


def fit(head: list[Block], items: list[Block], foot: list[Block], title_em: float,
        paper: str) -> PosterType | None:
    """The largest type (in half points) with which everything fits one sheet, the
    items in one column or, when that is too long, in two; None when even the
    smallest readable size does not fit."""
    page = poster_page(paper)
    width = page.text_width / 20
    height = page.text_height / 20 * POSTER_FILL
    size = POSTER_MAX_PT[paper]
    while size >= POSTER_MIN_PT[paper]:
        t = PosterType(paper, size, title_size(size, title_em, width))
        frame = _height(head, t, width) + _height(foot, t, width)
        if frame + _height(items, t, width) <= height:
            return t
        column = (width - t.column_gap_pt) / 2
        if column / size >= POSTER_COLUMN_MIN_EM:
            # Balanced columns break between lines, not items: allow two lines of slack.
            if frame + _height(items, t, column) / 2 + 2 * PosterType.line(size) <= height:
                return PosterType(paper, t.body, t.title, columns=2)
        size -= 0.5
    return None


def smallest_paper_that_fits(head, items, foot, title_em: float) -> str | None:
    for paper in ("A4", "A3", "A2", "A1"):
        if fit(head, items, foot, title_em, paper) is not None:
            return paper
    return None


def end_section(paragraph, page: Page, *, columns: int = 1, gap_pt: float = 0, next_page: bool = False) -> None:
    """Make `paragraph` the last of a section: the items' two columns are a section
    of their own between the heading and the report line."""
    end_section_with(paragraph, sect_pr(page, continuous=not next_page, columns=columns,
                                        column_gap=round(gap_pt * 20) or 425))


# --- direct formatting -------------------------------------------------------

def size_paragraph(paragraph, size: float, *, before_lines: float = 0, after_lines: float = 0,
                   hanging_pt: float = 0, left_pt: float | None = None, first_pt: float = 0,
                   align: str | None = None,
                   border: str | None = None) -> None:
    """Exact line height for `size`, indents and spacing in points, on top of the style.
    With `hanging_pt`, continuation lines start at `left_pt` (default: `hanging_pt`)
    and the first line `hanging_pt` to its left."""
    ppr = paragraph._p.get_or_add_pPr()
    for tag in ("w:pBdr", "w:spacing", "w:ind", "w:jc"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    line = round(PosterType.line(size) * 20)
    xml = ""
    if border:
        sides = {"box": ("top", "left", "bottom", "right"), "top": ("top",)}[border]
        colour = SAMPLE_RED if border == "box" else "000000"
        xml += "<w:pBdr>" + "".join(f'<w:{s} w:val="single" w:sz="12" w:space="4" w:color="{colour}"/>'
                                    for s in sides) + "</w:pBdr>"
    xml += (f'<w:spacing w:before="{round(before_lines * line)}" w:after="{round(after_lines * line)}" '
            f'w:line="{line}" w:lineRule="exact"/>')
    if hanging_pt:
        left = hanging_pt if left_pt is None else left_pt
        xml += f'<w:ind w:left="{round(left * 20)}" w:right="0" w:hanging="{round(hanging_pt * 20)}"/>'
    else:
        xml += f'<w:ind w:left="0" w:right="0" w:firstLine="{round(first_pt * 20)}"/>'
    if align:
        xml += f'<w:jc w:val="{align}"/>'
    for element in parse_xml(f'<w:pPr {nsdecls("w")}>{xml}</w:pPr>'):
        _insert_ppr_child(ppr, element)


_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc")


def _insert_ppr_child(ppr, element) -> None:
    """pPr children have a fixed order in the schema; Word rejects files that break it."""
    name = element.tag.split("}")[1]
    rank = _PPR_ORDER.index(name)
    for child in ppr:
        child_name = child.tag.split("}")[1]
        if child_name in _PPR_ORDER and _PPR_ORDER.index(child_name) > rank:
            child.addprevious(element)
            return
    ppr.append(element)


def size_run(run, size: float, *, bold: bool | None = None, red: bool = False, spacing_pt: float = 0) -> None:
    rpr = run._r.get_or_add_rPr()
    xml = ""
    if bold is not None:
        xml += "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    if red:
        xml += f'<w:color w:val="{SAMPLE_RED}"/>'
    if spacing_pt:
        xml += f'<w:spacing w:val="{round(spacing_pt * 20)}"/>'
    half = round(size * 2)
    xml += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    for element in parse_xml(f'<w:rPr {nsdecls("w")}>{xml}</w:rPr>'):
        rpr.append(element)
