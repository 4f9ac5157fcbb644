"""A clerk's edited Word templates are checked like data: `check` and `build` name the
paragraph or table cell of every broken tag and unknown name, with what exists there;
`wuhua templates` lists the variables; `export` never overwrites an edited copy."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from tests.conftest import ROOT, all_text, run_cli

BUILTIN = ROOT / "templates"


def _edit(path: Path, old: str, new: str) -> None:
    """Change the template's text the way typing in Word would (inside one run)."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert old in xml, old
    parts["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _own_template(workspace: Path, name: str = "任务清单.docx") -> Path:
    (workspace / "templates").mkdir(exist_ok=True)
    target = workspace / "templates" / name
    shutil.copyfile(BUILTIN / name, target)
    return target


def test_unclosed_tag_is_located_by_check_and_build(workspace, tmp_path):
    _edit(_own_template(workspace), "{{ t.text }}", "{{ t.text }")
    for args in (["check"], ["build", "-o", str(tmp_path / "out")]):
        result = run_cli("-w", str(workspace), *args)
        assert result.returncode == 2, result.stderr
        assert "templates/任务清单.docx 表格1 第6行第2列（“{{ t.text }”）：标签不完整" in result.stderr
        assert "Traceback" not in result.stderr
    out = tmp_path / "out"
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]


def test_unknown_name_lists_what_exists_and_the_closest(workspace):
    _edit(_own_template(workspace), "{{ t.lead }}", "{{ t.leader_name }}")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    line = next(x for x in result.stderr.splitlines() if "leader_name" in x)
    assert "表格1 第6行第3列" in line
    assert "使用了不存在的变量“t.leader_name”" in line and "您是否想写 t.lead？" in line
    assert "t.number、t.responsible、t.result_form、t.schedule、t.text" in line


def test_all_problems_of_all_templates_at_once(workspace):
    task = _own_template(workspace)
    _edit(task, "{{ l.title }}", "{{ l.titel }}")
    _edit(task, "{{ t.schedule }}", "{{ t.deadline }}")
    _edit(_own_template(workspace, "职责清单.docx"), "{%tr endfor %}", "{%tr endfo %}")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    assert "输入有 3 处问题" in result.stderr
    assert "您是否想写 l.title？" in result.stderr
    assert "t.deadline" in result.stderr
    assert "职责清单.docx 表格1" in result.stderr and "不认识的标签“endfo”" in result.stderr


def test_a_name_only_department_lists_have_fails_in_the_year_list(workspace):
    # l.department exists in a department's list, not in the year's list: build would fail there.
    _edit(_own_template(workspace), "{{ l.subtitle }}", "{{ l.subtitle }}{{ l.department.upper() }}")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    assert "l.department" in result.stderr and "第3段" in result.stderr


def test_a_reworded_template_changes_the_output(workspace, tmp_path):
    template = _own_template(workspace)
    _edit(template, "重点任务", "工作任务")
    _edit(template, "{{ l.note }}", "{{ l.note }}以上任务请按期报送进展。")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 0, result.stderr
    result = run_cli("-w", str(workspace), "build", "-o", str(tmp_path), "--year", "2026")
    assert result.returncode == 0, result.stderr
    text = all_text(tmp_path / "2026年度任务清单.docx")
    assert "工作任务" in text and "重点任务" not in text
    assert "以上任务请按期报送进展。" in text


def test_template_resaved_by_libreoffice_still_works(workspace, tmp_path, soffice):
    (workspace / "templates").mkdir()
    copy = tmp_path / "任务清单.docx"
    shutil.copyfile(BUILTIN / "任务清单.docx", copy)
    _edit(copy, "重点任务", "工作任务")
    saved = tmp_path / "saved"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(saved), str(copy)],
                   check=True, capture_output=True, timeout=300)
    shutil.copyfile(saved / "任务清单.docx", workspace / "templates" / "任务清单.docx")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 0, result.stderr
    result = run_cli("-w", str(workspace), "build", "-o", str(tmp_path / "out"), "--year", "2026")
    assert result.returncode == 0, result.stderr
    text = all_text(tmp_path / "out" / "2026年度任务清单.docx")
    assert "工作任务" in text and "{{" not in text and "{%" not in text


def test_templates_lists_variables_with_this_workspaces_values(workspace):
    plan = workspace / "inputs" / "实施方案.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "民爆行业管理科" in text
    plan.write_text(text.replace("民爆行业管理科", "爆破器材监管科"), encoding="utf-8")
    departments = workspace / "inputs" / "部门.xlsx"
    departments.unlink()                     # names come from the plan alone
    result = run_cli("-w", str(workspace), "templates")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "■ 任务清单.docx" in out and "■ 职责清单.docx" in out
    assert "{{ t.leader_name }}" not in out
    assert "{{ t.lead }}" in out and "牵头部门" in out
    assert "内置模板" in out
    assert "爆破器材监管科" in out or "例：" in out
    # A flag is shown as the template tests it, with what it means.
    [flag] = [line for line in out.splitlines() if "{{ t.with_next }}" in line]
    assert flag.endswith(("例：False（否）", "例：True（是）"))


def test_an_example_path_past_a_short_list_shows_no_example_instead_of_failing():
    from generator.cli.templates import sample_value

    context = {"groups": [{"tasks": [{"with_next": True}]}]}
    assert sample_value(context, "groups.-1.tasks.0.with_next") == "True（是）"
    assert sample_value(context, "groups.-1.tasks.-2.with_next") == ""     # one task only
    assert sample_value(context, "groups.3.tasks") == ""


def test_export_copies_and_keeps_an_edited_copy(workspace):
    result = run_cli("-w", str(workspace), "templates", "export")
    assert result.returncode == 0, result.stderr
    own = workspace / "templates" / "任务清单.docx"
    assert own.read_bytes() == (BUILTIN / "任务清单.docx").read_bytes()
    _edit(own, "重点任务", "工作任务")
    edited = own.read_bytes()
    result = run_cli("-w", str(workspace), "templates", "export", "任务清单")
    assert own.read_bytes() == edited
    assert "已修改过，未覆盖" in result.stderr
    result = run_cli("-w", str(workspace), "templates", "export", "任务清单", "--force")
    assert own.read_bytes() == (BUILTIN / "任务清单.docx").read_bytes()
    result = run_cli("-w", str(workspace), "templates", "export", "总节")
    assert result.returncode == 2 and "可用的模板：任务清单.docx、职责清单.docx、文字/总结.yaml" in result.stderr
