"""Benchmarks: how fast wuhua renders and prints batches, measured side by side.

    python bench/run.py              # everything (a few minutes on 2 cores)
    python bench/run.py --quick      # smaller sizes, for a first look
    python bench/run.py --only batch,pdf,build,rows

Every figure is a ratio of two ways of doing the same work in the same run, on the
same template and data, so a slower or busier machine changes both sides alike.
Nothing here is asserted: the tests check outputs, this reports speed.
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402

from generator.documents import task_list  # noqa: E402
from generator.writers import batch  # noqa: E402
from generator.writers.docx import RenderJob, jinja_env  # noqa: E402
from generator.workspace import read_inputs  # noqa: E402

SAMPLE = ROOT / "inputs"
TEMPLATES = ROOT / "templates"


def say(text: str = "") -> None:
    print(text, flush=True)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    lo = ""
    soffice = shutil.which("soffice")
    if soffice:
        try:
            lo = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}" + (f", {lo}" if lo else ""))


def timed(fn):
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


# ---- data ---------------------------------------------------------------------------

def department_contexts(n: int) -> tuple[list[dict], object]:
    """n department task lists, cycling the sample departments with numbered names."""
    inputs = read_inputs(SAMPLE)
    names = task_list.department_names(inputs)
    base = [d for d in (task_list.department_list(inputs, 2025, name) for name in names) if d]
    out = []
    for i in range(n):
        src = base[i % len(base)]
        name = f"{src['department']}（{i + 1}）"
        out.append(dict(src, department=name, title=f"{name}2025年度安全生产治本攻坚任务清单"))
    return out, inputs.office.fonts


def rows_context(rows: int) -> dict:
    task = {"number": "1", "text": "组织开展安全生产检查，督促企业落实隐患排查治理责任 & 整改闭环",
            "lead": "安全生产科", "responsible": "民爆行业管理科、装备工业科", "schedule": "每季度",
            "result_form": "检查记录"}
    groups, per = [], 50
    for g in range(0, rows, per):
        tasks = [dict(task, number=str(i + 1)) for i in range(g, min(rows, g + per))]
        groups.append({"title": f"（{g // per + 1}）第{g // per + 1}组任务（{len(tasks)}项）", "tasks": tasks})
    return {"lists": [{"title": f"{rows}行任务清单", "subtitle": "某市工业和信息化局",
                       "groups": groups, "note": "注：基准测试数据。", "department": "安全生产科"}]}


# ---- 1. many documents from one template ------------------------------------------

def plain_docxtpl_loop(template: Path, contexts: list[dict], folder: Path) -> None:
    """What a docxtpl user writes: one DocxTemplate per document."""
    for i, ctx in enumerate(contexts):
        tpl = DocxTemplate(str(template))
        tpl.render(ctx, jinja_env=jinja_env(), autoescape=True)
        tpl.save(str(folder / f"{i:05d}.docx"))


def batch_path(template: Path, contexts: list[dict], titles: list[str], fonts, folder: Path,
               processes=None) -> None:
    batch._CACHE.clear()
    items = zip(contexts, titles, strict=True)
    for i, data in enumerate(batch.iter_render(template, fonts, items, len(contexts), processes=processes)):
        (folder / f"{i:05d}.docx").write_bytes(data)


def peak_memory(fn) -> int:
    gc.collect()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def bench_batch(name: str, template: Path, contexts: list[dict], titles: list[str], fonts) -> dict:
    n = len(contexts)
    say(f"\n## {n} {name}: wuhua batch vs plain docxtpl loop ({template.name})")
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp, "plain"), Path(tmp, "batch")
        a.mkdir()
        b.mkdir()
        t_plain, _ = timed(lambda: plain_docxtpl_loop(template, contexts, a))
        t_batch, _ = timed(lambda: batch_path(template, contexts, titles, fonts, b))
        t_one, _ = timed(lambda: batch_path(template, contexts, titles, fonts, b, processes=1))
        # Same bytes as the one-at-a-time path (checked on a sample, it is the test suite's job).
        for i in (0, n // 2, n - 1):
            job = RenderJob(template, contexts[i], fonts, titles[i])
            assert (b / f"{i:05d}.docx").read_bytes() == job(), "batch output differs"
    say(f"  plain docxtpl loop      {t_plain:7.2f} s   {t_plain / n * 1000:6.1f} ms/doc")
    say(f"  wuhua batch, 1 process  {t_one:7.2f} s   {t_one / n * 1000:6.1f} ms/doc   "
        f"{t_plain / t_one:5.1f}× faster")
    say(f"  wuhua batch, all cores  {t_batch:7.2f} s   {t_batch / n * 1000:6.1f} ms/doc   "
        f"{t_plain / t_batch:5.1f}× faster  (target ≥ 5×)")
    small = max(10, n // 5)
    with tempfile.TemporaryDirectory() as tmp:
        m_small = peak_memory(lambda: batch_path(template, contexts[:small], titles[:small], fonts,
                                                 Path(tmp), processes=1))
        m_big = peak_memory(lambda: batch_path(template, contexts, titles, fonts, Path(tmp), processes=1))
    say(f"  peak Python heap        {small} docs {m_small / 2**20:5.1f} MiB, {n} docs {m_big / 2**20:5.1f} MiB"
        f"   ratio {m_big / m_small:4.2f} (flat ≈ 1)")
    if template.name == "任务清单.docx":
        r_small, r_big = rss_probe(small), rss_probe(n)
        if r_small and r_big:
            say(f"  peak process memory     {small} docs {r_small / 2**10:5.1f} MiB, {n} docs {r_big / 2**10:5.1f} MiB"
                f"   ratio {r_big / r_small:4.2f} (flat ≈ 1; fresh process, writing each file)")
    return {"n": n, "plain": t_plain, "batch": t_batch, "one": t_one,
            "ratio": t_plain / t_batch, "mem_small": m_small, "mem_big": m_big, "small": small}


def rss_probe(n: int) -> int | None:
    """Peak resident memory (KiB) of a fresh process rendering n department lists to disk."""
    try:
        import resource  # noqa: F401 - POSIX only
    except ImportError:
        return None
    r = subprocess.run([sys.executable, __file__, "--rss-probe", str(n)], capture_output=True, text=True)
    return int(r.stdout.strip()) if r.returncode == 0 else None


def _rss_probe_child(n: int) -> None:
    import resource

    lists, fonts = department_contexts(n)
    with tempfile.TemporaryDirectory() as tmp:
        batch_path(TEMPLATES / "任务清单.docx", [{"lists": [x]} for x in lists], [x["title"] for x in lists],
                   fonts, Path(tmp), processes=1)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def bench_department_lists(n: int) -> dict:
    lists, fonts = department_contexts(n)
    contexts = [{"lists": [lst]} for lst in lists]
    return bench_batch("department task lists", TEMPLATES / "任务清单.docx", contexts,
                       [lst["title"] for lst in lists], fonts)


def poster_case(n: int, folder: Path):
    """n posters of the sample enterprises (cycled, numbered). Posters are laid out by
    code (type size fitted to one sheet) and filled per enterprise; the plain loop gets
    the very same laid-out poster as a docxtpl template with {{ }} where the filling goes."""
    from generator.documents import poster

    inputs = read_inputs(SAMPLE)
    base = poster.plan(inputs, __import__("datetime").date(2025, 6, 1))
    jobs = []
    for i in range(n):
        job = base[i % len(base)]
        fill = poster.Fill(f"{job.fill.enterprise}（{i + 1}）", job.fill.date, job.fill.report)
        jobs.append(poster.Job(f"{i:05d}.docx", job.criteria, fill, job.excerpt))
    drafts = poster.drafts(jobs, "A3", inputs.office.fonts)
    templates = {}
    for key, draft in drafts.items():
        body = draft.body
        for name, slot in poster._SLOTS.items():
            body = body.replace(slot, "{{ " + name + " }}")
        path = folder / f"海报模板{len(templates)}.docx"
        path.write_bytes(poster._package(draft, body + draft.final_sect, draft.criteria.title))
        templates[key] = path
    return inputs, jobs, templates


def bench_posters(n: int) -> dict:
    from generator.documents import poster

    say(f"\n## {n} posters: wuhua poster batch vs plain docxtpl loop (same laid-out poster as template)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        inputs, jobs, templates = poster_case(n, tmp)
        a, b = tmp / "plain", tmp / "batch"
        a.mkdir()
        b.mkdir()

        def plain():
            for job in jobs:
                tpl = DocxTemplate(str(templates[job.key]))
                tpl.render(vars(job.fill), jinja_env=jinja_env(), autoescape=True)
                tpl.save(str(a / job.name))

        def ours(count=n):
            # What `wuhua posters` does: lay out each criteria once, fill every poster.
            drafts = poster.drafts(jobs[:count], "A3", inputs.office.fonts)
            for job in jobs[:count]:
                (b / job.name).write_bytes(poster.render_poster(drafts[job.key], job.fill))

        t_plain, _ = timed(plain)
        t_ours, _ = timed(ours)
        small = max(10, n // 5)
        m_small = peak_memory(lambda: ours(small))
        m_big = peak_memory(ours)
    say(f"  plain docxtpl loop      {t_plain:7.2f} s   {t_plain / n * 1000:6.1f} ms/doc")
    say(f"  wuhua posters           {t_ours:7.2f} s   {t_ours / n * 1000:6.1f} ms/doc   "
        f"{t_plain / t_ours:5.1f}× faster  (target ≥ 5×; layout included)")
    say(f"  peak Python heap        {small} docs {m_small / 2**20:5.1f} MiB, {n} docs {m_big / 2**20:5.1f} MiB"
        f"   ratio {m_big / m_small:4.2f} (flat ≈ 1)")
    return {"n": n, "plain": t_plain, "batch": t_ours, "ratio": t_plain / t_ours}


# ---- 2. PDF: warm pool vs a process per file ---------------------------------------

def bench_pdf(n: int) -> dict | None:
    from generator.writers import pdf as pdfpool

    soffice = pdfpool.find_soffice()
    if soffice is None:
        say(f"\n## {n} documents to PDF: skipped (LibreOffice not installed)")
        return None
    say(f"\n## {n} documents to PDF: worker pool vs one `soffice --convert-to pdf` per file")
    lists, fonts = department_contexts(n)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "docx")
        src.mkdir()
        batch_path(TEMPLATES / "任务清单.docx", [{"lists": [x]} for x in lists], [x["title"] for x in lists],
                   fonts, src, processes=1)
        files = sorted(src.glob("*.docx"))
        one, pool_dir = Path(tmp, "one"), Path(tmp, "pool")
        one.mkdir()
        pool_dir.mkdir()
        profile = Path(tmp, "profile").as_uri()
        env = pdfpool.worker_env()

        def per_file():
            for f in files:
                subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                                "--convert-to", "pdf", "--outdir", str(one), str(f)],
                               env=env, capture_output=True, timeout=300, check=True)

        def pooled():
            return pdfpool.convert([(f, pool_dir / (f.stem + ".pdf")) for f in files])

        t_one, _ = timed(per_file)
        t_pool, results = timed(pooled)
    failed = [r for r in results if not r.ok]
    pages = sum(r.pages or 0 for r in results)
    say(f"  soffice per file        {t_one:7.2f} s   {t_one / n:5.2f} s/doc")
    say(f"  wuhua pool ({os.cpu_count()} workers)  {t_pool:7.2f} s   {t_pool / n:5.2f} s/doc   "
        f"{t_one / t_pool:5.1f}× faster  (target ≥ 3×)   {pages} pages, {len(failed)} failed")
    return {"n": n, "one": t_one, "pool": t_pool, "ratio": t_one / t_pool, "pages": pages}


# ---- 2b. poster PDFs against the strongest plain peers --------------------------------

def enterprise_workspace(n: int, folder: Path) -> Path:
    """The sample workspace with n enterprises (the sample's rows cycled, numbered)."""
    from openpyxl import load_workbook

    ws = folder / "ws"
    shutil.copytree(SAMPLE, ws / "inputs")
    book = load_workbook(ws / "inputs" / "企业名单.xlsx")
    sheet = book.active
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]]
    sheet.delete_rows(2, sheet.max_row)
    for i in range(n):
        row = list(rows[i % len(rows)])
        row[0] = f"{row[0]}（{i + 1}）"
        sheet.append(row)
    book.save(ws / "inputs" / "企业名单.xlsx")
    # The hazard ledger names enterprises too (checked against the list): its rows go to
    # each enterprise's first numbered copy.
    first = {row[0]: f"{row[0]}（{i + 1}）" for i, row in reversed(list(enumerate(rows)))}
    ledger = ws / "inputs" / "隐患台账.xlsx"
    if ledger.is_file():
        book = load_workbook(ledger)
        for sheet in book.worksheets:
            for line in sheet.iter_rows():
                for cell in line:
                    if isinstance(cell.value, str) and cell.value in first:
                        cell.value = first[cell.value]
        book.save(ledger)
    return ws


