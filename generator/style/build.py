"""Building blocks for documents made by code (templates, handbooks): tables whose
header repeats and whose rows never split, merged rows, section breaks."""
from __future__ import annotations

import re
from contextlib import contextmanager
from xml.sax.saxutils import escape as xml_escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import _Row
from docx.text.paragraph import Paragraph

from generator.style.page import Page, sect_pr
from generator.style.text_width import em_width, printed_width


def table(doc, widths: list[int], header: list[str] | None = None):
    """A bordered official table with fixed column widths (twips) and a header row
    that repeats on every page."""
    t = doc.add_table(rows=0, cols=len(widths), style="公文表格")
    t.autofit = False
    tbl_w = t._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:w"), str(sum(widths)))
    tbl_w.set(qn("w:type"), "dxa")
    grid = t._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(w))
    if header:
        repeat_header(add_row(t, widths, header, style="TableHeader"))
    return t


def repeat_header(row) -> None:
    """The row repeats at the top of every page the table runs onto."""
    _tr_pr(row).append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def _tr_pr(row):
    return row._tr.get_or_add_trPr()


def add_row(t, widths: list[int], texts: list[str], *, style: str = "TableText",
            styles: list[str] | None = None, split: bool = False):
    """A row that Word may not split across pages, unless `split` (a tall row of a
    long table: better continued on the next page, under the repeated header, than
    leaving the bottom of this one empty).

    The row is written as one piece of XML and parsed once: python-docx's
    Table.add_row and its property setters cost about 6 ms a row, most of a long
    table's build time. The XML is exactly what those calls made (tests compare)."""
    tbl = t._tbl
    grid = [col.get(qn("w:w")) for col in tbl.tblGrid.findall(qn("w:gridCol"))]
    parts = [f"<w:tr {_W}>"]
    if not split:
        parts.append("<w:trPr><w:cantSplit/></w:trPr>")
    for i, grid_width in enumerate(grid):
        if i < len(texts):
            text = texts[i]
            pstyle = _attr(styles[i] if styles else style)
            content = _run_xml(text) if text else ""
            parts.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{widths[i]}"/><w:vAlign w:val="center"/>'
                         f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="{pstyle}"/></w:pPr>{content}</w:p></w:tc>')
        elif grid_width is not None:     # a column without text keeps the grid's width, as python-docx does
            parts.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{grid_width}"/></w:tcPr><w:p/></w:tc>')
        else:
            parts.append("<w:tc><w:p/></w:tc>")
    parts.append("</w:tr>")
    tr = parse_xml("".join(parts))
    tbl.append(tr)
    return _Row(tr, t)


_W = nsdecls("w")


def _attr(value: str) -> str:
    return xml_escape(value, {'"': "&quot;"})


def _run_xml(text: str) -> str:
    """A run as run() makes it: w:hint="eastAsia", tabs and line breaks as python-docx's
    Run.text writes them, every w:t with xml:space="preserve"."""
    content = []
    for piece in re.split(r"(\t|\r|\n)", text):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            content.append("<w:br/>")
        elif piece:
            content.append(f'<w:t xml:space="preserve">{xml_escape(piece)}</w:t>')
    return f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>{"".join(content)}</w:r>'


def add_spanning_row(t, widths: list[int], text: str, *, style: str = "TableGroup", split: bool = False):
    """One cell across the whole table: group headings and docxtpl {%tr %} tags.

    Written as one piece of XML, like `add_row`: python-docx's Cell.merge costs about
    12 ms a row. The XML is what `add_row` and the merge made (tests compare); rows
    it does not cover (widths other than the grid's columns) still take the merge."""
    tbl = t._tbl
    grid = tbl.tblGrid.findall(qn("w:gridCol"))
    if len(widths) == len(grid) > 1 and all(type(w) is int for w in widths):
        content = _run_xml(text) if text else ""
        tr = parse_xml(f"<w:tr {_W}>" + ("" if split else "<w:trPr><w:cantSplit/></w:trPr>")
                       + f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{sum(widths)}"/><w:gridSpan w:val="{len(widths)}"/>'
                       f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{_attr(style)}"/></w:pPr>'
                       f"{content}</w:p></w:tc></w:tr>")
        tbl.append(tr)
        return _Row(tr, t)
    return _merged_spanning_row(t, widths, text, style=style, split=split)


