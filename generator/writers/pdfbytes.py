"""Same document, same PDF bytes: the one place that makes a converted or rewritten
PDF deterministic. Its own module, below pdf (the office) and pdfmerge/pdfsplit/last_page
(rewriting), so that each of those can use it without importing the others."""
from __future__ import annotations

import hashlib
import re

_CREATION = re.compile(rb"(/CreationDate\s*\(D:)(\d{14})")
_IDS = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]{32})(>\s*<)([0-9A-Fa-f]{32})(>)")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]{32})")


def deterministic_pdf(data: bytes) -> bytes:
    """Same document, same PDF bytes: LibreOffice stamps the time and a random file id.
    Both are replaced in place by values of the same length (the xref offsets stay
    valid): the build instant (SOURCE_DATE_EPOCH) and a digest of the content."""
    from generator.writers.ooxml import build_instant

    stamp = build_instant().strftime("%Y%m%d%H%M%S").encode()
    data = _CREATION.sub(lambda m: m.group(1) + stamp, data)
    blank = _CHECKSUM.sub(lambda m: m.group(1) + b"0" * 32, _IDS.sub(
        lambda m: m.group(1) + b"0" * 32 + m.group(3) + b"0" * 32 + m.group(5), data))
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    data = _IDS.sub(lambda m: m.group(1) + digest + m.group(3) + digest + m.group(5), data)
    return _CHECKSUM.sub(lambda m: m.group(1) + digest, data)
