"""The 版记 on the back of a sheet in the PDF too (GB/T 9704 7.4, 7.5).

A document whose last section must start on an even page (our 版记 section:
`w:type evenPage`) gets that page from Word and WPS, but LibreOffice lays the
section out on the next page whatever its parity. So after conversion, a PDF of such
a document with an odd number of pages gets one blank page before its last page: the
pages before keep their places and numbers, the blank page and the 版记 page carry
none. A PDF whose office already honoured the break has an even count and is left
alone.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

# The body's own sectPr is the last element of word/document.xml: its start type is
# in the file's tail.
_TAIL = 16384
_LAST_SECTION = re.compile(rb"<w:sectPr\b(?:(?!<w:sectPr\b).)*$", re.S)
_EVEN_START = re.compile(rb'<w:type\s+w:val="evenPage"\s*/>')


def last_section_on_even_page(docx: Path) -> bool:
    """Whether the document's last section starts on an even page (a 版记 page)."""
    if Path(docx).suffix.lower() != ".docx":
        return False
    try:
        with zipfile.ZipFile(docx) as z, z.open("word/document.xml") as f:
            tail = b""
            while chunk := f.read(1 << 20):
                tail = (tail + chunk)[-_TAIL:]
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    last = _LAST_SECTION.search(tail)
    return bool(last and _EVEN_START.search(last.group(0)))


def place_last_page_on_even(pdf: Path) -> int:
    """Rewrite `pdf` with a blank page before its last page when that page is odd;
    return the page count afterwards."""
    from pypdf import PdfReader, PdfWriter

    from generator.writers.pdfmerge import add_blank_like, blank_pages_needed, write_pdf

    reader = PdfReader(str(pdf))
    pages = len(reader.pages)
    if not blank_pages_needed(pages):
        return pages
    writer = PdfWriter(clone_from=reader)
    add_blank_like(writer, reader.pages[-1], index=pages - 1)
    write_pdf(writer, pdf)
    return pages + 1


__all__ = ["last_section_on_even_page", "place_last_page_on_even"]
