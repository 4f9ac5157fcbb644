"""Where every error becomes what a clerk reads: one click group whose `invoke`
turns the package's errors (generator.errors) into messages and exit statuses."""
from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import click

from generator.cli.console import prepare_streams, silence
from generator.cli.lazy import LazyGroupMixin
from generator.errors import EXIT_BAD_INPUT, EXIT_ENVIRONMENT, EXIT_INTERNAL, WuhuaError, os_cause
from generator.readers.files import office_lock_of

EXIT_INTERRUPTED = 130   # the shell's convention for Ctrl-C


class Failure(click.ClickException):
    """A failure already worded for the clerk: click prints it and exits with its status."""

    def __init__(self, lines: list[str], exit_code: int):
        super().__init__("\n".join(lines))
        self.lines = lines
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        from generator.cli.common import say

        for line in self.lines:
            say(line, err=True)


def environment_lines(exc: OSError) -> list[str]:
    """A file-system error in words: which path, what happened, what to do."""
    where = str(exc.filename or "")
    target = exc.filename2 or exc.filename
    if exc.filename2:
        # Our half-written file (writers.atomic) means nothing to the clerk: only the target.
        ours = Path(where).name.startswith(".~wuhua-")
        where = str(exc.filename2) if ours else f"{where} → {exc.filename2}"
    lock = office_lock_of(Path(target)) if target else None
    if lock is not None and exc.errno in (errno.EACCES, errno.EPERM, errno.EBUSY):
        return [f"✗ {where}：文件正在 Word/WPS 中打开（旁边有它的锁文件 {lock.name}），无法写入。"
                "请在 Word/WPS 中关闭这个文件后重试",
                "  这是电脑环境的问题，不是您的数据有误。"]
    cause = os_cause(exc)
    return [f"✗ {where}：{cause}" if where else f"✗ {cause}",
            "  这是电脑环境的问题，不是您的数据有误。"]


def parameter_lines(exc: click.BadParameter, ctx: click.Context) -> list[str]:
    """A wrong option value, in Chinese (click's own wording is English)."""
    name = "/".join(exc.param.opts) if exc.param is not None and exc.param.opts else (exc.param_hint or "参数")
    command = ctx.invoked_subcommand or ""
    # Our own types word the value first (“2025-13-01”：…); click's own do not.
    said = exc.message if exc.message.startswith("“") else f"有误：{exc.message}"
    return [f"✗ {name} 的值{said}",
            f"  用 wuhua {command} -h 查看用法。".replace("  用 wuhua  -h", "  用 wuhua -h")]


def internal_lines(exc: BaseException) -> list[str]:
    return [f"✗ 程序内部错误：{type(exc).__name__}: {exc}",
            "  这不是您的输入造成的。请设置环境变量 WUHUA_DEBUG=1 重新运行，把输出反馈给维护者。"]


class Group(LazyGroupMixin, click.Group):
    def main(self, *args, **kwargs):
        # Before click prints anything (help, usage errors): no symbol may crash a
        # Chinese console (cli.console).
        prepare_streams()
        return super().main(*args, **kwargs)

    def make_context(self, *args, **kwargs):
        try:   # --help and --version print while the arguments are parsed
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:
            silence(sys.stdout)
            raise click.exceptions.Exit(0) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except WuhuaError as exc:
            raise Failure(exc.lines(), exc.exit_code) from None
        except click.BadParameter as exc:
            raise Failure(parameter_lines(exc, ctx), EXIT_BAD_INPUT) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # The reader of our output went away (`| head`): say nothing more.
            silence(sys.stdout)
            raise click.exceptions.Exit(0) from None
        except KeyboardInterrupt:
            raise Failure(["已中断。"], EXIT_INTERRUPTED) from None
        except OSError as exc:
            if os.environ.get("WUHUA_DEBUG"):
                import traceback

                traceback.print_exc()
            raise Failure(environment_lines(exc), EXIT_ENVIRONMENT) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence for clerks
            if os.environ.get("WUHUA_DEBUG"):
                import traceback

                traceback.print_exc()
            raise Failure(internal_lines(exc), EXIT_INTERNAL) from None
