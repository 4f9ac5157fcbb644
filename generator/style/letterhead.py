"""版头 and 版记 (GB/T 9704-2012 7.2 and 7.4): the red letterhead above the first
page's red line, and the colophon at the foot of the last page.

Positions are given by exact line heights rather than frames or floating shapes:
Word, WPS and LibreOffice all lay out an exact-height paragraph the same way, and a
clerk who opens the file sees ordinary paragraphs (the red line is the bottom border
of the 发文字号 paragraph, the 版记 rules are a one-column table's borders).

- 发文机关标志: red, 小标宋 (the office's title font), centred, its top edge 35 mm
  below the top of the type area (7.2.4); as large as 初号 while one line holds it.
- 发文字号: two blank lines below it, centred (下行文); with 签发人 (上行文, 7.2.6)
  the number sits one character in from the left and “签发人：name” one character in
  from the right.
- the red line: 4 mm below the 发文字号, as wide as the type area (7.2.7).
- the title follows two blank lines below the red line (7.3.1).
- 版记: on a page of its own that is the back of a sheet (an even page, no page
  number, 7.4 and 7.5): 抄送 and 印发机关/印发日期 in 4号 between full-width rules,
  first and last 0.35 mm, the middle one 0.25 mm, the last on the bottom edge of the
  type area.
"""
from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from generator.model import FontSettings
from generator.model.issuing import mark_width
from generator.style.build import _printed_width, set_style
from generator.style.metrics import CHAR_TWIPS, LINE_TWIPS, SIZE, mm
from generator.style.page import Page, sect_pr

RED = "FF0000"
MARK_MAX_PT = SIZE["初号"]        # 42 pt
MARK_MIN_PT = SIZE["二号"]        # 22 pt (model.issuing.MARK_MAX_CHARS follows from it)
MARK_FILL = 0.95                 # share of the type area's width the mark may take
MARK_TOP = mm(35)                # 7.2.4: top edge of the mark below the type area's top
# An exact line puts the glyphs' top this far below the line's top, as a share of the
# type size (measured on LibreOffice's PDF with Noto Serif CJK; Word places exact lines
# the same way within a fraction of a millimetre).
MARK_LINE = 1.25                 # the mark's exact line height, as a multiple of its size
RULE_BELOW_NUMBER = mm(4)        # 7.2.7: red line 4 mm below the 发文字号
RED_RULE_EIGHTHS = 12            # 1.5 pt: the standard gives no thickness; common practice
COLOPHON_PT = SIZE["四号"]        # 14 pt
COLOPHON_CHAR = COLOPHON_PT * 20
THICK_RULE, THIN_RULE = 8, 6     # eighths of a point: 0.35 mm and 0.26 mm


def mark_size(mark: str, page: Page = Page()) -> float:
    """Type size (pt, in half points) of the 发文机关标志: as large as 初号 while one
    line of the type area holds it."""
    fits = page.text_width / 20 * MARK_FILL / max(mark_width(mark), 1)
    return max(MARK_MIN_PT, min(MARK_MAX_PT, math.floor(fits * 2) / 2))


def _exact(height: int) -> str:
    return f'<w:spacing w:before="0" w:after="0" w:line="{height}" w:lineRule="exact"/>'


def _run(text: str, *, font: str | None = None, pt: float | None = None, color: str | None = None,
         spacing: int | None = None) -> str:
    props = []
    if font:
        props.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:hint="eastAsia"/>')
    else:
        props.append('<w:rFonts w:hint="eastAsia"/>')
    if color:
        props.append(f'<w:color w:val="{color}"/>')
    if spacing is not None:
        props.append(f'<w:spacing w:val="{spacing}"/>')
    if pt:
        props.append(f'<w:sz w:val="{round(pt * 2)}"/><w:szCs w:val="{round(pt * 2)}"/>')
    parts = text.split("\t")
    runs = []
    for i, part in enumerate(parts):
        if i:
            runs.append(f'<w:r><w:rPr>{"".join(props)}</w:rPr><w:tab/></w:r>')
        if part:
            runs.append(f'<w:r><w:rPr>{"".join(props)}</w:rPr><w:t xml:space="preserve">{escape(part)}</w:t></w:r>')
    return "".join(runs)


def _paragraph(body: str, *, height: int, jc: str = "left", ind: str = '<w:ind w:left="0" w:right="0" w:firstLine="0"/>',
               border: str = "", tabs: str = "", mark_pt: float | None = None, keep: bool = True) -> str:
    rpr = f'<w:rPr><w:sz w:val="{round(mark_pt * 2)}"/></w:rPr>' if mark_pt else ""
    keep_next = "<w:keepNext/>" if keep else ""
    return (f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="Normal"/>{keep_next}{border}{tabs}{_exact(height)}{ind}'
            f'<w:jc w:val="{jc}"/>{rpr}</w:pPr>{body}</w:p>')


def _mark_offset(pt: float) -> int:
    """Twips from the top of the mark's exact line to its glyphs' top edge."""
    return 0


