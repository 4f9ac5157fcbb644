"""Rebuilds without re-rendering what did not change. A clerk edits one progress line
and builds again: most documents (duty lists, handbooks, posters, notices) do not read
the progress at all, and their bytes are taken from the last build.

A wrong hit is a silently wrong document, so nothing is declared by hand. While a
document kind plans and renders, it sees the inputs and the workspace through
recorders that note every input field it reads, every template it opens and every
wording it asks for (a `recipe`). The next build keys that kind by the values of
exactly those fields, the templates' bytes, the wordings, the options, today's date,
SOURCE_DATE_EPOCH, the chart font, the library versions and a hash of every file of
the generator package. Same code and same values read means the same run: a
deterministic kind reads the same fields again and makes the same bytes. Anything the
recorders cannot describe exactly (a value of a type canonical() does not know, any
other use of the workspace) makes the kind uncacheable: it is rendered every time.

Entries live under cache_dir()/artifacts (WUHUA_CACHE_DIR; `off` disables this and
the chart cache; `wuhua build --no-cache` this one). A cache that cannot be read or
written is skipped: it saves time, it decides nothing.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import sys
from pathlib import Path

from generator.charts.cache import Unkeyable, cache_dir, canonical, prune_entries, touch_entry, write_entry

KEEP = 40                          # newest kind entries kept (a sample build makes ten)
RECIPES = 8                        # shapes of workspace remembered per kind
MAX_BYTES = 64 * 1024 * 1024       # a kind whose files are larger is not kept (thousands of posters)
_VERSIONED = ("python-docx", "docxtpl", "openpyxl", "lxml", "jinja2", "pillow", "matplotlib", "numpy",
              "chinesecalendar", "pydantic", "pyyaml")
_SEP = "\n"


def folder() -> Path | None:
    base = cache_dir()
    return None if base is None else base / "artifacts"


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Every file of the generator package (code, built-in templates, wordings, fonts
    configuration) and the versions of the libraries that write the bytes."""
    from importlib.metadata import version

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    for package in _VERSIONED:
        try:
            digest.update(f"{package}={version(package)};".encode())
        except Exception:  # noqa: BLE001 - an unknown version is a version too
            digest.update(f"{package}=?;".encode())
    return digest.hexdigest()


class Recorder:
    """What one kind read: input fields, templates, wordings. `spoiled` when it used
    the workspace in a way that cannot be keyed."""

    def __init__(self):
        self.fields: list[str] = []
        self.templates: list[str] = []
        self.wordings: list[str] = []
        self.spoiled = ""

        self.options: list[str] = []

    def recipe(self) -> dict:
        return {"fields": sorted(set(self.fields)), "templates": sorted(set(self.templates)),
                "wordings": sorted(set(self.wordings)), "options": sorted(set(self.options))}


class RecordedInputs:
    """The inputs as a kind sees them: every attribute read is noted."""

    def __init__(self, inputs, recorder: Recorder):
        object.__setattr__(self, "_inputs", inputs)
        object.__setattr__(self, "_recorder", recorder)

    def __getattr__(self, name):
        self._recorder.fields.append(name)
        return getattr(self._inputs, name)

    def __setattr__(self, name, value):
        raise AttributeError(f"a document kind may not change the inputs ({name})")


class RecordedOptions:
    """The command line's options as a kind sees them: every option read is noted
    (`notes` is what a kind tells the clerk, not something it reads)."""

    def __init__(self, options, recorder: Recorder):
        object.__setattr__(self, "_options", options)
        object.__setattr__(self, "_recorder", recorder)

    def __getattr__(self, name):
        if name != "notes":
            self._recorder.options.append(name)
        return getattr(self._options, name)

    def __setattr__(self, name, value):
        raise AttributeError(f"a document kind may not change the options ({name})")


class RecordedWorkspace:
    """The workspace (TemplateSource) as a kind sees it: templates and wordings noted;
    anything else spoils the record."""

    def __init__(self, ws, recorder: Recorder):
        self._ws = ws
        self._recorder = recorder

    def template(self, name: str) -> Path:
        self._recorder.templates.append(name)
        return self._ws.template(name)

    def __getattr__(self, name):
        if name == "wording" and hasattr(self._ws, "wording"):
            def wording(spec):
                self._recorder.wordings.append(spec.name)
                return self._ws.wording(spec)
            return wording
        value = getattr(self._ws, name)       # AttributeError passes through (wording_of's probe)
        self._recorder.spoiled = f"workspace.{name}"
        return value


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _chart_font_record(base: Path | None) -> str:
    try:
        return (base.parent / "chart-font.json").read_text("utf-8") if base is not None else ""
    except OSError:
        return ""


