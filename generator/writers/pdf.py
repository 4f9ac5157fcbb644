"""PDF through LibreOffice: a pool of long-lived headless workers.

Starting LibreOffice costs seconds; converting a one-page document costs a fraction of
one. So each worker is one `soffice` kept running with its own profile folder (two
processes on one profile deadlock), driven over UNO by `uno_worker.py`, which runs
under whichever Python has LibreOffice's `uno` module. Real batches hang or crash
LibreOffice now and then: every conversion has a timeout, and a worker that misses it
or dies is killed (its whole process group) and replaced; the batch goes on and the
failed files are reported at the end. Workers are recycled after a number of
documents because long-lived offices grow.

Without a `uno` Python the pool falls back to one `soffice --convert-to` per file (still
with per-worker profiles and timeouts): slower, and indexes are not refreshed.

Conversions use the project's fontconfig file (fonts/fonts.conf) through the workers'
environment only, so 仿宋/楷体/黑体/宋体/小标宋 come out in faces of the same style.
"""
from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from collections.abc import Callable

from generator.errors import EnvironmentProblem, SetupProblem
from generator.writers.last_page import last_section_on_even_page, place_last_page_on_even
from generator.writers.pdfbytes import deterministic_pdf

HERE = Path(__file__).resolve().parent
FONTS_CONF = HERE / "fonts" / "fonts.conf"
UNO_WORKER = HERE / "uno_worker.py"

DEFAULT_TIMEOUT = 120.0     # seconds for one document; big ledgers take tens of seconds
STARTUP_TIMEOUT = 90.0
RECYCLE_AFTER = 200         # documents per worker before it is restarted

INSTALL_HINT = ("sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui python3-uno"
                "（Windows/macOS：从 https://zh-cn.libreoffice.org 下载安装 LibreOffice）")

# Windows font names of the official format -> the families that count as the same style.
FONT_STYLES = {
    "仿宋_GB2312": ("仿宋", ("FandolFang", "FangSong", "仿宋"), "texlive-lang-chinese（FandolFang）"),
    "楷体_GB2312": ("楷体", ("AR PL UKai CN", "FandolKai", "KaiTi", "楷体"), "fonts-arphic-ukai"),
    "黑体": ("黑体", ("Noto Sans CJK SC", "FandolHei", "SimHei", "黑体"), "fonts-noto-cjk"),
    "宋体": ("宋体", ("Noto Serif CJK SC", "FandolSong", "AR PL UMing CN", "SimSun", "宋体"), "fonts-noto-cjk"),
    "方正小标宋简体": ("小标宋", ("Noto Serif CJK SC", "FandolSong", "方正小标宋简体"), "fonts-noto-cjk"),
}


class LibreOfficeMissing(SetupProblem):
    def __init__(self):
        super().__init__(f"未找到 LibreOffice，无法生成 PDF。请安装：{INSTALL_HINT}")


@dataclass
class Conversion:
    source: Path
    target: Path
    ok: bool = False
    pages: int | None = None
    error: str = ""
    attempts: int = 1
    cached: bool = False      # taken from the PDF cache (generator/pdf_cache), not converted


def find_soffice() -> str | None:
    own = os.environ.get("WUHUA_SOFFICE")
    if own:
        return own if Path(own).exists() or shutil.which(own) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                      r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if Path(candidate).exists():
            return candidate
    return None


