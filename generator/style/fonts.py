"""Apply an office's font rules to a rendered document (styles, defaults, font table)."""
from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import qn

from generator.model import FontSettings
from generator.style.package import font_table_xml
from generator.style.styles import STYLES, is_bold, style_font

_BY_ID = {s.style_id: s for s in STYLES}


def apply_fonts(document, fonts: FontSettings) -> None:
    """Rewrite the East Asian and Latin faces of every official style, the document
    defaults and the font table; runs in templates carry no font of their own."""
    styles_el = document.styles.element
    for style_el in styles_el.findall(qn("w:style")):
        spec = _BY_ID.get(style_el.get(qn("w:styleId")))
        if spec is None:
            continue
        east, latin = style_font(spec, fonts)
        rpr = style_el.find(qn("w:rPr"))
        if rpr is None:
            continue
        _set_fonts(rpr, east, latin)
        for tag in ("w:b", "w:bCs"):
            element = rpr.find(qn(tag))
            if element is None:
                continue
            if is_bold(spec, fonts):
                element.attrib.pop(qn("w:val"), None)
            else:
                element.set(qn("w:val"), "0")
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_fonts(rpr, fonts.body, fonts.latin)
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable") and not rel.is_external:
            rel.target_part._blob = font_table_xml(fonts).encode("utf-8")


def _set_fonts(rpr, east: str, latin: str) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml('<w:rFonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme"):
            del rfonts.attrib[attr]
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:hint"), "eastAsia")
