"""The fast batch path must give exactly the bytes of the one-at-a-time path."""
import io
import zipfile

import pytest
from docx import Document

from generator.model import FontSettings
from generator.workspace import read_inputs
from generator.documents import task_list
from generator.writers import batch
from generator.writers.docx import RenderJob, TemplateProblem, render_template
from tests.conftest import ROOT, SAMPLE

TEMPLATE = ROOT / "templates" / "任务清单.docx"
HOSTILE = "检查 & 隐患排查 <整改> \"引号\" '单引号' 😀 零\u200b宽 {_{ {{ x }} {% if %}"


@pytest.fixture(scope="module")
def department_lists():
    inputs = read_inputs(SAMPLE)
    names = task_list.department_names(inputs)
    return inputs.office.fonts, [d for d in (task_list.department_list(inputs, 2025, n) for n in names) if d]


def _jobs(fonts, lists, template=TEMPLATE):
    jobs = [RenderJob(template, {"lists": [lst]}, fonts, lst["title"]) for lst in lists]
    hostile = dict(lists[0], title=HOSTILE, note=HOSTILE,
                   groups=[{"title": HOSTILE, "tasks": [dict(lists[0]["groups"][0]["tasks"][0], text=HOSTILE)]}])
    jobs.append(RenderJob(template, {"lists": [hostile]}, fonts, "标题 & <一> “二”"))
    lines = dict(lists[1], note="第一行\n第二行\t制表")                   # docxtpl's listing rules
    jobs.append(RenderJob(template, {"lists": [lines]}, fonts, lines["title"]))
    jobs.append(RenderJob(template, {"lists": lists}, fonts, ""))          # all departments, no title
    return jobs


def test_batch_bytes_equal_one_at_a_time(department_lists):
    fonts, lists = department_lists
    jobs = _jobs(fonts, lists)
    batch._CACHE.clear()
    fast = batch.render_jobs(jobs, processes=1)
    assert fast == [j() for j in jobs]
    compiled = next(iter(batch._CACHE.values()))
    assert compiled.fast and compiled._verified   # the fast path was really taken
    doc = Document(io.BytesIO(fast[-3]))
    assert doc.core_properties.title == "标题 & <一> “二”"
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "检查 & 隐患排查 <整改>" in text and "{_{ {{ x }} {% if %}" in text and "😀" in text


def test_batch_in_processes_equals_one_at_a_time(department_lists):
    fonts, lists = department_lists
    jobs = _jobs(fonts, lists) * 3
    batch._CACHE.clear()
    assert batch.render_jobs(jobs, processes=2) == [j() for j in jobs]


def test_template_with_tag_in_footer_takes_the_slow_path(tmp_path, department_lists):
    fonts, lists = department_lists
    with zipfile.ZipFile(TEMPLATE) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    parts["word/footer1.xml"] = parts["word/footer1.xml"].replace(b"\xe2\x80\x94 </w:t>",
                                                                  b"{{ lists[0].department }} </w:t>")
    own = tmp_path / "任务清单.docx"
    with zipfile.ZipFile(own, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    jobs = _jobs(fonts, lists[:3], own)
    out = batch.render_jobs(jobs, processes=1)
    assert out == [j() for j in jobs]
    assert not batch._compiled(own, fonts).fast
    footer = zipfile.ZipFile(io.BytesIO(out[1])).read("word/footer1.xml").decode()
    assert lists[1]["department"] in footer


def test_broken_template_is_reported_like_the_slow_path(tmp_path, department_lists):
    fonts, lists = department_lists
    with zipfile.ZipFile(TEMPLATE) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"{{ l.title }}", b"{{ l.title }")
    own = tmp_path / "坏模板.docx"
    with zipfile.ZipFile(own, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    with pytest.raises(TemplateProblem, match="标签语法错误"):
        batch.render_jobs(_jobs(fonts, lists[:2], own), processes=1)


def test_fonts_are_part_of_the_batch_key(department_lists):
    fonts, lists = department_lists
    other = FontSettings(body="仿宋", heading2="楷体")
    jobs = [RenderJob(TEMPLATE, {"lists": [lst]}, f, lst["title"]) for lst in lists[:3] for f in (fonts, other)]
    out = batch.render_jobs(jobs, processes=1)
    assert out == [render_template(j.template, j.context, j.fonts, title=j.title) for j in jobs]
    styles = zipfile.ZipFile(io.BytesIO(out[1])).read("word/styles.xml").decode()
    assert 'w:eastAsia="仿宋"' in styles


def test_build_writes_the_same_bytes_as_rendering_each(tmp_path):
    from generator.build import plan_artifacts, render_all
    from generator.documents.base import Options
    from generator.workspace import Workspace

    inputs = read_inputs(SAMPLE)
    artifacts = plan_artifacts(inputs, Workspace(tmp_path), Options(year=2025))
    assert any(isinstance(a.render, RenderJob) for a in artifacts)
    rendered = render_all(artifacts, tmp_path)
    assert list(rendered.values()) == [a.render() for a in artifacts]


def test_posters_after_the_first_reuse_the_package_with_identical_bytes():
    import datetime as dt

    from generator.documents import poster
    from generator.workspace import read_inputs
    from tests.conftest import SAMPLE

    inputs = read_inputs(SAMPLE)
    jobs = poster.plan(inputs, dt.date(2025, 6, 1))
    drafts = poster.drafts(jobs, "A3", inputs.office.fonts)
    for job in jobs:
        draft = drafts[job.key]
        slow = poster._package(draft, poster._filled(draft.body, job.fill) + draft.final_sect, draft.criteria.title)
        assert poster.render_poster(draft, job.fill) == slow, job.name
    assert all(d.skeleton for d in drafts.values())
