"""The body of word/document.xml as text, for documents assembled from laid-out parts.

Posters are laid out once per criteria and then filled in for hundreds of
enterprises; the merged print file puts many posters' bodies one after another.
Parsing and serializing the XML for every poster would cost more than everything
else together, so these functions work on the serialized text at well-defined
places only: the `<w:body>` element python-docx writes, the body's own final
`<w:sectPr>` (always its last child), and the end of a paragraph's properties.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

_BODY_OPEN = "<w:body>"
_BODY_CLOSE = "</w:body>"
_SECT_PR = "<w:sectPr"
_PPR_CLOSE = "</w:pPr>"


def split_body(document_xml: bytes) -> tuple[str, str]:
    """(content, final_section): the body's children before its own w:sectPr, and that
    w:sectPr. Sections ended earlier sit inside paragraphs and stay in `content`."""
    xml = document_xml.decode("utf-8")
    inner = xml[xml.index(_BODY_OPEN) + len(_BODY_OPEN):xml.rindex(_BODY_CLOSE)]
    at = inner.rindex(_SECT_PR)
    return inner[:at], inner[at:].strip()


def with_body(document_xml: bytes, body: str) -> bytes:
    """The same document with everything inside w:body replaced by `body`."""
    xml = document_xml.decode("utf-8")
    start, end = xml.index(_BODY_OPEN) + len(_BODY_OPEN), xml.rindex(_BODY_CLOSE)
    return (xml[:start] + body + xml[end:]).encode("utf-8")


def end_section_in_last_paragraph(content: str, section: str) -> str:
    """End a section with the content's last paragraph: an extra empty paragraph
    carrying the w:sectPr could itself spill onto another sheet."""
    at = content.rindex(_PPR_CLOSE)
    return content[:at] + section + content[at:]


def join_bodies(parts: list[tuple[str, str]]) -> str:
    """One body from (content, final_section) pairs, each part a section of its own;
    the last part's section becomes the body's final one."""
    chunks = [end_section_in_last_paragraph(content, section) for content, section in parts[:-1]]
    content, section = parts[-1]
    return "".join(chunks) + content + section


def around_body(document_xml: bytes) -> tuple[bytes, bytes]:
    """What comes before and after everything inside w:body: `with_body(xml, body)` is
    head + body + tail, for a body written piece by piece."""
    xml = document_xml.decode("utf-8")
    start, end = xml.index(_BODY_OPEN) + len(_BODY_OPEN), xml.rindex(_BODY_CLOSE)
    return xml[:start].encode("utf-8"), xml[end:].encode("utf-8")


def iter_joined(parts: Iterable[tuple[str, str]]) -> Iterator[str]:
    """`join_bodies(parts)` piece by piece: one part in memory at a time."""
    previous = None
    for part in parts:
        if previous is not None:
            yield end_section_in_last_paragraph(*previous)
        previous = part
    if previous is not None:
        yield previous[0] + previous[1]


def fill_slots(xml: str, values: dict[str, str]) -> str:
    """Replace placeholder strings in element text with `values[slot]`, escaped as
    element text. Slots must be strings that occur nowhere else in the XML.
    A line feed in a value becomes a line break inside the slot's run."""
    for slot, value in values.items():
        xml = xml.replace(slot, escape(value).replace("\n", '</w:t><w:br/><w:t xml:space="preserve">'))
    return xml


# --- an attachment appended to a document made by code (印发通知) -------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def append_document(doc, package: bytes) -> None:
    """Append another .docx's body (e.g. a rendered 任务清单 template) to the python-docx
    Document `doc`, as a section of its own: portrait or landscape as its last section
    was, with the official margins, page numbers continuing from `doc`'s.

    Its section properties are not copied (their footer ids belong to the other
    package); styles are taken by name from `doc`, which shares the official base. A
    body that refers to parts of its own package (pictures, links) cannot move and is
    refused, naming what the clerk can do."""
    import copy
    import io
    import zipfile

    from docx.oxml import parse_xml

    from generator.errors import TemplateProblem
    from generator.style.page import Page, sect_pr

    with zipfile.ZipFile(io.BytesIO(package)) as z:
        root = parse_xml(z.read("word/document.xml"))
    body = root.find(f"{{{_W}}}body")
    children = list(body)
    final = children[-1] if children and children[-1].tag == f"{{{_W}}}sectPr" else None
    content = children[:-1] if final is not None else children
    for element in content:
        for node in element.iter():
            if any(name.startswith(f"{{{_R}}}") for name in node.attrib):
                raise TemplateProblem("附件的模板中有图片、链接或其他对象，无法并入通知：请从模板中删除后再生成，"
                                      "或单独打印附件")
    landscape = False
    if final is not None:
        size = final.find(f"{{{_W}}}pgSz")
        if size is not None:
            landscape = int(size.get(f"{{{_W}}}w", "0")) > int(size.get(f"{{{_W}}}h", "0"))
    target = doc.element.body
    anchor = target.sectPr
    last = None
    for element in content:
        moved = copy.deepcopy(element)
        for inner in list(moved.iter(f"{{{_W}}}sectPr")):     # a multi-part body's own breaks
            inner.getparent().remove(inner)
        anchor.addprevious(moved)
        last = moved
    if last is None or last.tag != f"{{{_W}}}p":
        last = parse_xml(f'<w:p xmlns:w="{_W}"/>')
        anchor.addprevious(last)
    ppr = last.find(f"{{{_W}}}pPr")
    if ppr is None:
        ppr = parse_xml(f'<w:pPr xmlns:w="{_W}"/>')
        last.insert(0, ppr)
    ppr.append(sect_pr(Page(landscape=landscape)))
