"""output/ under faults (issue 11): the build owns what it wrote, replaces all or
nothing, words the machine's problems as such (exit 3), and holds one lock per folder.

Every case is reproduced for real: rows removed from real .xlsx inputs, read-only
files (mode bits), immutable files and folders (`chattr +i`, because root ignores mode
bits), read-only and full tmpfs mounts, Office owner files beside a target, stale and
live lock files, closed pipes. "Unchanged" is measured as the exact set of files with
their SHA-256 before and after.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import ROOT, run_cli

POSTERS = "判定标准海报"
NOTICES = "重大事故隐患公示"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder (hidden ones too) with its content digest."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.startswith(".~wuhua-")]


def drop_rows(xlsx: Path, keep) -> list[tuple]:
    """Delete the data rows `keep(row_values)` rejects; returns the deleted rows."""
    wb = load_workbook(xlsx)
    ws = wb.active
    header = next(r for r in range(1, 5) if ws.cell(r, 1).value in ("企业名称", "隐患编号"))
    dropped = []
    for r in range(ws.max_row, header, -1):
        values = tuple(c.value for c in ws[r])
        if not keep(values):
            dropped.append(values)
            ws.delete_rows(r)
    wb.save(xlsx)
    return dropped


def cli(ws: Path, *args: str, env: dict | None = None):
    return run_cli("-w", str(ws), *args, env={"SOURCE_DATE_EPOCH": "1704067200", **(env or {})})


@pytest.fixture
def chattr(tmp_path: Path):
    """`chattr +i FILE` where the file system supports it; undone after the test."""
    marked: list[Path] = []
    if not shutil.which("chattr"):
        pytest.skip("chattr not installed: cannot make a file read-only for root")
    probe = tmp_path / "probe"
    probe.write_text("x")
    if subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode != 0:
        pytest.skip("this file system does not support chattr +i")
    subprocess.run(["chattr", "-i", str(probe)], check=True)

    def mark(path: Path) -> None:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        marked.append(path)

    yield mark
    for path in marked:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


@pytest.fixture
def mount_tmpfs(tmp_path: Path):
    """A real tmpfs of a given size (root only); unmounted after the test."""
    mounted: list[Path] = []

    def mount(folder: Path, size: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
        if r.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({r.stderr.decode(errors='replace').strip()}): needs root")
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


# --- the build owns what it wrote ----------------------------------------------------

def test_removed_enterprise_loses_its_poster_and_nothing_else(workspace: Path):
    assert cli(workspace, "posters").returncode == 0
    out = workspace / "output"
    before = sorted(p.name for p in (out / POSTERS).glob("*.docx"))
    mine = out / POSTERS / "我的说明.txt"               # a clerk's own file: never ours to remove
    mine.write_text("自己放的文件", encoding="utf-8")
    # An enterprise without hazards: one with an open hazard cannot leave the list (refused).
    dropped = drop_rows(workspace / "inputs" / "企业名单.xlsx", lambda row: row[0] != "某市家具制造有限公司")
    assert len(dropped) == 1

    result = cli(workspace, "posters")

    assert result.returncode == 0, result.stderr
    after = sorted(p.name for p in (out / POSTERS).glob("*.docx"))
    assert len(after) == len(before) - 1                # one poster per firm, no duplicates
    assert not any("某市家具制造有限公司" in name for name in after)
    assert sum(1 for name in after if "某市特钢有限公司" in name) == 1
    assert "已删除" in result.stdout and "某市家具制造有限公司" in result.stdout
    assert mine.read_text(encoding="utf-8") == "自己放的文件"
    assert not temporaries(out)


def test_a_file_changed_by_the_clerk_is_not_removed(workspace: Path):
    assert cli(workspace, "posters").returncode == 0
    poster = next((workspace / "output" / POSTERS).glob("*某市家具制造有限公司.docx"))
    poster.write_bytes(poster.read_bytes() + b"\0")     # edited (saved again) by the clerk
    drop_rows(workspace / "inputs" / "企业名单.xlsx", lambda row: row[0] != "某市家具制造有限公司")

    result = cli(workspace, "posters")

    assert result.returncode == 0, result.stderr
    assert poster.exists()
    assert poster.name in result.stderr and "被修改过" in result.stderr


def test_closing_every_major_hazard_removes_the_old_notices(workspace: Path):
    out = workspace / "output"
    assert cli(workspace, "build", "--year", "2025").returncode == 0
    assert list((out / NOTICES).glob("*.docx"))
    drop_rows(workspace / "inputs" / "隐患台账.xlsx", lambda row: not (row[5] == "重大" and row[14] != "已销号"))

    result = cli(workspace, "build", "--year", "2025")

    assert result.returncode == 0, result.stderr
    assert not (out / NOTICES).exists()                  # folder emptied of our files: gone
    assert NOTICES in result.stdout and "已删除" in result.stdout
    manifest = json.loads((out / ".wuhua-manifest.json").read_text(encoding="utf-8"))
    assert manifest["state"] == "complete"
    assert not [k for k in manifest["files"] if k.startswith(NOTICES)]
    assert set(manifest["files"]) == {k for k in snapshot(out) if not k.startswith(".")}


def test_other_commands_add_without_removing(workspace: Path):
    """`summary` for another half year adds its file; the build's summary stays."""
    out = workspace / "output"
    assert cli(workspace, "build", "--year", "2025").returncode == 0
    before = snapshot(out)
    result = cli(workspace, "summary", "--period", "2025H1")
    assert result.returncode == 0, result.stderr
    after = snapshot(out)
    assert {k: v for k, v in after.items() if not k.startswith(".")}.items() >= \
        {k: v for k, v in before.items() if not k.startswith(".")}.items()