def whole_process(args: list[str], **kw) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time and peak resident memory (KiB, the largest process of the tree, as
    GNU time reports it) of one command."""
    gnu_time = Path("/usr/bin/time").exists()
    prefix = ["/usr/bin/time", "-f", "%M"] if gnu_time else []
    start = time.perf_counter()
    r = subprocess.run(prefix + args, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - start
    peak = 0
    if gnu_time:
        try:
            peak = int(r.stderr.strip().splitlines()[-1])
        except (ValueError, IndexError):
            peak = 0
    return wall, peak, r


def bench_poster_pdfs(n: int) -> dict | None:
    """`wuhua posters --pdf` (n posters and the merged file, converted once and cut)
    against one `soffice --convert-to pdf` process over the same n + 1 .docx files, and
    the .docx alone against a plain docxtpl loop. Whole processes, same machine, same run."""
    from generator.writers import pdf as pdfpool

    soffice = pdfpool.find_soffice()
    if soffice is None:
        say(f"\n## {n} poster PDFs: skipped (LibreOffice not installed)")
        return None
    say(f"\n## {n} poster PDFs + merged print file: `wuhua posters --pdf` vs the plain peers")
    env = {**os.environ, "PYTHONPATH": str(ROOT), **pdfpool.worker_env()}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ws = enterprise_workspace(n, tmp)
        wuhua = [sys.executable, "-m", "generator", "-q", "-w", str(ws), "posters", "--date", "2025年6月1日"]
        t_docx, m_docx, r = whole_process(wuhua + ["-o", str(tmp / "docx")], env=env)
        assert r.returncode == 0, r.stderr
        t_pdf, m_pdf, r = whole_process(wuhua + ["-o", str(tmp / "pdf"), "--pdf"], env=env)
        assert r.returncode == 0, r.stderr
        split = "改为逐个转换" not in r.stderr
        files = sorted((tmp / "docx" / "判定标准海报").glob("*.docx")) + sorted((tmp / "docx").glob("*.docx"))
        out = tmp / "soffice"
        out.mkdir()
        profile = (tmp / "profile").as_uri()
        # LibreOffice 7.4 stops without an error after about 250 files in one call; the
        # plain user then calls it again on what is missing. The peer's time is the sum
        # of those calls (the first one over all files), its memory the largest.
        t_lo, m_lo, calls = 0.0, 0, 0
        todo = files
        while todo and calls < 10:
            t, m, r = whole_process([soffice, f"-env:UserInstallation={profile}", "--headless",
                                     "--convert-to", "pdf", "--outdir", str(out), *map(str, todo)], env=env)
            t_lo, m_lo, calls = t_lo + t, max(m_lo, m), calls + 1
            done = {p.stem for p in out.glob("*.pdf")}
            left = [f for f in todo if f.stem not in done]
            if len(left) == len(todo):
                break
            todo = left
        made = len(list(out.glob("*.pdf")))
        ours = len(list((tmp / "pdf").rglob("*.pdf")))
        # The plain docxtpl loop renders the same posters (see bench_posters), timed in a child.
        t_plain, m_plain, r = whole_process([sys.executable, __file__, "--plain-posters", str(n)], env=env)
        assert r.returncode == 0, r.stderr
    pdf_only = max(t_pdf - t_docx, 1e-9)
    say(f"  soffice over {len(files)} files ({calls} calls)   {t_lo:7.2f} s"
        f"   peak {m_lo / 1024:6.0f} MiB   {made} PDFs")
    say(f"  wuhua posters --pdf          {t_pdf:7.2f} s   peak {m_pdf / 1024:6.0f} MiB   {ours} PDFs"
        f"   {t_lo / t_pdf:5.1f}× faster (target ≥ 5×){'' if split else '   ! fell back to per-file'}")
    say(f"  plain docxtpl loop           {t_plain:7.2f} s   peak {m_plain / 1024:6.0f} MiB")
    say(f"  wuhua posters (.docx only)   {t_docx:7.2f} s   peak {m_docx / 1024:6.0f} MiB"
        f"   {t_plain / t_docx:5.1f}× faster")
    return {"n": n, "files": len(files), "soffice": t_lo, "soffice_mem": m_lo, "pdf": t_pdf, "pdf_mem": m_pdf,
            "pdf_only": pdf_only, "plain": t_plain, "plain_mem": m_plain, "docx": t_docx, "docx_mem": m_docx,
            "split": split, "calls": calls, "made": made}


def _plain_posters_child(n: int) -> None:
    """The plain peer: one DocxTemplate per poster, rendered and saved."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _, jobs, templates = poster_case(n, tmp)
        for job in jobs:
            tpl = DocxTemplate(str(templates[job.key]))
            tpl.render(vars(job.fill), jinja_env=jinja_env(), autoescape=True)
            tpl.save(str(tmp / job.name))


