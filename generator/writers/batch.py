"""Render many documents from one template fast, byte for byte as `render_template` would.

The one-at-a-time path pays the whole template for every document: unzip, parse
every part, clean the tags, compile Jinja, apply fonts, serialize every part, zip,
then re-zip to normalize. For a batch (a task list per department, a poster per
enterprise) only word/document.xml and the title in docProps/core.xml change, so a
`CompiledTemplate`:

- parses and compiles the template once (docxtpl's own tag clean-up, our Jinja env);
- renders the first document through `render_template` and keeps that package as the
  skeleton: every other part's *compressed* bytes are reused as they are;
- per document renders the body with the compiled Jinja, applies docxtpl's own
  post-processing (listing, tables, drawing ids), serializes it as python-docx does,
  sets the title as python-docx does, and writes the zip entries directly;
- checks itself: the second document is also rendered the slow way, and if the two
  differ in any byte the template falls back to the slow path for the whole batch
  (templates with tags in headers, footers or properties never take the fast path).

Large batches are spread over processes, one per core, where processes can be forked
(Linux, macOS); elsewhere one process renders them all.
"""
from __future__ import annotations

import itertools
import os
import re
import struct
import zipfile
import zlib
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from docx.opc.oxml import serialize_part_xml
from docxtpl import DocxTemplate

from generator.model import FontSettings
from generator.writers.docx import RenderJob, jinja_env, render_template, template_problems
from generator.writers.ooxml import with_title

PARALLEL_MIN = 200          # below this, starting processes costs more than it saves
_TAG = re.compile(r"\{[{%#]")
_DOCUMENT = "word/document.xml"
_CORE = "docProps/core.xml"
_AWKWARD = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")


def _plain_title(title: str) -> bool:
    """Titles lxml would escape differently or refuse go the slow path (which reports them)."""
    return len(title) <= 255 and not _AWKWARD.search(title)


@dataclass(frozen=True)
class _Entry:
    """One zip member as normalize() wrote it: header fields and compressed bytes."""

    name: bytes
    flags: int
    crc: int
    size: int
    raw: bytes          # deflated payload

    @classmethod
    def deflate(cls, name: bytes, flags: int, payload: bytes) -> _Entry:
        # Same parameters as zipfile's ZIP_DEFLATED at compresslevel 6 (ooxml.normalize).
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        return cls(name, flags, zlib.crc32(payload), len(payload), c.compress(payload) + c.flush())

    @classmethod
    def deflate_chunks(cls, name: bytes, flags: int, chunks: Iterable[bytes]) -> _Entry:
        """As `deflate` of the chunks joined (deflate's output does not depend on how
        its input is cut), holding only the compressed bytes."""
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        crc, size, out = 0, 0, []
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
            out.append(c.compress(chunk))
        out.append(c.flush())
        return cls(name, flags, crc, size, b"".join(out))


def _entries(package: bytes) -> tuple[list[_Entry], int, int]:
    """Split a normalized package into entries, keeping the deflated bytes."""
    entries = []
    with zipfile.ZipFile(_Bytes(package)) as z:
        for info in z.infolist():
            start = info.header_offset
            name_len, extra_len = struct.unpack("<HH", package[start + 26:start + 30])
            data = start + 30 + name_len + extra_len
            entries.append(_Entry(info.filename.encode("utf-8" if info.flag_bits & 0x800 else "ascii"),
                                  info.flag_bits, info.CRC, info.file_size,
                                  package[data:data + info.compress_size]))
        first = z.infolist()[0]
        dostime = first.date_time[3] << 11 | first.date_time[4] << 5 | first.date_time[5] // 2
        dosdate = (first.date_time[0] - 1980) << 9 | first.date_time[1] << 5 | first.date_time[2]
    return entries, dostime, dosdate


def _Bytes(data: bytes):
    import io
    return io.BytesIO(data)


def _zip(entries: list[_Entry], dostime: int, dosdate: int) -> bytes:
    """The bytes zipfile writes for these entries (as in ooxml.normalize), without
    compressing anything again."""
    out = []
    central = []
    offset = 0
    for e in entries:
        local = struct.pack("<4s2B4HL2L2H", b"PK\003\004", 20, 0, e.flags, zipfile.ZIP_DEFLATED,
                            dostime, dosdate, e.crc, len(e.raw), e.size, len(e.name), 0)
        central.append(struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", 20, 3, 20, 0, e.flags,
                                   zipfile.ZIP_DEFLATED, dostime, dosdate, e.crc, len(e.raw), e.size,
                                   len(e.name), 0, 0, 0, 0, 0o600 << 16, offset) + e.name)
        out.append(local + e.name + e.raw)
        offset += len(local) + len(e.name) + len(e.raw)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(entries), len(entries),
                      len(directory), offset, 0)
    return b"".join(out) + directory + end


