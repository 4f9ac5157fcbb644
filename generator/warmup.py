"""LibreOffice started early: a build renders documents for seconds before it first
needs an office (a 目录 layout, PDFs); starting the shared offices (writers.pdf
shared_offices) the moment a rendered document shows the need lets their start-up run
on the other core meanwhile. Kept apart from printing so a build that needs no office
imports nothing of PDFs."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.writers import pdf as pdfpool


def office_warmer(*, pdfs: bool, cache: bool) -> Callable:
    """A build's `watch` (build.render_all): LibreOffice is started in the background
    as soon as a rendered document shows it will be needed — a 目录 without a kept
    layout, or, with `pdfs`, a document without a kept PDF — so its seconds of start-up
    overlap the rendering of the rest. Nothing starts when nothing needs it."""
    from generator.pagination import needs_layout
    from generator.writers.spool import as_bytes

    state: dict = {"started": False}

    def pdf_kept(path: str, data: bytes) -> bool:
        from generator.pdf_cache import cache_for

        if "cache" not in state:
            pool = pdfpool.shared_pool()
            state["cache"] = cache_for(pool, cache) if pool is not None else None
        return state["cache"] is not None and state["cache"].has(Path(path).suffix, data)

    def watch(artifact, data) -> None:
        if state["started"]:
            return
        if artifact.contents:
            need = needs_layout(as_bytes(data))
        elif pdfs and not (artifact.group or artifact.merges) and artifact.path.lower().endswith((".docx", ".xlsx")):
            # Only a document converted on its own is looked up by its bytes: a batch's
            # members are cut from their merged file's PDF, kept under that file's bytes.
            need = not pdf_kept(artifact.path, as_bytes(data))
        else:
            need = False
        if need:
            state["started"] = True
            pdfpool.start_offices_soon()

    return watch
