"""Print-ready PDFs: convert documents with the LibreOffice pool, and give every batch
one print file with a bookmark per document.

A batch that the build also writes as one merged .docx (posters, department lists) is
converted once, as that file (in parts over the workers when large), and the PDF is cut
into the batch's own PDFs by page ranges known from the build: a fixed number of pages
per document (posters: one), or each document's start found by its title. Every cut is
checked (pages, the document's name on its first page); when a check fails the batch is
converted file by file instead, and the clerk is told. The merged .docx's PDF then is
the print file: same name, a bookmark per enterprise or department, and with `duplex`
a blank page after each document of odd length. Batches without a merged .docx get a
print file "<batch>（合并打印）.pdf" merged from their documents' PDFs.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.documents.base import MERGED_SUFFIX
from generator.pdf_cache import PdfCache, cache_for
from generator.progress_bar import ProgressBar
from generator.writers import pdf as pdfpool
from generator.writers.atomic import write_bytes
from generator.writers.ooxml import next_page_breaks
from generator.writers.last_page import last_section_on_even_page, place_last_page_on_even
from generator.writers.pdfmerge import Part, merge, page_count, report

MIN_MEMBERS_PER_PART = 4   # fewer documents than this are not worth a conversion of their own


@dataclass(frozen=True)
class Doc:
    source: Path          # .docx
    target: Path          # .pdf
    title: str = ""
    group: str = ""
    label: str = ""       # enterprise / department: its bookmark in the print file
    merges: str = ""      # a merged print file: the group it holds
    pages_each: int = 0
    render_part: Callable[[int, int], bytes] | None = field(default=None, compare=False, hash=False)

    @property
    def bookmark(self) -> str:
        return self.label or self.title or self.source.stem


@dataclass
class PrintResult:
    converted: list[pdfpool.Conversion] = field(default_factory=list)
    merged: list[tuple[Path, list[Part]]] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    unwritten: list[tuple[Path, str]] = field(default_factory=list)   # merged files that could not be written
    incomplete: list[tuple[Path, list[Doc]]] = field(default_factory=list)  # merged files missing documents
    made_from: dict[Path, list[Path]] = field(default_factory=dict)   # print file -> its documents
    split: list[Path] = field(default_factory=list)        # merged files converted once and cut
    fell_back: list[tuple[Path, str]] = field(default_factory=list)   # merged files whose cut failed, why

    @property
    def failed(self) -> list[pdfpool.Conversion]:
        return [c for c in self.converted if not c.ok]


@dataclass
class PrintSet:
    merged: Doc
    members: list[Doc]


class SplitFailed(Exception):
    """The merged file's PDF could not be cut with confidence: convert file by file."""


def build_docs(inputs, ws, options, target: Path, suffixes: tuple[str, ...], artifacts=None) -> list[Doc]:
    """The documents a build wrote that convert to PDF, each with its batch. `artifacts`:
    what that build planned (planning again costs the 作战图 its layout search)."""
    from generator.build import destinations, plan_artifacts

    if not artifacts:
        artifacts = plan_artifacts(inputs, ws, options)
    return [Doc(path, path.with_suffix(".pdf"), a.title, a.group, a.label, a.merges, a.pages_each, a.render_part)
            for a, path in zip(artifacts, destinations(artifacts, target), strict=True)
            if a.path.lower().endswith(suffixes)]


def docs_title(path: Path) -> str:
    """A document's title for bookmarks: its core title, else the file name."""
    try:
        if path.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook
            title = load_workbook(str(path), read_only=True).properties.title
        else:
            from docx import Document
            title = Document(str(path)).core_properties.title
    except Exception:  # noqa: BLE001 - any unreadable file keeps its name
        title = ""
    return title or path.stem


COLD_WARNING = ("未找到可驱动 LibreOffice 的 Python（python3-uno），改为逐个启动 LibreOffice 转换："
                "较慢，目录不会更新。安装：sudo apt-get install python3-uno")


def convert_docs(docs: list[Doc], *, quiet: bool, workers: int | None = None,
                 timeout: float | None = None, warn=None, cache: bool = False) -> list[pdfpool.Conversion]:
    """Every document converted on its own (proof, fallbacks); with `cache`, a PDF
    kept for exactly these bytes (pdf_cache) is taken instead of converting."""
    with pdfpool.offices(workers=workers, timeout=timeout) as pool:
        if not pool.warm and warn:
            warn(COLD_WARNING)
        return _convert(pool, [(d.source, d.target) for d in docs], quiet, cache_for(pool, cache))


