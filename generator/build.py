"""Run every document kind over a workspace's inputs; write only when all succeeded."""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from generator.documents import duty_list, task_ledger, task_list
from generator.documents import duty_calendar, hazard_notice, summary
from generator.documents import battlemap
from generator.documents import handbook, poster
from generator.documents import issue_notice
from generator.documents.base import Artifact, Inputs, Options, TemplateSource
from generator.errors import Collector, InputError, Location, SetupProblem, problem
from generator.model.file_names import fit_paths
from generator.writers.publish import publish, write_single

# Order is the order of output and of the build report.
KINDS = [duty_list, task_list, issue_notice, task_ledger, battlemap, handbook, poster, summary, hazard_notice,
         duty_calendar]


def wordings():
    """Every computed kind's wording (templates/文字/<name>.yaml), in the order listed."""
    from generator.documents import battlemap_board

    return [summary.WORDING, hazard_notice.WORDING, task_ledger.WORDING, handbook.WORDING, poster.WORDING,
            battlemap_board.WORDING, issue_notice.WORDING]


def check_wordings(ws, collector: Collector) -> None:
    """Every file in the workspace's templates/文字/, all problems at once (a file no
    document reads is named too: most likely a misspelt name, silently ignored else)."""
    from generator.model.wording import FOLDER
    from generator.readers.wording import read_wording, unknown_file
    from generator.workspace import shown_path

    folder = getattr(ws, "templates_dir", None)
    if folder is None or not (folder / FOLDER).is_dir():
        return
    specs = {spec.name: spec for spec in wordings()}
    for path in sorted((folder / FOLDER).iterdir()):
        if path.name.startswith((".", "~$")) or not path.is_file():
            continue
        spec = specs.get(path.stem)
        if spec is None or path.suffix.lower() != ".yaml":
            unknown_file(path, shown_path(path), specs.values(), collector)
        else:
            read_wording(path, shown_path(path), spec, collector)


def check_texts(ws) -> None:
    """The wording files first: documents are planned with them."""
    collector = Collector()
    check_wordings(ws, collector)
    collector.raise_if_any()


def check_templates(artifacts: list[Artifact], ws) -> None:
    """The workspace's own templates, checked against the data they will get before
    anything is rendered: every problem located by paragraph or cell (InputError)."""
    from generator.readers.template import check_template
    from generator.workspace import shown_path
    from generator.writers.docx import RenderJob

    contexts: dict[Path, list[dict]] = {}
    for artifact in artifacts:
        job = artifact.render
        if isinstance(job, RenderJob) and hasattr(ws, "is_own") and ws.is_own(job.template):
            contexts.setdefault(Path(job.template), []).append(job.context)
    collector = Collector()
    for template, found in contexts.items():
        check_template(template, shown_path(template), found, collector)
    collector.raise_if_any()


def plan_artifacts(inputs: Inputs, ws: TemplateSource, options: Options, kinds=None,
                   skipped: list[str] | None = None) -> list[Artifact]:
    """Every artifact the inputs allow. With `skipped` given, a kind this machine cannot
    make (e.g. charts without a Chinese font) is left out and its reason recorded, so
    one missing package does not cost the clerk every other document."""
    out: list[Artifact] = []
    for kind in kinds or KINDS:
        try:
            out.extend(kind.artifacts(inputs, ws, options))
        except SetupProblem as exc:
            if skipped is None:
                raise
            skipped.append(str(exc))
    return out


FILE_SUFFIXES = (".docx", ".xlsx", ".pdf", ".ics", ".yaml")


def destinations(artifacts: list[Artifact], output: Path) -> list[Path]:
    """`-o` names a folder, or the file itself when exactly one file is written.
    Names too long for Windows under this folder are shortened (model.file_names)."""
    suffix = output.suffix.lower()
    if suffix in FILE_SUFFIXES and not output.is_dir():
        if len(artifacts) == 1 and Path(artifacts[0].path).suffix.lower() == suffix:
            return [output]
        kinds = "、".join(sorted({Path(a.path).suffix for a in artifacts})) or "无"
        raise InputError([problem(Location(output), f"-o 指向一个{suffix}文件，但这次要生成 {len(artifacts)} 个文件"
                                                     f"（{kinds}）。请用 -o 指定一个文件夹", "-o")])
    return [output / rel for rel in fit_paths(os.path.abspath(output), [a.path for a in artifacts])]


# A batch taking longer than this shows a progress bar (terminal only, not with -q).
PROGRESS_AFTER = 1.0


def render_all(artifacts: list[Artifact], output: Path, spool=None, *, quiet: bool = True,
               watch=None) -> dict[Path, bytes]:
    """Render everything before writing: a failure leaves output/ as it was.
    Template documents are rendered in batches (writers.batch), same bytes, faster.
    With a `spool` (writers.spool), files past its memory budget wait in a temporary
    file instead (values are then `Spilled`), so thousands of posters keep memory flat.
    `watch(artifact, data)` sees each document as it is rendered (printing.office_warmer)."""
    from generator.writers.batch import iter_artifacts

    from generator.progress_bar import ProgressBar

    paths = destinations(artifacts, output)
    out: list = [None] * len(artifacts)
    with ProgressBar(len(artifacts), "生成文档", quiet=quiet, delay=PROGRESS_AFTER) as bar:
        for i, data in iter_artifacts(artifacts):
            if watch is not None:
                watch(artifacts[i], data)
            out[i] = spool.keep(data) if spool is not None else data
            bar.advance()
    return dict(zip(paths, out))


