"""Start-up is structural: `wuhua --help` (and every command's help) loads the command
line only. The heavy libraries a build needs are imported inside the commands that
use them, so a clerk asking for help does not wait for Word, Excel and chart code.
Measured in bench/ (`--only startup`), never timed here."""
from __future__ import annotations

import re

import pytest

from tests.conftest import run_cli

# Top-level packages a help screen must not import: documents, workbooks, charts,
# the model's validation, the web workbench and its database, XML.
HEAVY = ("docx", "docxtpl", "openpyxl", "matplotlib", "pydantic", "pydantic_core", "flask", "sqlalchemy",
         "lxml", "jinja2", "yaml", "PIL", "numpy", "waitress", "pypdf", "pdfplumber")
COMMANDS = ("init", "check", "build", "summary", "calendar", "status", "battlemap", "pdf", "posters", "handbook",
            "import-criteria", "proof", "templates", "forms", "collect", "serve")


def imported_modules(*args: str) -> tuple[set[str], str]:
    """Modules `python -X importtime -m generator ARGS` loads, and its output."""
    result = run_cli(*args, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0, result.stderr[-2000:]
    names = set()
    for line in result.stderr.splitlines():
        found = re.match(r"import time:\s+\d+ \|\s+\d+ \|\s+(\S+)", line)
        if found:
            names.add(found.group(1))
    assert "click" in names          # the measurement itself works
    return names, result.stdout


def imported(*args: str) -> tuple[set[str], str]:
    """Top-level packages `python -X importtime -m generator ARGS` loads, and its output."""
    names, out = imported_modules(*args)
    return {name.split(".")[0] for name in names}, out


def test_main_help_imports_no_heavy_library():
    names, out = imported("--help")
    assert "wuhua init 我的工作区" in out and "build" in out and "serve" in out
    assert sorted(names & set(HEAVY)) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_help_imports_no_heavy_library(command):
    names, out = imported(command, "--help")
    assert f"generator {command}" in out            # click's usage line: the help really printed
    assert sorted(names & set(HEAVY)) == [], command


def test_the_command_list_above_is_every_command():
    from generator.cli.main import main

    assert set(main.commands) == set(COMMANDS)


# The command line's own modules: everything else in generator/cli/ is a command's
# module, imported only when that command is used.
CLI_FRAME = {"generator.cli", "generator.cli.main", "generator.cli.group", "generator.cli.lazy",
             "generator.cli.common", "generator.cli.console"}


def test_main_help_imports_no_command_module():
    names, out = imported_modules("--help")
    assert "templates export" in out                 # every command listed, with its summary
    assert sorted(n for n in names if n.startswith("generator.cli") and n not in CLI_FRAME) == []


def test_a_command_imports_its_own_module_only():
    names, _ = imported_modules("build", "--help")
    loaded = {n for n in names if n.startswith("generator.cli") and n not in CLI_FRAME}
    assert loaded == {"generator.cli.build_command"}


def test_main_help_is_what_the_commands_themselves_say():
    """The summaries kept in cli/main.py are the first paragraphs of the commands'
    own help, and the listing is the one click makes from the loaded commands, at
    any terminal width (click shortens long summaries to the width)."""
    from click.testing import CliRunner

    from generator.cli.lazy import LazyCommands
    from generator.cli.main import COMMANDS, main

    lazy = LazyCommands(COMMANDS)
    for name, (_, _, summary) in COMMANDS.items():
        command = lazy[name]
        assert command.help.split("\n\n")[0].strip() == summary, name
        assert command.name == name
    for width in (60, 80, 100, 200):
        main.commands = LazyCommands(COMMANDS)
        listed = CliRunner().invoke(main, ["--help"], terminal_width=width).output
        main.commands.values()                        # every command loaded: click's own listing
        loaded = CliRunner().invoke(main, ["--help"], terminal_width=width).output
        assert listed == loaded and "templates" in listed
