"""Memory stays flat in the number of posters: the merged print file's body is
compressed as it is written (never one string), and rendered files past a budget wait
in a temporary file until publish stages them. Both give the very same bytes."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document

from generator.build import write_artifacts
from generator.documents import poster
from generator.documents.base import Artifact, Options
from generator.workspace import read_inputs
from generator.writers import spool
from generator.writers.docx_body import iter_joined, join_bodies, with_body
from tests.conftest import SAMPLE


def many_jobs(n: int):
    """n posters over the sample's enterprises, named apart (shaped unlike the sample:
    more of them than it has, both criteria interleaved)."""
    inputs = read_inputs(SAMPLE)
    base = poster.plan(inputs, dt.date(2025, 6, 1))
    jobs = []
    for i in range(n):
        job = base[i % len(base)]
        fill = poster.Fill(f"{job.fill.enterprise}第{i + 1}分厂", job.fill.date, job.fill.report)
        jobs.append(poster.Job(f"{i:04d}.docx", job.criteria, fill, job.excerpt))
    return inputs, jobs


def test_merged_file_streamed_equals_the_joined_body():
    inputs, jobs = many_jobs(120)
    drafts = poster.drafts(jobs, "A3", inputs.office.fonts)
    pairs = [(drafts[j.key], j.fill) for j in jobs]
    streamed = poster.render_merged(pairs, "判定标准海报（合并打印，120份）")
    # The way it was made before: the whole body as one string, normalized as a package.
    body = join_bodies([(poster._filled(d.body, f), d.final_sect) for d, f in pairs])
    whole = poster._package(pairs[0][0], body, "判定标准海报（合并打印，120份）")
    assert streamed == whole
    assert zipfile.ZipFile(io.BytesIO(streamed)).testzip() is None
    doc = Document(io.BytesIO(streamed))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "某市民爆器材有限公司第1分厂" in text and "第120分厂" in text
    assert len(doc.sections) >= 120          # a section (a sheet) per poster at least


def test_iter_joined_is_join_bodies_piece_by_piece():
    parts = [("<w:p><w:pPr><w:jc/></w:pPr></w:p>", "<S1/>"), ("<w:p><w:pPr></w:pPr>二</w:p>", "<S2/>"),
             ("<w:p/>", "<S3/>")]
    assert "".join(iter_joined(parts)) == join_bodies(parts)
    assert "".join(iter_joined(parts[:1])) == join_bodies(parts[:1])
    assert with_body(b"<x><w:body>old</w:body></x>", "new") == b"<x><w:body>new</w:body></x>"


def test_spilled_files_are_written_with_the_same_bytes_and_manifest(tmp_path, monkeypatch):
    inputs = read_inputs(SAMPLE)
    artifacts = poster.poster_artifacts(inputs, Options(year=2025, as_of=dt.date(2025, 6, 1)))
    artifacts = [Artifact(a.path, a.render, a.title, a.group) for a in artifacts]
    write_artifacts(artifacts, tmp_path / "held", kind="poster")
    monkeypatch.setattr(spool, "BUDGET", 10_000)              # all but the first file or so spill
    kept = []
    original = spool.Spool.keep
    monkeypatch.setattr(spool.Spool, "keep", lambda self, data: kept.append(original(self, data)) or kept[-1])
    write_artifacts(artifacts, tmp_path / "spilled", kind="poster")
    assert sum(isinstance(k, spool.Spilled) for k in kept) >= len(artifacts) - 2
    held = {p.relative_to(tmp_path / "held"): p.read_bytes() for p in (tmp_path / "held").rglob("*") if p.is_file()}
    spilled = {p.relative_to(tmp_path / "spilled"): p.read_bytes()
               for p in (tmp_path / "spilled").rglob("*") if p.is_file()}
    assert len(held) == len(artifacts) + 1          # and the manifest, with the same sha256 entries
    assert spilled == held


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_build_over_a_second_shows_documents_done_and_time_left(tmp_path, monkeypatch):
    import sys

    import generator.build as build_module

    inputs = read_inputs(SAMPLE)
    artifacts = poster.poster_artifacts(inputs, Options(year=2025, as_of=dt.date(2025, 6, 1)))
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(build_module, "PROGRESS_AFTER", 0.0)      # as if every document took long
    write_artifacts(artifacts, tmp_path / "shown", kind="poster", quiet=False)
    frames = screen.getvalue().split("\r")
    assert any(f.startswith("生成文档 ") and f"1/{len(artifacts)} 剩余约 " in f for f in frames)
    assert any(f"{len(artifacts)}/{len(artifacts)} 用时 " in f for f in frames)
    assert screen.getvalue().endswith("\r")                          # the line is cleared at the end

    for quiet, after in ((True, 0.0), (False, 3600.0)):         # -q, or a batch quicker than the delay
        screen = Terminal()
        monkeypatch.setattr(sys, "stderr", screen)
        monkeypatch.setattr(build_module, "PROGRESS_AFTER", after)
        write_artifacts(artifacts, tmp_path / f"quiet{quiet}", kind="poster", quiet=quiet)
        assert screen.getvalue() == ""
