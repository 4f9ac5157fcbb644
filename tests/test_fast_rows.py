"""style.build.add_row writes a row as one piece of XML instead of python-docx's
Table.add_row and property setters (the long tables' main cost). Its XML must be what
those calls made, character for character: documents keep their bytes."""
from __future__ import annotations

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips
from lxml import etree

from generator.style import Page, base_document
from generator.style.build import _merged_spanning_row, add_row, add_spanning_row, table, vmerge


def _reference_row(t, widths, texts, *, style="TableText", styles=None, split=False):
    """The row as python-docx's own calls build it (the implementation add_row replaced)."""
    row = t.add_row()
    if not split:
        row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    for i, (cell, text) in enumerate(zip(row.cells, texts)):
        cell.width = Twips(widths[i])
        cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:vAlign {nsdecls("w")} w:val="center"/>'))
        p = cell.paragraphs[0]
        p._p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), styles[i] if styles else style)
        if text:
            r = p.add_run(text)
            r._r.get_or_add_rPr().append(parse_xml(f'<w:rFonts {nsdecls("w")} w:hint="eastAsia"/>'))
            for el in r._r.findall(qn("w:t")):
                el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return row


CASES = [
    ([800, 2000, 3000], ["1", "安全生产责任制", "牵头：办公室"], {}),
    ([800, 2000, 3000], ["", " 前后空格 ", "a&b<c>\"d'"], {}),
    ([800, 2000, 3000], ["第一行\n第二行", "制表\t符", "回车\r\n换行"], {"split": True}),
    ([800, 2000, 3000], ["只有一格"], {}),                                  # fewer texts than columns
    ([800, 2000, 3000], ["一", "二", "三", "多余"], {"style": "TableCenter"}),  # more texts than columns
    ([800, 2000, 3000], ["一", "二", "三"], {"styles": ["TableCenter", "TableText", "Table\"Group"]}),
    ([1200], ["\t"], {}),
]


@pytest.mark.parametrize(("widths", "texts", "kwargs"), CASES)
def test_row_xml_is_what_python_docx_made(widths, texts, kwargs):
    docs = []
    for make in (add_row, _reference_row):
        doc = base_document(Page())
        t = table(doc, [w + 10 for w in widths], header=None)     # cell widths differ from the grid's
        make(t, widths, texts, **kwargs)
        docs.append(etree.tostring(t._tbl, encoding="unicode"))
    assert docs[0] == docs[1]


def test_rows_work_with_python_docx_afterwards():
    """Callers merge, shade and read cells of the rows add_row returns."""
    doc = base_document(Page())
    t = table(doc, [1000, 2000, 3000], header=["序号", "任务", "牵头部门"])
    row = add_row(t, [1000, 2000, 3000], ["1", "任务一", "办公室"])
    add_spanning_row(t, [1000, 2000, 3000], "一、分组标题")
    assert [c.text for c in row.cells] == ["1", "任务一", "办公室"]
    assert [len(r.cells) for r in t.rows] == [3, 3, 3]
    assert t.rows[2].cells[0].text == "一、分组标题" and t.rows[2].cells[0]._tc.grid_span == 3
    assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


SPANNING = [
    ([800, 2000, 3000], "一、分组标题", {}),
    ([800, 2000, 3000], "", {"style": "TableText", "split": True}),
    ([800, 2000, 3000, 1200, 900], "a&b<c>\"d' 换\n行\t制表", {"style": "Table\"Group"}),
    ([4000, 5000], "两栏", {"split": True}),
]


@pytest.mark.parametrize(("widths", "text", "kwargs"), SPANNING)
def test_spanning_row_xml_is_what_the_merge_made(widths, text, kwargs):
    docs = []
    for make in (add_spanning_row, _merged_spanning_row):
        doc = base_document(Page())
        t = table(doc, [w + 10 for w in widths], header=None)     # cell widths differ from the grid's
        make(t, widths, text, **{"style": "TableGroup", "split": False, **kwargs})
        docs.append(etree.tostring(t._tbl, encoding="unicode"))
    assert docs[0] == docs[1]


def test_spanning_rows_work_with_python_docx_afterwards():
    """Callers bookmark, shade and write runs into the spanning cell; a table of other
    widths than its grid still gets one merged cell."""
    doc = base_document(Page())
    t = table(doc, [1000, 2000, 3000], header=["序号", "任务", "牵头部门"])
    row = add_spanning_row(t, [1000, 2000, 3000], "")
    row.cells[0].paragraphs[0].add_run("后写的字")
    vmerge(add_row(t, [1000, 2000, 3000], ["1", "任务一", "办公室"]).cells[0], restart=True)
    assert [len(r.cells) for r in t.rows] == [3, 3, 3]
    assert t.rows[1].cells[0].text == "后写的字" and t.rows[1].cells[0]._tc.grid_span == 3
    odd = add_spanning_row(t, [3000, 3000], "两栏宽度")          # widths not the grid's: merged as before
    assert odd.cells[0].text == "两栏宽度" and odd.cells[0]._tc.grid_span == 3
