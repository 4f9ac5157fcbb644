"""Whatever text a clerk pastes, the document opens and shows exactly that text."""
from __future__ import annotations

import io
import string

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import plan_artifacts
from generator.documents.base import Options
from generator.model import Duty
from generator.readers.text import strip_illegal
from generator.workspace import Workspace, read_inputs
from tests.conftest import SAMPLE, all_text, run_cli

NASTY = "检查 & 隐患排查 <整改> \"引号\" '单引号' 😀 零\u200b宽\u200d字符 {{ 7*7 }} {% if x %} {_{ }_} %}"


def _set_cell(path, cell, value):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.active[cell] = value
    wb.save(path)


def test_special_characters_survive_in_every_document(workspace, tmp_path):
    inputs_dir = workspace / "inputs"
    plan = inputs_dir / "实施方案.yaml"
    text = plan.read_text("utf-8").replace(
        "成果形式: “五化”落实工作机制文件", "成果形式: '" + NASTY.replace("'", "''") + "'", 1)
    plan.write_text(text, "utf-8")
    _set_cell(inputs_dir / "职责清单.xlsx", "C3", NASTY)
    out = tmp_path / "out"
    result = run_cli("-w", str(workspace), "build", "-o", str(out), "--year", "2024")
    assert result.returncode == 0, result.stderr
    assert NASTY in all_text(out / "2024年度任务清单.docx")
    assert NASTY in all_text(out / "安全生产职责清单.docx")
    from openpyxl import load_workbook

    ws = load_workbook(out / "任务台账.xlsx")["任务台账"]
    column = [c.value for c in ws[2]].index("成果形式") + 1
    assert ws.cell(3, column).value == NASTY


def test_a_200_row_table_with_ampersands_keeps_every_row(tmp_path):
    from generator.writers.docx import render_template
    from generator.model import FontSettings
    from generator.resources import builtin_templates

    rows = [{"number": i, "text": f"检查 & 隐患排查 <整改> {i}", "lead": "安全生产科", "responsible": "",
             "schedule": "每月", "result_form": "a<b&c", "with_next": i == 299} for i in range(1, 301)]
    data = render_template(builtin_templates() / "任务清单.docx",
                           {"lists": [{"title": "T", "subtitle": "S", "note": "",
                                       "groups": [{"title": "G", "tasks": rows}]}]}, FontSettings())
    doc = Document(io.BytesIO(data))
    cells = [r.cells[1].text for r in doc.tables[0].rows]
    assert cells.count("检查 & 隐患排查 <整改> 300") == 1
    assert len(doc.tables[0].rows) == 1 + 1 + 300


def _paste_control_characters(path, cell):
    """Excel keeps a pasted control character as _xHHHH_ in the sheet XML."""
    import zipfile

    _set_cell(path, cell, "定期@BEL@学习@ESC@论述")
    data = {i.filename: zipfile.ZipFile(path).read(i.filename) for i in zipfile.ZipFile(path).infolist()}
    with zipfile.ZipFile(path, "w") as z:
        for name, payload in data.items():
            z.writestr(name, payload.replace(b"@BEL@", b"_x0007_").replace(b"@ESC@", b"_x001B_"))


def test_control_characters_are_dropped_with_a_warning_naming_the_cell(workspace, tmp_path):
    inputs_dir = workspace / "inputs"
    _paste_control_characters(inputs_dir / "职责清单.xlsx", "C4")
    out = tmp_path / "out"
    result = run_cli("-w", str(workspace), "build", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "职责清单.xlsx 工作表“职责清单” 单元格 C4" in result.stderr
    assert "U+0007" in result.stderr and "已删除" in result.stderr
    assert "定期学习论述" in all_text(out / "安全生产职责清单.docx")


def test_control_characters_pasted_into_yaml(workspace, tmp_path):
    office = workspace / "inputs" / "单位.yaml"
    office.write_text(office.read_text("utf-8").replace("某市人民大街1号", "某市\x0b人民大街1号"), "utf-8")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 0, result.stderr
    assert "单位.yaml 第" in result.stderr and "U+000B" in result.stderr


ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(post=ANY_TEXT, person=ANY_TEXT, duty=ANY_TEXT, requirement=ANY_TEXT, basis=ANY_TEXT)
def test_any_text_in_any_duty_field_yields_a_document_with_that_text(post, person, duty, requirement, basis):
    values = [strip_illegal(v).strip() or "x" for v in (post, person, duty, requirement, basis)]
    inputs = read_inputs(SAMPLE)
    inputs.duties = [Duty(post=values[0], person=values[1], duty=values[2], requirement=values[3],
                          basis=values[4])]
    [artifact] = [a for a in plan_artifacts(inputs, Workspace(SAMPLE.parent), Options(year=2025))
                  if a.path == "安全生产职责清单.docx"]
    doc = Document(io.BytesIO(artifact.render()))
    cells = [c.text for c in doc.tables[0].rows[1].cells]
    # Word shows a line break in a cell as a new line; python-docx reads it back as "\n".
    assert cells[1:] == [values[0], values[1], values[2], values[3], values[4]]


@settings(max_examples=25, deadline=None)
@given(text=st.text(alphabet=string.printable + "＆＜＞“”《》—…😀\u200b", min_size=1, max_size=60))
def test_any_text_in_a_task_survives(text):
    text = strip_illegal(text).strip() or "x"
    inputs = read_inputs(SAMPLE)
    task = inputs.plan.actions[0].tasks[0].model_copy(update={"text": text})
    action = inputs.plan.actions[0].model_copy(update={"tasks": (task,)})
    inputs.plan = inputs.plan.model_copy(update={"actions": (action,)})
    [artifact] = [a for a in plan_artifacts(inputs, Workspace(SAMPLE.parent), Options(year=2024))
                  if a.path == "2024年度任务清单.docx"]
    doc = Document(io.BytesIO(artifact.render()))
    assert doc.tables[0].rows[2].cells[1].text == text