def _merged_spanning_row(t, widths: list[int], text: str, *, style: str, split: bool):
    row = add_row(t, widths, [text] + [""] * (len(widths) - 1), style=style, split=split)
    first = row.cells[0]
    merged = first.merge(row.cells[-1])
    for extra in merged.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    return row


def vmerge(cell, restart: bool) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    val = ' w:val="restart"' if restart else ""
    _insert(tc_pr, parse_xml(f'<w:vMerge {nsdecls("w")}{val}/>'), _AFTER_VMERGE)


def _vcenter(cell) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:vAlign {nsdecls("w")} w:val="center"/>'))


def run(paragraph, text: str):
    """A run with w:hint="eastAsia", so “ ” 《 》 — render in the Chinese face."""
    r = paragraph.add_run(text)
    r._r.get_or_add_rPr().append(parse_xml(f'<w:rFonts {nsdecls("w")} w:hint="eastAsia"/>'))
    for t in r._r.findall(qn("w:t")):
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def set_style(paragraph, style_id: str) -> None:
    """By style id (python-docx looks styles up by their localized names)."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.get_or_add_pStyle().set(qn("w:val"), style_id)


def paragraph(doc, text: str = "", style: str = "Normal"):
    p = doc.add_paragraph()
    set_style(p, style)
    if text:
        run(p, text)
    return p


def paragraph_in(cell, text: str, style: str = "TableText"):
    """One more paragraph in a table cell."""
    p = cell.add_paragraph()
    set_style(p, style)
    if text:
        run(p, text)
    return p


def section_break(doc, page: Page, *, restart_numbering: bool = True, odd_page: bool = False):
    """End the current section here (the next starts on a new page, or on the next
    odd page for batches printed double-sided)."""
    p = doc.add_paragraph()
    end_section_with(p, sect_pr(page, restart_numbering=restart_numbering, odd_page=odd_page,
                                footers=_footers_for(doc, page)))
    return p


def _footers_for(doc, page: Page) -> tuple[str, str]:
    if page.turned and page.page_numbers:
        from generator.style.side_footer import side_footers

        return side_footers(doc)
    return ("rIdFooterOdd", "rIdFooterEven")


def end_section_with(paragraph, section) -> None:
    """Make `paragraph` the last of a section whose properties are `section` (a
    w:sectPr from page.sect_pr). python-docx can only add a section with a new empty
    paragraph (add_section), so the w:sectPr goes into the paragraph's properties."""
    paragraph._p.get_or_add_pPr().append(section)


def set_final_section(doc, page: Page, *, restart_numbering: bool = False) -> None:
    """The page of the document's last section (from the last section break to the
    end), e.g. a landscape attachment after a portrait letter. Replaces the body's own
    w:sectPr as a whole: python-docx's Section setters would keep the old footer
    references, margins and grid, which must all follow `page`."""
    body = doc.element.body
    body.replace(body.sectPr, sect_pr(page, restart_numbering=restart_numbering, footers=_footers_for(doc, page)))


@contextmanager
def adding_before(doc, anchor):
    """Inside the block, paragraphs and tables added to `doc` (at its end, as
    python-docx adds them) are moved before the paragraph `anchor`: content known only
    after later parts were written, such as a table of contents. python-docx has no
    public way to build a block elsewhere than at the end."""
    body = doc.element.body
    start = len(body) - 1          # the body's own sectPr stays last
    yield
    for element in list(body)[start:-1]:
        anchor._p.addprevious(element)


def paragraph_before(anchor, text: str = "", style: str = "Normal"):
    """A new paragraph right before the paragraph `anchor`."""
    p = anchor.insert_paragraph_before()
    set_style(p, style)
    if text:
        run(p, text)
    return p


def page_break(doc):
    p = doc.add_paragraph()
    p.add_run()._r.append(parse_xml(f'<w:br {nsdecls("w")} w:type="page"/>'))
    return p


# --- signature, placeholders (issue 5: half-year summary, public notices) ---------

def _text_width_chars(text: str) -> float:
    """Width in 3号 characters: CJK one, Arabic digits and Latin (Times) about half."""
    return em_width(text)