def kind_key(kind: str, recipe: dict, inputs, ws, options, specs: dict, memo: dict | None = None) -> str:
    """The key of one kind's files under a recipe; Unkeyable/OSError when a value read
    cannot be described. `memo` keeps the descriptions of one build's values (the
    inputs do not change while it runs; several kinds read the plan)."""
    base = folder()
    memo = {} if memo is None else memo

    describers = {
        "field": lambda name: canonical(getattr(inputs, name)),
        "template": lambda name: _sha(Path(ws.template(name)).read_bytes()),
        "wording": lambda name: canonical(ws.wording(specs[name]) if hasattr(ws, "wording")
                                          else specs[name].builtin()),
    }

    def described(what: str, names: list[str]) -> list:
        out = []
        for name in names:
            if (what, name) not in memo:
                memo[(what, name)] = describers[what](name)
            out.append([name, memo[(what, name)]])
        return out

    description = [
        kind, code_version(), recipe,
        described("field", recipe["fields"]), described("template", recipe["templates"]),
        described("wording", recipe["wordings"]),
        [[name, canonical(getattr(options, name))] for name in recipe["options"]],
        dt.date.today().isoformat(),                      # a kind may fall back on today's date
        os.environ.get("SOURCE_DATE_EPOCH", ""),           # writers.ooxml stamps it
        os.environ.get("WUHUA_CHART_FONT", ""), _chart_font_record(base),
    ]
    return _sha(_dumps(description).encode("utf-8"))


class ArtifactCache:
    """One build's use of the cache: look up each kind after planning it, keep what
    was rendered afterwards."""

    def __init__(self, inputs, ws, options, specs: dict):
        self.root = folder()
        self.inputs, self.ws, self.options, self.specs = inputs, ws, options, specs
        self.hits: list[str] = []           # kinds taken from the cache (tests, bench)
        self._memo: dict = {}
        self._pending: dict[str, tuple[str, list[str], list[int], dict]] = {}

    def _recipe_path(self, kind: str) -> Path:
        return self.root / "recipes" / f"{kind}-{code_version()[:16]}.json"

    def lookup(self, kind: str, paths: list[str]) -> list[bytes] | None:
        """The bytes of the kind's files from a build that read the same values, or None."""
        if self.root is None:
            return None
        for recipe in self._recipes(kind):
            try:
                key = kind_key(kind, recipe, self.inputs, self.ws, self.options, self.specs,
                               self._memo)
                entry = self.root / f"{key}.bin"
                blob = entry.read_bytes()
            except (OSError, ValueError, KeyError, TypeError, Unkeyable):
                continue
            files = _unpack(blob)
            if files is None or [p for p, _ in files] != paths:
                continue
            touch_entry(entry)
            self.hits.append(kind)
            return [data for _, data in files]
        return None

    def _recipes(self, kind: str) -> list[dict]:
        """What the kind read in recent builds (one per shape of workspace: a kind reads
        more fields where there is more to make), newest first."""
        try:
            found = json.loads(self._recipe_path(kind).read_text("utf-8"))
            return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []
        except (OSError, ValueError):
            return []

    def remember(self, kind: str, recorder: Recorder, indexes: list[int], paths: list[str]) -> None:
        """After planning a kind that was not found: its files are kept once rendered."""
        if self.root is None:
            return
        self._pending[kind] = (kind, paths, indexes, {"recorder": recorder})

    def store(self, rendered) -> None:
        """Keep the rendered files of every kind remembered (`rendered(i)` gives bytes
        or None when a file is too large to hold in memory)."""
        for kind, paths, indexes, extra in self._pending.values():
            recorder: Recorder = extra["recorder"]
            if recorder.spoiled:
                continue
            recipe = recorder.recipe()
            try:
                key = kind_key(kind, recipe, self.inputs, self.ws, self.options, self.specs,
                               self._memo)
            except (OSError, Unkeyable, KeyError, TypeError):
                continue
            files, size = [], 0
            for path, i in zip(paths, indexes):
                data = rendered(i)
                if data is None:
                    break
                size += len(data)
                if size > MAX_BYTES:
                    break
                files.append((path, data))
            else:
                write_entry(self.root / f"{key}.bin", _pack(files))
                recipes = [recipe] + [r for r in self._recipes(kind) if r != recipe]
                write_entry(self._recipe_path(kind), _dumps(recipes[:RECIPES]).encode("utf-8"))
        self._pending.clear()
        if self.root is not None:
            prune_entries(self.root, "*.bin", KEEP)


_MAGIC = b"wuhua-artifacts-1\n"


def _pack(files: list[tuple[str, bytes]]) -> bytes:
    index = _dumps([[path, len(data), _sha(data)] for path, data in files]).encode("utf-8")
    return _MAGIC + len(index).to_bytes(8, "big") + index + b"".join(data for _, data in files)


def _unpack(blob: bytes) -> list[tuple[str, bytes]] | None:
    """The files of an entry, or None when it is damaged (each file's hash checked)."""
    try:
        if not blob.startswith(_MAGIC):
            return None
        at = len(_MAGIC)
        size = int.from_bytes(blob[at:at + 8], "big")
        index = json.loads(blob[at + 8:at + 8 + size].decode("utf-8"))
        at += 8 + size
        files = []
        for path, length, digest in index:
            data = blob[at:at + length]
            if len(data) != length or _sha(data) != digest:
                return None
            files.append((path, data))
            at += length
        return files if at == len(blob) else None
    except (ValueError, TypeError):
        return None
