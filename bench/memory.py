"""Start-up, build time and poster memory, as whole processes (absolute figures; the
machine is named, because they mean nothing without it).

    python bench/memory.py                      # startup, build, memory
    python bench/memory.py --only memory --sizes 500,1500,3000

- startup: `wuhua --help` against a bare `python -c pass` and `python -c "import click"`
  (best of several runs: the floor the command cannot go under is the interpreter's).
- build: `wuhua build` on the sample with every cache off; rebuilt with nothing
  changed (documents, charts and 目录 layout from the caches); rebuilt after one
  progress line changed (the kinds that read progress are rendered); `build --pdf`
  with every cache off, rebuilt with nothing changed (every PDF from the PDF cache), and
  rebuilt after one progress line changed (only the documents whose bytes changed are
  converted). The machine's load average is printed before and after: these are
  absolute times.
- memory: peak resident memory of `wuhua posters` for N enterprises (the sample's list
  repeated with numbered names), and of a plain docxtpl loop writing the same number of
  posters, each in a fresh process; flat means the figure does not grow with N.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1704067200",
       # compiled once, as an installed package is: a sandbox's PYTHONDONTWRITEBYTECODE
       # would make every run compile the package again
       "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "wuhua-bench-pycache")}
ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def say(text: str = "") -> None:
    print(text, flush=True)


def machine() -> str:
    from bench.run import machine as described

    return described()


def run(args: list[str], *, env: dict | None = None, cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(args, env=env or ENV, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    err = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    child.stderr and child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{err[-2000:]}")
    return wall, usage.ru_maxrss


def best(args: list[str], times: int = 5, **kw) -> float:
    return min(run(args, **kw)[0] for _ in range(times))


def bench_startup() -> None:
    say("\n## start-up (best of 5, whole processes)")
    bare = best([sys.executable, "-c", "pass"])
    click = best([sys.executable, "-c", "import click"])
    helped = best([sys.executable, "-m", "generator", "--help"])
    build_help = best([sys.executable, "-m", "generator", "build", "--help"])
    say(f"  python -c pass          {bare:6.3f} s")
    say(f"  python -c 'import click' {click:5.3f} s")
    say(f"  wuhua --help            {helped:6.3f} s   (+{helped - bare:.3f} s over the bare interpreter; target ≤ 0.25 s)")
    say(f"  wuhua build --help      {build_help:6.3f} s")


def bench_build(repeat: int = 3) -> None:
    say(f"\n## `wuhua build` on the sample, whole process (best of {repeat})")
    import openpyxl

    load = os.getloadavg()

    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp, "cache")
        ws = Path(tmp, "ws")
        shutil.copytree(ROOT / "inputs", ws / "inputs")

        def once(name: str, cache_dir: str, *extra: str) -> tuple[float, int]:
            out = Path(tmp, name)
            shutil.rmtree(out, ignore_errors=True)
            return run([sys.executable, "-m", "generator", "-q", "-w", str(ws), "build", "-o", str(out),
                        "--year", "2025", "--as-of", "2025-11-29", *extra],
                       env={**ENV, "WUHUA_CACHE_DIR": cache_dir})

        def edit_progress(n: int) -> None:
            """One progress line changed, as a clerk does between two builds."""
            path = ws / "inputs" / "进展.xlsx"
            wb = openpyxl.load_workbook(path)
            sheet = wb["进展"]
            column = [c.value for c in sheet[1]].index("进展情况") + 1
            sheet.cell(row=3, column=column).value = f"本月调度 {n} 次，进展顺利。"
            wb.save(path)

        rendered = [once("cold", "off") for _ in range(repeat)]
        once("fill", str(cache))          # charts, 目录 layout and documents cached
        cached = [once("warm", str(cache)) for _ in range(repeat)]
        edited = []
        for n in range(repeat):
            edit_progress(n)
            edited.append(once("edited", str(cache)))
        pdf_cold = [once("pdf-cold", "off", "--pdf")]
        once("pdf-fill", str(cache), "--pdf")
        pdf = [once("pdf", str(cache), "--pdf") for _ in range(repeat)]
        pdf_edited = []
        for n in range(repeat):
            edit_progress(100 + n)
            pdf_edited.append(once("pdf-edited", str(cache), "--pdf"))
    say(f"  load average before {load[0]:.2f}, after {os.getloadavg()[0]:.2f} (2 cores)")
    for label, runs, target in (("all rendered (no caches)", rendered, ""),
                                ("rebuild, nothing changed", cached, "target ≤ 1.5 s"),
                                ("rebuild, one progress line", edited, "target ≤ 1.5 s"),
                                ("build --pdf, no caches", pdf_cold, ""),
                                ("build --pdf, rebuild", pdf, "target ≤ 6 s"),
                                ("build --pdf, one progress line", pdf_edited, "")):
        wall = min(w for w, _ in runs)
        rss = max(r for _, r in runs)
        say(f"  {label:30}  {wall:6.2f} s   peak {rss / 1024:6.1f} MiB   {target}")


PLAIN_LOOP = """
import sys, datetime
from pathlib import Path
from docxtpl import DocxTemplate
sys.path.insert(0, {root!r})
from bench.run import poster_case
from generator.writers.docx import jinja_env
n, out = int(sys.argv[1]), Path(sys.argv[2])
inputs, jobs, templates = poster_case(n, out)
for job in jobs:
    tpl = DocxTemplate(str(templates[job.key]))
    tpl.render(vars(job.fill), jinja_env=jinja_env(), autoescape=True)
    tpl.save(str(out / job.name))
"""


def bench_memory(sizes: list[int]) -> None:
    say("\n## peak memory of poster batches (fresh process each; 合并打印 file included for wuhua)")
    say(f"  {'posters':>8}  {'wuhua posters':>22}  {'plain docxtpl loop':>24}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in sizes:
            from bench.run import enterprise_workspace   # the PDF bench's workspace of n enterprises

            (tmp / f"n{n}").mkdir()
            ws = enterprise_workspace(n, tmp / f"n{n}")
            wall, rss = run([sys.executable, "-m", "generator", "-q", "-w", str(ws), "posters",
                             "-o", str(ws / "output")])
            made = len(list((ws / "output" / "判定标准海报").glob("*.docx")))
            assert made == n, made
            plain_out = tmp / f"plain{n}"
            plain_out.mkdir()
            p_wall, p_rss = run([sys.executable, "-c", PLAIN_LOOP.format(root=str(ROOT)), str(n), str(plain_out)])
            say(f"  {n:8d}  {rss / 1024:7.1f} MiB {wall:7.1f} s   {p_rss / 1024:7.1f} MiB {p_wall:7.1f} s")
            shutil.rmtree(ws)
            shutil.rmtree(plain_out)
    say("  target: ≤ 150 MiB at 3,000 posters and flat in the count")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="startup,build,memory")
    ap.add_argument("--sizes", default="500,1500,3000")
    args = ap.parse_args()
    only = set(args.only.split(","))
    say("# wuhua start-up, build and memory")
    say(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} at start")
    if "startup" in only:
        bench_startup()
    if "build" in only:
        bench_build()
    if "memory" in only:
        bench_memory([int(s) for s in args.sizes.split(",")])


if __name__ == "__main__":
    main()
