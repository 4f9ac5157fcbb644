"""The import rules of the `generator` package, checked from its source.

Every module is read with `ast` (all imports, also those inside functions), the
module graph is built, and the test fails on

- an import cycle between modules (each cycle is reported as a path), and
- an import that points up the layers in LAYERS below.

To move a module or allow a new dependency, change the table, not the checker.
"""
from __future__ import annotations

import ast
import fnmatch
from dataclasses import dataclass
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]

# --- the rule -----------------------------------------------------------------------
# Layer: (modules, layers it may import). A module is classified by its first name
# under `generator` ("model" for generator.model.plan, "cli_pdf" for
# generator.cli_pdf, "" for generator/__init__.py), matched against the globs in
# order. A layer may always import itself (cycles are checked separately).
LAYERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "base":        (("", "errors", "resources"), ()),
    # holidays: pure date rules over chinesecalendar, no I/O of ours
    "model":       (("model", "holidays"), ("base",)),
    "readers":     (("readers",), ("base", "model")),
    "style":       (("style",), ("base", "model")),
    "charts":      (("charts",), ("base", "model", "style")),
    "writers":     (("writers",), ("base", "model", "style")),
    "documents":   (("documents",), ("base", "model", "style", "charts", "writers")),
    # the application: reads a workspace, builds, prints, reports; progress_bar is
    # the terminal progress bar its batch work draws
    "application": (("workspace", "build", "printing", "pagination", "progress_bar", "collect", "proof",
                     "artifact_cache", "pdf_cache", "inputs_cache", "warmup"),
                    ("base", "model", "readers", "style", "charts", "writers", "documents")),
    # cli may start the web app (`wuhua serve`); web never imports the command line
    "cli":         (("cli",),
                    ("base", "model", "readers", "style", "charts", "writers", "documents", "application", "web")),
    "web":         (("web",),
                    ("base", "model", "readers", "style", "charts", "writers", "documents", "application")),
    "entry":       (("__main__",), ("cli", "web")),
}


# --- the checker --------------------------------------------------------------------

@dataclass(frozen=True)
class Import:
    source: str   # importing module, e.g. generator.documents.summary
    target: str   # imported module of the package, e.g. generator.readers.summary
    line: int

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} (line {self.line})"


