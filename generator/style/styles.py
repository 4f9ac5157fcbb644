"""styles.xml for official documents: every paragraph style, and which font role it uses.

Fonts are written to all four w:rFonts slots with no theme attributes, because a
theme attribute wins over an explicit font and the default theme falls back to a
Japanese face.
"""
from __future__ import annotations

from dataclasses import dataclass

from generator.model import FontSettings
from generator.style.metrics import (BODY_CHAR_SPACING, BODY_PT, CHAR_TWIPS, LINE_TWIPS,
                                     PAGE_NUMBER_PT, TABLE_PT, TITLE_PT)


@dataclass(frozen=True)
class StyleDef:
    style_id: str
    name: str
    role: str                 # FontSettings field for the East Asian face
    size_pt: float
    ppr: str = ""
    bold: bool = False
    outline: int | None = None
    based_on: str | None = "Normal"
    next_style: str | None = None
    char_spacing: int | None = None


_BODY_LINE = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_TWIPS}" w:lineRule="exact"/>'
_TABLE_LINE = '<w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="auto"/>'
# Wall charts are one sheet whose rows and lines are counted by code: no rule of the
# renderer may move a line.
_NO_WIDOWS = '<w:widowControl w:val="0"/>'
_POSTER_LINE = _NO_WIDOWS + '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
_INDENT = f'<w:ind w:firstLine="{2 * CHAR_TWIPS}"/>'
_NO_INDENT = '<w:ind w:left="0" w:right="0" w:firstLine="0"/>'
_WIDOWS = '<w:widowControl/>'

def _poster_styles(suffix: str, scale: float) -> tuple[StyleDef, ...]:
    """Wall charts (作战图挂图), read from a few steps away: A3 sizes, and ×1.4 for A2
    (suffix "Large"), so type grows with the sheet."""
    def pt(size):
        return round(size * scale * 2) / 2

    spaced = _NO_WIDOWS + '<w:spacing w:before="0" w:after="120" w:line="240" w:lineRule="auto"/>'
    center, left = '<w:jc w:val="center"/>', '<w:jc w:val="left"/>'
    return (
        StyleDef(f"PosterTitle{suffix}", f"挂图标题{suffix}", "title", pt(36), spaced + _NO_INDENT + center,
                 char_spacing=0),
        StyleDef(f"PosterSubtitle{suffix}", f"挂图副标题{suffix}", "heading2", pt(18), spaced + _NO_INDENT + center,
                 char_spacing=0),
        StyleDef(f"PosterText{suffix}", f"挂图表格文字{suffix}", "body", pt(14), _POSTER_LINE + _NO_INDENT + left,
                 char_spacing=0),
        StyleDef(f"PosterCenter{suffix}", f"挂图表格居中{suffix}", "body", pt(14),
                 _POSTER_LINE + _NO_INDENT + center, char_spacing=0),
        StyleDef(f"PosterHeader{suffix}", f"挂图表头{suffix}", "heading1", pt(14),
                 _POSTER_LINE + _NO_INDENT + center, char_spacing=0),
        StyleDef(f"PosterNote{suffix}", f"挂图注释{suffix}", "body", pt(12), _POSTER_LINE + _NO_INDENT, char_spacing=0),
    )


POSTER_TEXT_PT = 14     # PosterText; wall charts fit cell text to it (× the set's scale)
POSTER_SCALES = {"": 1.0, "Large": 1.4}   # style-id suffix -> type scale