def markdown(results: dict) -> str:
    """The table README takes from one run."""
    p = results.get("poster_pdfs")
    lines = [f"机器：{machine()}", "", "| 任务 | 对照做法 | 对照用时 | 对照峰值内存 | wuhua | wuhua 用时 | wuhua 峰值内存 | 倍数 |",
             "|---|---|---|---|---|---|---|---|"]
    if p:
        again = f"；一次调用只转换了约一半便退出，对剩下的文件再调用，共 {p['calls']} 次" if p["calls"] > 1 else ""
        lines.append(f"| {p['n']} 张海报的 PDF（每家企业一个 + 合并打印文件） | `soffice --headless --convert-to pdf"
                     f" --outdir OUT *.docx`（{p['files']} 个文件{again}，得到 {p['made']} 个 PDF） | {p['soffice']:.1f} 秒"
                     f" | {p['soffice_mem'] / 1024:.0f} MiB"
                     f" | `wuhua posters --pdf`（含生成 .docx） | {p['pdf']:.1f} 秒 | {p['pdf_mem'] / 1024:.0f} MiB"
                     f" | {p['soffice'] / p['pdf']:.1f}× |")
        lines.append(f"| {p['n']} 张海报（.docx） | docxtpl 循环（每张 render + save） | {p['plain']:.1f} 秒"
                     f" | {p['plain_mem'] / 1024:.0f} MiB | `wuhua posters` | {p['docx']:.1f} 秒"
                     f" | {p['docx_mem'] / 1024:.0f} MiB | {p['plain'] / p['docx']:.1f}× |")
    lines += ["", "用时为整个进程（含 Python 和 LibreOffice 启动）；峰值内存为进程树中最大的进程（GNU time %M）。"]
    return "\n".join(lines) + "\n"


