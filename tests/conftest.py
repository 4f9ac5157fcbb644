from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "inputs"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `wuhua` as a clerk would, in a separate process."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the sample workspace the test may change."""
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws / "inputs")
    return ws


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice for page counts and PDF checks: skipped where missing, a failure in CI."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("WUHUA_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice (soffice) is required here but not installed")
        pytest.skip("LibreOffice not installed")
    return path
