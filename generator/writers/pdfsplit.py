"""One PDF into many: the pages of a converted merged print file cut into the PDFs of
the documents it holds, and the text of pages to check each cut by.

pdfium (pypdfium2) copies pages and reads text in C: a 500-page file is cut in about a
second, where converting 500 files one by one costs LibreOffice a minute.
"""
from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

from generator.writers.atomic import write_bytes

_SPACE = re.compile(r"\s+")


def comparable(text: str) -> str:
    """Text as it is compared: LibreOffice puts spaces between Chinese and digits and
    breaks lines anywhere; width variants fold together."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def open_pdf(data: bytes | Path):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data if isinstance(data, bytes) else str(data))


def page_text(doc, index: int) -> str:
    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            return comparable(textpage.get_text_range())
        finally:
            textpage.close()
    finally:
        page.close()


def concat(sources: list[Path]) -> bytes:
    """The pages of several PDFs, in order, as one PDF."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for source in sources:
        doc = pdfium.PdfDocument(str(source))
        out.import_pages(doc)
        doc.close()
    return _save(out)


def extract(doc, first: int, count: int) -> bytes:
    """Pages [first, first + count) of an open PDF as a PDF of their own."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    out.import_pages(doc, list(range(first, first + count)))
    return _save(out)


def write_extract(doc, first: int, count: int, target: Path) -> None:
    from generator.writers.pdfbytes import deterministic_pdf

    write_bytes(target, deterministic_pdf(extract(doc, first, count), fonts=False))   # cut from a converted PDF


def _save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    doc.close()
    return buffer.getvalue()
