"""File names made from data (enterprise, department, handbook names), valid on
Windows and stable as rows come and go.

Rules, in one place for every document kind:
- characters Windows forbids (<>:"/\\|?* and control characters) become "_",
  invisible ones (zero-width spaces) go; line breaks and runs of spaces become one
  space; leading and trailing dots and spaces go (Windows drops trailing ones
  silently, a leading dot hides a file elsewhere);
- a reserved device name (CON, PRN, AUX, NUL, COM0–9, LPT0–9, also with an extension
  such as "CON.docx") gets "_" appended to it;
- a name is at most NAME_CHARS characters: a longer one keeps its start and its end
  around "…" (enterprise names differ at the end: “…第一分公司”, “…第二分公司”);
- names that collide (ignoring case, as Windows does) get a short fingerprint of the
  original text, so which file is whose never depends on the order of rows; only
  identical originals are told apart by order, as “（2）”;
- a whole path stays shorter than Windows' 260 characters (MAX_PATH) from the output
  folder given at run time, and every component within 255 bytes of UTF-8 (Linux).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from generator.errors import EnvironmentProblem

FORBIDDEN = set('<>:"/\\|?*')
RESERVED = ({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
            | {f"{dev}{n}" for dev in ("COM", "LPT") for n in "0123456789¹²³"})
NAME_CHARS = 60          # a file name made from data, before its extension
MAX_PATH = 260           # Windows: a full path must be shorter than this
MAX_COMPONENT_BYTES = 255  # ext4 and most file systems: one name, in UTF-8 bytes
MIN_STEM = 8             # shorter than this, a shortened name no longer says whose it is
ELLIPSIS = "…"
TAIL = 8                 # characters kept from the end of a shortened name
EMPTY = "未命名"


def fingerprint(text: str, length: int = 4) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def _reserved(stem: str) -> bool:
    return stem.split(".")[0].rstrip(" ").upper() in RESERVED


def clean(text: str) -> str:
    """`text` with only characters every file system accepts, not a device name."""
    text = re.sub(r"\s+", " ", str(text))
    text = "".join("_" if c in FORBIDDEN or ord(c) < 32 else c for c in text
                   if unicodedata.category(c) != "Cf")      # zero-width spaces, BOMs: invisible in a name
    text = text.strip(" .")
    if not text:
        return EMPTY
    if _reserved(text):
        head, dot, rest = text.partition(".")
        text = f"{head.rstrip(' ')}_{dot}{rest}"
    return text


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def shorten(stem: str, limit: int, *, suffix_bytes: int = 0) -> str:
    """`stem` within `limit` characters (and a component's bytes, with `suffix_bytes`
    for its extension): start … end."""
    byte_budget = MAX_COMPONENT_BYTES - suffix_bytes
    if len(stem) <= limit and _utf8_len(stem) <= byte_budget:
        return stem
    limit = max(limit, 1)
    tail = min(TAIL, max(0, (limit - 1) // 3))
    while True:
        head = max(0, limit - 1 - tail)
        short = (stem[:head].rstrip(" .") + ELLIPSIS + stem[len(stem) - tail:].lstrip(" ")) if tail else \
            stem[:limit - 1].rstrip(" .") + ELLIPSIS
        if _utf8_len(short) <= byte_budget or limit <= 2:
            return short
        limit -= 1
        tail = min(tail, max(0, (limit - 1) // 3))


def file_stem(text: str, limit: int = NAME_CHARS) -> str:
    """One name made from data, safe on Windows and short enough (no uniqueness)."""
    return shorten(clean(text), limit, suffix_bytes=8)


def unique_stems(texts: list[str], limit: int = NAME_CHARS) -> list[str]:
    """A file stem for each text, in the same order, no two alike (ignoring case).
    The same texts give the same names whatever else is in the list, except where
    two originals collide after cleaning or shortening: those get a fingerprint of
    the original (order-independent), identical originals “（2）”, “（3）”."""
    stems = [file_stem(t, limit) for t in texts]
    by_key: dict[str, list[int]] = {}
    for i, s in enumerate(stems):
        by_key.setdefault(s.casefold(), []).append(i)
    out = list(stems)
    for members in by_key.values():
        if len({str(texts[i]) for i in members}) > 1:
            for i in members:
                mark = "-" + fingerprint(str(texts[i]))
                out[i] = shorten(stems[i], limit - len(mark), suffix_bytes=8 + len(mark)) + mark
    taken: set[str] = set()
    counts: dict[str, int] = {}
    for i, s in enumerate(out):
        key = s.casefold()
        if key in taken:
            counts[key] = counts.get(key, 1) + 1
            while f"{s}（{counts[key]}）".casefold() in taken:
                counts[key] += 1
            out[i] = f"{s}（{counts[key]}）"
        taken.add(out[i].casefold())
    return out


class PathTooLong(EnvironmentProblem):
    """The output folder is so deep that even shortened names do not fit Windows' limit."""


def fit_paths(root: str, relatives: list[str], sep: str = "/") -> list[str]:
    """`relatives` (paths under the output folder `root`, an absolute path as given at
    run time) with file names shortened where root + path would reach MAX_PATH, kept
    unique. Folders of ours are never shortened; a folder too deep is refused."""
    out = list(relatives)
    budget = MAX_PATH - 1 - len(root) - 1          # 259 characters, a separator after root
    too_deep = []
    taken = {r.casefold() for r in relatives}
    for i, rel in enumerate(relatives):
        folder, _, name = rel.rpartition(sep)
        stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
        prefix = f"{folder}{sep}" if folder else ""
        room = budget - len(prefix) - len(dot + ext)
        if len(rel) <= budget:
            continue
        if room < MIN_STEM:
            too_deep.append(rel)
            continue
        taken.discard(rel.casefold())
        mark = "-" + fingerprint(rel)
        short = shorten(stem, room)
        candidate = f"{prefix}{short}{dot}{ext}"
        if candidate.casefold() in taken:
            candidate = f"{prefix}{shorten(stem, room - len(mark))}{mark}{dot}{ext}"
        taken.add(candidate.casefold())
        out[i] = candidate
    if too_deep:
        raise PathTooLong(
            f"输出文件夹的路径太长（{len(root)} 个字符）：Windows 要求完整路径少于 {MAX_PATH} 个字符，"
            f"{len(too_deep)} 个文件（如 {too_deep[0]}）即使缩短文件名也放不下。"
            f"请用 -o 指定一个路径较短的输出文件夹（例如 D:\\五化输出），或把工作区移到路径较短的位置。")
    return out
