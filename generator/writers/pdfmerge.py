"""Print files: many PDFs merged into one, with a bookmark per document.

Each document keeps the page numbers printed on its pages; the PDF page labels are
set to match, so a viewer's page box shows "3" where the paper says "— 3 —".
With `duplex`, a blank page follows every document of odd length, so that each one
starts on the front of a sheet when the batch is printed double-sided. A part marked
`even_last` (a document ending with a 版记 page, see writers/last_page) gets a blank
page before its last page when that page would be odd. Both blanks are made by
`add_blank_like`, the one way this project adds a blank page to a PDF.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from generator.writers.atomic import write_bytes


@dataclass(frozen=True)
class Part:
    title: str          # bookmark text: the enterprise or department the document is for
    pdf: Path
    pages: int = 0
    # With `first`, the part is pages [first, first + pages) of `pdf` (a converted
    # merged file, whose fonts all parts then share); else the whole file.
    first: int | None = None
    even_last: bool = False   # the last page must be an even one (版记): blank before it if not


def page_count(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)


def add_blank_like(writer, page, index: int | None = None) -> None:
    """A blank page of `page`'s size, appended or inserted at `index`."""
    box = page.mediabox
    if index is None:
        writer.add_blank_page(width=float(box.width), height=float(box.height))
    else:
        writer.insert_blank_page(width=float(box.width), height=float(box.height), index=index)


def blank_pages_needed(pages: int) -> int:
    """Blank pages to insert before the last page so that it falls on an even page."""
    return 1 if pages > 1 and pages % 2 == 1 else 0


def write_pdf(writer, target: Path) -> None:
    from generator.writers.pdfbytes import deterministic_pdf

    buffer = io.BytesIO()
    writer.write(buffer)
    write_bytes(target, deterministic_pdf(buffer.getvalue(), fonts=False))   # made of converted PDFs


def merge(parts: list[Part], target: Path, *, title: str = "", duplex: bool = False) -> list[Part]:
    """Write `target`; return the parts with their page counts, in order."""
    writer = PdfWriter()
    counted = []
    readers: dict[Path, PdfReader] = {}
    for part in parts:
        reader = readers.get(part.pdf) or readers.setdefault(part.pdf, PdfReader(str(part.pdf)))
        pages = (reader.pages if part.first is None
                 else [reader.pages[i] for i in range(part.first, part.first + part.pages)])
        start = len(writer.pages)
        for page in pages:
            writer.add_page(page)
        n = len(pages)
        if part.even_last and blank_pages_needed(n):
            add_blank_like(writer, pages[-1], index=start + n - 1)
            n += 1
        if n:
            writer.add_outline_item(title=part.title, page_number=start)
            writer.set_page_label(start, start + n - 1, style="/D", start=1)
        if duplex and n % 2 == 1:
            add_blank_like(writer, pages[-1])
        counted.append(Part(part.title, part.pdf, n, part.first, part.even_last))
    if title:
        writer.add_metadata({"/Title": title})
    writer.page_mode = "/UseOutlines"
    write_pdf(writer, target)
    return counted


def report(title: str, parts: list[Part], merged: Path | None = None) -> str:
    """The short print report clerks attach or read before printing."""
    total = sum(p.pages for p in parts)
    width = max((len(p.title) for p in parts), default=0)
    lines = [f"{title}：{len(parts)} 份文档，共 {total} 页"]
    if merged is not None:
        lines.append(f"合并文件：{merged.name}")
    for i, p in enumerate(parts, start=1):
        lines.append(f"{i:>4}. {p.title}{'　' * (width - len(p.title))}  {p.pages:>3} 页")
    return "\n".join(lines) + "\n"
