"""Problems found in the inputs, with where they are, in words a clerk reads."""
from __future__ import annotations

import errno
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
    place: str | None = None     # Word: e.g. "第3段" or "表格1 第4行第2列"
    order: int = 0               # Word: position of the place in the document, for sorting

    def __str__(self) -> str:
        parts = [str(self.file)]
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.sheet is not None:
            parts.append(f"工作表“{self.sheet}”")
        if self.cell is not None:
            parts.append(f"单元格 {self.cell}")
        if self.place is not None:
            parts.append(self.place)
        return " ".join(parts)

    def sort_key(self):
        return (str(self.file), self.sheet or "", self.line or 0, _cell_key(self.cell), self.order)


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


class RepliesRejected(InputError):
    """Returned forms with problems: nothing is merged, 进展 stays as it was."""

    def lines(self) -> list[str]:
        problems = self.sorted()
        return ([f"填报表有 {len(problems)} 处问题，未汇总任何数据（inputs/进展 未改动）："]
                + [f"  ✗ {p}" for p in problems])


class OutputProblem(EnvironmentProblem):
    """output/ cannot take the new files (read-only, a file open in Word, a name too
    long, a file where a folder should be...). Found before anything is replaced, so
    the message can promise that output/ is as it was."""

    def __init__(self, problems: list[str], unchanged: bool = True, todo: str = ""):
        super().__init__("\n".join(problems))
        self.problems = problems
        self.unchanged = unchanged
        self.todo = todo

    def lines(self) -> list[str]:
        out = [f"✗ {p}" for p in self.problems]
        if self.todo:
            out.append(f"  {self.todo}")
        if self.unchanged:
            out.append("  未写入任何文件（output 中原有文件未改动）。这是电脑环境的问题，不是您的数据有误。")
        return out


class DiskFull(OutputProblem):
    """Not enough room for the new files; checked before and while staging them."""


class OutputBusy(EnvironmentProblem):
    """Another wuhua is writing the same output folder."""


class Interrupted(WuhuaError):
    """Ctrl-C (or a termination signal) before anything was replaced."""

    exit_code = 130

    def lines(self) -> list[str]:
        return [f"已中断。{self}"]


# A file-system error's cause and what to do, in a clerk's words (by errno).
OS_CAUSES = {
    errno.EACCES: ("没有权限（文件可能正在 Word/WPS 等程序中打开，或文件、文件夹是只读的）。"
                   "请关闭打开它的程序、检查文件夹权限，或用 -o 换一个输出文件夹"),
    errno.EPERM: "操作不被允许（文件或文件夹是只读的）。请检查权限，或用 -o 换一个输出文件夹",
    errno.ENOSPC: "磁盘空间不足。请清理磁盘或用 -o 换一个有空间的输出文件夹",
    errno.EDQUOT: "磁盘配额已用完。请清理磁盘或用 -o 换一个有空间的输出文件夹",
    errno.ENAMETOOLONG: "文件名或路径过长。请把工作区放到路径较短的文件夹中",
    errno.EROFS: "磁盘是只读的。请用 -o 换一个可写的输出文件夹",
    errno.ENOENT: "找不到文件或文件夹",
    errno.EBUSY: "文件正被其他程序使用（例如在 Word/WPS 中打开）。请关闭后重试",
    errno.ENOTDIR: "路径中有一个同名文件挡住了文件夹。请移走该文件",
    errno.EISDIR: "这里应是文件，却是一个文件夹。请移走该文件夹",
}


def os_cause(exc: OSError) -> str:
    if getattr(exc, "winerror", None) in (32, 33):   # sharing/lock violation: open in Word
        return OS_CAUSES[errno.EBUSY]
    return OS_CAUSES.get(exc.errno, exc.strerror or type(exc).__name__)
