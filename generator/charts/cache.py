"""Charts drawn once per content: a PNG is kept on disk under a key made of everything
that decides its pixels (the chart's data and size, the drawing code, matplotlib's
version, the font file), so a build whose charts did not change neither draws them
nor imports matplotlib. Drawing a chart costs a build most of its time; clerks build
again after every small edit, usually with the same progress and as-of date.

The cache only ever returns bytes a draw produced for exactly that key; anything it
cannot key (an argument of a type it does not know) is drawn every time. A cache that
cannot be read or written is skipped silently: it saves time, it decides nothing.

Where: WUHUA_CACHE_DIR, else the user's cache folder (%LOCALAPPDATA%\\wuhua on Windows,
$XDG_CACHE_HOME/wuhua or ~/.cache/wuhua elsewhere); WUHUA_CACHE_DIR=off disables it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import json
import os
from pathlib import Path

from pydantic import BaseModel

from generator.charts.fonts import ChartFont, chart_font

KEEP = 300              # newest entries kept; a sample build makes six
_PNG_END = b"IEND\xaeB`\x82"
# The code that draws: a change to any of these files is a new key.
_SOURCES = ("draw.py", "fonts.py", "cache.py")


def cache_dir() -> Path | None:
    own = os.environ.get("WUHUA_CACHE_DIR")
    if own:
        return None if own.lower() in ("off", "0", "no") else Path(own)
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "wuhua" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "wuhua"


class Unkeyable(TypeError):
    """An argument the cache cannot describe completely: the chart is drawn instead."""


def canonical(value):
    """A JSON-able description of `value` that differs whenever the value differs."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return ["float", value.hex()]
    if isinstance(value, enum.Enum):
        return [type(value).__name__, canonical(value.value)]
    if isinstance(value, (dt.date, dt.datetime)):
        return [type(value).__name__, value.isoformat()]
    if isinstance(value, Path):
        return ["path", str(value)]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [canonical(v) for v in value]]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted((canonical(v) for v in value), key=_dumps)]
    if isinstance(value, dict):
        return ["dict", sorted(([canonical(k), canonical(v)] for k, v in value.items()), key=_dumps)]
    if isinstance(value, BaseModel):
        if value.__pydantic_extra__ or getattr(value, "__pydantic_private__", None):
            raise Unkeyable(type(value).__name__)
        return [type(value).__name__, {name: canonical(getattr(value, name)) for name in type(value).model_fields}]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}]
    raise Unkeyable(type(value).__name__)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    from importlib.metadata import version

    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _SOURCES:
        digest.update((here / name).read_bytes())
    for package in ("matplotlib", "numpy", "pillow"):
        try:
            digest.update(f"{package}={version(package)};".encode())
        except Exception:  # noqa: BLE001 - an unknown version is a version too
            digest.update(f"{package}=?;".encode())
    return digest.hexdigest()


def _font_file(font: ChartFont) -> list:
    stat = os.stat(font.path)
    return [font.name, font.path, stat.st_size, stat.st_mtime_ns]


def known_font(folder: Path | None) -> ChartFont:
    """The chart font without importing matplotlib when an earlier run found it and its
    file is unchanged (same WUHUA_CHART_FONT, same size and time); else found anew."""
    record = folder / "chart-font.json" if folder is not None else None
    own = os.environ.get("WUHUA_CHART_FONT", "")
    try:
        saved = json.loads(record.read_text("utf-8")) if record is not None else None
        if saved and saved["env"] == own:
            font = ChartFont(saved["name"], saved["path"])
            if _font_file(font) == saved["file"]:
                return font
    except (OSError, ValueError, KeyError, TypeError):
        pass
    font = chart_font()
    remember_font(folder, font)
    return font


def remember_font(folder: Path | None, font: ChartFont) -> None:
    if folder is None:
        return
    record = {"env": os.environ.get("WUHUA_CHART_FONT", ""), "name": font.name, "path": font.path,
              "file": _font_file(font)}
    write_entry(folder / "chart-font.json", _dumps(record).encode("utf-8"))


def chart_key(name: str, args: tuple, kwargs: dict, font: ChartFont) -> str:
    description = [name, canonical(args), canonical(kwargs), _font_file(font), _code_version()]
    return hashlib.sha256(_dumps(description).encode("utf-8")).hexdigest()


def cached_chart(draw):
    """Decorate a function returning PNG bytes: same arguments, same font and code,
    the bytes of the last draw, read from disk."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs) -> bytes:
        folder = cache_dir()
        if folder is None:
            return draw(*args, **kwargs)
        try:
            key = chart_key(draw.__name__, args, kwargs, known_font(folder))
        except (Unkeyable, OSError):
            return draw(*args, **kwargs)
        entry = folder / "charts" / f"{key}.png"
        try:
            data = entry.read_bytes()
            if data.endswith(_PNG_END):
                touch_entry(entry)
                return data
        except OSError:
            pass
        data = draw(*args, **kwargs)
        # The font the draw really used: when it is another than the one recorded (a
        # font installed since), later keys name it.
        remember_font(folder, chart_font())
        if chart_key(draw.__name__, args, kwargs, chart_font()) == key:
            write_entry(entry, data)
            prune_entries(entry.parent)
        return data

    wrapper.uncached = draw
    return wrapper


def write_entry(path: Path, data: bytes) -> None:
    """Whole or not at all (a temporary file renamed); failures are not the clerk's concern."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


def touch_entry(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def prune_entries(folder: Path, pattern: str = "*.png", keep: int = KEEP, max_bytes: int | None = None) -> None:
    """Keep the `keep` most recently used entries (charts by default), and with
    `max_bytes` only as many of the newest as fit in that many bytes."""
    try:
        entries = sorted(((p.stat(), p) for p in folder.glob(pattern)), key=lambda e: e[0].st_mtime_ns,
                         reverse=True)
        total = 0
        for i, (stat, path) in enumerate(entries):
            total += stat.st_size
            if i >= keep or (max_bytes is not None and total > max_bytes and i > 0):
                path.unlink()
    except OSError:
        pass
