"""Commands imported when used: `wuhua --help` lists every command from its name and
the first paragraph of its help, kept in cli/main.py, without importing the command's
module (click's documented lazy-loading pattern, done on the commands mapping so that
`group.commands[name]` keeps working for everything that reads it)."""
from __future__ import annotations

from gettext import gettext as _

import click


class LazyCommands(dict):
    """name -> command, where a command not yet used is a (module, attribute, summary)
    entry: its module is imported the first time the command is looked up."""

    def __init__(self, entries: dict[str, tuple[str, str, str]]):
        super().__init__({name: None for name in entries})
        self._entries = dict(entries)

    def _load(self, name: str) -> click.Command:
        command = dict.__getitem__(self, name)
        if command is None:
            module, attribute, _ = self._entries[name]
            # __import__ rather than importlib.import_module: the import statement's
            # path, which `python -X importtime` reports (tests/test_startup.py reads it).
            command = getattr(__import__(module, fromlist=[attribute]), attribute)
            dict.__setitem__(self, name, command)
        return command

    def __getitem__(self, name: str) -> click.Command:
        if not dict.__contains__(self, name):
            raise KeyError(name)
        return self._load(name)

    def get(self, name, default=None):
        return self._load(name) if dict.__contains__(self, name) else default

    def values(self):
        return [self._load(name) for name in self]

    def items(self):
        return [(name, self._load(name)) for name in self]

    def summary(self, name: str) -> click.Command:
        """What `--help` shows of a command: the command itself once loaded, else a
        stand-in with the same first paragraph (click shortens it the same way)."""
        command = dict.__getitem__(self, name)
        if command is not None:
            return command
        return click.Command(name, help=self._entries[name][2])

    def summaries(self) -> dict[str, str]:
        return {name: entry[2] for name, entry in self._entries.items()}


class LazyGroupMixin:
    """A click group listing lazy commands without importing them."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = self.commands
        if not isinstance(commands, LazyCommands):
            return super().format_commands(ctx, formatter)
        shown = [(name, commands.summary(name)) for name in self.list_commands(ctx)]
        shown = [(name, cmd) for name, cmd in shown if not cmd.hidden]
        if not shown:
            return None
        limit = formatter.width - 6 - max(len(name) for name, _ in shown)
        rows = [(name, cmd.get_short_help_str(limit)) for name, cmd in shown]
        with formatter.section(_("Commands")):   # as click words it
            formatter.write_dl(rows)
        return None
