"""Every command prints on a Chinese Windows console (GBK) and survives a reader that
goes away, as a clerk's `wuhua check > 结果.txt` or `wuhua status | more` would."""
from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from generator.cli.console import printable, stand_in
from tests.conftest import ROOT, SAMPLE, run_cli

GBK = "gbk"


def _is_han_or_fullwidth(c: str) -> bool:
    return unicodedata.name(c, "").startswith(("CJK", "FULLWIDTH", "IDEOGRAPHIC", "HALFWIDTH"))


def test_symbols_fall_back_to_their_gbk_look_alikes():
    shown = printable("✓ 通过 ✗ 失败 ● ▲ △ ○ √ ■ — ◆ ◇ █ ░ … ↵ ½", GBK)
    assert shown == "√ 通过 × 失败 ● ▲ △ ○ √ ■ — ◆ ◇ █ □ … ↙ 1/2"


def test_every_symbol_in_the_program_has_a_stand_in_on_gbk():
    """A symbol added to a message later must get a stand-in, not a '?'."""
    symbols = set()
    for path in (ROOT / "generator").rglob("*.py"):
        for c in path.read_text(encoding="utf-8"):
            if ord(c) > 127 and not _is_han_or_fullwidth(c):
                try:
                    c.encode(GBK)
                except UnicodeEncodeError:
                    symbols.add(c)
    missing = sorted(c for c in symbols if stand_in(c, GBK) == "?")
    assert not missing, f"no GBK stand-in for {missing}: add them to cli/console.FALLBACKS"


def test_an_ascii_console_gets_ascii_stand_ins():
    assert printable("✓ ✗ … →", "ascii") == "v x ... ->"
    assert printable("单位", "ascii") == "??"


def gbk_run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`wuhua …` with output encoded as cp936 does it; the output must decode as GBK."""
    return run_cli(*args, cwd=cwd, env={"PYTHONIOENCODING": GBK}, encoding=GBK)


def assert_printed_cleanly(result: subprocess.CompletedProcess, allowed: tuple[int, ...] = (0,)) -> None:
    both = result.stdout + result.stderr
    assert result.returncode in allowed, both
    assert "程序内部错误" not in both and "Traceback" not in both and "UnicodeEncodeError" not in both, both
    assert "✓" not in both and "✗" not in both     # they cannot be in GBK output at all


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """A workspace whose inputs are wrong in a way every command reports with ✗ lines."""
    ws = tmp_path_factory.mktemp("gbk") / "ws"
    run_cli("init", str(ws))
    plan = ws / "inputs" / "实施方案.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("牵头部门: 安全生产科", "牵头部门: 不存在的科", 1), encoding="utf-8")
    global BROKEN_LINE
    BROKEN_LINE = f"实施方案.yaml 第{text[:text.index('牵头部门: 安全生产科')].count(chr(10)) + 1}行"
    return ws


BROKEN_LINE = ""   # where the broken lead department is, set by the fixture


def test_check_prints_its_tick_as_a_gbk_check_mark():
    result = gbk_run("check")
    assert_printed_cleanly(result)
    assert result.stdout.startswith("√ inputs 检查通过") and "单位“某市工业和信息化局”" in result.stdout


def test_build_and_init_print_on_gbk(tmp_path):
    result = gbk_run("init", str(tmp_path / "工作区"))
    assert_printed_cleanly(result)
    assert "已新建工作区" in result.stdout
    result = gbk_run("-w", str(tmp_path / "工作区"), "build", "--year", "2025")
    assert_printed_cleanly(result)
    assert "√ 已生成" in result.stdout and "判定标准海报" in result.stdout


@pytest.mark.parametrize("args", [
    ["status", "--as-of", "2025-12-10"],
    ["summary", "--period", "2025H2", "-o", "{tmp}"],
    ["calendar", "--year", "2026", "-o", "{tmp}"],
    ["battlemap", "--as-of", "2025-12-31", "-o", "{tmp}"],
    ["posters", "-o", "{tmp}"],
    ["handbook", str(SAMPLE / "手册" / "全员安全生产岗位责任手册.yaml"), "-o", "{tmp}"],
    ["--help"], ["-V"], ["status", "-h"], ["build", "-h"], ["pdf", "-h"],
])
def test_each_command_prints_on_gbk(args, tmp_path):
    result = gbk_run(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert_printed_cleanly(result)
    assert result.stdout.strip()


@pytest.mark.parametrize("args", [
    ["check"], ["build"], ["status"], ["summary"], ["calendar"], ["battlemap"], ["posters"],
])
def test_input_errors_print_on_gbk(args, broken):
    result = gbk_run("-w", str(broken), *args)
    assert_printed_cleanly(result, allowed=(2,))
    assert "  × " in result.stderr and BROKEN_LINE in result.stderr


@pytest.mark.parametrize("args", [
    ["status", "--as-of", "2025-13-01"], ["nosuch"], ["pdf", "没有这个文件.docx"],
    ["import-criteria", str(SAMPLE / "单位.yaml")], ["init", str(SAMPLE.parent)],
])
def test_refusals_print_on_gbk(args):
    result = gbk_run(*args)
    assert_printed_cleanly(result, allowed=(2,))
    assert result.stderr.strip()


def test_pdf_prints_on_gbk(soffice, sample_build, tmp_path):
    result = gbk_run("pdf", str(sample_build / "安全生产职责清单.docx"), "-o", str(tmp_path))
    assert_printed_cleanly(result)
    # Output that is not a terminal gets errors only (README «打印»): here, none.
    assert (tmp_path / "安全生产职责清单.pdf").is_file() and result.stderr == ""


def run_with_closed_stdout(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    """Like `wuhua status | head -0`: the reader is gone before the first line."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": GBK}
    proc = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd or ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode(GBK)
    proc.stderr.close()
    return proc.wait(timeout=600), err


@pytest.mark.parametrize("args", [
    ["check"], ["status", "--as-of", "2025-12-10"], ["--help"], ["-V"], ["status", "-h"],
    ["calendar", "--year", "2026", "-o", "{tmp}"],
])
def test_a_closed_pipe_ends_quietly(args, tmp_path):
    status, err = run_with_closed_stdout(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert status == 0 and err == ""


def test_a_closed_pipe_does_not_stop_the_work(tmp_path):
    """Printing is never why files are missing: the build still writes everything."""
    status, err = run_with_closed_stdout("-w", str(tmp_path), "build", "--year", "2025", "-o", str(tmp_path / "out"))
    assert status == 0 and err == ""
    assert (tmp_path / "out" / "2025年度任务清单.docx").is_file()
    assert (tmp_path / "out" / "安全生产职责清单.docx").is_file()


def test_errors_still_reach_stderr_when_stdout_is_closed(broken):
    status, err = run_with_closed_stdout("-w", str(broken), "check")
    assert status == 2 and "  × " in err and BROKEN_LINE in err
