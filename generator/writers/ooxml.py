"""Deterministic OOXML packages: same inputs, same bytes.

Office files are zips whose entries carry timestamps, and docProps/core.xml carries
created/modified times. Both are set from SOURCE_DATE_EPOCH when it is given
(reproducible-builds convention), else from a fixed instant.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile

FIXED_INSTANT = dt.datetime(2024, 1, 1, 0, 0, 0)


def build_instant() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
        return max(moment, dt.datetime(1980, 1, 1))
    return FIXED_INSTANT


_CORE_TIMES = re.compile(
    rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")
_CORE_LAST_PRINTED = re.compile(rb"<cp:lastPrinted>[^<]*</cp:lastPrinted>")
# python-docx always leaves a dc:title element once a title has been set or read.
_CORE_TITLE = re.compile(rb"<dc:title>[^<]*</dc:title>|<dc:title/>")


def element_text(value: str) -> bytes:
    """`value` escaped as lxml escapes element text, UTF-8."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


def with_title(core_xml: bytes, title: str) -> bytes:
    """docProps/core.xml with another document title, as python-docx would write it
    (for plain titles; see writers.batch._plain_title)."""
    return _CORE_TITLE.sub(lambda m: b"<dc:title>" + element_text(title) + b"</dc:title>", core_xml, count=1)


def normalize(data: bytes, *, when: dt.datetime | None = None,
              replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a zip package with fixed timestamps and core properties; entry order kept.
    `replace` gives new contents for some entries (a document that differs from
    another only in a few parts is written without building it again)."""
    when = when or build_instant()
    replace = replace or {}
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = replace[info.filename] if info.filename in replace else src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _CORE_TIMES.sub(lambda m: m.group(1) + stamp + m.group(3), payload)
                payload = _CORE_LAST_PRINTED.sub(b"", payload)
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, payload, compresslevel=6)
    return out.getvalue()


def read_part(package: bytes, name: str) -> bytes:
    """The uncompressed contents of one entry of a package."""
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return z.read(name)


_ODD_EVEN_BREAK = re.compile(rb'<w:type w:val="(?:oddPage|evenPage)"/>')


def next_page_breaks(package: bytes) -> bytes:
    """The same .docx with its odd/even-page section breaks made next-page ones, for
    LibreOffice only. It lays out the first page after an odd-page break with a copied
    page style that lacks the footer's height and gap, so that page holds ~19 pt more
    than the same list converted alone, and a list cut from the merged PDF would break
    its rows differently. The clerk's file keeps its odd-page breaks (Word and WPS
    print each department on a front side); our PDFs get blank backs from `--duplex`.
    Unchanged bytes when there is no such break."""
    xml = read_part(package, "word/document.xml")
    if not _ODD_EVEN_BREAK.search(xml):
        return package
    return normalize(package, replace={"word/document.xml": _ODD_EVEN_BREAK.sub(b"", xml)})