def _convert(pool: pdfpool.Pool, jobs: list[tuple[Path, Path]], quiet: bool,
             cache: PdfCache | None = None) -> list[pdfpool.Conversion]:
    """Conversions in the order of `jobs`; with a cache, a PDF kept for exactly these
    bytes under the same office, fonts and code is written instead of converting."""
    done: dict[int, pdfpool.Conversion] = {}
    keys: dict[int, str | None] = {}
    todo: list[int] = []
    for i, (source, target) in enumerate(jobs):
        keys[i] = cache.conversion_key(source) if cache is not None else None
        try:
            pages = cache.take(keys[i], target) if cache is not None else None
        except OSError as exc:
            done[i] = pdfpool.Conversion(source, target, cached=True,
                                         error=f"无法写入 PDF（{exc.strerror or exc}），文件可能正在被其他程序打开")
            continue
        if pages is None:
            todo.append(i)
            continue
        done[i] = pdfpool.Conversion(source, target, ok=True, pages=pages, cached=True)
    if todo:
        with ProgressBar(len(todo), "转换 PDF", quiet=quiet) as bar:
            for i, conv in zip(todo, pool.convert([jobs[i] for i in todo], lambda c: bar.advance(failed=not c.ok))):
                done[i] = conv
                if conv.ok and cache is not None:
                    cache.keep(keys[i], conv.target, conv.pages)
    if cache is not None:
        cache.prune()
    return [done[i] for i in range(len(jobs))]


def lacking_lines(missing: list[Doc]) -> str:
    """A merged file's report names every document it should hold but does not."""
    if not missing:
        return ""
    lines = [f"！缺少 {len(missing)} 份文档（未能转换为 PDF，不在合并文件中）："]
    lines += [f"  - {d.title or d.source.stem}（{d.source.name}）" for d in missing]
    return "\n".join(lines) + "\n"


# --- sets printed as one merged file --------------------------------------------

def print_sets(docs: list[Doc]) -> tuple[list[PrintSet], list[Doc]]:
    """Batches that have a merged print file among the documents, and all the rest."""
    groups: dict[str, list[Doc]] = {}
    for d in docs:
        if d.group:
            groups.setdefault(d.group, []).append(d)
    sets = [PrintSet(d, groups[d.merges]) for d in docs if d.merges and groups.get(d.merges)]
    taken = {s.merged.source for s in sets} | {m.source for s in sets for m in s.members}
    return sets, [d for d in docs if d.source not in taken]