def _printed_width(text: str) -> float:
    # "2025年12月10日" prints almost a character wider than its glyphs (style.text_width).
    return printed_width(text)


def signature(doc, name: str, date_text: str) -> None:
    """Signature and date (GB/T 9704 7.3.5): the date ends four characters in from the
    right (右空四字) and the name is centred over the date. Both are right-aligned
    paragraphs; the name's right indent centres it on the date's measured width."""
    from generator.style.metrics import CHAR_TWIPS

    # The block never stands alone on a page: it takes the paragraphs before it along
    # (as far back as the last non-empty one, e.g. the attachment note).
    for prev in reversed(doc.paragraphs):
        prev.paragraph_format.keep_with_next = True
        if prev.text.strip():
            break
    date_right = 4.0
    name_right = max(0.0, date_right + (_printed_width(date_text) - _printed_width(name)) / 2)
    for text, right, keep in ((name, name_right, True), (date_text, date_right, False)):
        p = paragraph(doc, text, "Signature")
        p.paragraph_format.keep_with_next = keep
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:ind {nsdecls("w")} w:left="0" w:right="{round(right * CHAR_TWIPS)}" w:firstLine="0"/>'))


# A 2号 title line holds about 20 characters in the 156 mm block (22 pt type).
TITLE_LINE_CHARS = 19.5
# Where a Chinese title may break: after these words, or before those. Breaking
# anywhere else can cut a word ("治本攻 / 坚").
_BREAK_AFTER = ("局", "委", "厅", "办", "公司", "年度", "半年", "年", "的", "关于", "》")
_BREAK_BEFORE = ("关于", "安全生产", "工作", "《", "重大", "任务", "清单", "情况", "总结", "报告", "通知")


def title_lines(text: str, capacity: float = TITLE_LINE_CHARS) -> list[str]:
    """A title in one line when it fits, else two lines (GB/T 9704 7.3.3: a trapezoid
    or diamond, never a long line over a stub): broken between words, the shorter
    line at least half the longer, as even as the word boundaries allow."""
    if _text_width_chars(text) <= capacity:
        return [text]
    points = set()
    for word in _BREAK_AFTER:
        start = 0
        while (i := text.find(word, start)) >= 0:
            points.add(i + len(word))
            start = i + 1
    for word in _BREAK_BEFORE:
        start = 0
        while (i := text.find(word, start)) >= 0:
            points.add(i)
            start = i + 1
    best = None
    for i in sorted(points):
        first, second = text[:i], text[i:]
        a, b = _text_width_chars(first), _text_width_chars(second)
        if not first or not second or max(a, b) > capacity or min(a, b) < max(a, b) / 2:
            continue
        score = (abs(a - b), b > a)    # most even; on a tie the longer line on top
        if best is None or score < best[0]:
            best = (score, [first, second])
    if best is None:
        return [text]    # no word boundary balances it: the renderer wraps it
    return best[1]


def title(doc, text: str, style: str = "Title"):
    """The document title, broken into balanced lines by title_lines()."""
    p = doc.add_paragraph()
    set_style(p, style)
    for i, line in enumerate(title_lines(text)):
        r = run(p, line)
        if i:
            r._r.addprevious(parse_xml(f'<w:r {nsdecls("w")}><w:br/></w:r>'))
    return p


PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE = "【待补充：", "】"


def placeholder(what: str) -> str:
    """Text a clerk must still supply; marked so that it is seen before printing."""
    return f"{PLACEHOLDER_OPEN}{what}{PLACEHOLDER_CLOSE}"


def marked_paragraph(doc_or_cell, text: str, style: str = "Normal"):
    """A paragraph whose 【待补充：…】 parts are highlighted in yellow."""

    p = doc_or_cell.add_paragraph()
    set_style(p, style)
    for part in re.split(r"(【待补充：[^】]*】)", text):
        if not part:
            continue
        r = run(p, part)
        if part.startswith(PLACEHOLDER_OPEN):
            r._r.get_or_add_rPr().append(parse_xml(f'<w:highlight {nsdecls("w")} w:val="yellow"/>'))
    return p


# --- wall charts and books with pictures (作战图集) --------------------------------

