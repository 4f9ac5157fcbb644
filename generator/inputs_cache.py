"""Inputs read once per content. Reading a workspace's workbooks costs a rebuild about
half a second plus openpyxl's import (it pulls numpy); a clerk rebuilds after every
small edit, and most files did not change.

Keyed by every file under the inputs folder (relative name and exact bytes; lock files
and files no reader opens too: more than needed is never wrong), the folder's path and
the folder messages are shown from (warnings name files relative to where the clerk
stands), whether it is the built-in sample, and the generator's code and library
versions (artifact_cache.code_version). A hit gives the Inputs a read of exactly those
files made, warnings included. A read that fails is never kept: its problems are found
and reported by reading again, located as always.

Entries live under cache_dir()/inputs (WUHUA_CACHE_DIR; `off` disables it; `build
--no-cache` too). They are pickles of our own model objects, written by this user into
this user's cache folder. A cache that cannot be read or written is skipped.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from generator.charts.cache import cache_dir, prune_entries, touch_entry, write_entry

KEEP = 20          # workspaces remembered (the web workbench checks uploads in trial folders)
_MAGIC = b"wuhua-inputs-1\n"


def folder() -> Path | None:
    base = cache_dir()
    return None if base is None else base / "inputs"


def inputs_key(inputs_folder: Path, is_sample: bool) -> str:
    """Everything the read depends on; OSError when the folder cannot be listed."""
    from generator.artifact_cache import code_version

    digest = hashlib.sha256()
    for part in (code_version(), str(Path(inputs_folder).resolve()), str(inputs_folder), os.getcwd(),
                 str(is_sample)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for root, dirs, files in os.walk(inputs_folder, onerror=_raise):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            digest.update(str(path.relative_to(inputs_folder)).encode("utf-8", "surrogatepass") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        for name in dirs:                               # an empty folder is part of the shape too
            digest.update(b"dir\0" + name.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _raise(error: OSError) -> None:
    raise error


def cached_inputs(inputs_folder: Path, is_sample: bool, read: Callable[[], object], *, use: bool = True):
    """`read()`'s Inputs, or those of an earlier read of exactly the same files."""
    root = folder() if use else None
    if root is None:
        return read()
    try:
        key = inputs_key(inputs_folder, is_sample)
    except (OSError, ValueError):
        return read()
    entry = root / f"{key}.pickle"
    found = _load(entry)
    if found is not None:
        touch_entry(entry)
        return found
    inputs = read()                                      # InputError passes through, nothing kept
    try:
        data = pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return inputs
    write_entry(entry, _MAGIC + hashlib.sha256(data).digest() + data)
    prune_entries(root, "*.pickle", KEEP)
    return inputs


def _load(entry: Path):
    from generator.model.inputs import Inputs

    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + 32
    if not blob.startswith(_MAGIC) or hashlib.sha256(blob[head:]).digest() != blob[len(_MAGIC):head]:
        return None
    try:
        found = pickle.loads(blob[head:])
    except Exception:  # noqa: BLE001 - a damaged or outdated entry is read again, never trusted
        return None
    return found if isinstance(found, Inputs) else None
