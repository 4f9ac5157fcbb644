"""PDFs not converted again when nothing that decides them changed. Converting is
most of `build --pdf`; a clerk who edits one progress line and builds again changes
the bytes of a few documents, and the rest would come out of LibreOffice the same.

A wrong hit is a silently wrong document, so the key holds everything a PDF follows
from: the exact bytes of the .docx/.xlsx converted (a merged file's part included), its
kind (suffix), the LibreOffice installation (program folder, its version file, the
size and time of its binaries), how it is driven (warm UNO worker or `--convert-to`),
the fonts it can find, the environment that steers it (fontconfig file, locale), the
generator's code and libraries (`artifact_cache.code_version`: export options in
uno_worker.py, fonts.conf, the post-processing of the PDF) and SOURCE_DATE_EPOCH
(stamped into the PDF).

Fonts: every file under the folders fontconfig and LibreOffice read (name, size,
modification time), not `fc-list`. fc-list names faces but not their files' contents:
a font replaced by a newer version of the same file keeps its fc-list line and may
change glyph widths; fc-list also says nothing about the configuration (/etc/fonts),
which decides substitutions, and does not exist on Windows. Walking the folders costs
about 20 ms for a few hundred files.

Entries live under cache_dir()/pdf (WUHUA_CACHE_DIR; `off` disables every cache,
`build --no-cache` and `pdf --no-cache` this one). Each entry carries its PDF's hash,
checked on every read. A cache that cannot be read or written is skipped: it saves
time, it decides nothing.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from generator.charts.cache import cache_dir, prune_entries, touch_entry

KEEP = 4000                          # newest entries kept (a sample build makes about 80, 8 MB;
                                     # every poster cut from its set is one)
MAX_BYTES = 512 * 1024 * 1024        # and no more than this on disk, newest first
MAX_ENTRY = 128 * 1024 * 1024        # a larger PDF (thousands of posters) is not kept
_MAGIC = b"wuhua-pdf-1 "
_CHUNK = 1 << 20
# Environment the office reads that can change a PDF (worker_env passes all of it on).
_ENVIRONMENT = ("FONTCONFIG_FILE", "SAL_USE_VCLPLUGIN", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE",
                "LC_MESSAGES", "SOURCE_DATE_EPOCH")


def folder() -> Path | None:
    base = cache_dir()
    return None if base is None else base / "pdf"


@functools.lru_cache(maxsize=4)
def office_identity(soffice: str) -> str:
    """The LibreOffice installation behind `soffice`: its resolved place, its version
    file and the size and time of its program files. An upgrade changes them."""
    found = Path(soffice).resolve()
    program = found.parent
    parts = [str(found)]
    for name in ("versionrc", "version.ini", "../Resources/versionrc", "bootstraprc", "fundamentalrc"):
        try:
            parts.append(f"{name}={(program / name).read_bytes().decode('utf-8', 'replace')}")
        except OSError:
            pass
    for name in (found.name, "soffice.bin", "soffice.exe", "soffice.com", "libmergedlo.so", "mergedlo.dll",
                 "libmergedlo.dylib", "libswlo.so", "swlo.dll", "libsclo.so", "sclo.dll"):
        try:
            stat = (program / name).stat()
            parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            pass
    return "\n".join(parts)


def font_folders(soffice: str | None = None) -> list[Path]:
    """Where the office finds fonts: fontconfig's folders (and its configuration),
    the folders named in our fonts.conf, LibreOffice's own, the system's."""
    from generator.writers.pdf import FONTS_CONF

    home = Path.home()
    folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts",
               home / ".local" / "share" / "fonts", Path("/etc/fonts"), Path("/Library/Fonts"),
               home / "Library" / "Fonts", Path("/System/Library/Fonts")]
    if os.environ.get("XDG_DATA_HOME"):
        folders.append(Path(os.environ["XDG_DATA_HOME"]) / "fonts")
    if os.environ.get("WINDIR"):
        folders.append(Path(os.environ["WINDIR"]) / "Fonts")
    if os.environ.get("LOCALAPPDATA"):
        folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    try:
        import re

        folders += [Path(d) for d in re.findall(r"<dir>([^<]+)</dir>", FONTS_CONF.read_text("utf-8"))]
    except OSError:
        pass
    if soffice:
        program = Path(soffice).resolve().parent
        folders += [program.parent / "share" / "fonts", program.parent / "Resources" / "fonts"]
    return folders


def font_state(soffice: str | None = None) -> str:
    """Every file in the font folders: path, size, modification time (see the module's
    docstring for why not fc-list). A font installed, removed or replaced is a new state."""
    seen = []
    for top in font_folders(soffice):
        for root, dirs, files in os.walk(top):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                seen.append(f"{path}|{stat.st_size}|{stat.st_mtime_ns}")
    return "\n".join(seen)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class PdfCache:
    """One run's use of the cache for one office. `conversion_key(source)` keys a file
    to convert; `take` writes a kept PDF to a target, `keep` stores a converted one."""

    def __init__(self, soffice: str, converter: str):
        from generator.artifact_cache import code_version

        self.root = folder()
        self.settings = ""
        if self.root is not None:
            environment = {name: os.environ.get(name, "") for name in _ENVIRONMENT}
            self.settings = _sha("\n\0".join([
                "wuhua-pdf", code_version(), office_identity(soffice), converter, font_state(soffice),
                json.dumps(environment, sort_keys=True), sys.platform]).encode("utf-8"))

    def conversion_key(self, source: Path) -> str | None:
        if self.root is None:
            return None
        try:
            digest = _file_sha(source)
        except OSError:
            return None
        return _sha(f"{self.settings}|{source.suffix.lower()}|{digest}".encode())

    def has(self, suffix: str, data: bytes) -> bool:
        """Whether a PDF is kept for a document of these bytes (not yet written)."""
        if self.root is None:
            return False
        return self._entry(_sha(f"{self.settings}|{suffix.lower()}|{_sha(data)}".encode())).is_file()

    def _entry(self, key: str) -> Path:
        return self.root / f"{key}.pdf"

    def take(self, key: str | None, target: Path) -> int | None:
        """Write the PDF kept under `key` to `target` (whole or not at all, streamed: a
        merged file of thousands of posters is never held in memory) and give its page
        count; None when there is no sound entry. OSError: the target cannot be written."""
        if key is None:
            return None
        entry = self._entry(key)
        try:
            source = open(entry, "rb")
        except OSError:
            return None
        with source:
            header = _header(source.readline(4096))
            if header is None:
                return None
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".~wuhua-", suffix=".pdf", dir=target.parent)
            try:
                digest, size = hashlib.sha256(), 0
                with os.fdopen(fd, "wb") as out:
                    while True:
                        try:
                            chunk = source.read(_CHUNK)
                        except OSError:
                            chunk, size = b"", -1          # the entry, not the target, failed
                        if not chunk:
                            break
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                if size != header["size"] or digest.hexdigest() != header["sha"]:
                    os.unlink(tmp)
                    return None
                os.replace(tmp, target)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        touch_entry(entry)
        return header["pages"]

    def keep(self, key: str | None, pdf: Path, pages: int | None) -> None:
        """Store a converted PDF (spreadsheets come back without a page count: counted
        here), streamed like `take`."""
        from generator.writers.pdfmerge import page_count

        if key is None:
            return
        tmp = None
        try:
            size = pdf.stat().st_size
            if size > MAX_ENTRY:
                return
            pages = pages if pages is not None else page_count(pdf)
            header = json.dumps({"pages": pages, "size": size, "sha": _file_sha(pdf)}).encode()
            self.root.mkdir(parents=True, exist_ok=True)
            entry = self._entry(key)
            tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as out, open(pdf, "rb") as source:
                out.write(_MAGIC + header + b"\n")
                shutil.copyfileobj(source, out, _CHUNK)
            os.replace(tmp, entry)
        except Exception:  # noqa: BLE001 - an unreadable PDF or a full disk: not kept, the cache decides nothing
            if tmp is not None:
                try:
                    tmp.unlink()
                except OSError:
                    pass

    def prune(self) -> None:
        if self.root is not None:
            prune_entries(self.root, "*.pdf", KEEP, MAX_BYTES)


def _file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _header(line: bytes) -> dict | None:
    """An entry's first line: magic, then its PDF's pages, size and hash."""
    if not line.startswith(_MAGIC) or not line.endswith(b"\n"):
        return None
    try:
        header = json.loads(line[len(_MAGIC):])
        if isinstance(header["pages"], int) and isinstance(header["size"], int) and isinstance(header["sha"], str):
            return header
    except (ValueError, KeyError, TypeError):
        pass
    return None


def cache_for(pool, use: bool) -> PdfCache | None:
    """The PDF cache for a pool's office and converter, or None (switched off, no
    cache folder). The converter is part of the key: a PDF from `soffice
    --convert-to` has no refreshed indexes."""
    if not use:
        return None
    cache = PdfCache(pool.soffice, f"uno:{pool.uno_python}" if pool.warm else "soffice --convert-to")
    return cache if cache.root is not None else None

