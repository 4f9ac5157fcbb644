"""Files appear whole or not at all: write beside the target, then rename."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~wuhua-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_all(files: dict[Path, bytes]) -> list[Path]:
    """Write every file; each one is atomic. Callers render everything first, so a
    failure in rendering leaves output/ untouched."""
    written = []
    for path, data in files.items():
        write_bytes(path, data)
        written.append(path)
    return written
