"""One build at a time, in the background, with what the page shows while it runs."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BuildState:
    state: str = "idle"          # idle / running / done / failed
    phase: str = ""
    started: float = 0.0
    finished: float = 0.0
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        end = self.finished or time.monotonic()
        return {"state": self.state, "phase": self.phase, "elapsed": round(end - self.started, 1) if self.started else 0,
                "written": len(self.written), "messages": self.messages, "skipped": self.skipped}


class Builder:
    """Starts `build` in a thread; a second start while one runs is refused, so a
    double click builds once."""

    def __init__(self, workspace):
        self.workspace = workspace
        self.state = BuildState()
        self._lock = threading.Lock()

    def start(self, *, year: int, as_of: dt.date) -> bool:
        with self._lock:
            if self.state.state == "running":
                return False
            self.state = BuildState(state="running", phase="读取数据", started=time.monotonic())
        threading.Thread(target=self._run, args=(year, as_of), daemon=True).start()
        return True

    def _run(self, year: int, as_of: dt.date) -> None:
        """The build runs as `wuhua build` in a process of its own: the same code path,
        output lock and all-or-nothing publish as the command line, and nothing of the
        server's state (threads, caches, signal handlers) in its way."""
        import generator

        state = self.state
        state.phase = "生成文档"
        package_root = str(Path(generator.__file__).resolve().parents[1])
        env = {**os.environ, "PYTHONIOENCODING": "utf-8",
               "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)}
        command = [sys.executable, "-m", "generator", "-w", str(self.workspace.root), "build",
                   "--year", str(year), "--as-of", as_of.isoformat()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                                  env=env, timeout=3600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            state.messages = [f"✗ 无法运行生成程序：{exc}"]
            state.phase, state.state = "未生成", "failed"
            state.finished = time.monotonic()
            return
        errors = [line for line in done.stderr.splitlines() if line.strip()]
        state.skipped = [line.strip().lstrip("!").strip() for line in errors if line.lstrip().startswith("!")]
        if done.returncode == 0:
            lines = done.stdout.splitlines()
            start = next((i for i, line in enumerate(lines) if line.startswith("✓ 已生成")), len(lines))
            state.written = [line.strip() for line in lines[start + 1:] if line.startswith("  ")]
            state.phase, state.state = "完成", "done"
        else:
            state.messages = [line for line in errors if not line.lstrip().startswith("!")] or \
                [f"✗ 生成失败（退出状态 {done.returncode}）"]
            state.phase, state.state = "未生成", "failed"
        state.finished = time.monotonic()
