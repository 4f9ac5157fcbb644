"""Where the built-in templates and the sample workspace are, installed or not."""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """'inputs' or 'templates': inside the wheel (generator/_bundled) or, in a source
    checkout and an editable install, at the top of the repository."""
    for candidate in (PACKAGE / "_bundled" / name, PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"找不到内置的 {name} 文件夹，安装可能不完整，请重新安装 wuhua")


def sample_inputs() -> Path:
    return bundled("inputs")


def builtin_templates() -> Path:
    return bundled("templates")
