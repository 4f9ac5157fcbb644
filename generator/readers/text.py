"""Decoding files as clerks save them, and cleaning text that XML cannot hold."""
from __future__ import annotations

import re

# XML 1.0 forbids these; pasted from other programs they would corrupt a .docx.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 as Windows Notepad saves 'ANSI' text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def illegal_characters(text: str) -> list[str]:
    return _ILLEGAL.findall(text)


def strip_illegal(text: str) -> str:
    return _ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def describe_characters(chars: list[str]) -> str:
    return "、".join(sorted({f"U+{ord(c):04X}" for c in chars}))
