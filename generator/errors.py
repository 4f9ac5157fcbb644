"""Problems found in the inputs, with where they are, in words a clerk reads."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Location:
    file: Path
    line: int | None = None      # YAML: 1-based line
    sheet: str | None = None     # Excel: worksheet name
    cell: str | None = None      # Excel: e.g. "C5"

    def __str__(self) -> str:
        parts = [str(self.file)]
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.sheet is not None:
            parts.append(f"工作表“{self.sheet}”")
        if self.cell is not None:
            parts.append(f"单元格 {self.cell}")
        return " ".join(parts)

    def sort_key(self):
        return (str(self.file), self.sheet or "", self.line or 0, _cell_key(self.cell))


def _cell_key(cell: str | None):
    if not cell:
        return (0, 0)
    letters = "".join(c for c in cell if c.isalpha())
    digits = "".join(c for c in cell if c.isdigit())
    col = 0
    for c in letters:
        col = col * 26 + (ord(c.upper()) - 64)
    return (int(digits or 0), col)


def show_value(value, limit: int = 40) -> str:
    text = str(value)
    text = text.replace("\n", "↵")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str                 # what is wrong and what is allowed
    field: str | None = None     # the Chinese column/key name
    value: object = None
    has_value: bool = False

    def __str__(self) -> str:
        text = f"{self.location}"
        if self.field:
            text += f"，字段“{self.field}”"
        if self.has_value:
            text += f"，值“{show_value(self.value)}”"
        return f"{text}：{self.message}"


def problem(location: Location, message: str, field: str | None = None, *value) -> Problem:
    return Problem(location, message, field, value[0] if value else None, bool(value))


@dataclass
class InputError(Exception):
    """Raised once with every problem found, never one at a time."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.sorted())

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: p.location.sort_key())


class Collector:
    """Accumulates problems and warnings while reading a whole workspace."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def add(self, p: Problem) -> None:
        self.problems.append(p)

    def warn(self, p: Problem) -> None:
        self.warnings.append(p)

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(list(self.problems))


class SetupProblem(Exception):
    """The machine lacks something the output needs (a font, a program); the message,
    in Chinese, names what to install. Not the clerk's input, not a bug."""
