"""Bytes of a document built by code on style.base_document(): deterministic, like
every template-rendered one."""
from __future__ import annotations

import io

from generator.writers import ooxml


def document_bytes(document, title: str = "") -> bytes:
    if title:
        document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return ooxml.normalize(buffer.getvalue())
