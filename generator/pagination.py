"""Page numbers for tables of contents, from a LibreOffice layout.

A document with a 目录 (Artifact.contents) is laid out once: its contents lines get a
placeholder number first, so the layout has the lines exactly as they will print (the
dot leader and a number on every line: filling in the real number later cannot add a
line and move a heading). The PDF's text layer then says on which page each heading
is printed, and that page's printed number ("— N —", which is not the PDF page index
when a cover or the contents page has none) becomes the line's shown number
(style.contents.fill). The fields stay, so Word still updates them.

Without LibreOffice the documents are written as they are and the build says once
that the contents have no page numbers and how to add them in Word or WPS.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import SetupProblem
from generator.style import contents
from generator.writers import pdf as pdfpool
from generator.writers.built import document_bytes

PLACEHOLDER = "99"          # as wide as the numbers of any book of under 100 pages
NO_OFFICE = ("{names}的目录暂无页码：本机未找到 LibreOffice，无法排版计算页码。"
             "请在 Word 或 WPS 中打开后右键单击目录，选“更新域”（Word 中选“更新整个目录”）。")
FAILED = "{name}的目录暂无页码：排版计算失败（{why}）。请在 Word 或 WPS 中右键单击目录，选“更新域”。"
UNFOUND = "{name}的目录中“{heading}”未在排版结果中找到，其页码留空；请在 Word 或 WPS 中右键单击目录，选“更新域”。"

PAGE_NUMBER = re.compile(r"^[—－-]+\s*(\d+)\s*[—－-]+$")
LEADER = re.compile(r"(\.{4,}|…{2,}|·{4,})\s*\d+$")
SPACE = re.compile(r"\s+")


@dataclass
class Paginated:
    files: dict[Path, bytes]
    notes: list[str] = field(default_factory=list)


def _squeeze(text: str) -> str:
    return SPACE.sub("", text.replace("\u3000", ""))


def pdf_lines(pdf: Path) -> list[list[str]]:
    """Each page's text lines as printed (pypdfium2: fast, and the text in reading order)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for page in doc:
            text = page.get_textpage().get_text_range()
            out.append([ln.strip() for ln in re.split(r"[\r\n]+", text) if ln.strip()])
        return out
    finally:
        doc.close()


def printed_number(lines: list[str]) -> str:
    """A page's printed "— N —" number, "" on a page without one (cover, contents)."""
    for line in reversed(lines):
        found = PAGE_NUMBER.match(_squeeze(line))
        if found:
            return found.group(1)
    return ""


def _body_start(pages: list[list[str]]) -> int:
    """The first page after the contents: the contents pages are the run of pages, from
    the first, whose lines end in a dot leader and a number."""
    first = next((i for i, lines in enumerate(pages) if any(LEADER.search(_squeeze(ln)) for ln in lines)), None)
    if first is None:
        return 0
    i = first
    while i < len(pages) and any(LEADER.search(_squeeze(ln)) for ln in pages[i]):
        i += 1
    return i


def _starts_on(lines: list[str], heading: str) -> bool:
    """A line of the page starts the heading (which may wrap onto the next lines)."""
    squeezed = [_squeeze(ln) for ln in lines]
    for i, line in enumerate(squeezed):
        if not line or not heading.startswith(line):
            continue
        joined = line
        j = i + 1
        while len(joined) < len(heading) and j < len(squeezed):
            joined += squeezed[j]
            j += 1
        if joined == heading:
            return True
    return False


def heading_pages(pages: list[list[str]], headings: list[str]) -> list[str | None]:
    """The printed page number of each heading (None: not found), searched in order
    after the contents."""
    out: list[str | None] = []
    at = _body_start(pages)
    for heading in headings:
        wanted = _squeeze(heading)
        found = next((i for i in range(at, len(pages)) if _starts_on(pages[i], wanted)), None)
        if found is None:
            out.append(None)
            continue
        at = found
        out.append(printed_number(pages[found]) or None)
    return out


