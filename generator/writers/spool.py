"""Rendered files waiting to be published, out of memory once they add up.

A build renders everything before it writes anything (a failure leaves output/ as it
was). Thousands of posters held as bytes made memory grow with their number; past a
budget, each further file goes into one anonymous temporary file instead and is
copied from there when publish stages it. Small builds never touch the disk here.
"""
from __future__ import annotations

import hashlib
import tempfile

BUDGET = 8 << 20           # bytes kept in memory before files spill (a sample build: ~2 MB)
_CHUNK = 1 << 20


class Spilled:
    """A file's bytes in the spool: its length and sha256 known without reading it."""

    __slots__ = ("_spool", "offset", "size", "sha256")

    def __init__(self, spool: Spool, offset: int, size: int, sha256: str):
        self._spool, self.offset, self.size, self.sha256 = spool, offset, size, sha256

    def __len__(self) -> int:
        return self.size

    def read(self) -> bytes:
        f = self._spool.file
        f.seek(self.offset)
        return f.read(self.size)

    def copy_to(self, out) -> None:
        f = self._spool.file
        f.seek(self.offset)
        left = self.size
        while left:
            chunk = f.read(min(_CHUNK, left))
            if not chunk:
                raise OSError("临时文件被截断")
            out.write(chunk)
            left -= len(chunk)


class Spool:
    """Keeps files in memory up to BUDGET bytes, then in a temporary file (deleted when
    closed or collected)."""

    def __init__(self, budget: int | None = None):
        self.budget = BUDGET if budget is None else budget
        self.held = 0
        self._file = None

    @property
    def file(self):
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="wuhua-")
        return self._file

    def keep(self, data: bytes) -> bytes | Spilled:
        if self.held + len(data) <= self.budget:
            self.held += len(data)
            return data
        f = self.file
        f.seek(0, 2)
        offset = f.tell()
        f.write(data)
        return Spilled(self, offset, len(data), hashlib.sha256(data).hexdigest())

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def as_bytes(data: bytes | Spilled) -> bytes:
    return data.read() if isinstance(data, Spilled) else data


def write(out, data: bytes | Spilled) -> None:
    if isinstance(data, Spilled):
        data.copy_to(out)
    else:
        out.write(data)
