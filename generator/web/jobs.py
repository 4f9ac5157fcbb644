"""One build at a time, in the background, with what the page shows while it runs."""
from __future__ import annotations

import datetime as dt
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import WuhuaError


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
        from generator.build import build
        from generator.documents.base import Options
        from generator.workspace import read_workspace

        state = self.state
        try:
            inputs = read_workspace(self.workspace)
            state.phase = "生成文档"
            skipped: list[str] = []
            options = Options(year=year, as_of=as_of)
            written = build(inputs, self.workspace, options, self.workspace.output_dir, skipped=skipped)
            skipped += options.notes
            out = self.workspace.output_dir
            state.written = [str(Path(p).relative_to(out)) for p in written]
            state.skipped = skipped
            state.phase = "完成"
            state.state = "done"
        except WuhuaError as exc:
            state.messages = exc.lines()
            state.phase = "未生成"
            state.state = "failed"
        except OSError as exc:
            state.messages = [f"✗ {exc.filename or ''}：{exc.strerror or exc}（电脑环境的问题，output 中原有文件未改动）"]
            state.phase = "未生成"
            state.state = "failed"
        except Exception as exc:  # noqa: BLE001 - shown on the page, never a blank error
            traceback.print_exc()
            state.messages = [f"✗ 程序内部错误：{type(exc).__name__}: {exc}"]
            state.phase = "未生成"
            state.state = "failed"
        finally:
            state.finished = time.monotonic()