STYLES: tuple[StyleDef, ...] = (
    # Widow/orphan control where running text flows (every style based on Normal: body,
    # headings, table cells whose rows may split): a paragraph never leaves its last
    # line alone at the top of a page or its first alone at the bottom. Full pages keep
    # 22 lines; a page before a moved line holds 21. The document default stays off.
    StyleDef("Normal", "Normal", "body", BODY_PT, _WIDOWS + _BODY_LINE + _INDENT + '<w:jc w:val="both"/>',
             based_on=None, char_spacing=BODY_CHAR_SPACING),
    StyleDef("Title", "Title", "title", TITLE_PT,
             '<w:spacing w:before="0" w:after="0" w:line="720" w:lineRule="exact"/>'
             + _NO_INDENT + '<w:jc w:val="center"/>', next_style="Normal", char_spacing=0),
    StyleDef("Subtitle", "Subtitle", "heading2", BODY_PT,
             _BODY_LINE + _NO_INDENT + '<w:jc w:val="center"/>', next_style="Normal"),
    StyleDef("Heading1", "heading 1", "heading1", BODY_PT, '<w:keepNext/>' + _BODY_LINE + _INDENT,
             outline=0),
    StyleDef("Heading2", "heading 2", "heading2", BODY_PT, '<w:keepNext/>' + _BODY_LINE + _INDENT,
             outline=1),
    StyleDef("Heading3", "heading 3", "heading3", BODY_PT, '<w:keepNext/>' + _BODY_LINE + _INDENT,
             outline=2, bold=True),
    StyleDef("Heading4", "heading 4", "body", BODY_PT, _BODY_LINE + _INDENT, outline=3),
    StyleDef("Recipient", "主送机关", "body", BODY_PT, _BODY_LINE + _NO_INDENT),
    StyleDef("Signature", "署名", "body", BODY_PT,
             _BODY_LINE + f'<w:ind w:left="0" w:right="{2 * CHAR_TWIPS}" w:firstLine="0"/>'
             + '<w:jc w:val="right"/>'),
    StyleDef("AttachmentLabel", "附件标识", "heading1", BODY_PT, _BODY_LINE + _NO_INDENT),
    StyleDef("TableText", "表格文字", "body", TABLE_PT, _TABLE_LINE + _NO_INDENT + '<w:jc w:val="left"/>',
             char_spacing=0),
    StyleDef("TableCenter", "表格居中", "body", TABLE_PT, _TABLE_LINE + _NO_INDENT + '<w:jc w:val="center"/>',
             char_spacing=0),
    StyleDef("TableHeader", "表头", "heading1", TABLE_PT,
             _TABLE_LINE + _NO_INDENT + '<w:jc w:val="center"/>', char_spacing=0),
    StyleDef("TableGroup", "表格分组", "heading2", TABLE_PT, "<w:keepNext/>" + _TABLE_LINE + _NO_INDENT,
             char_spacing=0),
    StyleDef("Note", "注释", "body", 14, _TABLE_LINE + _NO_INDENT, char_spacing=0),
    StyleDef("Footer", "footer", "page_number", PAGE_NUMBER_PT,
             '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>' + _NO_INDENT,
             char_spacing=0),
    StyleDef("Header", "header", "body", 12,
             '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="auto"/></w:pBdr>'
             '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
             + _NO_INDENT + '<w:jc w:val="center"/>', char_spacing=0),
    *(style for suffix, scale in POSTER_SCALES.items() for style in _poster_styles(suffix, scale)),
    # Contents lines (目录): body face, no first-line indent; the dot leader tab is set per page width.
    StyleDef("Contents1", "toc 1", "body", BODY_PT, _BODY_LINE + _NO_INDENT),
    StyleDef("Contents2", "toc 2", "body", BODY_PT, _BODY_LINE + f'<w:ind w:left="{2 * CHAR_TWIPS}" w:firstLine="0"/>'),
)

ROLE_BY_STYLE = {s.style_id: s.role for s in STYLES}


def rfonts(east_asian: str, latin: str) -> str:
    return (f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asian}" '
            f'w:cs="{latin}" w:hint="eastAsia"/>')


def style_font(style: StyleDef, fonts: FontSettings) -> tuple[str, str]:
    east = getattr(fonts, style.role)
    # Page numbers are half-width 宋体 digits; everything else keeps Latin in the Latin face.
    latin = east if style.role == "page_number" else fonts.latin
    return east, latin


def is_bold(style: StyleDef, fonts: FontSettings) -> bool:
    return fonts.heading3_bold if style.style_id == "Heading3" else style.bold


def _style_xml(s: StyleDef, fonts: FontSettings) -> str:
    east, latin = style_font(s, fonts)
    half_points = round(s.size_pt * 2)
    ppr = s.ppr + (f'<w:outlineLvl w:val="{s.outline}"/>' if s.outline is not None else "")
    bold = "<w:b/><w:bCs/>" if is_bold(s, fonts) else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    spacing = f'<w:spacing w:val="{s.char_spacing}"/>' if s.char_spacing is not None else ""
    based = f'<w:basedOn w:val="{s.based_on}"/>' if s.based_on else ""
    nxt = f'<w:next w:val="{s.next_style}"/>' if s.next_style else ""
    default = ' w:default="1"' if s.style_id == "Normal" else ""
    return (f'<w:style w:type="paragraph"{default} w:styleId="{s.style_id}">'
            f'<w:name w:val="{s.name}"/>{based}{nxt}<w:qFormat/>'
            f'<w:pPr>{ppr}</w:pPr>'
            f'<w:rPr>{rfonts(east, latin)}{bold}<w:color w:val="000000"/>{spacing}'
            f'<w:kern w:val="0"/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
            f'<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:style>')


def styles_xml(fonts: FontSettings) -> str:
    body = "".join(_style_xml(s, fonts) for s in STYLES)
    table_style = (
        '<w:style w:type="table" w:styleId="OfficialTable"><w:name w:val="公文表格"/>'
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="auto"/>'
        '<w:ind w:firstLine="0"/></w:pPr>'
        '<w:tblPr><w:jc w:val="center"/><w:tblBorders>'
        + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders><w:tblCellMar><w:top w:w="45" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
          '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    )
    table_normal = ('<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
                    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
                    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
                    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>')
    char_default = ('<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
                    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>')
    east, latin = fonts.body, fonts.latin
    defaults = (
        f'<w:docDefaults><w:rPrDefault><w:rPr>{rfonts(east, latin)}'
        f'<w:color w:val="000000"/><w:kern w:val="0"/><w:sz w:val="{BODY_PT * 2}"/><w:szCs w:val="{BODY_PT * 2}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:spacing w:before="0" w:after="0"/></w:pPr>'
        '</w:pPrDefault></w:docDefaults>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'{defaults}{body}{char_default}{table_normal}{table_style}</w:styles>'
    )
