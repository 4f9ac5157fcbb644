"""Same document, same PDF bytes: the one place that makes a converted or rewritten
PDF deterministic. Its own module, below pdf (the office) and pdfmerge/pdfsplit/last_page
(rewriting), so that each of those can use it without importing the others.

What LibreOffice (7.x) writes that does not follow from the document:

- the time (/CreationDate) and a random file id (/ID, /DocChecksum);
- a /UniqueID in every Type 1 font it embeds (it converts OpenType/CFF fonts, such as
  FandolFang and Noto CJK, to Type 1): a counter of the office process (4100001,
  4100002, …), so the bytes depend on what the worker converted before. It stands
  twice in each font program: in the clear part and in the Private dictionary, which is
  eexec-encrypted with cipher feedback, so everything after it differs too.

The first are replaced in place. The font ids are taken out (blanked with spaces of the
same length, so the font's /Length1 and /Length2 stay right): a UniqueID is optional,
only lets a PostScript interpreter cache a font by it, and a subset must not claim one
(different subsets carrying the same number, as LibreOffice's counters in two workers
do, is what a cache could confuse). The font stream is then compressed again and the
file's cross-reference table moved along. Subset tags (ABCDEF+) are per document in
LibreOffice and need nothing.
"""
from __future__ import annotations

import bisect
import hashlib
import re
import zlib

_CREATION = re.compile(rb"(/CreationDate\s*\(D:)(\d{14})")
_IDS = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]{32})(>\s*<)([0-9A-Fa-f]{32})(>)")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]{32})")

_UNIQUE_ID = re.compile(rb"/UniqueID\s+\d+\s+def")
_LENGTH = re.compile(rb"/Length(?![0-9A-Za-z])\s*(\d+)(\s+\d+\s+R)?")
_LENGTH_N = {n: re.compile(rb"/Length%d\s+(\d+)(?!\s+\d+\s+R)" % n) for n in (1, 2)}
_STREAM = re.compile(rb"\s*stream(\r\n|\n)")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])(\r\n| \n| \r)")
_XREF_SECTION = re.compile(rb"(\d+)\s+(\d+)[ \t]*(\r\n|\n|\r)")
_EEXEC_KEY, _C1, _C2 = 55665, 52845, 22719


def deterministic_pdf(data: bytes, *, fonts: bool = True) -> bytes:
    """Same document, same PDF bytes: LibreOffice stamps the time, a random file id and
    per-process font ids. The font ids are taken out (see the module's docstring); time
    and id are replaced in place by values of the same length: the build instant
    (SOURCE_DATE_EPOCH) and a digest of the content. `fonts=False` for a PDF rewritten
    from PDFs that already went through here (a merged file, a cut member): their fonts
    carry no id, and looking costs a few ms a file (500 posters: seconds)."""
    from generator.writers.ooxml import build_instant

    if fonts:
        data = anonymous_type1_fonts(data)
    stamp = build_instant().strftime("%Y%m%d%H%M%S").encode()
    data = _CREATION.sub(lambda m: m.group(1) + stamp, data)
    blank = _CHECKSUM.sub(lambda m: m.group(1) + b"0" * 32, _IDS.sub(
        lambda m: m.group(1) + b"0" * 32 + m.group(3) + b"0" * 32 + m.group(5), data))
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    data = _IDS.sub(lambda m: m.group(1) + digest + m.group(3) + digest + m.group(5), data)
    return _CHECKSUM.sub(lambda m: m.group(1) + digest, data)


# --- Type 1 font ids ------------------------------------------------------------------

def anonymous_type1_fonts(data: bytes) -> bytes:
    """`data` with the /UniqueID of every embedded Type 1 font program blanked. A PDF
    whose layout this does not know (cross-reference streams, incremental updates, a
    filter other than Flate) is given back unchanged: it stays a sound PDF."""
    if b"/Length2" not in data:           # no Type 1 font program: nothing to do
        return data
    xref = _xref(data)
    if xref is None:
        return data
    offsets, table_start, table_end = xref
    edits: list[tuple[int, int, bytes]] = []
    for found in re.finditer(rb"/Length2(?![0-9A-Za-z])", data):
        edits += _font_edits(data, found.start(), offsets)
    if not edits:
        return data
    edits.sort()
    if edits[-1][1] > table_start or any(a[1] > b[0] for a, b in zip(edits, edits[1:])):
        return data
    return _apply(data, edits, table_start, table_end)


def _font_edits(data: bytes, at: int, offsets: dict[int, int]) -> list[tuple[int, int, bytes]]:
    """The edits that blank the ids of the font program whose dictionary holds `at`."""
    opening = data.rfind(b"<<", max(0, at - 2048), at)
    closing = data.find(b">>", at, at + 2048)
    if opening < 0 or closing < 0 or b"<<" in data[opening + 2:at] or b">>" in data[opening:at]:
        return []
    head = data[opening:closing]
    stream = _STREAM.match(data, closing + 2)
    length = _LENGTH.search(head)
    lengths = [_LENGTH_N[n].search(head) for n in (1, 2)]
    if (stream is None or length is None or None in lengths or b"/Filter" not in head
            or not re.search(rb"/Filter\s*(\[\s*)?/FlateDecode\s*\]?\s*(/|$)", head)):
        return []
    start = stream.end()
    if length.group(2):                       # /Length N 0 R: the number is object N
        where = offsets.get(int(length.group(1)))
        number = where is not None and re.compile(rb"\d+\s+\d+\s+obj\s*(\d+)\s*endobj").match(data, where)
        if not number:
            return []
        size, size_span = int(number.group(1)), number.span(1)
    else:
        size, size_span = int(length.group(1)), (opening + length.start(1), opening + length.end(1))
    try:
        program = zlib.decompress(data[start:start + size])
    except zlib.error:
        return []
    clear, private = (int(m.group(1)) for m in lengths)
    anonymous = _anonymous_program(program, clear, private)
    if anonymous is None:
        return []
    packed = zlib.compress(anonymous, 6)
    return [(start, start + size, packed), (size_span[0], size_span[1], str(len(packed)).encode())]