def _signer_lines(signers: tuple[str, ...], number: str, fonts: FontSettings, border: str, page: Page) -> list[str]:
    """7.2.6 with several 签发人: names in order, two a line, each column aligned under
    the first line's, the block one character in from the right; the 发文字号 on the
    line of the last name (7.2.5), the red line under it."""
    char = page.text_width / 28                 # the grid's character (3号 less -0.2 pt)
    widest = max(mark_width(name) for name in signers)
    label = 4 * char + 40                       # “签发人：” and 2 pt, past which its tab stop lies
    block = label + (2 * widest + 1) * char
    start = page.text_width - CHAR_TWIPS - block
    columns = [round(start + label), round(start + label + (widest + 1) * char)]
    tabs = (f'<w:tabs><w:tab w:val="left" w:pos="{CHAR_TWIPS}"/><w:tab w:val="left" w:pos="{round(start)}"/>'
            + "".join(f'<w:tab w:val="left" w:pos="{c}"/>' for c in columns) + '</w:tabs>')
    rows = [signers[i:i + 2] for i in range(0, len(signers), 2)]
    out = []
    for k, row in enumerate(rows):
        last = k == len(rows) - 1
        text = _run("\t" + (number if last else "") + "\t" + ("签发人：" if k == 0 else ""))
        for name in row:
            text += _run("\t") + _run(name, font=fonts.heading2)
        out.append(_paragraph(text, height=LINE_TWIPS, border=border if last else "", tabs=tabs))
    return out


def letterhead(doc, mark: str, number: str, fonts: FontSettings, *, signer: str | Sequence[str] = "",
               urgency: str = "",
               secrecy: str = "", page: Page = Page()) -> None:
    """The 版头 at the start of `doc` (a base_document): optional 密级 and 紧急程度
    lines, the red 发文机关标志, the 发文字号 (with 签发人 for 上行文) and the red line,
    then the two blank lines above the title."""
    body = doc.element.body
    lines = [text for text in (secrecy, urgency) if text]
    out = []
    for text in lines:     # 7.2.2/7.2.3: 3号黑体, flush left, from the type area's first line
        out.append(_paragraph(_run(text, font=fonts.heading1), height=LINE_TWIPS))
    pt = mark_size(mark, page)
    mark_line = round(pt * MARK_LINE * 20)
    gap = MARK_TOP - len(lines) * LINE_TWIPS - _mark_offset(pt)
    out.append(_paragraph("", height=max(gap, 20), mark_pt=1))
    out.append(_paragraph(_run(mark, font=fonts.title, pt=pt, color=RED, spacing=0), height=mark_line, jc="center"))
    for _ in range(2):     # 7.2.5: 发文字号 two lines below the mark
        out.append(_paragraph("", height=LINE_TWIPS))
    # The red line is the 发文字号 paragraph's bottom border: w:space is in points and
    # counts from the bottom of the exact line, whose lower part is the leading below
    # the 3号 glyphs (measured: the glyphs' bottom sits 6 pt above the line's bottom).
    space = max(0, round((RULE_BELOW_NUMBER / 20) - NUMBER_LEADING_BELOW_PT))
    border = (f'<w:pBdr><w:bottom w:val="single" w:sz="{RED_RULE_EIGHTHS}" w:space="{space}" '
              f'w:color="{RED}"/></w:pBdr>')
    signers = (signer,) if isinstance(signer, str) else tuple(signer)
    signers = tuple(name for name in signers if name)
    if len(signers) == 1:
        # Tabs, not indents: the border spans the paragraph's indents, and the red line
        # must stay as wide as the type area.
        right = page.text_width - CHAR_TWIPS
        tabs = (f'<w:tabs><w:tab w:val="left" w:pos="{CHAR_TWIPS}"/>'
                f'<w:tab w:val="right" w:pos="{right}"/></w:tabs>')
        text = _run("\t" + number + "\t签发人：") + _run(signers[0], font=fonts.heading2)
        out.append(_paragraph(text, height=LINE_TWIPS, border=border, tabs=tabs))
    elif signers:
        out += _signer_lines(signers, number, fonts, border, page)
    else:
        out.append(_paragraph(_run(number), height=LINE_TWIPS, jc="center", border=border))
    for _ in range(2):     # 7.3.1: the title two lines below the red line
        out.append(_paragraph("", height=LINE_TWIPS))
    first = body[0]        # the letterhead goes before whatever the document holds
    for xml in out:
        first.addprevious(parse_xml(xml))


# Where LibreOffice and Word put 3号 glyphs in an exact 28.95 pt line: the glyphs'
# bottom edge this many points above the line's bottom.
NUMBER_LEADING_BELOW_PT = 6


