"""A progress bar for batch work, on the terminal only.

Clerks watching 300 posters convert want counts and the time left; scripts and
scheduled jobs (output not a terminal) want nothing but errors, and -q silences it.
"""
from __future__ import annotations

import sys
import time

from generator.model.text import display_width


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds < 3600 else \
        f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class ProgressBar:
    """`with ProgressBar(total, "转换 PDF") as bar: bar.advance()`; draws on stderr."""

    WIDTH = 24

    def __init__(self, total: int, label: str, *, quiet: bool = False, stream=None, delay: float = 0.0):
        # `delay`: drawn only once the work has taken that long, so quick runs print
        # nothing extra and any batch over it shows counts and the time left.
        self.delay = delay
        self.total = max(total, 0)
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = not quiet and self.total > 0 and _isatty(self.stream)
        self.done = 0
        self.failed = 0
        self.started = time.monotonic()
        self._last_len = 0

    def __enter__(self):
        self._draw()
        return self

    def __exit__(self, *exc):
        if self.enabled and self._last_len:
            self.stream.write("\r" + " " * self._last_len + "\r")
            self.stream.flush()

    def advance(self, n: int = 1, *, failed: bool = False) -> None:
        self.done = min(self.total, self.done + n)
        if failed:
            self.failed += n
        self._draw()

    def line(self) -> str:
        filled = self.WIDTH * self.done // self.total if self.total else self.WIDTH
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        text = f"{self.label} {bar} {self.done}/{self.total}"
        if self.failed:
            text += f"（失败 {self.failed}）"
        elapsed = time.monotonic() - self.started
        if 0 < self.done < self.total:
            text += f" 剩余约 {_clock(elapsed / self.done * (self.total - self.done))}"
        elif self.done == self.total:
            text += f" 用时 {_clock(elapsed)}"
        return text

    def _draw(self) -> None:
        if not self.enabled:
            return
        if self.done < self.total and time.monotonic() - self.started < self.delay:
            return
        if self.done == self.total and not self._last_len:
            return              # finished before it was ever shown: nothing to clear or say
        text = self.line()
        width = display_width(text)
        self.stream.write("\r" + text + " " * max(0, self._last_len - width))
        self.stream.flush()
        self._last_len = width


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