class Written(list):
    """The files a run wrote, and what it did to the rest of output/."""

    def __init__(self, written=(), removed=(), kept=(), was_incomplete=False, notes=()):
        super().__init__(written)
        self.notes: list[str] = list(notes)                 # what the clerk should know (目录 without numbers)
        self.removed: list[Path] = list(removed)           # made earlier, no longer made: deleted
        self.kept: list[tuple[Path, str]] = list(kept)     # no longer made but left, and why
        self.was_incomplete = was_incomplete               # the run before was cut short
        self.artifacts: list[Artifact] = []                # what build() planned (build --pdf reuses it)


def kind_name(kind) -> str:
    """A document kind's name in the manifest: its module's name (poster, summary…)."""
    return kind.__name__.rsplit(".", 1)[-1]


def write_artifacts(artifacts: list[Artifact], output: Path, kind: str = "other", replace: bool = False,
                    kinds_of: dict[int, str] | None = None, replaces: set[str] | None = None,
                    quiet: bool = True, paginate: bool = False, cache=None, keep_pdfs: bool = False,
                    watch=None) -> Written:
    """Render every artifact, then put them all into output/ at once: the one way
    documents reach disk. With `replace`, files this kind wrote before and no longer
    makes are removed (posters of a firm taken off the list). With `paginate`, the
    目录 of documents that have one get the page numbers LibreOffice prints them on
    (`keep_pdfs`: PDFs follow, see pagination.paginate); `watch`: see render_all."""
    from generator.writers.spool import Spool, as_bytes

    spool = Spool()
    try:
        files = render_all(artifacts, output, spool, quiet=quiet, watch=watch)
        if cache is not None:            # before the 目录 numbers: those are cached by pagination
            values = list(files.values())
            cache.store(lambda i: values[i] if isinstance(values[i], bytes) else None)
        notes: list[str] = []
        if paginate:
            from generator.pagination import paginate as number_contents

            which = [p for p, a in zip(files, artifacts) if a.contents]
            numbered = number_contents({p: as_bytes(files[p]) for p in which}, which, keep_pdfs=keep_pdfs)
            files.update(numbered.files)
            notes = numbered.notes
        paths = list(files)
        if len(paths) == 1 and paths[0] == output:          # -o names the file itself
            write_single(output, as_bytes(files[output]))
            return Written(paths, notes=notes)
        names = {p: (kinds_of or {}).get(i, kind) for i, p in enumerate(paths)}
        owned = set(replaces or ()) | ({kind} if replace else set())
        done = publish(output, files, names, owned)
    finally:
        spool.close()
    return Written(done.written, done.removed, done.kept, done.was_incomplete, notes)


def build(inputs: Inputs, ws: TemplateSource, options: Options, output: Path, kinds=None,
          skipped: list[str] | None = None, quiet: bool = True, paginate: bool = False,
          cache: bool = True, keep_pdfs: bool = False, watch=None) -> Written:
    """Every kind (or the given ones) into output/; each kind made replaces what it
    made before, so documents of rows since removed do not linger. `paginate`: see
    write_artifacts. With `cache`, a kind whose inputs, templates, wording, options
    and code are those of an earlier build takes that build's bytes (artifact_cache).
    `keep_pdfs`, `watch`: see write_artifacts."""
    check_texts(ws)
    store = _artifact_cache(inputs, ws, options) if cache else None
    artifacts: list[Artifact] = []
    kinds_of: dict[int, str] = {}
    made: set[str] = set()
    for kind in kinds or KINDS:
        before = len(skipped) if skipped is not None else 0
        name = kind_name(kind)
        if store is not None:
            from generator.artifact_cache import RecordedInputs, RecordedOptions, RecordedWorkspace, Recorder

            recorder = Recorder()
            part = plan_artifacts(RecordedInputs(inputs, recorder), RecordedWorkspace(ws, recorder),
                                  RecordedOptions(options, recorder), [kind], skipped)
        else:
            part = plan_artifacts(inputs, ws, options, [kind], skipped)
        if skipped is not None and len(skipped) > before:
            continue                     # not made on this machine: its old files stay
        made.add(name)
        if store is not None:
            paths = [a.path for a in part]
            found = store.lookup(name, paths)
            if found is not None:
                part = [replace(a, render=Cached(data)) for a, data in zip(part, found)]
            else:
                store.remember(name, recorder, list(range(len(artifacts), len(artifacts) + len(part))), paths)
        for a in part:
            kinds_of[len(artifacts)] = name
            artifacts.append(a)
    check_templates(artifacts, ws)
    written = write_artifacts(artifacts, output, kinds_of=kinds_of, replaces=made, quiet=quiet, paginate=paginate,
                              cache=store, keep_pdfs=keep_pdfs, watch=watch)
    written.artifacts = artifacts
    return written


class Cached:
    """An artifact's bytes from the artifact cache, in place of its render function."""

    def __init__(self, data: bytes):
        self.data = data

    def __call__(self) -> bytes:
        return self.data


def _artifact_cache(inputs, ws, options):
    from generator.artifact_cache import ArtifactCache, folder

    if folder() is None:
        return None
    return ArtifactCache(inputs, ws, options, {spec.name: spec for spec in wordings()})
