"""The command line as a clerk meets it: init, check, build, exit codes, messages."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import ROOT, all_text, run_cli


def test_init_makes_a_workspace_that_checks_and_builds(tmp_path):
    ws = tmp_path / "我的工作区"
    result = run_cli("init", str(ws))
    assert result.returncode == 0, result.stderr
    assert (ws / "inputs" / "单位.yaml").is_file() and (ws / "inputs" / "职责清单.xlsx").is_file()
    assert (ws / "templates" / "任务清单.docx").is_file() and (ws / "output").is_dir()
    check = run_cli("-w", str(ws), "check")
    assert check.returncode == 0 and "检查通过" in check.stdout and "29 项任务" in check.stdout
    build = run_cli("-w", str(ws), "build", "--year", "2026")
    assert build.returncode == 0, build.stderr
    assert (ws / "output" / "2026年度任务清单.docx").is_file()


def test_init_never_overwrites_existing_inputs(tmp_path):
    ws = tmp_path / "ws"
    (ws / "inputs").mkdir(parents=True)
    (ws / "inputs" / "单位.yaml").write_text("单位名称: 我的单位\n", "utf-8")
    result = run_cli("init", str(ws))
    assert result.returncode == 2
    assert "未做任何改动" in result.stderr
    assert (ws / "inputs" / "单位.yaml").read_text("utf-8") == "单位名称: 我的单位\n"


def test_build_without_inputs_uses_the_bundled_sample_and_says_so(tmp_path):
    result = run_cli("-w", str(tmp_path), "build", "--year", "2025")
    assert result.returncode == 0, result.stderr
    assert "内置示例数据" in result.stdout
    assert (tmp_path / "output" / "2025年度任务清单.docx").is_file()


def test_bad_input_exits_2_lists_problems_and_leaves_output_alone(workspace):
    out = workspace / "output"
    assert run_cli("-w", str(workspace), "build", "--year", "2025").returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    plan = workspace / "inputs" / "实施方案.yaml"
    plan.write_text(plan.read_text("utf-8").replace("牵头部门: 办公室", "牵头部门: 不存在的科", 1)
                    .replace("时限: 每年", "时限: 明年再说", 1), "utf-8")
    result = run_cli("-w", str(workspace), "build", "--year", "2025")
    assert result.returncode == 2
    assert "输入有 2 处问题" in result.stderr and "不存在的科" in result.stderr and "明年再说" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_broken_workspace_template_is_a_clear_input_error(workspace):
    (workspace / "templates").mkdir()
    (workspace / "templates" / "职责清单.docx").write_bytes(b"not a docx")
    result = run_cli("-w", str(workspace), "build")
    assert result.returncode == 2
    assert "职责清单.docx" in result.stderr and "不是有效的 Word 模板" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_template_tag_broken_in_word_names_the_problem(workspace):
    import tools.build_templates as builder

    (workspace / "templates").mkdir()
    doc = builder.duty_list()
    doc.paragraphs[0].runs[0].text = "{{ title "
    doc.save(workspace / "templates" / "职责清单.docx")
    result = run_cli("-w", str(workspace), "build")
    assert result.returncode == 2
    assert "templates/职责清单.docx 第1段（“{{ title”）：标签不完整" in result.stderr


def test_internal_failure_exits_1_without_a_traceback(monkeypatch, tmp_path):
    def boom(ws):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("generator.workspace.read_workspace", boom)
    result = CliRunner().invoke(main, ["-w", str(tmp_path), "check"])
    assert result.exit_code == 1
    assert "程序内部错误" in result.output and "Traceback" not in result.output


def test_help_is_in_chinese():
    result = run_cli("--help")
    assert "五化文书" in result.stdout and "工作区" in result.stdout


@pytest.mark.slow
def test_a_non_editable_install_builds_the_same_documents(tmp_path):
    """`pip install .` (a wheel, not -e) into a fresh virtual environment: the installed
    `wuhua` script finds its bundled templates and sample, and `init` + `build` give the
    same bytes as the source tree does."""
    import os

    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(wheel_dir), str(ROOT)], check=True, capture_output=True, timeout=300)
    [wheel] = wheel_dir.glob("wuhua-*.whl")
    # The dependencies are those already installed here (no download): a venv that sees
    # the system's site-packages, with the wheel installed into the venv itself.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True,
                   capture_output=True, timeout=300)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update({"SOURCE_DATE_EPOCH": "1767225600", "PYTHONIOENCODING": "utf-8"})
    # Installed without PYTHONPATH too: a source tree on it (its wuhua.egg-info) makes pip
    # take wuhua as already installed and skip the wheel.
    installed = subprocess.run([str(python), "-m", "pip", "install", "--no-index", "--find-links", str(wheel_dir),
                                "-q", str(wheel)], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    where = subprocess.run([str(python), "-c", "import generator; print(generator.__file__)"], cwd=elsewhere,
                           env=env, capture_output=True, text=True, timeout=120)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout   # the wheel, not this source tree

    wuhua = str(bin_dir / ("wuhua.exe" if os.name == "nt" else "wuhua"))
    ws = tmp_path / "工作区"
    build = ["build", "--year", "2025", "--as-of", "2025-12-10"]
    for args in (["init", str(ws)], ["-w", str(ws), *build]):
        result = subprocess.run([wuhua, *args], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
    assert (ws / "inputs" / "实施方案.yaml").is_file() and (ws / "templates" / "职责清单.docx").is_file()

    source_ws = tmp_path / "源码工作区"
    assert run_cli("init", str(source_ws)).returncode == 0
    result = run_cli("-w", str(source_ws), *build, env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stderr

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    from_wheel, from_source = files(ws / "output"), files(source_ws / "output")
    assert len(from_wheel) >= 40 and set(from_wheel) == set(from_source)
    assert [name for name in from_wheel if from_wheel[name] != from_source[name]] == []


def test_output_may_name_the_file_when_one_document_is_written(tmp_path):
    target = tmp_path / "报送" / "总结.docx"
    result = run_cli("summary", "--period", "2025H2", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.is_file() and "2025年下半年" in all_text(target)


def test_output_naming_a_file_for_several_documents_is_refused(tmp_path):
    result = run_cli("calendar", "--year", "2026", "-o", str(tmp_path / "日历.xlsx"))
    assert result.returncode == 2
    assert "请用 -o 指定一个文件夹" in result.stderr and "2 个文件" in result.stderr
    assert not (tmp_path / "日历.xlsx").exists()
