"""Before anything in output/ is replaced: can every new file go where it must?

Checks what can be known without writing: a file standing where a folder must be, a
folder where a file must be, read-only or immutable files, files open in Word/WPS
(their owner files ~$name beside them; on Windows also the sharing lock itself),
names and paths over the platform's limits, free space. Writing the new files beside
their targets (staging) then finds the rest (read-only folders and disks) before any
old file is touched.
"""
from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

from generator.errors import DiskFull

WINDOWS_MAX_PATH = 259          # MAX_PATH less the terminating NUL
SHOWN = 12                      # problems listed before "and N more"
MARGIN = 1 << 20                # bytes kept free beyond the new files


def _immutable(path: Path) -> bool:
    """Linux `chattr +i` / `+a`: even root cannot replace such a file."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import array
        import fcntl

        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            flags = array.array("l", [0])
            fcntl.ioctl(fd, 0x80086601, flags, True)       # FS_IOC_GETFLAGS
            return bool(flags[0] & 0x30)                   # IMMUTABLE | APPEND
        finally:
            os.close(fd)
    except (OSError, ImportError):
        return False


def read_only(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & stat.S_IWUSR) or _immutable(path)


def open_elsewhere(path: Path) -> str | None:
    """The program holding the file open, when it can be told."""
    name = path.name
    owners = {f"~${name}", f"~${name[1:]}", f"~${name[2:]}"}
    for owner in owners:
        if (path.parent / owner).exists():
            return f"Word/WPS（发现其锁定文件 {owner}）"
    if (path.parent / f".~lock.{name}#").exists():
        return "LibreOffice（发现其锁定文件 .~lock." + name + "#）"
    if sys.platform == "win32":
        try:
            with open(path, "r+b"):
                pass
        except PermissionError:
            return "其他程序（例如 Word/WPS）"
        except OSError:
            return None
    return None


def _name_limit(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def _existing(path: Path) -> Path:
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def check_targets(root: Path, targets: list[Path]) -> list[str]:
    """Every problem at once, one line each, path first."""
    problems: list[str] = []
    limit = _name_limit(_existing(root))
    blocked: set[Path] = set()
    for target in targets:
        for folder in reversed(target.parents):
            if folder in blocked:
                break
            if folder.exists() and not folder.is_dir():
                blocked.add(folder)
                problems.append(f"{folder}：这里需要一个文件夹，但已有一个同名文件。请移走或改名该文件")
                break
        long_names = [part for part in target.relative_to(root).parts if len(part.encode("utf-8")) > limit]
        if long_names:
            problems.append(f"{target}：文件名过长（超过 {limit} 字节）。请缩短相应的名称")
        if sys.platform == "win32" and len(os.path.abspath(target)) > WINDOWS_MAX_PATH:
            problems.append(f"{target}：路径超过 Windows 的 {WINDOWS_MAX_PATH} 个字符限制。"
                            "请把工作区放到路径较短的文件夹中（例如 D:\\五化），或用 -o 指定较短的输出文件夹")
        if target.is_dir():
            problems.append(f"{target}：这里应写入一个文件，但已有一个同名文件夹。请移走或改名该文件夹")
        elif target.exists():
            if read_only(target):
                problems.append(f"{target}：文件是只读的，不能替换。请在文件属性中取消“只读”，或用 -o 换一个输出文件夹")
            holder = open_elsewhere(target)
            if holder:
                problems.append(f"{target}：文件正在{holder}中打开，不能替换。请关闭该文件后重试")
    return shorten(problems)


def shorten(problems: list[str]) -> list[str]:
    if len(problems) <= SHOWN:
        return problems
    return problems[:SHOWN] + [f"……另有 {len(problems) - SHOWN} 个文件有类似问题"]


def check_space(root: Path, needed: int) -> None:
    where = _existing(root)
    try:
        free = shutil.disk_usage(where).free
    except OSError:
        return
    if free < needed + MARGIN:
        raise DiskFull([f"{root}：磁盘空间不足，需要约 {_mb(needed + MARGIN)}，只剩 {_mb(free)}"],
                       todo="请清理磁盘，或用 -o 换一个有空间的输出文件夹。")


def _mb(size: int) -> str:
    return f"{size / (1 << 20):.1f} MB"