def _anonymous_program(program: bytes, clear: int, private: int) -> bytes | None:
    """A Type 1 font program (clear part, eexec part, zeros) without its /UniqueID in
    either part, or None when it has none or is not laid out as expected."""
    found = _UNIQUE_ID.search(program, 0, clear)
    if found is None or clear + private > len(program) or b"eexec" not in program[:clear]:
        return None
    encrypted = program[clear:clear + private]
    if len(encrypted) < 4 or all(c in b"0123456789abcdefABCDEF \t\r\n" for c in encrypted[:4]):
        return None                       # hexadecimal eexec: LibreOffice writes binary
    out = bytearray(program)
    out[found.start():found.end()] = b" " * (found.end() - found.start())
    plain, keys = _decrypt(encrypted)
    # The Private dictionary comes first in the encrypted part.
    inner = _UNIQUE_ID.search(plain, 0, 8192)
    if inner is not None:
        start, end = inner.span()
        plain = plain[:start] + b" " * (end - start) + plain[end:]
        out[clear + start:clear + private] = _encrypt(plain[start:], int(keys[start]))
    return bytes(out)


def _decrypt(cipher: bytes):
    """eexec plain text and the key before each byte. The key follows the cipher text
    alone, by a linear recurrence (r' = a*(c + r) + b mod 2^16), so numpy computes every
    key at once in closed form (uint64 arithmetic wraps modulo 2^64, a multiple of 2^16):
    r_i = a^i * (r_0 + sum over j < i of a^-(j+1) * (a*c_j + b))."""
    import numpy as np

    n = len(cipher)
    c = np.frombuffer(cipher, dtype=np.uint8).astype(np.uint64)
    a, b = np.uint64(_C1), np.uint64(_C2)
    powers = np.ones(n, dtype=np.uint64)
    np.cumprod(np.full(n - 1, a, dtype=np.uint64), out=powers[1:])
    inverse = np.cumprod(np.full(n, pow(_C1, -1, 1 << 16), dtype=np.uint64))
    sums = np.zeros(n, dtype=np.uint64)
    np.cumsum(inverse[:-1] * (c[:-1] * a + b), out=sums[1:])
    keys = (powers * (np.uint64(_EEXEC_KEY) + sums)) & np.uint64(0xFFFF)
    plain = (c ^ (keys >> np.uint64(8))).astype(np.uint8).tobytes()
    return plain, keys


def _encrypt(plain: bytes, key: int) -> bytes:
    """eexec from key `key`: cipher feedback makes each byte depend on the one before,
    so this is one pass in Python (about 0.3 microseconds a byte; the constants are written out
    because a global's lookup per byte costs a fifth of that)."""
    out = bytearray(len(plain))
    i = 0
    for p in plain:
        c = p ^ (key >> 8)
        out[i] = c
        i += 1
        key = ((c + key) * 52845 + 22719) & 0xFFFF
    return bytes(out)


# --- moving the file along ------------------------------------------------------------

def _xref(data: bytes) -> tuple[dict[int, int], int, int] | None:
    """Object offsets of a PDF with one classic cross-reference table (what LibreOffice,
    pypdf and pdfium write), and where that table starts and ends; None otherwise."""
    tail = _STARTXREF.search(data, max(0, len(data) - 1024))
    if tail is None:
        return None
    start = int(tail.group(1))
    if data[start:start + 4] != b"xref":
        return None
    end = data.find(b"trailer", start)
    if end < 0 or b"/Prev" in data[end:tail.start()] or b"/XRefStm" in data[end:tail.start()]:
        return None
    offsets: dict[int, int] = {}
    at = start + 4
    while True:
        while data[at:at + 1] in (b" ", b"\r", b"\n"):
            at += 1
        if at >= end:
            break
        section = _XREF_SECTION.match(data, at)
        if section is None:
            return None
        first, count = int(section.group(1)), int(section.group(2))
        at = section.end()
        for n in range(first, first + count):
            entry = _XREF_ENTRY.match(data, at)
            if entry is None:
                return None
            if entry.group(3) == b"n":
                offsets[n] = int(entry.group(1))
            at = entry.end()
    return offsets, start, end


def _apply(data: bytes, edits: list[tuple[int, int, bytes]], table_start: int, table_end: int) -> bytes:
    """`data` with the edits made, every offset in the cross-reference table and
    startxref moved by what the edits before it added or took away."""
    starts = [s for s, _, _ in edits]
    growth, total = [], 0
    for s, e, new in edits:
        total += len(new) - (e - s)
        growth.append(total)

    def moved(offset: int) -> int:
        i = bisect.bisect_left(starts, offset)
        return offset + (growth[i - 1] if i else 0)

    pieces, at = [], 0
    for s, e, new in edits:
        pieces += [data[at:s], new]
        at = e
    pieces.append(data[at:table_start])
    table = _XREF_ENTRY.sub(
        lambda m: (b"%010d" % moved(int(m.group(1))) if m.group(3) == b"n" else m.group(1))
        + b" " + m.group(2) + b" " + m.group(3) + m.group(4), data[table_start:table_end])
    pieces.append(table)
    rest = data[table_end:]
    tail = _STARTXREF.search(rest, max(0, len(rest) - 1024))
    pieces += [rest[:tail.start(1)], str(moved(table_start)).encode(), rest[tail.end(1):]]
    return b"".join(pieces)
