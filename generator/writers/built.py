"""The one way a python-docx document becomes bytes: saved, then normalized
(deterministic zip and core properties), like every other package we write."""
from __future__ import annotations

import io

from generator.writers import ooxml


def document_bytes(document, title: str = "") -> bytes:
    """`document` is a python-docx Document, or a docxtpl DocxTemplate (whose save()
    adds its own pre- and post-processing and which passes core_properties through
    to its Document)."""
    if title:
        document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return ooxml.normalize(buffer.getvalue())
