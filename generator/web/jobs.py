"""One build at a time, in the background, with what the page shows while it runs.

The build runs as `wuhua build` in a process of its own (the same code path, output
lock and all-or-nothing publish as the command line). Its state lives in the
workspace (.wuhua/生成/: state.json, the command's output and its exit status), not
only in this server's memory: a server stopped or killed mid-build and started again
finds the build either still running (and follows it) or cut short, and says so; it
never shows "running" forever. output/ itself is left as the command line leaves it
(publish: the old set or the new set, never a mix)."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.writers.output_lock import process_alive

FOLDER = ".wuhua/生成"


@dataclass
class BuildState:
    state: str = "idle"          # idle / running / done / failed / interrupted
    phase: str = ""
    started: float = 0.0         # wall-clock seconds (time.time), so a restarted server can show it
    finished: float = 0.0
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    pdf: bool = False

    def as_json(self) -> dict:
        end = self.finished or time.time()
        return {"state": self.state, "phase": self.phase, "elapsed": round(end - self.started, 1) if self.started else 0,
                "written": len(self.written), "messages": self.messages, "skipped": self.skipped}

    @property
    def started_text(self) -> str:
        return dt.datetime.fromtimestamp(self.started).strftime("%Y-%m-%d %H:%M:%S") if self.started else ""


class Builder:
    """Starts `build` in a thread; a second start while one runs is refused, so a
    double click builds once (also across two servers on one workspace: the state
    file names the running build's process)."""

    def __init__(self, workspace):
        self.workspace = workspace
        self.folder = Path(workspace.root) / FOLDER
        self._lock = threading.Lock()
        self.state = self._recover()

    # -- the state file -------------------------------------------------------------
    def _state_file(self) -> Path:
        return self.folder / "state.json"

    def _save(self, **extra) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"state": self.state.state, "started": self.state.started, "finished": self.state.finished,
                "pdf": self.state.pdf, **extra}
        tmp = self._state_file().with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self._state_file())

    def _recover(self) -> BuildState:
        """What the last build of this workspace came to, as far as the files tell."""
        try:
            data = json.loads(self._state_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return BuildState()
        state = BuildState(state=str(data.get("state", "idle")), started=float(data.get("started") or 0),
                           finished=float(data.get("finished") or 0), pdf=bool(data.get("pdf")))
        if state.state != "running":
            self._read_result(state, data.get("returncode"))
            return state
        pid = int(data.get("pid") or 0)
        if process_alive(pid):
            state.phase = "生成文档（由上次启动的服务开始）"
            threading.Thread(target=self._follow, args=(pid,), daemon=True).start()
            return state
        state.state, state.phase = "interrupted", "已中断"
        state.messages = [self._interrupted_text()]
        return state

    def _interrupted_text(self) -> str:
        from generator.writers import manifest as mf

        out = Path(self.workspace.output_dir)
        if mf.load(out).incomplete:
            return "上次生成在写入文件时被中断（服务被关闭），output/ 中新旧文件混杂。请重新生成。"
        return ("上次生成未完成就被中断（服务被关闭或电脑重启）。output/ 中仍是之前完整生成的一套文件，"
                "没有新旧混杂；需要新文件请重新生成。")

    def _follow(self, pid: int) -> None:
        """A build started by an earlier server: wait for it, then read what it left."""
        while process_alive(pid):
            time.sleep(0.5)
        data = {}
        try:
            data = json.loads(self._state_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        state = self.state
        state.finished = time.time()
        out = self._read_log("stdout")
        if "✓ 已生成" in out:
            self._read_result(state, 0)
        else:
            state.state, state.phase = "interrupted", "已中断"
            state.messages = [self._interrupted_text()]
        self._save(returncode=data.get("returncode"))

    def _read_log(self, name: str) -> str:
        try:
            return (self.folder / f"{name}.txt").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def _read_result(self, state: BuildState, returncode) -> None:
        errors = [line for line in self._read_log("stderr").splitlines() if line.strip()]
        state.skipped = [line.strip().lstrip("!").strip() for line in errors if line.lstrip().startswith("!")]
        if state.state == "done" or returncode == 0:
            lines = self._read_log("stdout").splitlines()
            start = next((i for i, line in enumerate(lines) if line.startswith("✓ 已生成")), len(lines))
            state.written = [line.strip() for line in lines[start + 1:] if line.startswith("  ")]
            state.phase, state.state = "完成", "done"
        elif state.state == "failed":
            state.messages = [line for line in errors if not line.lstrip().startswith("!")] or \
                [f"✗ 生成失败（退出状态 {returncode}）"]
            state.phase = "未生成"

    # -- running a build ------------------------------------------------------------
    def start(self, *, year: int, as_of: dt.date, pdf: bool = False) -> bool:
        with self._lock:
            if self.state.state == "running":
                return False
            self.state = BuildState(state="running", phase="读取数据", started=time.time(), pdf=pdf)
        threading.Thread(target=self._run, args=(year, as_of, pdf), daemon=True).start()
        return True

    def _run(self, year: int, as_of: dt.date, pdf: bool) -> None:
        import generator

        state = self.state
        state.phase = "生成文档并转换为 PDF" if pdf else "生成文档"
        package_root = str(Path(generator.__file__).resolve().parents[1])
        env = {**os.environ, "PYTHONIOENCODING": "utf-8",
               "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)}
        command = [sys.executable, "-m", "generator", "-w", str(self.workspace.root), "build",
                   "--year", str(year), "--as-of", as_of.isoformat()] + (["--pdf"] if pdf else [])
        child = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(self.folder / "stdout.txt", "wb") as out, open(self.folder / "stderr.txt", "wb") as err:
                child = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
                self._save(pid=child.pid)
                returncode = child.wait(timeout=3600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            if child is not None and child.poll() is None:
                child.kill()
            state.messages = [f"✗ 无法运行生成程序：{exc}"]
            state.phase, state.state = "未生成", "failed"
            state.finished = time.time()
            self._save(returncode=None)
            return
        state.state = "done" if returncode == 0 else "failed"
        state.finished = time.time()
        self._read_result(state, returncode)
        self._save(returncode=returncode)
