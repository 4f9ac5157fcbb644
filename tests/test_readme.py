"""The README a clerk follows: its commands exist with the options it shows, its first
lines are the commands CI runs, its links land on headings, the outputs table is whole."""
from __future__ import annotations

import re
import shlex

import click
import pytest

from generator.cli.main import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(text: str) -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", text, re.S)


def sections(text: str) -> dict[str, str]:
    parts = re.split(r"(?m)^## ", text)
    return {p.splitlines()[0].strip(): p for p in parts[1:]}


def test_the_first_two_commands_are_what_ci_runs():
    first, second = code_blocks(README)[:2]
    assert first.strip() == 'pip install -e ".[test]" && wuhua build'
    assert second.strip() == "pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -q -e ".[test]"' in ci and re.search(r"(?m)^python -m pytest", ci)


def wuhua_commands() -> list[list[str]]:
    out = []
    for block in code_blocks(README):
        for line in block.splitlines():
            line = line.split("#")[0].strip()
            for part in line.split("&&"):
                words = shlex.split(part.strip(), posix=False) if part.strip() else []
                if words[:1] == ["wuhua"]:
                    out.append(words[1:])
                elif words[:3] == ["py", "-m", "generator"]:
                    out.append(words[3:])
    return out


def test_readme_shows_every_command_and_the_windows_fallback():
    used = {next((w for w in args if not w.startswith("-") and w in main.commands), None) for args in wuhua_commands()}
    assert set(main.commands) <= used, set(main.commands) - used


@pytest.mark.parametrize("args", wuhua_commands(), ids=lambda a: " ".join(a)[:40])
def test_each_readme_command_has_the_options_it_shows(args):
    words = list(args)
    group_opts = {o for p in main.params for o in p.opts}
    while words and words[0].startswith("-"):
        assert words[0] in group_opts, words[0]
        words = words[2:] if words[0] in ("-w", "--workspace") else words[1:]
    if not words:
        return
    command = main.commands.get(words[0])
    assert command is not None, f"wuhua {words[0]} is not a command"
    if isinstance(command, click.Group) and len(words) > 1 and words[1] in command.commands:
        command = command.commands[words[1]]          # e.g. `wuhua templates export`
        words = words[1:]
    options = {o for p in command.params for o in p.opts} | {"-h", "--help"}
    for word in words[1:]:
        if word.startswith("-") and not re.fullmatch(r"-?\d.*", word):
            assert word in options, f"wuhua {words[0]} has no option {word}"


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to '-'."""
    text = heading.strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def test_links_inside_the_readme_land_on_headings():
    anchors = {slug(h) for h in re.findall(r"(?m)^#+ (.+)$", README)}
    links = re.findall(r"\]\(#([^)]+)\)", README)
    assert links
    assert not [link for link in links if link not in anchors]


def test_the_outputs_table_is_whole_and_in_one_place():
    parts = sections(README)
    [outputs] = [body for title, body in parts.items() if title.startswith("生成的文档")]
    for name in ("安全生产职责清单.docx", "部门任务清单/部门.docx", "任务台账.xlsx", "作战图集.docx", "作战图（挂图）.docx",
                 "作战图.xlsx", "判定标准海报/企业名称.docx", "判定标准海报（合并打印）.docx", "重大事故隐患督办台账.xlsx",
                 "重大事故隐患公示/企业.docx", "工作总结.docx", "工作日历.xlsx", "手册/"):
        assert re.search(rf"(?m)^\| `[^`]*{re.escape(name)}", outputs), name
    elsewhere = [line for title, body in parts.items() if not title.startswith("生成的文档")
                 for line in body.splitlines() if re.match(r"\| `[^`]+\.(docx|xlsx)` \|", line)]
    assert not elsewhere, elsewhere


def test_the_windows_section_walks_a_clerk_through_a_fresh_pc():
    [windows] = [body for title, body in sections(README).items() if "Windows" in title and "安装" in title]
    for step in ("Add python.exe to PATH", "地址栏", "cmd", "py -m pip install .", "LibreOffice", "soffice.exe",
                 "WUHUA_SOFFICE", "仿宋", "不是内部或外部命令", "py -m generator"):
        assert step in windows, step


def test_the_pictures_the_readme_shows_exist_and_stay_small():
    """Every picture linked from the README is in the repository and under 1 MB, and
    the sample's contact sheet is among them."""
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert "docs/sample-contact-sheet.png" in pictures
    for link in pictures:
        path = ROOT / link
        assert path.is_file(), link
        assert path.stat().st_size < 1_000_000, link
