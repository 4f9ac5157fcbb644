from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "inputs"

# The web tests' server, accounts, HTTP client and browser fixtures.
pytest_plugins = ("tests.web_support",)


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory):
    """The suite never reads or fills the user's cache (~/.cache/wuhua): a PDF or
    layout cached by an earlier run would let a test that expects a conversion pass
    or fail by what ran before it. Tests that need their own cache set it again."""
    folder = tmp_path_factory.mktemp("wuhua-cache")
    before = os.environ.get("WUHUA_CACHE_DIR")
    os.environ["WUHUA_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("WUHUA_CACHE_DIR", None)
    else:
        os.environ["WUHUA_CACHE_DIR"] = before


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None,
            encoding: str = "utf-8") -> subprocess.CompletedProcess:
    """Run `wuhua` as a clerk would, in a separate process. `encoding` decodes its
    output strictly (a console's encoding is set with PYTHONIOENCODING in `env`)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, encoding=encoding, timeout=600)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the sample workspace the test may change."""
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws / "inputs")
    return ws


# The build instant ooxml.normalize uses when SOURCE_DATE_EPOCH is unset (2024-01-01
# UTC): the shared build below is byte-identical to a build without it.
SAMPLE_BUILD_EPOCH = "1704067200"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The sample workspace built once per session (`wuhua build --year 2025`, as of
    today), for tests that only read outputs. Never change files in it: copy what a
    test alters into its own tmp_path first."""
    out = tmp_path_factory.mktemp("sample_build")
    result = run_cli("build", "-o", str(out), "--year", "2025", env={"SOURCE_DATE_EPOCH": SAMPLE_BUILD_EPOCH})
    assert result.returncode == 0, result.stderr
    return out


def pytest_collection_modifyitems(config, items):
    """Tests that need LibreOffice (the `soffice` fixture, directly or through another
    fixture) are slow: `pytest -m "not slow"` runs without LibreOffice. Tests that
    build wheels or use LibreOffice otherwise carry @pytest.mark.slow themselves."""
    for item in items:
        if "soffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice for page counts and PDF checks: skipped where missing, a failure in CI."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("WUHUA_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice (soffice) is required here but not installed")
        pytest.skip("LibreOffice not installed")
    return path


# --- reading outputs as a user would -------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_xml(path: Path, part: str = "word/document.xml") -> str:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def table_rows(path: Path) -> list[list[str]]:
    """Every table row of a .docx as cell texts (merged cells repeat, as python-docx reads them)."""
    from docx import Document

    rows = []
    for t in Document(path).tables:
        for r in t.rows:
            rows.append([c.text for c in r.cells])
    return rows


def all_text(path: Path) -> str:
    from docx import Document

    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for r in t.rows:
            for c in r.cells:
                parts.append(c.text)
    return "\n".join(parts)


def convert_to_pdf(soffice: str, files: list[Path], outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), *map(str, files)], capture_output=True, timeout=600, check=True)
    return [outdir / (f.stem + ".pdf") for f in files]


def pdf_texts(pdf: Path) -> list[str]:
    """Each page's text as the split path compares it (writers.pdfsplit.page_text)."""
    from generator.writers.pdfsplit import open_pdf, page_text

    doc = open_pdf(pdf)
    try:
        return [page_text(doc, i) for i in range(len(doc))]
    finally:
        doc.close()


def ledger_rows(ws: Path) -> list[dict]:
    """The built 任务台账.xlsx's task rows, by column heading."""
    from openpyxl import load_workbook

    rows = list(load_workbook(ws / "output" / "任务台账.xlsx").active.iter_rows(values_only=True))
    header = next(r for r in rows if r and "时限解读" in r)
    return [dict(zip(header, r)) for r in rows[rows.index(header) + 1:] if r[header.index("任务编号")] is not None]


def pdf_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)