def part_ranges(s: PrintSet, workers: int) -> list[tuple[int, int]]:
    """Members cut into consecutive parts of about equal pages, one per worker, so a
    500-page merged file keeps every worker busy. Pages are known (posters) or
    estimated by the size of each member's .docx."""
    n = len(s.members)
    parts = min(workers, n // MIN_MEMBERS_PER_PART)
    if s.merged.render_part is None or parts < 2:
        return [(0, n)]
    weights = [s.merged.pages_each or _size(m.source) for m in s.members]
    total, ranges, start, done = sum(weights), [], 0, 0
    for i, w in enumerate(weights):
        done += w
        if len(ranges) < parts - 1 and done * parts >= total * (len(ranges) + 1) and i + 1 < n:
            ranges.append((start, i + 1))
            start = i + 1
    ranges.append((start, n))
    return ranges


def _size(path: Path) -> int:
    try:
        return max(1, path.stat().st_size)
    except OSError:
        return 1


def member_ranges(doc, s: PrintSet) -> list[tuple[int, int]]:
    """(first page, page count) of every member in the merged PDF, each checked: its
    count, and its name (enterprise, department, else title) on its first page."""
    from generator.writers.pdfsplit import comparable, page_text

    total, n, each = len(doc), len(s.members), s.merged.pages_each
    texts: dict[int, str] = {}

    def text(i: int) -> str:
        if i not in texts:
            texts[i] = page_text(doc, i)
        return texts[i]

    if each:
        if total != each * n:
            raise SplitFailed(f"PDF 共 {total} 页，应为 {n} 份 × {each} 页")
        starts = [i * each for i in range(n)]
    else:
        starts, page = [], 0
        for m in s.members:
            title = comparable(m.title)
            found = next((i for i in range(page, total) if title and title in text(i)), None)
            if found is None or (not starts and found != 0):
                raise SplitFailed(f"未能在 PDF 中找到“{m.title}”的开始页")
            starts.append(found)
            page = found + 1
    ranges = []
    for k, (first, stop) in enumerate(zip(starts, starts[1:] + [total])):
        while stop - 1 > first and not text(stop - 1):   # a page left blank by an odd-page break
            stop -= 1
        name = comparable(s.members[k].label or s.members[k].title)
        if name and name not in text(first):
            raise SplitFailed(f"第 {first + 1} 页上没有“{s.members[k].bookmark}”")
        if each and stop - first != each:
            raise SplitFailed(f"“{s.members[k].bookmark}”有 {stop - first} 页，应为 {each} 页")
        ranges.append((first, stop - first))
    return ranges


def _cut(s: PrintSet, parts: list[pdfpool.Conversion], folder: Path, duplex: bool,
         result: PrintResult, kept: PdfCache | None = None) -> None:
    """One set from its converted parts: members' PDFs and the print file, or SplitFailed.
    Each member's checked cut is kept as its PDF (`kept`): the same pages as the member
    converted alone (tests/test_print_sets.py), so `wuhua proof` or `wuhua pdf` on one
    poster later converts nothing."""
    from generator.writers.pdfsplit import concat, open_pdf, write_extract

    bad = [c for c in parts if not c.ok]
    if bad:
        raise SplitFailed(f"合并文件未能转换（{bad[0].error}）")
    raw = folder / "raw.pdf"
    raw.write_bytes(concat([c.target for c in parts]) if len(parts) > 1 else parts[0].target.read_bytes())
    doc = open_pdf(raw)
    made: list[pdfpool.Conversion] = []
    # A member ending with a 版记 page gets the blank page before it that a file
    # converted on its own gets (writers/last_page), in its PDF and in the print file.
    even_last = [last_section_on_even_page(m.source) for m in s.members]
    try:
        ranges = member_ranges(doc, s)
        for m, (first, count), even in zip(s.members, ranges, even_last, strict=True):
            conv = pdfpool.Conversion(m.source, m.target)
            try:
                write_extract(doc, first, count, m.target)
                conv.ok, conv.pages = True, place_last_page_on_even(m.target) if even else count
                if kept is not None:
                    kept.keep(kept.conversion_key(m.source), m.target, conv.pages)
            except OSError as exc:
                conv.error = f"无法写入 PDF（{exc.strerror or exc}），文件可能正在被其他程序打开"
            made.append(conv)
    finally:
        doc.close()
    result.converted += made
    # The print file holds every member, also one whose own PDF could not be written.
    _print_file(s.merged, [Part(m.bookmark, raw, count, first, even)
                           for m, (first, count), even in zip(s.members, ranges, even_last)],
                [m.source for m in s.members], [], duplex, result)
    result.split.append(s.merged.target)


def _print_file(merged: Doc, parts: list[Part], sources: list[Path], lacking: list[Doc], duplex: bool,
                result: PrintResult) -> None:
    """The merged .docx's PDF made from its members' pages, with bookmarks and report."""
    target = merged.target
    conv = pdfpool.Conversion(merged.source, target)
    result.converted.append(conv)
    title = merged.title or target.stem
    try:
        counted = merge(parts, target, title=title, duplex=duplex)
    except OSError as exc:
        conv.error = f"无法写入 PDF（{exc.strerror or exc}），文件可能正在被其他程序打开"
        result.unwritten.append((target, exc.strerror or str(exc)))
        return
    conv.ok, conv.pages = True, page_count(target)
    _report(target, title, counted, [merged.source, *sources], lacking, result)


def _report(target: Path, title: str, counted: list[Part], sources: list[Path], lacking: list[Doc],
            result: PrintResult) -> None:
    result.merged.append((target, counted))
    result.made_from[target] = sources
    text = report(title, counted, target) + lacking_lines(lacking)
    if lacking:
        result.incomplete.append((target, lacking))
    result.reports.append(text)
    write_bytes(target.with_suffix(".txt"), text.replace("\n", "\r\n").encode("utf-8-sig"))


def make_pdfs(docs: list[Doc], folder: Path, *, quiet: bool, workers: int | None = None,
              timeout: float | None = None, duplex: bool = False, merged_name: str | None = None,
              warn: Callable[[str], None] | None = None, cache: bool = True) -> PrintResult:
    """Every document's PDF and every batch's print file (see the module's docstring).
    With `cache`, files whose bytes were converted before are not converted again (pdf_cache)."""
    sets, rest = ([], docs) if merged_name else print_sets(docs)
    with pdfpool.offices(workers=workers, timeout=timeout) as pool, \
            tempfile.TemporaryDirectory(prefix="wuhua-print-", ignore_cleanup_errors=True) as tmp:
        if not pool.warm and warn:
            warn(COLD_WARNING)
        kept = cache_for(pool, cache)
        work = Path(tmp)
        jobs: list[tuple[Path, Path]] = []
        plans: list[list[int]] = []
        for k, s in enumerate(sets):
            ranges = part_ranges(s, pool.size)
            indexes = []
            for i, (start, stop) in enumerate(ranges):
                # Converted with next-page breaks (see ooxml.next_page_breaks), so each
                # member lays out as it does alone; blank backs come from `duplex`.
                data = s.merged.render_part(start, stop) if len(ranges) > 1 else s.merged.source.read_bytes()
                laid_out = next_page_breaks(data) if s.merged.source.suffix == ".docx" else data
                source = s.merged.source
                if len(ranges) > 1 or laid_out is not data:
                    source = work / f"{k}-{i}.docx"
                    source.write_bytes(laid_out)
                indexes.append(len(jobs))
                jobs.append((source, work / f"{k}-{i}.pdf"))
            plans.append(indexes)
        first_rest = len(jobs)
        jobs += [(d.source, d.target) for d in rest]
        converted = _convert(pool, jobs, quiet, kept)
        result = PrintResult(converted=converted[first_rest:])
        again: list[PrintSet] = []
        for k, (s, indexes) in enumerate(zip(sets, plans, strict=True)):
            folder_k = work / f"set-{k}"
            folder_k.mkdir()
            try:
                _cut(s, [converted[i] for i in indexes], folder_k, duplex, result, kept)
            except SplitFailed as exc:
                result.fell_back.append((s.merged.target, str(exc)))
                if warn:
                    warn(f"{s.merged.source.name}：{exc}，改为逐个转换其中的 {len(s.members)} 份文档")
                again.append(s)
        if again:
            members = [m for s in again for m in s.members]
            redone = _convert(pool, [(m.source, m.target) for m in members], quiet, kept)
            result.converted += redone
            ok = {c.source for c in redone if c.ok}
            for s in again:
                good = [m for m in s.members if m.source in ok]
                _print_file(s.merged, [Part(m.bookmark, m.target) for m in good], [m.source for m in good],
                            [m for m in s.members if m.source not in ok], duplex, result)
    _batches(rest, result, folder, duplex=duplex, merged_name=merged_name)
    return result


def _batches(docs: list[Doc], result: PrintResult, folder: Path, *, duplex: bool,
             merged_name: str | None) -> None:
    """Merge each group without a merged .docx (or everything, when merged_name is
    given) into one PDF."""
    ok = {c.source: c for c in result.converted if c.ok}
    groups: dict[str, list[Doc]] = {}
    lacking: dict[str, list[Doc]] = {}
    for d in docs:
        key = merged_name if merged_name else d.group
        if key and d.source in ok:
            groups.setdefault(key, []).append(d)
        elif key:
            lacking.setdefault(key, []).append(d)
    for name, members in groups.items():
        parts = [Part(d.bookmark, d.target, ok[d.source].pages or 0) for d in members]
        target = folder / (name if name.lower().endswith(".pdf") else f"{name}{MERGED_SUFFIX}.pdf")
        try:
            counted = merge(parts, target, title=target.stem, duplex=duplex)
        except OSError as exc:
            result.unwritten.append((target, exc.strerror or str(exc)))
            continue
        _report(target, target.stem, counted, [d.source for d in members], lacking.get(name, []), result)
    for c in result.converted:
        if c.ok and not c.pages:
            c.pages = page_count(c.target)


def print_batches(docs: list[Doc], converted: list[pdfpool.Conversion], folder: Path, *,
                  duplex: bool = False, merged_name: str | None = None) -> PrintResult:
    """Print files of documents already converted one by one."""
    result = PrintResult(converted=converted)
    _batches(docs, result, folder, duplex=duplex, merged_name=merged_name)
    return result
