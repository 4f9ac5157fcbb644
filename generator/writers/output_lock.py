"""One wuhua at a time per output folder: a lock file holding the writer's PID.

Two builds into one folder would interleave their files. The lock is a file created
exclusively (O_EXCL) in the folder; it names the process, its start time and its
command so a refusal can say who holds it. A lock whose process is gone (killed,
machine restarted) is taken over. Re-entrant within one process: `build --pdf` holds
it across writing documents and converting them.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from generator.errors import OutputBusy, OutputProblem, os_cause

LOCK_NAME = ".wuhua-lock"
DEFAULT_WAIT = 10.0          # seconds a second run waits before refusing

_held: dict[Path, int] = {}  # folder -> depth, for re-entry in this process


def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        # os.kill(pid, 0) would terminate the process on Windows.
        import ctypes

        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259                            # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:   # a zombie (a child of ours, killed, not yet reaped) is not running
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def read_holder(lock: Path) -> dict | None:
    try:
        return json.loads(lock.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _try_create(lock: Path) -> bool:
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    holder = {"pid": os.getpid(), "started": dt.datetime.now().isoformat(timespec="seconds"),
              "command": " ".join(["wuhua", *sys.argv[1:]])[:200]}
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(holder, f, ensure_ascii=False)
    return True


def _stale(lock: Path) -> bool:
    holder = read_holder(lock)
    if holder is None:
        # Half-written by a process killed between create and write: stale once old.
        try:
            return time.time() - lock.stat().st_mtime > 5
        except FileNotFoundError:
            return True
    return not process_alive(int(holder.get("pid", 0)))


def _busy_message(folder: Path, holder: dict | None, waited: float) -> str:
    who = "另一个 wuhua"
    if holder:
        who = f"另一个 wuhua（进程号 {holder.get('pid')}，{holder.get('started', '')} 开始，命令：{holder.get('command', '')}）"
    return (f"{folder}：{who}正在向这个文件夹写入，等待 {waited:g} 秒后仍未结束。"
            f"请等它完成后再运行；如果确定没有其他 wuhua 在运行，可删除 {folder / LOCK_NAME}")


@contextmanager
def output_lock(folder: Path, wait: float | None = None):
    """Hold the output folder's lock for the block (creating the folder if need be)."""
    key = Path(os.path.abspath(folder))
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    if wait is None:
        wait = float(os.environ.get("WUHUA_LOCK_WAIT", DEFAULT_WAIT))
    try:
        key.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputProblem([f"{exc.filename or folder}：无法创建输出文件夹。{os_cause(exc)}"]) from None
    lock = key / LOCK_NAME
    deadline = time.monotonic() + wait
    while True:
        try:
            if _try_create(lock):
                break
        except OSError as exc:
            raise OutputProblem([f"{folder}：无法在输出文件夹中写入。{os_cause(exc)}"]) from None
        if _stale(lock):
            try:
                lock.unlink()       # its owner is gone: take it over
            except FileNotFoundError:
                pass
            continue
        if time.monotonic() >= deadline:
            raise OutputBusy(_busy_message(folder, read_holder(lock), wait))
        time.sleep(0.2)
    _held[key] = 1
    try:
        yield
    finally:
        del _held[key]
        try:
            holder = read_holder(lock)
            if holder is None or holder.get("pid") == os.getpid():
                lock.unlink()
        except OSError:
            pass
