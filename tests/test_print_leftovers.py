"""Print leftovers of issue 12, measured on LibreOffice's PDF: running text with
widow/orphan control (no paragraph leaves one line alone at the top or bottom of a
page) while full pages keep GB/T 9704's 22 lines at 28.95 pt."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pdfplumber

from generator.style import Page, base_document
from generator.style.build import paragraph
from generator.style.metrics import CHAR_TWIPS, LINE_TWIPS
from generator.writers import pdf as pdfpool
from generator.writers.built import document_bytes

WORDS = "安全生产责任制落实情况检查整改闭环管理台账建立健全隐患排查治理"
# Paragraphs of 2 to 7 lines, each ending a few characters short of a full line: over
# three dozen paragraphs some break at a page's foot leaving one line on either side.
LINES = [2, 3, 5, 2, 4, 3, 6, 2, 2, 3, 4, 5, 2, 3, 2, 7, 2, 3, 4, 2] * 2


def long_document(widows: bool) -> bytes:
    doc = base_document(Page())
    for i, lines in enumerate(LINES):
        text = (WORDS * 20)[i % len(WORDS):][: 28 * lines - 6]
        paragraph(doc, f"{i + 1:02d}" + text[2:], "Normal")
    data = document_bytes(doc, "孤行控制测试")
    if widows:
        return data
    # The same document with the rule off, as the styles were before: shows that these
    # paragraphs do reach the case.
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            parts[name] = z.read(name)
    styles = parts["word/styles.xml"].decode("utf-8")
    assert "<w:widowControl/>" in styles
    parts["word/styles.xml"] = styles.replace("<w:widowControl/>", '<w:widowControl w:val="0"/>').encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, part in parts.items():
            z.writestr(name, part)
    return buffer.getvalue()


def body_lines(pdf: Path) -> list[list[dict]]:
    """Each page's lines of running text (the page number line left out), top to bottom."""
    with pdfplumber.open(pdf) as doc:
        return [[ln for ln in page.extract_text_lines() if not ln["text"].startswith("—")] for page in doc.pages]


def starts(ln) -> bool:
    """A paragraph's first line: indented two characters from the text block's left."""
    return ln["x0"] > LEFT_PT + CHAR_TWIPS / 20


LEFT_PT = Page().margins[3] / 20


def lone_lines(pages: list[list[dict]]) -> list[str]:
    """Where a paragraph leaves a single line on a page: its last line alone at the top
    of a page (a widow) or its first alone at the bottom (an orphan). A paragraph's first
    line is indented two characters."""
    found = []
    for number, (page, following) in enumerate(zip(pages, pages[1:]), start=1):
        if following and not starts(following[0]) and (len(following) == 1 or starts(following[1])):
            found.append(f"第{number + 1}页顶端：{following[0]['text'][:6]}")
        if page and starts(page[-1]) and following and not starts(following[0]):
            found.append(f"第{number}页底端：{page[-1]['text'][:6]}")
    return found


def test_running_text_leaves_no_single_line_at_a_page_top_or_bottom(tmp_path, soffice):
    jobs = []
    for widows in (False, True):
        src = tmp_path / f"widows-{widows}.docx"
        src.write_bytes(long_document(widows))
        jobs.append((src, src.with_suffix(".pdf")))
    with pdfpool.Pool() as pool:
        done = pool.convert(jobs)
    assert all(c.ok for c in done), [c.error for c in done if not c.ok]
    before, after = (body_lines(pdf) for _, pdf in jobs)
    assert lone_lines(before), "the constructed document reaches the case"
    assert lone_lines(after) == []
    # GB/T 9704 holds: 28.95 pt pitch; a page holds 22 lines, 21 where the rule moved one on.
    pitch = LINE_TWIPS / 20
    for page in after:
        gaps = [b["top"] - a["top"] for a, b in zip(page, page[1:])]
        assert all(abs(g - pitch) < 0.1 for g in gaps), gaps
    for number, (page, following) in enumerate(zip(after, after[1:]), start=1):
        if len(page) == 22:
            continue
        # One line short only where the rule moved it on: a paragraph's first line (the
        # next page starts with it), or its second-to-last (the next page starts with two
        # lines of a paragraph begun here).
        assert len(page) == 21, (number, len(page))
        moved_first = starts(following[0])
        moved_widow = not starts(following[0]) and not starts(following[1]) and \
            (len(following) == 2 or starts(following[2]))
        assert moved_first or moved_widow, number
    assert [len(page) for page in before[:-1]] == [22] * (len(before) - 1)
    # Every line printed once, in order.
    text = "".join(ln["text"] for page in after for ln in page)
    found = [text.find(f"{i:02d}") for i in range(1, len(LINES) + 1)]
    assert all(at >= 0 for at in found) and found == sorted(found)