def _with_numbers(data: bytes, numbers: list[str], title: str) -> bytes:
    import docx

    doc = docx.Document(io.BytesIO(data))
    contents.fill(doc, numbers)
    return document_bytes(doc, title)


def _cache_path(laid_out: bytes) -> Path | None:
    """Where the numbers of one layout are kept: the document as laid out (placeholders
    in), the LibreOffice that laid it out, the fonts it found (pdf_cache: the same
    office identity and font files as the PDF cache) and this code decide them, and
    builds are byte-for-byte repeatable, so a rebuild of an unchanged book needs no
    layout. Same folder and switch (WUHUA_CACHE_DIR) as the chart cache.

    Not narrower: which page a heading lands on depends on every line before it, so a
    progress edit in a book's body (the 作战图集 prints progress) must be laid out again."""
    import hashlib
    import os

    from generator.charts.cache import cache_dir
    from generator.pdf_cache import font_state, office_identity

    folder = cache_dir()
    soffice = pdfpool.find_soffice()
    if folder is None or soffice is None:
        return None
    try:
        office = office_identity(soffice)
    except OSError:
        office = soffice
    key = hashlib.sha256()
    for part in (laid_out, office.encode(), font_state(soffice).encode(), Path(__file__).read_bytes(),
                 Path(contents.__file__).read_bytes(), os.environ.get("WUHUA_SOFFICE", "").encode()):
        key.update(hashlib.sha256(part).digest())
    return folder / "目录页码" / f"{key.hexdigest()}.json"


def _numbered_path(rendered: bytes) -> Path | None:
    """Where the numbered document made from `rendered` is kept: the layout's key (the
    office, fonts, this code) with the rendered document instead of the laid-out one,
    plus what writes the bytes (the generator's code and libraries, SOURCE_DATE_EPOCH).
    An unchanged book then skips opening and saving it three times."""
    import hashlib
    import os

    from generator.artifact_cache import code_version

    layout = _cache_path(rendered)
    if layout is None:
        return None
    key = hashlib.sha256(f"{layout.stem}|{code_version()}|{os.environ.get('SOURCE_DATE_EPOCH', '')}".encode())
    return layout.parent.parent / "目录页码文档" / f"{key.hexdigest()}.docx"


def _cached_document(path: Path | None) -> bytes | None:
    import zipfile

    if path is None:
        return None
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.testzip() is not None:        # every member's CRC: a torn file is no hit
                return None
        return data
    except (OSError, zipfile.BadZipFile):
        return None


