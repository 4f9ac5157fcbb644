"""Run every document kind over a workspace's inputs; write only when all succeeded."""
from __future__ import annotations

import os
from pathlib import Path

from generator.documents import duty_list, task_ledger, task_list
from generator.documents import duty_calendar, hazard_notice, summary
from generator.documents import battlemap
from generator.documents import handbook, poster
from generator.documents.base import Artifact, Inputs, Options, TemplateSource
from generator.errors import Collector, InputError, Location, SetupProblem, problem
from generator.model.file_names import fit_paths
from generator.writers.atomic import write_all

# Order is the order of output and of the build report.
KINDS = [duty_list, task_list, task_ledger, battlemap, handbook, poster, summary, hazard_notice,
         duty_calendar]


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


def render_all(artifacts: list[Artifact], output: Path) -> dict[Path, bytes]:
    """Render everything in memory first: a failure leaves output/ as it was.
    Template documents are rendered in batches (writers.batch), same bytes, faster."""
    from generator.writers.batch import render_artifacts

    paths = destinations(artifacts, output)
    return dict(zip(paths, render_artifacts(artifacts)))


def write_artifacts(artifacts: list[Artifact], output: Path) -> list[Path]:
    """Render every artifact, then write them all: the one way documents reach disk."""
    return write_all(render_all(artifacts, output))


def build(inputs: Inputs, ws: TemplateSource, options: Options, output: Path, kinds=None,
          skipped: list[str] | None = None) -> list[Path]:
    artifacts = plan_artifacts(inputs, ws, options, kinds, skipped)
    check_templates(artifacts, ws)
    return write_artifacts(artifacts, output)
