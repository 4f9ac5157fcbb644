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


def imported(*args: str) -> tuple[set[str], str]:
    """Top-level packages `python -X importtime -m generator ARGS` loads, and its output."""
    result = run_cli(*args, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0, result.stderr[-2000:]
    names = set()
    for line in result.stderr.splitlines():
        found = re.match(r"import time:\s+\d+ \|\s+\d+ \|\s+(\S+)", line)
        if found:
            names.add(found.group(1).split(".")[0])
    assert "click" in names          # the measurement itself works
    return names, result.stdout


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