def layout_table(doc, widths: list[int]):
    """A borderless one-row grid for placing pictures side by side."""
    t = table(doc, widths)
    borders = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    _insert(t._tbl.tblPr, parse_xml(f'<w:tblBorders {nsdecls("w")}>{borders}</w:tblBorders>'),
            ("shd", "tblLayout", "tblCellMar", "tblLook"))
    _insert(t._tbl.tblPr, parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/>'
                                    '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'), ("tblLook",))
    row = add_row(t, widths, [""] * len(widths), style="TableCenter")
    return t, row


def tight_rows(t) -> None:
    """No room above and below the lines of a table's cells (Word's own default): a
    dense table on an exact line pitch, whose pitch already leaves a gap between lines."""
    _insert(t._tbl.tblPr, parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:top w:w="0" w:type="dxa"/>'
                                    '<w:left w:w="85" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
                                    '<w:right w:w="85" w:type="dxa"/></w:tblCellMar>'), ("tblLook",))


def shade(cell, fill: str) -> None:
    """Background of a table cell, RRGGBB."""
    _insert(cell._tc.get_or_add_tcPr(),
            parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'),
            ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"))


_AFTER_VMERGE = ("tcBorders", "shd", "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")


def no_borders(cell, *, keep: tuple[str, ...] = ()) -> None:
    """Hide a cell's borders except those in `keep` (top/left/bottom/right): gaps
    and blank cells inside a table."""
    sides = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' if side in keep
                    else f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right"))
    _insert(cell._tc.get_or_add_tcPr(), parse_xml(f'<w:tcBorders {nsdecls("w")}>{sides}</w:tcBorders>'),
            _AFTER_VMERGE[1:])


def _insert(parent, child, before: tuple[str, ...]) -> None:
    """Insert where the schema wants it (Word rejects misordered properties)."""
    for el in parent:
        if el.tag in {qn(f"w:{name}") for name in before}:
            el.addprevious(child)
            return
    parent.append(child)


def emphasis(r, color: str, *, bold: bool = False) -> None:
    """Colour (RRGGBB) and weight of one run: status marks, warnings."""
    rpr = r._r.get_or_add_rPr()
    if bold:
        rpr.append(parse_xml(f'<w:b {nsdecls("w")}/>'))
        rpr.append(parse_xml(f'<w:bCs {nsdecls("w")}/>'))
    rpr.append(parse_xml(f'<w:color {nsdecls("w")} w:val="{color}"/>'))


def exact_height(row, twips: int) -> None:
    """A row of exactly this height: a one-page wall chart must never grow."""
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:trHeight {nsdecls("w")} w:val="{twips}" w:hRule="exact"/>'))


def bookmark(paragraph, name: str, number: int) -> None:
    """Wrap a paragraph's content in a bookmark that PAGEREF fields point to."""
    p = paragraph._p
    start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{number}" w:name="{name}"/>')
    ppr = p.find(qn("w:pPr"))
    (ppr.addnext if ppr is not None else (lambda el: p.insert(0, el)))(start)
    p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{number}"/>'))


def contents_line(doc, text: str, target: str, page: Page, *, level: int = 1, shown: str = ""):
    """A contents entry: text, dot leader, page number as a PAGEREF field (Word and
    LibreOffice compute it; `shown` is what appears before they do)."""
    p = paragraph(doc, text, f"Contents{level}")
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:tabs {nsdecls("w")}><w:tab w:val="right" w:leader="dot" w:pos="{page.text_width}"/></w:tabs>'))
    run(p, "\t")
    field = (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
             f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGEREF {target} \\h </w:instrText></w:r>',
             f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
             f'<w:r {nsdecls("w")}><w:t>{shown}</w:t></w:r>',
             f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>')
    for xml in field:
        p._p.append(parse_xml(xml))
    return p


def page_break_before(paragraph) -> None:
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:pageBreakBefore {nsdecls("w")}/>'))
def row_height(row, twips: int) -> None:
    """At least this tall: rows of blank forms are written in by hand."""
    _tr_pr(row).append(parse_xml(f'<w:trHeight {nsdecls("w")} w:val="{twips}" w:hRule="atLeast"/>'))


def field_paragraphs(doc, instruction: str, lines: list[tuple[str, str]], placeholder_style: str = "Normal"):
    """A complex field (e.g. TOC) whose cached result is `lines` [(style, text)]: Word
    recomputes it on open (updateFields), WPS and LibreOffice show the cached lines."""
    lines = lines or [(placeholder_style, "")]
    first = None
    for index, (style, text) in enumerate(lines):
        p = paragraph(doc, "", style)
        if index == 0:
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'))
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} '
                                  '</w:instrText></w:r>'))
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
            first = p
        if text:
            run(p, text)
        if index == len(lines) - 1:
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    return first