# --- pre-flight: nothing replaced when something cannot be --------------------------

def _built(workspace: Path) -> tuple[Path, dict[str, str]]:
    assert cli(workspace, "posters").returncode == 0
    drop_rows(workspace / "inputs" / "企业名单.xlsx", lambda row: row[0] != "某市家具制造有限公司")
    out = workspace / "output"
    return out, snapshot(out)


def test_read_only_file_is_refused_before_anything_changes(workspace: Path):
    out, before = _built(workspace)
    target = sorted((out / POSTERS).glob("*.docx"))[0]     # rewritten by the next run
    target.chmod(0o444)                                  # Windows "read-only" attribute, as mode bits

    result = cli(workspace, "posters")

    assert result.returncode == 3, result.stderr
    assert target.name in result.stderr and "只读" in result.stderr
    assert "原有文件未改动" in result.stderr and "内部错误" not in result.stderr
    assert snapshot(out) == before


def test_immutable_file_and_folder(workspace: Path, chattr):
    """chattr +i: what root cannot write either (mode bits do not stop root)."""
    out, before = _built(workspace)
    target = sorted((out / POSTERS).glob("*.docx"))[0]
    chattr(target)
    result = cli(workspace, "posters")
    assert result.returncode == 3, result.stderr
    assert target.name in result.stderr and "只读" in result.stderr
    subprocess.run(["chattr", "-i", str(target)], check=True)
    assert snapshot(out) == before

    chattr(out / POSTERS)                                # the folder: no file can be created in it
    result = cli(workspace, "posters")
    assert result.returncode == 3, result.stderr
    assert POSTERS in result.stderr and "不被允许" in result.stderr
    assert "原有文件未改动" in result.stderr
    subprocess.run(["chattr", "-i", str(out / POSTERS)], check=True)
    assert snapshot(out) == before


def test_read_only_disk(workspace: Path, mount_tmpfs):
    """A read-only mount (remount,ro) as the output folder."""
    out = mount_tmpfs(workspace / "output", "64m")
    assert cli(workspace, "posters").returncode == 0
    before = snapshot(out)
    drop_rows(workspace / "inputs" / "企业名单.xlsx", lambda row: row[0] != "某市家具制造有限公司")
    subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)

    result = cli(workspace, "posters")

    assert result.returncode == 3, result.stderr
    assert "只读" in result.stderr and str(out.name) in result.stderr
    assert "内部错误" not in result.stderr
    assert snapshot(out) == before


def test_full_disk_keeps_the_old_set(workspace: Path, mount_tmpfs):
    """A 2 MB tmpfs: the first build does not fit; nothing half-written stays."""
    out = mount_tmpfs(workspace / "output", "2m")
    result = cli(workspace, "build", "--year", "2025")
    assert result.returncode == 3, result.stderr
    assert "磁盘空间不足" in result.stderr and "内部错误" not in result.stderr
    assert not temporaries(out)
    assert not [k for k in snapshot(out) if not k.startswith(".")]


def test_full_disk_while_staging(workspace: Path, mount_tmpfs, tmp_path: Path):
    """Free space that passes the estimate but runs out while writing (a tmpfs that
    fits the posters once, not twice): the old set stays whole."""
    probe = tmp_path / "probe"
    assert run_cli("-w", str(workspace), "posters", "-o", str(probe)).returncode == 0
    size = sum(p.stat().st_size for p in probe.rglob("*") if p.is_file())
    out = mount_tmpfs(workspace / "output", str(int(size * 1.6) + (1 << 20)))
    assert cli(workspace, "posters").returncode == 0
    before = snapshot(out)

    result = cli(workspace, "posters", "--date", "2025-06-01")   # new content, same names

    assert result.returncode == 3, result.stderr
    assert "磁盘空间不足" in result.stderr
    assert snapshot(out) == before and not temporaries(out)