@lru_cache(maxsize=4)
def find_uno_python(soffice: str) -> str | None:
    """A Python that can `import uno`: LibreOffice's own (Windows/macOS), the system's
    (Debian python3-uno), or this one."""
    real = Path(soffice).resolve()
    candidates = [os.environ.get("WUHUA_UNO_PYTHON"),
                  str(real.parent / "python.exe"), str(real.parent / "python"),
                  str(real.parent.parent / "Resources" / "python"),
                  "/usr/bin/python3", sys.executable]
    for c in candidates:
        if not c or not Path(c).exists():
            continue
        try:
            r = subprocess.run([c, "-c", "import uno"], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if r.returncode == 0:
            return c
    return None


def worker_env() -> dict:
    env = dict(os.environ)
    if FONTS_CONF.is_file() and sys.platform != "win32":
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    return env


def font_problems() -> list[str]:
    """Each official font name must resolve to a face of its style under our fontconfig
    file; the sans fallback in a PDF of a 仿宋 document is what clerks complain about."""
    if sys.platform == "win32" or not shutil.which("fc-match"):
        return []
    env = worker_env()
    problems = []
    for name, (label, accepted, package) in FONT_STYLES.items():
        try:
            r = subprocess.run(["fc-match", "-f", "%{family}", name], capture_output=True, text=True,
                               env=env, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        families = [f.strip() for f in r.stdout.split(",")]
        if "cwTeXFangSong" in families:
            # cwTeX 仿宋 is a traditional-character font: simplified text falls back to sans.
            problems.append(f"只找到繁体字的 cwTeX 仿宋，简体字会显示为其他字体，"
                            f"请安装 Debian 软件包 {package}")
        elif not any(f in accepted for f in families):
            problems.append(f"缺少{label}字体：“{name}”会显示为 {families[0] or '默认字体'}，"
                            f"请安装 Debian 软件包 {package}")
    return problems


def _file_url(path: Path) -> str:
    return path.resolve().as_uri()


def _kill_tree(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        if sys.platform == "win32":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.kill()
        proc.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        pass


def _new_session() -> dict:
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


class WorkerFailed(EnvironmentProblem):
    """One document could not be converted; the subclass says whether to retry."""


class OfficeCrashed(WorkerFailed):
    """The office died (or its bridge broke) during a conversion: the file may well be
    fine, so it is retried once on a fresh worker."""


class ConversionTimedOut(WorkerFailed):
    """A conversion overran its time: usually the file, so it is not retried."""


@dataclass
class Worker:
    """One soffice process with its own profile, plus its UNO client."""

    index: int
    soffice: str
    uno_python: str | None
    base: Path
    env: dict
    generation: int = 0
    converted: int = 0
    copies: int = 0
    start_failures: int = 0
    office: subprocess.Popen | None = None
    client: subprocess.Popen | None = None
    _answers: queue.Queue = field(default_factory=queue.Queue)
    _starting: threading.Thread | None = None

    @property
    def profile(self) -> Path:
        # A fresh profile per generation: a killed office leaves a lock behind.
        return self.base / f"profile-{self.index}-{self.generation}"

    @property
    def alive(self) -> bool:
        if self.uno_python is None:
            return True
        return (self.office is not None and self.office.poll() is None
                and self.client is not None and self.client.poll() is None)

    def start(self) -> None:
        if self.uno_python is None:
            return
        self.generation += 1
        self.converted = 0
        pipe = f"wuhua-{os.getpid()}-{self.index}-{self.generation}"
        self.office = subprocess.Popen(
            [self.soffice, f"-env:UserInstallation={_file_url(self.profile)}", "--headless",
             "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, **_new_session())
        self.client = subprocess.Popen(
            [self.uno_python, str(UNO_WORKER), pipe, str(STARTUP_TIMEOUT)],
            env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", **_new_session())
        self._answers = queue.Queue()
        threading.Thread(target=self._read, args=(self.client, self._answers), daemon=True).start()
        deadline = time.monotonic() + STARTUP_TIMEOUT + 5
        answer: dict | None = {"timeout": True}
        while time.monotonic() < deadline:
            answer = self._wait(0.5)
            if not (answer or {}).get("timeout"):
                break
            if self.office.poll() is not None:      # the office gave up: no use waiting
                answer = {"error": f"LibreOffice 退出，状态 {self.office.returncode}"}
                break
        if not answer or not answer.get("ready"):
            detail = (answer or {}).get("error", "启动超时")
            self.kill()
            self.start_failures += 1
            raise WorkerFailed(f"LibreOffice 未能启动（{detail}）")
        self.start_failures = 0

    @staticmethod
    def _read(client: subprocess.Popen, answers: queue.Queue) -> None:
        for line in client.stdout:
            try:
                answers.put(json.loads(line))
            except json.JSONDecodeError:
                continue
        answers.put(None)   # end of output: the client (or its office) died

    def _wait(self, timeout: float):
        try:
            return self._answers.get(timeout=timeout)
        except queue.Empty:
            return {"timeout": True}

    def convert(self, src: Path, dst: Path, timeout: float) -> int | None:
        if self.uno_python is None:
            return self._convert_cli(src, dst, timeout)
        self.started()
        if not self.alive or self.converted >= RECYCLE_AFTER:
            self.kill()
            if self.start_failures >= 2:
                # Twice in a row: LibreOffice is broken here; fail the rest fast
                # instead of waiting for a start-up timeout per document.
                raise WorkerFailed("LibreOffice 连续两次未能启动，已放弃")
            self.start()
        self.converted += 1
        try:
            self.client.stdin.write(json.dumps({"src": str(src), "dst": str(dst)}) + "\n")
            self.client.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            self.kill()
            raise OfficeCrashed(f"LibreOffice 已退出（{exc}）") from exc
        answer = self._wait(timeout)
        if answer is None:
            self.kill()
            raise OfficeCrashed("LibreOffice 在转换时崩溃")
        if answer.get("timeout"):
            self.kill()
            raise ConversionTimedOut(f"转换超过 {timeout:g} 秒未完成，已结束该 LibreOffice 进程")
        if not answer.get("ok"):
            error = answer.get("error", "")
            if (self.office.poll() is not None or "Disposed" in error or "bridge" in error.lower()
                    or "could not open" in error or "uno.RuntimeException" in error):
                # The office died under the client, or was restarted behind it (a
                # soffice.bin killed by its PID: oosplash starts another, which answers
                # every later load with nothing, or with "illegal object given", a UNO
                # RuntimeException). The file may well be fine: a fresh
                # worker retries it; a file that really cannot be opened fails twice.
                self.kill()
                if "could not open" in error:
                    raise OfficeCrashed("LibreOffice 无法打开该文件（文件可能已损坏，或 LibreOffice 已崩溃）")
                raise OfficeCrashed(f"LibreOffice 在转换时崩溃（{error}）")
            raise WorkerFailed(f"LibreOffice 无法转换（{answer.get('error', '')}）")
        return answer.get("pages")

    def _convert_cli(self, src: Path, dst: Path, timeout: float) -> int | None:
        self.generation += 1
        outdir = self.base / f"out-{self.index}-{self.generation}"
        outdir.mkdir(parents=True, exist_ok=True)
        proc = subprocess.Popen(
            [self.soffice, f"-env:UserInstallation={_file_url(self.base / f'profile-{self.index}')}",
             "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(outdir),
             str(src)], env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, **_new_session())
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(proc)
            # The killed office leaves its profile locked; the next file starts afresh.
            shutil.rmtree(self.base / f"profile-{self.index}", ignore_errors=True)
            raise ConversionTimedOut(f"转换超过 {timeout:g} 秒未完成，已结束该 LibreOffice 进程") from None
        made = outdir / (src.stem + ".pdf")
        if not made.is_file():
            raise WorkerFailed("LibreOffice 未生成 PDF")
        os.replace(made, dst)
        return None

    def kill(self) -> None:
        _kill_tree(self.client)
        _kill_tree(self.office)
        self.client = self.office = None

    def start_soon(self) -> None:
        """Start the office in a thread while the caller goes on (rendering, say): its
        seconds of start-up overlap other work. A failed start is not reported here:
        the first conversion finds the worker dead and starts it again."""
        if self.uno_python is None or self._starting is not None or self.office is not None:
            return

        def run() -> None:
            try:
                self.start()
            except WorkerFailed:
                pass

        self._starting = threading.Thread(target=run, daemon=True)
        self._starting.start()

    def started(self) -> None:
        """Wait for a start begun by start_soon."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None

    def stop(self) -> None:
        # Killed, not asked to quit: every answer came after its PDF was written and the
        # document closed, and the profile is a temporary one. A polite quit made
        # LibreOffice tidy up for about two seconds at the end of every batch.
        self.started()
        self.kill()


class Pool:
    """Convert many documents with N warm workers; use as a context manager."""

    def __init__(self, workers: int | None = None, timeout: float | None = None,
                 soffice: str | None = None):
        self.soffice = soffice or find_soffice()
        if self.soffice is None:
            raise LibreOfficeMissing()
        self.size = max(1, workers or os.cpu_count() or 1)
        env_timeout = os.environ.get("WUHUA_PDF_TIMEOUT")
        self.timeout = timeout or (float(env_timeout) if env_timeout else DEFAULT_TIMEOUT)
        self.uno_python = find_uno_python(self.soffice)
        self._tmp = tempfile.TemporaryDirectory(prefix="wuhua-lo-", ignore_cleanup_errors=True)
        self.env = worker_env()
        self.workers = [Worker(i, self.soffice, self.uno_python, Path(self._tmp.name), self.env)
                        for i in range(self.size)]
        self.on_converted: Callable[[Conversion, Worker], None] | None = None

    @property
    def warm(self) -> bool:
        return self.uno_python is not None

    def start_soon(self, count: int | None = None) -> None:
        """Start the first `count` offices (all by default) in the background."""
        for worker in self.workers[:count or self.size]:
            worker.start_soon()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        threads = [threading.Thread(target=w.stop) for w in self.workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self._tmp.cleanup()

    def convert(self, jobs: list[tuple[Path, Path]],
                progress: Callable[[Conversion], None] | None = None) -> list[Conversion]:
        """Convert (docx, pdf) pairs; results in the order of `jobs`. A PDF appears
        whole (written beside the target, then renamed) or not at all."""
        results = [Conversion(Path(s), Path(d)) for s, d in jobs]
        todo: queue.Queue = queue.Queue()
        for r in results:
            todo.put(r)
        lock = threading.Lock()

        def run(worker: Worker):
            while True:
                try:
                    item = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    self._one(worker, item)
                except Exception as exc:  # noqa: BLE001 - one document must not stop the batch
                    item.ok, item.error = False, f"{type(exc).__name__}: {exc}"
                with lock:
                    if self.on_converted:
                        self.on_converted(item, worker)
                    if progress:
                        progress(item)

        active = self.workers[:min(self.size, len(results))]
        threads = [threading.Thread(target=run, args=(w,), daemon=True) for w in active]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return results

    def _one(self, worker: Worker, item: Conversion) -> None:
        item.target.parent.mkdir(parents=True, exist_ok=True)
        for attempt in (1, 2):
            fd, tmp = tempfile.mkstemp(prefix=".~wuhua-", suffix=".pdf", dir=item.target.parent)
            os.close(fd)
            os.unlink(tmp)   # LibreOffice refuses to overwrite some existing files
            tmp_path = Path(tmp)
            # LibreOffice locks what it opens (.~lock files beside it): a private copy
            # keeps the clerk's folders clean and lets two workers read one file. Its
            # name is new each time: a killed office leaves its lock file behind, and a
            # later office refuses ("could not open") a file someone else seems to hold.
            worker.copies += 1
            private = worker.base / f"in-{worker.index}-{worker.copies}{item.source.suffix.lower()}"
            try:
                shutil.copyfile(item.source, private)
                item.pages = worker.convert(private.resolve(), tmp_path.resolve(), self.timeout)
                if not tmp_path.is_file() or tmp_path.stat().st_size == 0:
                    raise WorkerFailed("LibreOffice 未生成 PDF")
                tmp_path.write_bytes(deterministic_pdf(tmp_path.read_bytes()))
                if last_section_on_even_page(item.source):    # LibreOffice ignores evenPage
                    item.pages = place_last_page_on_even(tmp_path)
                try:
                    os.replace(tmp_path, item.target)
                except OSError as exc:
                    item.ok, item.error = False, f"无法写入 PDF（{exc.strerror}），文件可能正在被其他程序打开"
                    return
                item.ok, item.error, item.attempts = True, "", attempt
                return
            except WorkerFailed as exc:
                item.ok, item.error = False, str(exc)
                item.attempts = attempt
                # A crash or a hang may be the office's state, not the file: the worker
                # has been replaced; one retry there. A document failing twice is reported.
                if not isinstance(exc, (OfficeCrashed, ConversionTimedOut)) or attempt == 2:
                    return
            finally:
                if tmp_path.exists():
                    tmp_path.unlink()
                for leftover in (private, private.with_name(f".~lock.{private.name}#")):
                    try:
                        leftover.unlink()
                    except OSError:
                        pass


class Shared:
    """The offices of one command (see `shared_offices`), made when first asked for."""

    def __init__(self, start_all: bool):
        self.start_all = start_all
        self.pool: Pool | None = None

    def get(self) -> Pool:
        if self.pool is None:
            self.pool = Pool()          # LibreOfficeMissing when there is none
        return self.pool


_shared: Shared | None = None


@contextlib.contextmanager
def shared_offices(*, start_all: bool = False):
    """One pool for a whole command: `build --pdf` lays out the 目录 and converts its
    PDFs with the same warm offices, paying LibreOffice's start-up once. `start_all`:
    the command will convert PDFs, so a hint (`start_offices_soon`) starts every
    office, not just the one a 目录 layout needs."""
    global _shared
    if _shared is not None:            # nested: the outer command owns the offices
        yield _shared
        return
    _shared = Shared(start_all)
    try:
        yield _shared
    finally:
        shared, _shared = _shared, None
        if shared.pool is not None:
            shared.pool.close()


@contextlib.contextmanager
def offices(workers: int | None = None, timeout: float | None = None):
    """The pool to convert with: the command's shared one when there is one (left
    running for its next use), else a pool of its own, closed at the end."""
    if _shared is None:
        with Pool(workers=workers, timeout=timeout) as pool:
            yield pool
        return
    pool = _shared.get()
    before = pool.timeout
    pool.timeout = timeout or before
    try:
        yield pool
    finally:
        pool.timeout = before


def shared_pool() -> Pool | None:
    """The command's shared pool, or None (no shared pool, or no LibreOffice)."""
    if _shared is None:
        return None
    try:
        return _shared.get()
    except SetupProblem:
        return None


def start_offices_soon() -> None:
    """A hint that conversions will follow: the shared offices start in the
    background now, while Python renders the other documents. Without a shared pool
    (or without LibreOffice, reported where a conversion is asked for) nothing happens."""
    if _shared is None:
        return
    try:
        _shared.get().start_soon(None if _shared.start_all else 1)
    except SetupProblem:
        pass


def convert(jobs: list[tuple[Path, Path]], *, workers: int | None = None, timeout: float | None = None,
            progress: Callable[[Conversion], None] | None = None) -> list[Conversion]:
    with Pool(workers=workers, timeout=timeout) as pool:
        return pool.convert(jobs, progress)
