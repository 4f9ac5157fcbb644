"""What the tool wrote into an output folder: `.wuhua-manifest.json`.

Each entry is a file the tool produced, with the document kind that produced it
(the next run of that kind owns it: replaces it or removes it), the SHA-256 of the
bytes written (a file the clerk changed since is never removed) and, for files made
from other files (PDFs, merged print files), the files they were made from (a PDF
whose document changed or went away is out of date). `state` is "moving" while new
files are being put in place: a manifest left in that state means the run was
killed half-way and output/ mixes old and new files.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = ".wuhua-manifest.json"
COMPLETE, MOVING = "complete", "moving"


@dataclass
class Entry:
    kind: str
    sha256: str
    sources: tuple[str, ...] = ()

    def as_json(self) -> dict:
        out: dict = {"kind": self.kind, "sha256": self.sha256}
        if self.sources:
            out["from"] = list(self.sources)
        return out


@dataclass
class Manifest:
    files: dict[str, Entry] = field(default_factory=dict)      # POSIX path under the folder
    state: str = COMPLETE
    interrupted: set[str] = field(default_factory=set)         # kinds whose move was cut short

    @property
    def incomplete(self) -> bool:
        return self.state != COMPLETE or bool(self.interrupted)

    def to_bytes(self) -> bytes:
        data = {"version": 1, "state": self.state, "interrupted": sorted(self.interrupted),
                "files": {k: self.files[k].as_json() for k in sorted(self.files)}}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def load(folder: Path) -> Manifest:
    """The folder's manifest; an absent or unreadable one is empty (nothing is ours)."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        files = {str(k): Entry(str(v["kind"]), str(v["sha256"]), tuple(v.get("from", ())))
                 for k, v in data.get("files", {}).items()}
        return Manifest(files, str(data.get("state", COMPLETE)), set(data.get("interrupted", ())))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Manifest()


def save(folder: Path, manifest: Manifest) -> None:
    """Written beside and renamed, flushed to disk: it must survive a power cut."""
    target = folder / MANIFEST_NAME
    tmp = folder / f".~wuhua-manifest-{os.getpid()}.json"
    with open(tmp, "wb") as f:
        f.write(manifest.to_bytes())
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)


def relative(path: Path, folder: Path) -> str | None:
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(folder)).as_posix()
    except ValueError:
        return None


def incomplete_notice(folder: Path) -> str | None:
    """What `check` and `build` say about a folder whose last run was cut short."""
    manifest = load(folder)
    if not manifest.incomplete:
        return None
    return (f"{folder} 中的文件不完整：上次生成在写入文件时被中断，新旧文件混杂。"
            "请运行 wuhua build 重新生成。")
