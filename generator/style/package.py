"""The base official .docx, written part by part so nothing unwanted comes along
(no theme, no Japanese fallback, no latent styles)."""
from __future__ import annotations

import io
import zipfile

import docx

from generator.model import FontSettings
from generator.style.metrics import CHAR_TWIPS, PAGE_NUMBER_PT
from generator.style.page import Page, sect_pr_xml
from generator.style.styles import styles_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W_ROOT = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

# Windows names -> the face Word should use when the GB2312-era font is not installed.
ALT_NAMES = {
    "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体",
    "仿宋": "FangSong", "楷体": "KaiTi", "黑体": "SimHei", "宋体": "SimSun",
}


def _content_types() -> str:
    wp = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    return (_XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            f'<Override PartName="/word/document.xml" ContentType="{wp}.document.main+xml"/>'
            f'<Override PartName="/word/styles.xml" ContentType="{wp}.styles+xml"/>'
            f'<Override PartName="/word/settings.xml" ContentType="{wp}.settings+xml"/>'
            f'<Override PartName="/word/fontTable.xml" ContentType="{wp}.fontTable+xml"/>'
            f'<Override PartName="/word/footer1.xml" ContentType="{wp}.footer+xml"/>'
            f'<Override PartName="/word/footer2.xml" ContentType="{wp}.footer+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            '</Types>')


def _rels(entries: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in entries)
    return _XML + f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'


_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _footer(odd: bool) -> str:
    return _XML + f'<w:ftr {_W_ROOT}>{footer_paragraph(odd)}</w:ftr>'


def footer_paragraph(odd: bool) -> str:
    """The page number line "— N —": odd pages right, even pages left, one character in."""
    indent = f'<w:ind w:right="{PAGE_NUMBER_PT * 20}"/>' if odd else f'<w:ind w:left="{PAGE_NUMBER_PT * 20}"/>'
    jc = "right" if odd else "left"

    def text(t):
        return f'<w:r><w:t xml:space="preserve">{t}</w:t></w:r>'

    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
             '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return (f'<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="{jc}"/>{indent}</w:pPr>'
            f'{text("— ")}{field}{text(" —")}</w:p>')


def _settings(update_fields: bool) -> str:
    update = '<w:updateFields w:val="true"/>' if update_fields else ""
    return (_XML + f'<w:settings {_W_ROOT}><w:zoom w:percent="100"/>{update}'
            '<w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/>'
            '<w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
            '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


def font_table_xml(fonts: FontSettings) -> str:
    names = []
    for name in (fonts.body, fonts.title, fonts.heading1, fonts.heading2, fonts.heading3,
                 fonts.page_number, fonts.latin):
        if name not in names:
            names.append(name)
    entries = []
    for name in names:
        alt = ALT_NAMES.get(name)
        alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
        cjk = any(ord(c) > 0x2E80 for c in name)
        charset = '<w:charset w:val="86"/>' if cjk else '<w:charset w:val="00"/>'
        entries.append(f'<w:font w:name="{name}">{alt_xml}{charset}'
                       f'<w:family w:val="{"modern" if cjk else "roman"}"/><w:pitch w:val="variable"/></w:font>')
    return _XML + f'<w:fonts {_W_ROOT}>{"".join(entries)}</w:fonts>'


def _core() -> str:
    return (_XML + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:title></dc:title><dc:creator>wuhua</dc:creator><cp:lastModifiedBy>wuhua</cp:lastModifiedBy>'
            '<dc:language>zh-CN</dc:language>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified>'
            '</cp:coreProperties>')


def _app() -> str:
    return (_XML + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            '<Application>wuhua</Application></Properties>')


def base_package(page: Page = Page(), fonts: FontSettings | None = None, *,
                 update_fields: bool = False) -> bytes:
    fonts = fonts or FontSettings()
    parts = {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _rels([
            ("rId1", f"{_OD}/officeDocument", "word/document.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
             "docProps/core.xml"),
            ("rId3", f"{_OD}/extended-properties", "docProps/app.xml"),
        ]),
        "docProps/core.xml": _core(),
        "docProps/app.xml": _app(),
        "word/document.xml": (_XML + f'<w:document {_W_ROOT}><w:body>{sect_pr_xml(page, restart_numbering=True)}'
                              '</w:body></w:document>'),
        "word/_rels/document.xml.rels": _rels([
            ("rIdStyles", f"{_OD}/styles", "styles.xml"),
            ("rIdSettings", f"{_OD}/settings", "settings.xml"),
            ("rIdFontTable", f"{_OD}/fontTable", "fontTable.xml"),
            ("rIdFooterOdd", f"{_OD}/footer", "footer1.xml"),
            ("rIdFooterEven", f"{_OD}/footer", "footer2.xml"),
        ]),
        "word/styles.xml": styles_xml(fonts),
        "word/settings.xml": _settings(update_fields),
        "word/fontTable.xml": font_table_xml(fonts),
        "word/footer1.xml": _footer(odd=True),
        "word/footer2.xml": _footer(odd=False),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def base_document(page: Page = Page(), fonts: FontSettings | None = None, *,
                  update_fields: bool = False) -> docx.document.Document:
    """A python-docx Document on the official base: build content on it with the
    style names of styles.py ("Title", "Heading1", "TableText", …)."""
    return docx.Document(io.BytesIO(base_package(page, fonts, update_fields=update_fields)))


__all__ = ["ALT_NAMES", "CHAR_TWIPS", "base_document", "base_package", "font_table_xml"]
