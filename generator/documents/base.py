from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from collections.abc import Callable

from generator.model.file_names import file_stem, unique_stems
from generator.model.inputs import Inputs

__all__ = ["MERGED_SUFFIX", "Artifact", "Inputs", "Options", "TemplateSource", "safe_filename", "unique_stems", "wording_of"]


# One name for a batch's print file, the .docx and its .pdf alike.
MERGED_SUFFIX = "（合并打印）"


class TemplateSource(Protocol):
    """Where a document kind finds its template: the workspace's own copy, else the
    built-in one (generator.workspace.Workspace is one)."""

    def template(self, name: str) -> Path: ...


def wording_of(templates, spec):
    """The wording a computed document uses: the workspace's own (Workspace.wording),
    or the built-in one where the caller has no workspace."""
    own = getattr(templates, "wording", None)
    return own(spec) if own is not None else spec.builtin()


@dataclass(frozen=True)
class Options:
    """What the clerk chose on the command line."""

    year: int = field(default_factory=lambda: dt.date.today().year)
    as_of: dt.date = field(default_factory=dt.date.today)
    wall_paper: str | None = None   # 作战图挂图 A3 or A2 (landscape); None: A3, or A2 when A3 cannot hold it
    poster_paper: str = "A3"  # 判定标准海报: A4–A1, portrait
    # What a kind left out and why (e.g. a wall chart no paper can hold legibly); the
    # command line says each one. A list, so kinds can add to it though Options is frozen.
    notes: list = field(default_factory=list, compare=False, hash=False)


@dataclass(frozen=True)
class Artifact:
    """One output file: where it goes under output/, and how to make its bytes."""

    path: str
    render: Callable[[], bytes]
    title: str = ""
    group: str = ""          # batch it belongs to (e.g. 部门任务清单), for print merging
    label: str = ""          # its name in the batch (enterprise, department): the print file's bookmark
    # A merged print file names the group whose documents it holds, in order; its PDF is
    # then made by one conversion and split into theirs (printing.py).
    merges: str = ""
    pages_each: int = 0      # every member takes this many pages (posters: 1); 0 = found by title
    # members [start, stop) as one file of their own, so a large merged file is converted
    # in parts by several workers at once
    render_part: Callable[[int, int], bytes] | None = field(default=None, compare=False)
    # It has a 目录 whose page numbers `build` fills in from a LibreOffice layout
    # (generator/pagination.py).
    contents: bool = False


def safe_filename(name: str) -> str:
    """One name made from data as a file name (rules in model.file_names); a batch of
    them takes `unique_stems` instead, so no two files of the batch collide."""
    return file_stem(name)
