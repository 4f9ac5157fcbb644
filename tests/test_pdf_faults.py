"""The PDF pool under faults (issue 11): a LibreOffice killed by its PID mid-batch is
replaced and its document retried; a document failing twice is named, the merged
print file lists what it lacks, and only then the exit status is 3. Real LibreOffice,
a real SIGKILL to soffice.bin, PDFs read back with pypdf."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import ROOT, run_cli


def _children(root: int) -> set[int]:
    """Every descendant process of root (Linux /proc)."""
    parent: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, pp in parent.items() if pp in frontier} - found
        found |= frontier
    return found


def _offices(root: int) -> list[int]:
    out = []
    for pid in _children(root):
        try:
            exe = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")[0]
        except OSError:
            continue
        if exe.endswith(b"soffice.bin"):
            out.append(pid)
    return sorted(out)


def _posters(workspace: Path) -> Path:
    r = run_cli("-w", str(workspace), "posters")
    assert r.returncode == 0, r.stderr
    return workspace / "output" / "判定标准海报"


def test_killed_libreoffice_is_replaced_and_the_set_is_whole(workspace: Path, soffice, tmp_path: Path):
    folder = _posters(workspace)
    sources = sorted(folder.glob("*.docx"))
    out = tmp_path / "pdf"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "pdf", str(folder), "-o", str(out),
                             "--merge", "海报合集.pdf", "--workers", "2", "--no-cache"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # --no-cache: earlier tests in the session may have converted these posters; served from
    # the PDF cache the batch would start no office to kill.
    killed: list[int] = []

    def killer():
        # Once a few PDFs exist, kill one office by its PID while it is converting.
        while proc.poll() is None and not killed:
            if out.is_dir() and len(list(out.glob("*.pdf"))) >= 3:
                offices = _offices(proc.pid)
                if offices:
                    os.kill(offices[0], signal.SIGKILL)
                    killed.append(offices[0])
            time.sleep(0.05)

    thread = threading.Thread(target=killer)
    thread.start()
    stdout, stderr = proc.communicate(timeout=900)
    thread.join()

    assert killed, "the batch ended before an office could be killed"
    assert proc.returncode == 0, stderr
    pdfs = {p.stem for p in out.glob("*.pdf")} - {"海报合集"}
    assert pdfs == {s.stem for s in sources}
    merged = PdfReader(str(out / "海报合集.pdf"))
    assert len(merged.outline) == len(sources)                 # one bookmark per poster
    assert len(merged.pages) >= len(sources)
    report = (out / "海报合集.txt").read_text(encoding="utf-8-sig")
    assert f"{len(sources)} 份文档" in report and "缺少" not in report


def test_a_document_failing_twice_is_named_and_the_print_file_says_what_it_lacks(workspace: Path, soffice,
                                                                                  tmp_path: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for poster in sorted(_posters(workspace).glob("*.docx"))[:3]:
        (folder / poster.name).write_bytes(poster.read_bytes())
    broken = folder / "002-损坏的文件.docx"                     # a zip whose parts are not XML
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("[Content_Types].xml", "<bad")
        z.writestr("word/document.xml", "<w:document")
    out = tmp_path / "pdf"

    r = run_cli("pdf", str(folder), "-o", str(out), "--merge", "合集.pdf", "--workers", "1", "--no-cache")

    assert r.returncode == 3, r.stderr
    assert "002-损坏的文件.docx" in r.stderr and "重试一次" in r.stderr
    assert "合集.pdf 缺少 1 份文档" in r.stderr
    report = (out / "合集.txt").read_text(encoding="utf-8-sig")
    assert "缺少 1 份文档" in report and "002-损坏的文件.docx" in report
    assert len(PdfReader(str(out / "合集.pdf")).outline) == 3