# ---- 3. the sample build ------------------------------------------------------------

def bench_build(repeat: int) -> dict:
    from generator.build import build, plan_artifacts
    from generator.documents.base import Options
    from generator.workspace import Workspace

    say("\n## full sample build, no PDF")
    inputs = read_inputs(SAMPLE)
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp))
        count = len(plan_artifacts(inputs, ws, Options(year=2025)))
        for _ in range(repeat):
            batch._CACHE.clear()
            t, _ = timed(lambda: build(inputs, ws, Options(year=2025), Path(tmp, "out")))
            times.append(t)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        t_cli, r = timed(lambda: subprocess.run([sys.executable, "-m", "generator", "-q", "build", "-o",
                                                 str(Path(tmp, "cli")), "--year", "2025"], env=env,
                                                capture_output=True, cwd=tmp))
        assert r.returncode == 0, r.stderr
    best = min(times)
    say(f"  in process              {best:7.3f} s   {count} documents   {count / best:6.1f} documents/s")
    say(f"  `wuhua build` command   {t_cli:7.3f} s   (with Python start-up and reading inputs)")
    return {"count": count, "best": best, "cli": t_cli}


# ---- 4. long tables -----------------------------------------------------------------

def bench_rows(sizes: list[int]) -> dict:
    from generator.writers.docx import render_template

    say("\n## one task list with many rows: time per row must stay flat")
    inputs = read_inputs(SAMPLE)
    template = TEMPLATES / "任务清单.docx"
    per_row = {}
    for rows in sizes:
        ctx = rows_context(rows)
        t, data = timed(lambda ctx=ctx: render_template(template, ctx, inputs.office.fonts, title="基准"))
        per_row[rows] = t / rows
        say(f"  {rows:6d} rows  {t:7.2f} s   {t / rows * 1000:6.3f} ms/row   "
            f"×{per_row[rows] / per_row[sizes[0]]:4.2f} of the {sizes[0]}-row figure   {len(data) // 1024} KiB")
    return per_row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller sizes")
    ap.add_argument("--only", default="posterpdf,batch,pdf,build,rows")
    ap.add_argument("--rss-probe", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--plain-posters", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--markdown", type=Path, default=ROOT / "bench" / "results.md",
                    help="where the table for README goes")
    args = ap.parse_args()
    if args.rss_probe:
        return _rss_probe_child(args.rss_probe)
    if args.plain_posters:
        return _plain_posters_child(args.plain_posters)
    only = set(args.only.split(","))
    n_docs, n_pdf, rows = (100, 10, [100, 1000]) if args.quick else (500, 50, [100, 1000, 10000])
    say("# wuhua benchmarks")
    say(f"machine: {machine()}")
    started = time.perf_counter()
    results = {}
    if "posterpdf" in only:
        results["poster_pdfs"] = bench_poster_pdfs(100 if args.quick else 500)
        args.markdown.write_text(markdown(results), encoding="utf-8")
        say(f"\ntable written to {args.markdown}")
    if "batch" in only:
        bench_posters(n_docs)
        bench_department_lists(n_docs)
    if "pdf" in only:
        bench_pdf(n_pdf)
    if "build" in only:
        bench_build(3)
    if "rows" in only:
        bench_rows(rows)
    say(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