class Skeleton:
    """A normalized package kept as compressed entries: a document that differs from it
    only in some parts is written without compressing the others again (posters, where
    only the body changes per enterprise). Same bytes as ooxml.normalize would give."""

    def __init__(self, package: bytes):
        self.entries, self.dostime, self.dosdate = _entries(package)

    def with_parts(self, parts: dict[str, bytes], streamed: dict[str, Iterable[bytes]] | None = None) -> bytes:
        """`streamed` parts come as chunks and are compressed as they arrive: a part of
        a hundred megabytes (the merged print file's body) is never held whole."""
        streamed = streamed or {}
        entries = []
        for e in self.entries:
            name = e.name.decode("utf-8")
            if name in streamed:
                e = _Entry.deflate_chunks(e.name, e.flags, streamed[name])
            elif name in parts:
                e = _Entry.deflate(e.name, e.flags, parts[name])
            entries.append(e)
        return _zip(entries, self.dostime, self.dosdate)


class CompiledTemplate:
    """One template and one set of fonts, ready to render many documents."""

    def __init__(self, template: Path, fonts: FontSettings):
        self.template = Path(template)
        self.fonts = fonts
        self._skeleton: tuple[list[_Entry], int, int] | None = None
        self._verified = False
        with template_problems(self.template):
            self._tpl = DocxTemplate(str(self.template))
            self._tpl.render_init()
            body = self._tpl.patch_xml(self._tpl.get_xml())
            self._compiled = jinja_env().from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", body))
        self.fast = not self._static_parts_hold_tags()
        self._root = self._tpl.docx._element
        self._body = self._root.body
        self._initial_title = self._tpl.docx.core_properties.title

    def _static_parts_hold_tags(self) -> bool:
        """Headers, footers, footnotes and properties are copied from the skeleton, so a
        tag in any of them sends the template down the slow path."""
        package = self._tpl.docx.part.package
        for part in package.iter_parts():
            if part.partname == "/word/document.xml":
                continue
            ct = part.content_type
            if ct.endswith(("header+xml", "footer+xml", "footnotes+xml", "endnotes+xml")):
                if _TAG.search(part.blob.decode("utf-8", "replace")):
                    return True
        core = self._tpl.docx.core_properties
        return any(_TAG.search(getattr(core, p) or "") for p in
                   ("author", "comments", "identifier", "language", "subject", "title"))

    def render(self, context: dict, title: str = "") -> bytes:
        if not self.fast or not _plain_title(title):
            return render_template(self.template, context, self.fonts, title=title)
        if self._skeleton is None:
            package = render_template(self.template, context, self.fonts, title=title)
            self._skeleton = _entries(package)
            self._core = zipfile.ZipFile(_Bytes(package)).read(_CORE)
            return package
        data = self._render_fast(context, title)
        if not self._verified:
            slow = render_template(self.template, context, self.fonts, title=title)
            self._verified = True
            if slow != data:
                self.fast = False
                return slow
        return data

    def _render_fast(self, context: dict, title: str) -> bytes:
        tpl = self._tpl
        with template_problems(self.template):
            xml = self._compiled.render(context)
        # docxtpl's render_xml_part and render() post-processing, in its order.
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(c in xml for c in "\t\a\n\f"):
            # Without these characters resolve_listing returns its input unchanged; it
            # is a third of the per-document cost, so skip it when it can do nothing.
            xml = tpl.resolve_listing(xml)
        tree = tpl.fix_tables(xml)
        tpl.docx_ids_index = 1000
        tpl.fix_docpr_ids(tree)
        self._root.replace(self._body, tree)
        self._body = tree
        document = serialize_part_xml(self._root)
        core_xml = with_title(self._core, title or self._initial_title)
        entries, dostime, dosdate = self._skeleton
        fresh = []
        for e in entries:
            name = e.name.decode("utf-8")
            if name == _DOCUMENT:
                e = _Entry.deflate(e.name, e.flags, document)
            elif name == _CORE:
                e = _Entry.deflate(e.name, e.flags, core_xml)
            fresh.append(e)
        return _zip(fresh, dostime, dosdate)