def test_file_open_in_word(workspace: Path):
    """Word/WPS keep an owner file ~$name beside an open document (on Windows the
    document itself is locked too); replacing it would fail half-way there."""
    out, before = _built(workspace)
    target = sorted((out / POSTERS).glob("*.docx"))[1]
    owner = target.with_name("~$" + target.name[2:])
    owner.write_bytes(b"\0" * 162)
    before = snapshot(out)

    result = cli(workspace, "posters")

    assert result.returncode == 3, result.stderr
    assert target.name in result.stderr and "Word/WPS" in result.stderr and "关闭" in result.stderr
    assert snapshot(out) == before


def test_a_file_where_a_folder_must_be(workspace: Path):
    out = workspace / "output"
    out.mkdir()
    (out / POSTERS).write_text("不是文件夹", encoding="utf-8")
    before = snapshot(out)
    result = cli(workspace, "build", "--year", "2025")
    assert result.returncode == 3, result.stderr
    assert POSTERS in result.stderr and "同名文件" in result.stderr
    assert snapshot(out) == before


def test_name_too_long(workspace: Path, tmp_path: Path):
    target = tmp_path / ("输出" * 50)                     # 300 bytes: over the 255-byte name limit
    result = run_cli("-w", str(workspace), "posters", "-o", str(target))
    assert result.returncode == 3, result.stderr
    assert "过长" in result.stderr and "内部错误" not in result.stderr


# --- interruptions ------------------------------------------------------------------

def test_left_over_temporaries_are_removed(workspace: Path):
    out = workspace / "output" / POSTERS
    out.mkdir(parents=True)
    (out / ".~wuhua-abc123.docx").write_bytes(b"half")
    (out / ".~lock.clerk.docx#").write_bytes(b"not ours")
    assert cli(workspace, "posters").returncode == 0
    assert not temporaries(workspace / "output")
    assert (out / ".~lock.clerk.docx#").exists()


def test_an_interrupted_move_is_reported_and_repaired(workspace: Path):
    """The manifest a SIGKILL leaves while files are being moved ("moving"): check
    says output/ is incomplete; the next build says so and repairs it."""
    out = workspace / "output"
    assert cli(workspace, "build", "--year", "2025").returncode == 0
    manifest = out / ".wuhua-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["state"], data["interrupted"] = "moving", ["poster"]
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    check = cli(workspace, "check")
    assert check.returncode == 0
    assert "不完整" in check.stderr and "wuhua build" in check.stderr

    result = cli(workspace, "build", "--year", "2025")
    assert result.returncode == 0, result.stderr
    assert "中断" in result.stderr and "完整" in result.stderr
    assert json.loads(manifest.read_text(encoding="utf-8"))["state"] == "complete"
    assert "不完整" not in cli(workspace, "check").stderr


def _big_workspace(workspace: Path, firms: int) -> Path:
    book = workspace / "inputs" / "企业名单.xlsx"
    wb = load_workbook(book)
    ws = wb.active
    rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
    ws.delete_rows(2, ws.max_row)
    for i in range(firms):
        row = list(rows[i % len(rows)])
        row[0] = f"测试{i + 1:04d}工贸有限公司"
        ws.append(row)
    wb.save(book)
    # The made-up firms replace the listed ones the hazard ledger names: without it, the
    # ledger's enterprises would be refused as unlisted. Posters do not read it.
    (workspace / "inputs" / "隐患台账.xlsx").unlink()
    return workspace


