"""Tables of contents (目录) whose shown page numbers are written in after a layout.

Two shapes exist: a TOC field whose cached result lists the headings (handbooks; Word
rebuilds it), and lines whose numbers are PAGEREF fields to bookmarked headings
(作战图集). Either way `entries(doc)` gives each line with the heading it points to,
and `fill(doc, numbers)` writes the printed page numbers as the fields' shown results,
so WPS and LibreOffice, which show cached results, print them on first open. The
fields stay: Word updates them."""
from __future__ import annotations

from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from generator.style.build import paragraph, run
from generator.style.page import Page


@dataclass
class Entry:
    heading: str        # the heading's text as printed in the body
    line: object        # the contents line (w:p element)
    result: object      # the PAGEREF's shown-result w:t, or None for a TOC field's line

    @property
    def shown(self) -> str:
        """The page number the line shows now ("" before `fill`)."""
        return (self.result.text or "").strip() if self.result is not None else _parts(self.line)[1]


def _dot_tab(p, position: int) -> None:
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:tabs {nsdecls("w")}><w:tab w:val="right" w:leader="dot" w:pos="{position}"/></w:tabs>'))


def toc_field(doc, instruction: str, lines: list[tuple[int, str]], page: Page):
    """A TOC field whose cached result is one Contents<level> line per heading, with
    the dot-leader tab ready; the numbers are added by `fill` once known."""
    lines = lines or [(1, "")]
    for index, (level, text) in enumerate(lines):
        p = paragraph(doc, "", f"Contents{min(level, 2)}")
        _dot_tab(p, page.text_width)
        if index == 0:
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'))
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} '
                                  '</w:instrText></w:r>'))
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
        if text:
            run(p, text)
        if index == len(lines) - 1:
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _parts(p) -> tuple[str, str]:
    """A line's text before its first tab, and after it (the shown number)."""
    parts = ["", ""]
    side = 0
    for el in p.iter(qn("w:t"), qn("w:tab")):
        if el.tag == qn("w:tab"):
            if el.getparent().tag == qn("w:r"):       # not a tab stop of the paragraph
                side = 1
        else:
            parts[side] += el.text or ""
    return parts[0].strip(), parts[1].strip()


def _instruction(p) -> str:
    return " ".join((i.text or "").strip() for i in p.iter(qn("w:instrText")))


def _bookmarked(body) -> dict[str, str]:
    out = {}
    for start in body.iter(qn("w:bookmarkStart")):
        holder = start.getparent()
        while holder is not None and holder.tag != qn("w:p"):
            holder = holder.getparent()
        if holder is not None:
            out[start.get(qn("w:name"))] = _text(holder).strip()
    return out


def entries(doc) -> list[Entry]:
    """Every contents line of the document, in order."""
    body = doc.element.body
    targets = None
    out: list[Entry] = []
    in_toc = False
    for p in body.iter(qn("w:p")):
        instruction = _instruction(p)
        if instruction.startswith("TOC"):
            in_toc = True
        if in_toc:
            text = _parts(p)[0]
            if text:
                out.append(Entry(text, p, None))
            if any(c.get(qn("w:fldCharType")) == "end" for c in p.iter(qn("w:fldChar"))):
                in_toc = False
            continue
        if instruction.startswith("PAGEREF"):
            targets = targets if targets is not None else _bookmarked(body)
            name = instruction.split()[1]
            texts = list(p.iter(qn("w:t")))
            result = texts[-1] if texts else None
            if name in targets and result is not None:
                out.append(Entry(targets[name], p, result))
    return out


def fill(doc, numbers: list[str]) -> None:
    """The printed page of each entry (`entries` order) as its shown number."""
    found = entries(doc)
    if len(found) != len(numbers):
        raise ValueError(f"{len(numbers)} page numbers for {len(found)} contents lines")
    for entry, number in zip(found, numbers):
        if entry.result is not None:
            entry.result.text = number
            continue
        runs = [r for r in entry.line.iter(qn("w:r"))]
        tab = next((i for i, r in enumerate(runs) if r.find(qn("w:tab")) is not None), None)
        if tab is not None:                     # filled before: the old tab and number go
            for r in runs[tab:]:
                if r.find(qn("w:fldChar")) is None:
                    r.getparent().remove(r)
        texts = [r for r in entry.line.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
        tail = parse_xml(f'<w:r {nsdecls("w")}><w:tab/><w:t>{number}</w:t></w:r>')
        if texts:
            texts[-1].addnext(tail)
        else:
            entry.line.append(tail)
