"""Page numbers of landscape pages bound among portrait ones (GB/T 9704-2012 10.2:
"页码位置与公文其他页码保持一致"): the sheet is a portrait sheet turned a quarter
clockwise to read the table, so the number stays at the sheet's foot, which is the
left edge as the table reads, running top to bottom: odd numbers at the bottom left,
even ones at the top left, 7 mm outside the text block like every other number.

Word puts a footer at the bottom of the page as read; the number is therefore a text
box anchored in the footer, positioned on the page, its text turned (vert)."""
from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.parts.hdrftr import FooterPart

from generator.style.metrics import LEFT, PAGE_NUMBER_PT, PAPER, RIGHT
from generator.style.page import Page
from generator.style.package import footer_paragraph

NAME = "页码（横排表格）"
EMU = 635                    # per twip
# The number line's height: 4号 at single line spacing (the Footer style) is about
# 1.43 times the type size with the CJK faces we use.
THICKNESS = round(PAGE_NUMBER_PT * 20 * 1.43)

_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')


def side_footer_xml(odd: bool, paper: str = "A4") -> str:
    """A footer holding the turned number. The box is the portrait footer line turned:
    it spans the portrait text block's width (the landscape block's height) and lies
    as far from the sheet's edge as the portrait footer (Page.footer_distance)."""
    portrait_width = PAPER[paper][0]
    x = Page(paper).footer_distance          # from the left edge: the portrait sheet's foot
    y, height = LEFT, portrait_width - LEFT - RIGHT
    number = 9001 if odd else 9002
    box = (f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" '
           f'behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
           f'<wp:simplePos x="0" y="0"/>'
           f'<wp:positionH relativeFrom="page"><wp:posOffset>{x * EMU}</wp:posOffset></wp:positionH>'
           f'<wp:positionV relativeFrom="page"><wp:posOffset>{y * EMU}</wp:posOffset></wp:positionV>'
           f'<wp:extent cx="{THICKNESS * EMU}" cy="{height * EMU}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
           f'<wp:wrapNone/><wp:docPr id="{number}" name="{NAME}"/><wp:cNvGraphicFramePr/>'
           '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
           '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
           f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{THICKNESS * EMU}" cy="{height * EMU}"/></a:xfrm>'
           '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
           f'<wps:txbx><w:txbxContent>{footer_paragraph(odd)}</w:txbxContent></wps:txbx>'
           '<wps:bodyPr rot="0" vert="vert" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t" '
           'anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>')
    return (f'<w:ftr {_NS}><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
            f'<w:r><w:drawing>{box}</w:drawing></w:r></w:p></w:ftr>')


def side_footers(doc, paper: str = "A4") -> tuple[str, str]:
    """The relationship ids of the document's side footers (odd, even), added once."""
    part = doc.part
    found = {}
    for rid, rel in sorted(part.rels.items()):
        if rel.reltype == RT.FOOTER and not rel.is_external and NAME in rel.target_part.element.xml:
            found["odd" if 'id="9001"' in rel.target_part.element.xml else "even"] = rid
    if len(found) == 2:
        return found["odd"], found["even"]
    ids = []
    for odd in (True, False):
        footer = FooterPart(part.package.next_partname("/word/footer%d.xml"), CT.WML_FOOTER,
                            parse_xml(side_footer_xml(odd, paper)), part.package)
        ids.append(part.relate_to(footer, RT.FOOTER))
    return ids[0], ids[1]