def attachment_note(doc, titles: list[str]) -> None:
    """附件说明 (7.3.4): one blank line after the body, “附件：” two characters in;
    several attachments numbered 1. 2. with their names aligned (hanging indent)."""
    from generator.style.build import paragraph

    paragraph(doc, "")
    if len(titles) == 1:
        paragraph(doc, f"附件：{titles[0]}")
        return
    label = 3 * CHAR_TWIPS
    for i, name in enumerate(titles, start=1):
        text = f"附件：{i}.{name}" if i == 1 else f"{i}.{name}"
        p = paragraph(doc, text)
        ind = (f'<w:ind {nsdecls("w")} w:left="{2 * CHAR_TWIPS + label + CHAR_TWIPS}" '
               f'w:hanging="{CHAR_TWIPS if i > 1 else label + CHAR_TWIPS}"/>')
        p._p.get_or_add_pPr().append(parse_xml(ind))


def attachment_label(doc, number: int | None = None) -> None:
    """附件 (7.3.7): “附件” (and its number) in 3号黑体 at the top left of a new page,
    the attachment's title on the third line."""
    from generator.style.build import paragraph

    paragraph(doc, "附件" if number is None else f"附件{number}", "AttachmentLabel")
    paragraph(doc, "")


def _colophon_lines(text: str) -> int:
    """Lines the 抄送 paragraph takes: 4号 across the type area less a character each side."""
    capacity = (Page().text_width - 2 * COLOPHON_CHAR) / COLOPHON_CHAR - 0.5
    return max(1, math.ceil(_printed_width(text) / capacity))


def _close_last_section(anchor) -> None:
    """End the section before the 版记 as it is (e.g. a landscape table 附件) when it
    ends with a table: with a paragraph too small to need a page of its own."""
    last = anchor.getprevious()
    if last is not None and last.tag == qn("w:p") and last.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
        return
    p = parse_xml(_paragraph("", height=20, mark_pt=1, keep=False))
    p.find(qn("w:pPr")).append(copy.deepcopy(anchor))
    anchor.addprevious(p)


def colophon(doc, copies: list[str], printer: str, print_date: str, page: Page = Page()) -> None:
    """The 版记 page at the end of `doc`: a section of its own starting on an even page,
    without page number, the 版记 at the foot of the type area."""
    width = page.text_width
    rows = []
    if copies:
        text = "抄送：" + "，".join(copies) + "。"
        lines = _colophon_lines(text)
        label = 3 * COLOPHON_CHAR      # wrapped names align after “抄送：” (7.4.2)
        ind = f'<w:ind w:left="{COLOPHON_CHAR + label}" w:right="{COLOPHON_CHAR}" w:hanging="{label}"/>'
        rows.append((lines * LINE_TWIPS, _run(text, pt=COLOPHON_PT), ind, ""))
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{width - COLOPHON_CHAR}"/></w:tabs>'
    ind = f'<w:ind w:left="{COLOPHON_CHAR}" w:right="{COLOPHON_CHAR}" w:firstLine="0"/>'
    rows.append((LINE_TWIPS, _run(f"{printer}\t{print_date}印发", pt=COLOPHON_PT), ind, tabs))
    tail = 20
    # The rows' exact heights are known, so a spacer above them puts the last rule on
    # the type area's bottom edge (7.4.1); a few twips of slack keep it on this page.
    spacer = page.text_height - sum(h for h, *_ in rows) - tail - 10
    body = doc.element.body
    anchor = body.sectPr
    _close_last_section(anchor)
    anchor.addprevious(parse_xml(_paragraph("", height=spacer, mark_pt=1, keep=False)))
    rule = "single"
    borders = (f'<w:tblBorders><w:top w:val="{rule}" w:sz="{THICK_RULE}" w:space="0" w:color="000000"/>'
               '<w:left w:val="nil"/>'
               f'<w:bottom w:val="{rule}" w:sz="{THICK_RULE}" w:space="0" w:color="000000"/>'
               '<w:right w:val="nil"/>'
               f'<w:insideH w:val="{rule}" w:sz="{THIN_RULE}" w:space="0" w:color="000000"/>'
               '<w:insideV w:val="nil"/></w:tblBorders>')
    margins = ('<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
               '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>')
    trs = []
    for height, runs, ind, tabs in rows:
        lines = height // LINE_TWIPS
        p = (f'<w:p><w:pPr><w:pStyle w:val="Normal"/>{tabs}{_exact(LINE_TWIPS)}{ind}<w:jc w:val="left"/>'
             f'</w:pPr>{runs}</w:p>')
        trs.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{lines * LINE_TWIPS}" w:hRule="exact"/></w:trPr>'
                   f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{p}</w:tc></w:tr>')
    table = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>{borders}'
             f'<w:tblLayout w:type="fixed"/>{margins}<w:tblLook w:val="0000"/></w:tblPr>'
             f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{"".join(trs)}</w:tbl>')
    anchor.addprevious(parse_xml(table))
    # A body ends with a paragraph; this one is too small to spill onto another page.
    anchor.addprevious(parse_xml(_paragraph("", height=tail, mark_pt=1, keep=False)))
    body.replace(anchor, sect_pr(Page(page.paper, page.landscape, page.margin_mm, page_numbers=False),
                                 even_page=True))
    section = doc.sections[-1]
    # Without footers of its own the section would inherit the page number.
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False


__all__ = ["attachment_label", "attachment_note", "colophon", "letterhead", "mark_size", "set_style"]
