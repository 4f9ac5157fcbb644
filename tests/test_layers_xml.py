"""Architecture: WordprocessingML is written only in generator/style/ and
generator/writers/; document modules say what goes into a document, not how it is
spelled in XML."""
from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from generator.style import Page, base_document
from generator.style.build import paragraph, section_break, set_final_section
from generator.style.page import sect_pr
from generator.writers import ooxml
from generator.writers.built import document_bytes
from generator.writers.docx_body import fill_slots, join_bodies, split_body, with_body

DOCUMENTS = Path(__file__).resolve().parents[1] / "generator" / "documents"

# What only style/ and writers/ may use: XML text, python-docx's XML helpers, and the
# private attributes that reach under python-docx's public objects.
FORBIDDEN = {
    "an XML tag": re.compile(r"</?w:"),
    "parse_xml": re.compile(r"\bparse_xml\b"),
    "nsdecls": re.compile(r"\bnsdecls\b"),
    "qn()": re.compile(r"\bqn\("),
    "docx.oxml": re.compile(r"\bdocx\.oxml\b"),
    "lxml": re.compile(r"\blxml\b"),
    "a private python-docx attribute": re.compile(r"\._(p|tc|r|tbl|tr|element|body)\b"),
    "the body element": re.compile(r"\.element\.body\b"),
}


def _violations(source: str) -> list[str]:
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        for what, pattern in FORBIDDEN.items():
            if pattern.search(line):
                found.append(f"line {number}: {what}: {line.strip()}")
    return found


@pytest.mark.parametrize("path", sorted(DOCUMENTS.glob("*.py")), ids=lambda p: p.name)
def test_document_modules_hold_no_xml(path):
    assert _violations(path.read_text(encoding="utf-8")) == []


def test_the_check_itself_catches_each_kind():
    for line in ('x = "<w:p/>"', "parse_xml(s)", "nsdecls('w')", "qn('w:b')", "from docx.oxml import x",
                 "p._p.addprevious(q)", "cell._tc", "r._r", "t._tbl", "doc._element", "doc.element.body"):
        assert _violations(line), line
    assert _violations("paragraph_format.keep_with_next = True") == []


# --- the style-layer section API -----------------------------------------------

def test_sect_pr_is_an_element_with_its_options():
    page = Page(landscape=True)
    el = sect_pr(page, restart_numbering=True, continuous=True, columns=2, column_gap=500)
    assert el.tag == qn("w:sectPr")
    assert el.find(qn("w:type")).get(qn("w:val")) == "continuous"
    assert el.find(qn("w:pgSz")).get(qn("w:orient")) == "landscape"
    assert el.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    cols = el.find(qn("w:cols"))
    assert (cols.get(qn("w:num")), cols.get(qn("w:space"))) == ("2", "500")
    assert sect_pr(page, odd_page=True).find(qn("w:type")).get(qn("w:val")) == "oddPage"
    assert sect_pr(page).find(qn("w:type")) is None       # a new page: the default


def test_final_section_takes_the_given_page():
    doc = base_document(Page())
    paragraph(doc, "正文")
    section_break(doc, Page(), restart_numbering=False)
    set_final_section(doc, Page(landscape=True))
    reopened = docx.Document(io.BytesIO(document_bytes(doc, "测试")))
    first, last = reopened.sections
    assert first.page_width < first.page_height
    assert last.page_width > last.page_height
    assert reopened.core_properties.title == "测试"


# --- writers: bodies as text -----------------------------------------------------

DOCUMENT = (b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p><w:pPr/></w:p>'
            b'<w:p><w:pPr><w:sectPr>A</w:sectPr></w:pPr></w:p><w:p><w:pPr><w:jc/></w:pPr><w:r/></w:p>'
            b'<w:sectPr>B</w:sectPr></w:body></w:document>')


def test_split_and_rebuild_a_body():
    content, final = split_body(DOCUMENT)
    assert final == "<w:sectPr>B</w:sectPr>"
    assert "<w:sectPr>A</w:sectPr>" in content and content.startswith("<w:p>")
    assert with_body(DOCUMENT, content + final) == DOCUMENT


def test_joined_bodies_end_each_section_in_its_last_paragraph():
    body = join_bodies([("<w:p><w:pPr><w:jc/></w:pPr></w:p>", "<S1/>"), ("<w:p/>", "<S2/>")])
    assert body == "<w:p><w:pPr><w:jc/><S1/></w:pPr></w:p><w:p/><S2/>"


def test_slots_are_filled_as_escaped_text():
    assert fill_slots("<w:t>\ue000E\ue001</w:t>", {"\ue000E\ue001": "A&B<C>"}) == "<w:t>A&amp;B&lt;C&gt;</w:t>"


def test_with_title_and_normalize_replacing_a_part():
    doc = base_document(Page())
    package = document_bytes(doc, "旧")
    core = ooxml.with_title(ooxml.read_part(package, "docProps/core.xml"), "新 & 好")
    renamed = ooxml.normalize(package, replace={"docProps/core.xml": core})
    assert docx.Document(io.BytesIO(renamed)).core_properties.title == "新 & 好"
    assert ooxml.normalize(package) == package
