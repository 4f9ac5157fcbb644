"""Page thumbnails for the 生成 page: the first page of each output as a PNG, with
the page count. Pages come from the document's PDF (made by `build --pdf`), or from
a conversion on demand through the same LibreOffice pool as `wuhua pdf`. pypdfium2
draws them: it is already installed with pdfplumber (used by `wuhua proof`), needs
no poppler on Windows, and renders in-process in milliseconds.

Thumbnails are cached in the workspace's .wuhua/缩略图/ under the SHA-256 of the
bytes they were drawn from, so an unchanged document is never converted twice and a
changed one never shows an old picture."""
from __future__ import annotations

import hashlib
import io
import json
import threading
from pathlib import Path

BOX = (220, 300)          # the largest thumbnail, in pixels (portrait A4 fills the height)
IDLE_SECONDS = 120        # the warm LibreOffice is closed after this long without work


class NoPreview(Exception):
    """Why a file has no thumbnail, in words for the page."""


class Busy(Exception):
    """LibreOffice is converting another document: ask again shortly. A request never
    waits for the conversions of others, so thumbnails cannot take every server
    thread and leave the other pages (and departments) waiting."""


class Thumbnails:
    def __init__(self, output_dir: Path, cache_dir: Path):
        self.output_dir = output_dir
        self.cache_dir = cache_dir
        self._convert_lock = threading.Lock()
        self._pool = None
        self._idle: threading.Timer | None = None
        self._failed: dict[str, str] = {}     # content hash -> why it could not be converted

    @staticmethod
    def libreoffice() -> bool:
        from generator.writers.pdf import find_soffice

        return find_soffice() is not None

    def cached_pages(self, document: Path, pdf: Path | None) -> int | None:
        try:
            meta = self.cache_dir / f"{self._key(document, pdf)[0]}.json"
            return int(json.loads(meta.read_text(encoding="utf-8"))["pages"])
        except (OSError, ValueError, KeyError):
            return None

    def get(self, document: Path, pdf: Path | None) -> tuple[Path, int]:
        """(PNG, number of pages) for `document`, drawn from `pdf` when it is given and
        not older than the document, else converted now."""
        key, source = self._key(document, pdf)
        png, meta = self.cache_dir / f"{key}.png", self.cache_dir / f"{key}.json"
        if png.is_file() and meta.is_file():
            return png, int(json.loads(meta.read_text(encoding="utf-8"))["pages"])
        if key in self._failed:
            raise NoPreview(self._failed[key])
        if source.suffix.lower() != ".pdf":
            if not self.libreoffice():
                raise NoPreview("本机未安装 LibreOffice，不能显示页面预览。")
            try:
                data = self._convert(source, key)
            except NoPreview as exc:
                self._failed[key] = str(exc)
                raise
        else:
            data = source.read_bytes()
        image, pages = first_page(data)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        _write(png, image)
        _write(meta, json.dumps({"pages": pages, "from": source.name}, ensure_ascii=False).encode("utf-8"))
        return png, pages

    def _key(self, document: Path, pdf: Path | None) -> tuple[str, Path]:
        source = document
        if pdf is not None and pdf.is_file() and pdf.stat().st_mtime >= document.stat().st_mtime:
            source = pdf
        return hashlib.sha256(source.read_bytes()).hexdigest(), source

    def _convert(self, source: Path, key: str) -> bytes:
        from generator.writers.pdf import Pool

        target = self.cache_dir / f"{key}.pdf"
        if not self._convert_lock.acquire(blocking=False):   # one conversion at a time
            raise Busy()
        try:
            if self._idle is not None:
                self._idle.cancel()
            try:
                if self._pool is None:
                    self._pool = Pool(workers=1)
                [done] = self._pool.convert([(source, target)])
                if not done.ok:
                    raise NoPreview(f"转换为 PDF 失败：{done.error}")
                return target.read_bytes()
            finally:
                target.unlink(missing_ok=True)
                self._idle = threading.Timer(IDLE_SECONDS, self.close)
                self._idle.daemon = True
                self._idle.start()
        finally:
            self._convert_lock.release()

    def close(self) -> None:
        with self._convert_lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None


def first_page(pdf: bytes) -> tuple[bytes, int]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        pages = len(doc)
        page = doc[0]
        width, height = page.get_size()
        scale = min(BOX[0] / width, BOX[1] / height)
        image = page.render(scale=scale).to_pil().convert("RGB")
        page.close()
    finally:
        doc.close()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue(), pages


def _write(path: Path, data: bytes) -> None:
    from generator.writers.atomic import write_bytes

    write_bytes(path, data)
