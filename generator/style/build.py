"""Building blocks for documents made by code (templates, handbooks): tables whose
header repeats and whose rows never split, merged rows, section breaks."""
from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from generator.style.page import Page, sect_pr


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
        row = add_row(t, widths, header, style="TableHeader")
        _tr_pr(row).append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    return t


def _tr_pr(row):
    return row._tr.get_or_add_trPr()


def add_row(t, widths: list[int], texts: list[str], *, style: str = "TableText",
            styles: list[str] | None = None):
    """A row that Word may not split across pages."""
    row = t.add_row()
    _tr_pr(row).append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    for i, (cell, text) in enumerate(zip(row.cells, texts)):
        cell.width = Twips(widths[i])
        _vcenter(cell)
        p = cell.paragraphs[0]
        set_style(p, styles[i] if styles else style)
        if text:
            run(p, text)
    return row


def add_spanning_row(t, widths: list[int], text: str, *, style: str = "TableGroup"):
    """One cell across the whole table: group headings and docxtpl {%tr %} tags."""
    row = add_row(t, widths, [text] + [""] * (len(widths) - 1), style=style)
    first = row.cells[0]
    merged = first.merge(row.cells[-1])
    for extra in merged.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    return row


def vmerge(cell, restart: bool) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    val = ' w:val="restart"' if restart else ""
    tc_pr.append(parse_xml(f'<w:vMerge {nsdecls("w")}{val}/>'))


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


def section_break(doc, page: Page, *, restart_numbering: bool = True):
    """End the current section here (the next starts on a new page)."""
    p = doc.add_paragraph()
    p._p.get_or_add_pPr().append(parse_xml(sect_pr(page, restart_numbering=restart_numbering)
                                           .replace("<w:sectPr>", f'<w:sectPr {nsdecls("w", "r")}>', 1)))
    return p


def page_break(doc):
    p = doc.add_paragraph()
    p.add_run()._r.append(parse_xml(f'<w:br {nsdecls("w")} w:type="page"/>'))
    return p


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
