"""Problems found in the inputs, with where they are, in words a clerk reads."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Exit statuses, documented in the README: 0 done; 1 a bug in the tool; 2 the input
# (data, templates, arguments) must be corrected; 3 the machine or its files (a
# program missing, no permission, disk full, a file open elsewhere).
EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_ENVIRONMENT = 0, 1, 2, 3
# `wuhua proof` ran fine and found something a clerk should fix before printing.
EXIT_FINDINGS = 4


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


class WuhuaError(Exception):
    """Base of every error the tool reports to a clerk. Each kind carries its exit
    status; the command line turns any of them into its message in one place
    (generator/cli/errors.py), so readers, writers and the PDF pool only raise."""

    exit_code = EXIT_INTERNAL
    heading = ""      # said before the message, e.g. what was (not) done

    def lines(self) -> list[str]:
        """The message as the lines a terminal shows."""
        return [f"✗ {self}"]


@dataclass
class InputError(WuhuaError):
    """Raised once with every problem found, never one at a time."""

    problems: list[Problem] = field(default_factory=list)
    exit_code = EXIT_BAD_INPUT

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.sorted())

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: p.location.sort_key())

    def lines(self) -> list[str]:
        problems = self.sorted()
        return ([f"输入有 {len(problems)} 处问题，未生成任何文件（output 中原有文件未改动）："]
                + [f"  ✗ {p}" for p in problems])


class Refused(WuhuaError):
    """The request cannot be served as asked (a required input is missing, a file of
    the wrong kind was given); the message says what to do instead."""

    exit_code = EXIT_BAD_INPUT


class TemplateProblem(WuhuaError):
    """A template (usually one a clerk edited) cannot be rendered: the clerk's input."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, template: Path, message: str):
        super().__init__(f"模板 {template}：{message}")
        self.template = template

    def lines(self) -> list[str]:
        return [f"✗ {self}", "  未生成任何文件（output 中原有文件未改动）。"]


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


class EnvironmentProblem(WuhuaError):
    """The machine, not the input and not a bug: a program or font is missing, a
    folder cannot be written, the disk is full, a file is open in another program.
    The message, in Chinese, names what and what to do."""

    exit_code = EXIT_ENVIRONMENT


class SetupProblem(EnvironmentProblem):
    """The machine lacks something the output needs (a font, a program); the message
    names what to install."""

    def lines(self) -> list[str]:
        return [f"✗ {self}", "  未生成任何文件（output 中原有文件未改动）。"]


class ConversionFailed(EnvironmentProblem):
    """Some documents could not be turned into PDF (LibreOffice failed on them); the
    message is already one line per failed file."""

    def lines(self) -> list[str]:
        return str(self).split("\n")