def _remember_document(path: Path | None, data: bytes) -> None:
    if path is None:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
        kept = sorted(path.parent.glob("*.docx"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[KEEP_DOCUMENTS:]:
            old.unlink()
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


KEEP_DOCUMENTS = 40       # numbered books kept (a sample build has four)


def _cached(path: Path | None) -> list[str | None] | None:
    import json

    if path is None:
        return None
    try:
        numbers = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return numbers if isinstance(numbers, list) else None


def _remember(path: Path | None, numbers: list[str | None]) -> None:
    import json

    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(numbers), "utf-8")
        tmp.replace(path)
    except OSError:
        pass        # a cache that cannot be written saves no time; it decides nothing


def needs_layout(rendered: bytes) -> bool:
    """Whether numbering this rendered document will ask LibreOffice for a layout
    (no numbered document kept for these bytes)."""
    return _cached_document(_numbered_path(rendered)) is None


def _guess_path(title: str, headings: list[str]) -> Path | None:
    """Where the numbers last found for a book with these headings are kept: the
    layout after a progress edit usually puts every heading where it was."""
    import hashlib

    from generator.charts.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256("\0".join([title, *headings]).encode("utf-8")).hexdigest()
    return folder / "目录页码" / f"上次-{key}.json"


@dataclass
class _Layout:
    path: Path
    headings: list[str]
    title: str
    cache: Path | None          # numbers of this exact layout
    guess: list[str] | None     # numbers tried in the layout (verified), else placeholders
    laid_out: bytes             # what LibreOffice lays out


def paginate(files: dict[Path, bytes], which: list[Path], *, keep_pdfs: bool = False) -> Paginated:
    """`files` with the contents of the documents `which` numbered as LibreOffice prints them.

    A book is laid out with the numbers it had last time when there were any (else
    placeholders). When the layout prints every heading on the page its line says, that
    layout is the finished document's: with `keep_pdfs` (PDFs will follow) its PDF goes
    into the PDF cache, so the book is converted once, not laid out and converted."""
    import docx

    done = Paginated(dict(files))
    todo = []
    finished = {}
    for path in which:
        finished[path] = _numbered_path(files[path])
        numbered = _cached_document(finished[path])
        if numbered is not None:
            done.files[path] = numbered
            continue
        doc = docx.Document(io.BytesIO(files[path]))
        headings = [e.heading for e in contents.entries(doc)]
        if headings:
            title = doc.core_properties.title or ""
            laid_out = _with_numbers(files[path], [PLACEHOLDER] * len(headings), title)
            todo.append((path, headings, title, laid_out, _cache_path(laid_out)))
    layouts: list[_Layout] = []
    for path, headings, title, laid_out, cache in todo:
        numbers = _cached(cache)
        if numbers is not None and len(numbers) == len(headings):
            _number(done, path, headings, title, numbers, files)
            _remember_document(finished[path], done.files[path])
            continue
        guess = _cached(_guess_path(title, headings))
        if guess is not None and (len(guess) != len(headings) or not all(guess)):
            guess = None
        if guess is not None:
            laid_out = _with_numbers(files[path], guess, title)
        layouts.append(_Layout(path, headings, title, cache, guess, laid_out))
    if not layouts:
        return done
    with contextlib.ExitStack() as stack:
        try:
            pool = stack.enter_context(pdfpool.offices(workers=min(2, len(layouts))))
        except SetupProblem:
            done.notes.append(NO_OFFICE.format(names="、".join(f"《{lay.path.stem}》" for lay in layouts)))
            return done
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wuhua-pages-")))
        _lay_out(pool, layouts, tmp, done, files, finished, keep_pdfs)
    return done


def _lay_out(pool, layouts: list[_Layout], tmp: Path, done: Paginated, files: dict[Path, bytes],
             finished: dict[Path, Path | None], keep_pdfs: bool) -> None:
    from generator.pdf_cache import cache_for

    jobs = []
    for index, lay in enumerate(layouts):
        src = tmp / f"{index}.docx"
        src.write_bytes(lay.laid_out)
        jobs.append((src, src.with_suffix(".pdf")))
    kept = cache_for(pool, keep_pdfs)
    for lay, (src, _), conversion in zip(layouts, jobs, pool.convert(jobs), strict=True):
        if not conversion.ok:
            done.notes.append(FAILED.format(name=f"《{lay.path.stem}》", why=conversion.error))
            continue
        numbers = heading_pages(pdf_lines(conversion.target), lay.headings)
        _number(done, lay.path, lay.headings, lay.title, numbers, files)
        if all(n is not None for n in numbers):
            _remember(lay.cache, numbers)
            _remember(_guess_path(lay.title, lay.headings), numbers)
            _remember_document(finished[lay.path], done.files[lay.path])
            if kept is not None and numbers == lay.guess:
                # The document converted is the finished one, byte for byte.
                kept.keep(kept.conversion_key(src), conversion.target, conversion.pages)


def _number(done: Paginated, path: Path, headings: list[str], title: str,
            numbers: list[str | None], files: dict[Path, bytes]) -> None:
    for heading, number in zip(headings, numbers):
        if number is None:
            done.notes.append(UNFOUND.format(name=f"《{path.stem}》", heading=heading))
    done.files[path] = _with_numbers(files[path], [n or "" for n in numbers], title)