def header_text(section, text: str, *, even: bool = True) -> None:
    """A running header (style Header) on odd and, as documents set evenAndOddHeaders,
    even pages of `section`."""
    headers = [section.header] + ([section.even_page_header] if even else [])
    for header in headers:
        header.is_linked_to_previous = False
        p = header.paragraphs[0]
        set_style(p, "Header")
        run(p, text)


def text_size(row, pt: float) -> None:
    """Every run of a table row at `pt` (half points), overriding its style's size: a wall
    chart sets its rows smaller when many tasks share one sheet."""
    half_points = str(round(pt * 2))
    for r in row._tr.iter(qn("w:r")):
        rpr = r.get_or_add_rPr()
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = parse_xml(f'<{tag} {nsdecls("w")}/>')
                rpr.append(el)
            el.set(qn("w:val"), half_points)


def keep_with_next(paragraph):
    """The paragraph stays on the page of the one that follows (a heading or a
    table's caption with its table)."""
    _insert(paragraph._p.get_or_add_pPr(), parse_xml(f'<w:keepNext {nsdecls("w")}/>'),
            ("keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
             "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
             "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing",
             "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
             "pPrChange"))
    return paragraph


def line_pitch(table, twips: int) -> None:
    """Every paragraph of a table on an exact line pitch (固定值): dense tables whose
    rows must be as short as legibility allows."""
    for p in table._tbl.iter(qn("w:p")):
        ppr = p.get_or_add_pPr()
        spacing = ppr.find(qn("w:spacing"))
        if spacing is None:
            spacing = parse_xml(f'<w:spacing {nsdecls("w")}/>')
            _insert(ppr, spacing, ("ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
                                   "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
                                   "cnfStyle", "rPr", "sectPr", "pPrChange"))
        spacing.set(qn("w:line"), str(twips))
        spacing.set(qn("w:lineRule"), "exact")


# A 3号 line of the 156 mm type area holds 28 characters.
LINE_CHARS = 28
TAIL_LINES = 3      # a page never ends a part with fewer lines than this


def _text_lines(p) -> int:
    text = "".join(t.text or "" for t in p.iter(qn("w:t")))
    return -(-len(text) // LINE_CHARS) if text.strip() else 0


def lines_since_break(doc) -> int:
    """Lines of text written since the last page break (a break run or a section end)."""
    lines = 0
    for el in reversed(doc.element.body):
        if el.tag == qn("w:tbl"):
            return 99
        if el.tag != qn("w:p"):
            continue
        if el.find(f".//{qn('w:br')}[@{qn('w:type')}='page']") is not None or el.find(f".//{qn('w:sectPr')}") is not None:
            break
        lines += _text_lines(el)
    return lines


def keep_row_with_next(row) -> None:
    """A table row stays on the page of what follows it: on a table's last row, the
    note under the table (Word and LibreOffice both read keepNext in a cell so)."""
    for cell in row.cells:
        for p in cell.paragraphs:
            keep_with_next(p)


def keep_tail(doc, lines: int = TAIL_LINES) -> None:
    """The last paragraphs (up to `lines` lines of text, not reaching back past a table
    or a break) stay with what follows, so the end of a chapter never sits alone on a
    page of one or two lines."""
    counted = 0
    for el in reversed(doc.element.body):
        if el.tag == qn("w:tbl") or counted >= lines:
            return
        if el.tag != qn("w:p"):
            continue
        if el.find(f".//{qn('w:br')}[@{qn('w:type')}='page']") is not None or el.find(f".//{qn('w:sectPr')}") is not None:
            return
        keep_with_next(Paragraph(el, None))
        counted += _text_lines(el)