def _poster_run(ws: Path, date: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", "SOURCE_DATE_EPOCH": "1704067200"}
    return subprocess.Popen([sys.executable, "-m", "generator", "-w", str(ws), "posters", "--date", date],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_for(proc: subprocess.Popen, condition, limit: float = 300) -> bool:
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return False


def _state(out: Path) -> str:
    try:
        return json.loads((out / ".wuhua-manifest.json").read_text(encoding="utf-8"))["state"]
    except (OSError, ValueError, KeyError):
        return ""


@pytest.mark.slow
@pytest.mark.parametrize("when", ["staging", "moving"])
def test_sigkill_in_a_2000_poster_build_then_rebuild(workspace: Path, when: str):
    """Killed while new files are written beside the old (staging) or renamed into
    place (moving): output/ is the whole old set, or the whole new set, or the next
    run says it is incomplete; the rebuild leaves the whole new set and no temporaries."""
    ws = _big_workspace(workspace, 2000)
    out = ws / "output"
    first = _poster_run(ws, "2025-06-01")
    assert first.wait(600) == 0, first.stderr.read()
    old = snapshot(out)
    assert len([k for k in old if k.startswith(POSTERS + "/")]) == 2000

    second = _poster_run(ws, "2025-07-01")
    if when == "staging":
        hit = _wait_for(second, lambda: len(temporaries(out)) > 500)
    else:
        hit = _wait_for(second, lambda: _state(out) == "moving")
    second.kill()
    second.wait()
    assert hit, f"the run ended before reaching {when}"

    now = snapshot(out)
    # Temporary files a SIGKILL leaves are expected here; the next run removes them.
    mixed = {k for k in now if not k.startswith(".") and "/.~wuhua-" not in k and now[k] != old.get(k)}
    assert {k for k in old if not k.startswith(".")} <= set(now)      # no file lost
    told = "不完整" in cli(ws, "check").stderr
    if when == "staging":
        assert not mixed and not told                    # nothing was replaced yet
    else:
        assert told or not mixed                         # mixed only if the user is told

    result = cli(ws, "posters", "--date", "2025-07-01")
    assert result.returncode == 0, result.stderr
    if when == "moving":
        assert "中断" in result.stderr
    final = snapshot(out)
    posters = [k for k in final if k.startswith(POSTERS + "/")]
    assert len(posters) == 2000 and not temporaries(out)
    assert all(final[k] != old[k] for k in posters)      # every poster carries the new date
    assert _state(out) == "complete"
    assert "不完整" not in cli(ws, "check").stderr


@pytest.mark.slow
def test_ctrl_c_while_writing_keeps_the_old_set(workspace: Path):
    import signal

    ws = _big_workspace(workspace, 600)
    out = ws / "output"
    first = _poster_run(ws, "2025-06-01")
    assert first.wait(600) == 0
    old = snapshot(out)
    second = _poster_run(ws, "2025-07-01")
    assert _wait_for(second, lambda: len(temporaries(out)) > 50)
    second.send_signal(signal.SIGINT)
    assert second.wait(120) == 130
    message = second.stderr.read()
    assert "已中断" in message and "未改动" in message
    assert snapshot(out) == old and not temporaries(out)


# --- one build at a time --------------------------------------------------------------

def test_second_build_refuses_naming_the_first(workspace: Path):
    ws = _big_workspace(workspace, 1200)
    # Charts drawn, not taken from the cache: the first build must still be writing
    # when the second has started and waited its second.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", "WUHUA_CACHE_DIR": "off"}
    first = subprocess.Popen([sys.executable, "-m", "generator", "-w", str(ws), "build", "--year", "2025"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lock = ws / "output" / ".wuhua-lock"
    assert _wait_for(first, lock.exists, 120)

    second = cli(ws, "build", "--year", "2025", env={"WUHUA_LOCK_WAIT": "1"})

    assert second.returncode == 3, second.stderr
    assert str(first.pid) in second.stderr and "正在向这个文件夹写入" in second.stderr
    assert first.wait(600) == 0, first.stderr.read()
    assert not lock.exists()
    assert _state(ws / "output") == "complete"


def test_second_build_waits_for_a_short_first(workspace: Path):
    """Two builds started together both succeed, one after the other."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", "WUHUA_LOCK_WAIT": "300"}
    runs = [subprocess.Popen([sys.executable, "-m", "generator", "-w", str(workspace), "build", "--year", "2025"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    assert [r.wait(600) for r in runs] == [0, 0]
    out = workspace / "output"
    manifest = json.loads((out / ".wuhua-manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {k for k in snapshot(out) if not k.startswith(".")}
    assert not temporaries(out) and not (out / ".wuhua-lock").exists()


def test_stale_lock_of_a_dead_process_is_taken_over(workspace: Path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = workspace / "output"
    out.mkdir()
    (out / ".wuhua-lock").write_text(json.dumps({"pid": dead.pid, "started": "2025-01-01T08:00:00",
                                                 "command": "wuhua build"}), encoding="utf-8")
    result = cli(workspace, "posters", env={"WUHUA_LOCK_WAIT": "1"})
    assert result.returncode == 0, result.stderr
    assert not (out / ".wuhua-lock").exists()


# --- pipes --------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["check"], ["build", "--year", "2025"], ["--help"]])
def test_closed_pipe_ends_quietly(workspace: Path, args: list[str]):
    """`wuhua check | head -1`: a real shell pipe (run_cli captures everything)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    command = " ".join([f'"{sys.executable}"', "-m", "generator", "-w", f'"{workspace}"', *args])
    r = subprocess.run(["bash", "-c", f"set -o pipefail; {command} 2>err.txt | head -1; echo $? > rc.txt"],
                       cwd=workspace, env=env, capture_output=True, text=True, timeout=600)
    assert r.stdout.strip()                                  # head got its line
    err = (workspace / "err.txt").read_text(encoding="utf-8")
    assert "BrokenPipe" not in err and "内部错误" not in err and "Traceback" not in err
    assert (workspace / "rc.txt").read_text().strip() == "0"