def modules(package_dir: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file of the package."""
    name = package_dir.name
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join((name, *parts))] = path
    return found


def imports(package_dir: Path) -> list[Import]:
    """Every import between modules of the package, wherever it stands in a module."""
    mods = modules(package_dir)
    root = package_dir.name

    def resolve(name: str) -> str | None:
        """The longest module of the package that `name` is or lies in."""
        while name:
            if name in mods:
                return name
            name = name.rpartition(".")[0]
        return None

    found = []
    for source, path in mods.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: from the module's package, up level - 1
                    package = source if is_package else source.rpartition(".")[0]
                    for _ in range(node.level - 1):
                        package = package.rpartition(".")[0]
                    base = f"{package}.{node.module}" if node.module else package
                else:
                    base = node.module or ""
                # `from pkg import sub` imports the module pkg.sub when there is one
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in mods else base
                           for alias in node.names]
            for target in targets:
                if target == root or target.startswith(root + "."):
                    resolved = resolve(target)
                    if resolved and resolved != source:
                        found.append(Import(source, resolved, node.lineno))
    return sorted(set(found), key=lambda i: (i.source, i.target, i.line))


def graph(edges: list[Import]) -> dict[str, set[str]]:
    g: dict[str, set[str]] = {}
    for e in edges:
        g.setdefault(e.source, set()).add(e.target)
        g.setdefault(e.target, set())
    return g


def cycles(edges: list[Import]) -> list[list[str]]:
    """Cycles as paths back to their start: for every module in a group of modules that
    import each other (directly or not), the shortest cycle through it."""
    g = graph(edges)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(v: str) -> None:  # Tarjan; the package is small, recursion is fine
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(g[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(g):
        if v not in index:
            connect(v)

    def shortest_cycle(start: str, members: set[str]) -> list[str]:
        came_from: dict[str, str] = {}  # breadth first, inside the group
        queue = [start]
        while queue and start not in came_from:
            v = queue.pop(0)
            for w in sorted(g[v] & members):
                if w not in came_from:
                    came_from[w] = v
                    queue.append(w)
        path = [start]
        v = came_from[start]
        while v != start:
            path.append(v)
            v = came_from[v]
        return [start, *reversed(path[1:]), start]

    found: list[list[str]] = []
    for group in sorted(groups):  # a shortest cycle through each module of the group
        for start in group:
            cycle = shortest_cycle(start, set(group))
            i = cycle.index(min(cycle[:-1]))  # the same cycle, started at its first module
            cycle = cycle[i:-1] + cycle[:i] + [cycle[i]]
            if cycle not in found:
                found.append(cycle)
    return found


def layer_of(module: str, layers=LAYERS) -> str | None:
    first = module.split(".")[1] if "." in module else ""
    for layer, (patterns, _) in layers.items():
        if any(fnmatch.fnmatchcase(first, p) for p in patterns):
            return layer
    return None


def upward_imports(edges: list[Import], layers=LAYERS) -> list[str]:
    """Imports a layer may not make, and modules the table does not classify."""
    problems = []
    for e in edges:
        source, target = layer_of(e.source, layers), layer_of(e.target, layers)
        if source is None or target is None:
            continue
        if target != source and target not in layers[source][1]:
            problems.append(f"{source} may not import {target}: {e}")
    return problems


def unclassified(package_dir: Path, layers=LAYERS) -> list[str]:
    return [m for m in modules(package_dir) if layer_of(m, layers) is None]


def violations(package_dir: Path, layers=LAYERS) -> list[str]:
    edges = imports(package_dir)
    found = [f"not in LAYERS (classify it): {m}" for m in unclassified(package_dir, layers)]
    found += ["import cycle: " + " -> ".join(c) for c in cycles(edges)]
    found += upward_imports(edges, layers)
    return found


# --- the package --------------------------------------------------------------------

def test_generator_imports_follow_the_layers():
    found = violations(ROOT / "generator")
    assert not found, "\n" + "\n".join(found)


def test_every_module_is_classified():
    assert not unclassified(ROOT / "generator")


# --- the checker, proven on a package written here ----------------------------------

def write_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "pkg"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [package, *[p for p in package.rglob("*") if p.is_dir()]]:
        (folder / "__init__.py").touch()
    return package


TOY_LAYERS = {
    "base": (("",), ()),
    "low": (("model",), ("base",)),
    "high": (("documents",), ("low",)),
}


def test_checker_finds_a_cycle_through_an_import_inside_a_function(tmp_path):
    package = write_package(tmp_path, {
        "model/a.py": "from pkg.model.b import B\n",
        "model/b.py": "B = 1\n\ndef later():\n    from pkg.model import c\n    return c\n",
        "model/c.py": "import pkg.model.a as a\n",
        "model/d.py": "from pkg.model.a import B\n",
    })
    assert cycles(imports(package)) == [["pkg.model.a", "pkg.model.b", "pkg.model.c", "pkg.model.a"]]
    assert violations(package, TOY_LAYERS) == [
        "import cycle: pkg.model.a -> pkg.model.b -> pkg.model.c -> pkg.model.a"]


def test_checker_finds_an_upward_import(tmp_path):
    package = write_package(tmp_path, {
        "model/plan.py": "def f():\n    from ..documents import kind\n    return kind\n",
        "documents/kind.py": "from pkg.model.plan import f\n",
    })
    edges = imports(package)
    assert [str(e) for e in edges] == ["pkg.documents.kind -> pkg.model.plan (line 1)",
                                       "pkg.model.plan -> pkg.documents.kind (line 2)"]
    found = violations(package, TOY_LAYERS)
    assert "low may not import high: pkg.model.plan -> pkg.documents.kind (line 2)" in found
    assert not any("documents.kind -> pkg.model" in f and "may not" in f for f in found)


def test_checker_accepts_a_clean_package_and_flags_unclassified_modules(tmp_path):
    package = write_package(tmp_path, {
        "model/plan.py": "import os\nfrom pkg.model import values\n",
        "model/values.py": "X = 1\n",
        "documents/kind.py": "from pkg.model.plan import values\nfrom pkg import model\n",
    })
    assert violations(package, TOY_LAYERS) == []
    (package / "helpers.py").write_text("from pkg.documents import kind\n", encoding="utf-8")
    assert violations(package, TOY_LAYERS) == ["not in LAYERS (classify it): pkg.helpers"]