# ---- many jobs, many processes -------------------------------------------------------

_CACHE: dict[tuple, CompiledTemplate] = {}


def _key(job: RenderJob) -> tuple:
    return _template_key(job.template, job.fonts)


def _template_key(template: Path, fonts: FontSettings) -> tuple:
    # The file's size and time too: a template edited between two builds in one
    # process (tests, a long-running caller) is compiled again.
    path = Path(template).resolve()
    stat = path.stat()
    return (str(path), stat.st_mtime_ns, stat.st_size, fonts.model_dump_json())


def _compiled(template: Path, fonts: FontSettings) -> CompiledTemplate:
    key = _template_key(template, fonts)
    if key not in _CACHE:
        _CACHE[key] = CompiledTemplate(template, fonts)
    return _CACHE[key]


def _render_chunk(template: Path, fonts: FontSettings, items: list[tuple[dict, str]]) -> list[bytes]:
    compiled = _compiled(template, fonts)
    return [compiled.render(ctx, title) for ctx, title in items]


def _processes(n_jobs: int, processes: int | None) -> int:
    if "fork" not in get_all_start_methods():
        # Spawned children re-import the entry script; `python -m generator` has no
        # __main__ guard to stop them from running the command again.
        return 1
    if processes is not None:
        return max(1, processes)
    if n_jobs < PARALLEL_MIN:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def render_jobs(jobs: list[RenderJob], *, processes: int | None = None) -> list[bytes]:
    """Render jobs (any mix of templates) in order; identical bytes to calling each."""
    results: list[bytes | None] = [None] * len(jobs)
    groups: dict[tuple, list[int]] = {}
    for i, job in enumerate(jobs):
        groups.setdefault(_key(job), []).append(i)
    for indexes in groups.values():
        for i, data in zip(indexes, iter_render(jobs[indexes[0]].template, jobs[indexes[0]].fonts,
                                                ((jobs[i].context, jobs[i].title) for i in indexes),
                                                len(indexes), processes=processes)):
            results[i] = data
    return results  # type: ignore[return-value]


def iter_render(template: Path, fonts: FontSettings, items, count: int, *,
                processes: int | None = None):
    """Yield the bytes of each (context, title) of one template, in order, holding only
    a few chunks at a time: memory stays flat however many documents are made."""
    n = _processes(count, processes)
    if n == 1:
        compiled = _compiled(template, fonts)
        for ctx, title in items:
            yield compiled.render(ctx, title)
        return
    # The first two documents here: they build and verify the skeleton (and a broken
    # template fails once, with its message), and forked processes inherit it.
    compiled = _compiled(template, fonts)
    items = iter(items)
    for ctx, title in itertools.islice(items, 2):
        yield compiled.render(ctx, title)
        count -= 1
    size = max(8, min(64, -(-count // (n * 4))))
    with ProcessPoolExecutor(max_workers=n, mp_context=get_context("fork")) as pool:
        pending = []
        chunk: list = []
        for item in items:
            chunk.append(item)
            if len(chunk) == size:
                pending.append(pool.submit(_render_chunk, template, fonts, chunk))
                chunk = []
            while len(pending) > 2 * n:
                yield from pending.pop(0).result()
        if chunk:
            pending.append(pool.submit(_render_chunk, template, fonts, chunk))
        for future in pending:
            yield from future.result()


def iter_artifacts(artifacts):
    """(index, bytes) of every artifact as it is made, template jobs batched: a caller
    can put each away before the next is rendered (build.render_all)."""
    groups: dict[tuple, list[int]] = {}
    for i, a in enumerate(artifacts):
        if isinstance(a.render, RenderJob):
            groups.setdefault(_key(a.render), []).append(i)
    for indexes in groups.values():
        first = artifacts[indexes[0]].render
        items = ((artifacts[i].render.context, artifacts[i].render.title) for i in indexes)
        yield from zip(indexes, iter_render(first.template, first.fonts, items, len(indexes)))
    for i, a in enumerate(artifacts):
        if not isinstance(a.render, RenderJob):
            yield i, a.render()


def render_artifacts(artifacts) -> list[bytes]:
    """Bytes of every artifact, in order: template jobs batched, the rest as they are."""
    out: list[bytes | None] = [None] * len(artifacts)
    for i, data in iter_artifacts(artifacts):
        out[i] = data
    return out  # type: ignore[return-value]
