"""Decoding files as clerks save them. Cleaning text XML cannot hold is a model
fact (generator.model.text), re-exported here for the readers."""
from __future__ import annotations

from generator.model.text import describe_characters, illegal_characters, strip_illegal

__all__ = ["decode", "describe_characters", "illegal_characters", "strip_illegal"]


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
