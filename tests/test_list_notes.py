"""A list's count (“安全生产股承担27项任务……”, “本清单共列8个部门（岗位）的8项职责。”)
never sits alone on a page: it stands under the subtitle, above the table, on the
list's first page. Measured on the PDFs LibreOffice prints: on the county workspace
(whose 安全生产股 table once filled its last page and left the note on the next sheet),
and on lists built to end exactly at a page's bottom. The merged department list breaks
to the next page, not the next odd page, so each list cut from it is the same pages as
the list converted alone (LibreOffice lays out the first page after an odd-page break
taller)."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from generator.proof.checks import body_lines, running_lines
from generator.proof.measure import read_pdf
from generator.style import Page
from generator.writers import pdf as pdfpool
from generator.writers.docx import RenderJob
from tests.conftest import ROOT, pdf_texts, run_cli
from tests.county_workspace import AS_OF, write_county_workspace

MERGED = "2026年度部门任务清单（合并打印）"
# A line of the count (14 pt on the table pitch): less room than this under a table
# would have pushed a count printed there to the next page.
LINE_PT = 20
BODY_BOTTOM = (Page(landscape=True).size[1] - Page(landscape=True).margins[2]) / 20   # points from the top


@pytest.fixture(scope="module")
def county(tmp_path_factory, soffice) -> Path:
    ws = write_county_workspace(tmp_path_factory.mktemp("notes") / "county")
    done = run_cli("-w", str(ws), "build", "--year", "2026", "--as-of", AS_OF.isoformat(), "--pdf")
    assert done.returncode == 0, done.stdout + done.stderr
    return ws / "output"


def column_numbers(page, header: str) -> list[int]:
    """The numbers printed in the table's first column (headed `header`, 序号) on this
    page: between its first two vertical rules, below the header."""
    words = page.extract_words()
    head = next(w for w in words if w["text"].startswith(header))
    rules = sorted({round(e["x0"]) for e in page.edges if e["orientation"] == "v"})
    left, right = rules[0], next(x for x in rules if x > head["x1"])
    return [int(w["text"]) for w in words if w["text"].isdigit() and w["top"] > head["bottom"]
            and w["x0"] >= left and w["x1"] <= right]


def list_pages(pdf: Path, note: re.Pattern, header: str = "序号") -> tuple[list[list[int]], int]:
    """The row numbers on each page, and the page (0-based) holding the count, which
    must stand above the table's header there."""
    with pdfplumber.open(pdf) as doc:
        rows = [column_numbers(p, header) for p in doc.pages]
        holding = []
        for n, p in enumerate(doc.pages):
            lines = p.extract_text_lines()
            found = [ln for ln in lines if note.search(ln["text"].replace(" ", ""))]
            if found:
                head = next(ln for ln in lines if ln["text"].replace(" ", "").startswith(header))
                assert found[0]["bottom"] <= head["top"], (pdf.name, n + 1, "the count is above the table")
                holding.append(n)
    assert len(holding) == 1, (pdf.name, holding)
    return rows, holding[0]


def assert_no_near_empty_page(pdf: Path) -> None:
    """proof's rule: fewer than three lines of body text only on a document's last page."""
    pages = read_pdf(pdf)
    running = running_lines(pages)
    for page in pages[:-1]:
        assert len(body_lines(page, running)) >= 3, (pdf.name, page.number)


def test_county_department_lists_print_their_count_with_the_table(county):
    from generator.workspace import read_inputs

    plan = read_inputs(county.parent / "inputs").plan
    singles = sorted((county / "部门任务清单").glob("*.pdf"))
    assert len(singles) == 7
    for pdf in singles:
        dept = pdf.stem
        wanted = sorted(t.number for t in plan.tasks if dept in t.departments)
        leading = sum(1 for t in plan.tasks if dept in t.leads)
        rows, holding = list_pages(pdf, re.compile(
            f"{dept}承担{len(wanted)}项任务，其中牵头{leading}项、配合{len(wanted) - leading}项"))
        assert holding == 0
        assert all(rows), (dept, [n + 1 for n, r in enumerate(rows) if not r])   # no page without a task row
        assert sorted(n for r in rows for n in r) == wanted, dept                 # every row exactly once
        assert len(wanted) == 1 or all(len(r) >= 2 for r in rows), (dept, rows)   # no task row alone on a page
        assert_no_near_empty_page(pdf)
    proof = run_cli("proof", "--no-sheets", str(county / f"{MERGED}.pdf"), str(county / "安全生产职责清单.pdf"))
    assert proof.returncode == 0, proof.stdout + proof.stderr


def test_county_lists_cut_from_the_merged_file_are_the_pages_of_each_alone(county, tmp_path):
    """County's 节能与综合利用股 held one row more on its first page inside the merged
    file than alone, while the merged file broke to odd pages."""
    singles = sorted((county / "部门任务清单").glob("*.docx"))
    jobs = [(d, tmp_path / f"{d.stem}.pdf") for d in singles]
    with pdfpool.Pool() as pool:
        done = pool.convert(jobs)
    assert all(c.ok for c in done), [c.error for c in done if not c.ok]
    for docx, (_, alone) in zip(singles, jobs, strict=True):
        assert pdf_texts(docx.with_suffix(".pdf")) == pdf_texts(alone), docx.name


def test_county_duty_list_prints_its_count_above_the_table(county):
    pdf = county / "安全生产职责清单.pdf"
    rows, holding = list_pages(pdf, re.compile(r"本清单共列\d+个部门（岗位）的\d+项职责"))
    assert holding == 0 and all(rows)
    assert sorted(n for r in rows for n in r) == list(range(1, sum(map(len, rows)) + 1))


# --- a table that ends exactly at the bottom of a page --------------------------------

# One more clause: the last row's text grows by about a line at a time, so some
# length ends the table within a line of the page's bottom.
FILLER = "并逐项核实整改结果"


def task_lists(rows: int, longer: int) -> dict:
    tasks = [{"number": n, "text": f"围绕第{n}项要求组织专项检查，建立问题清单并督促整改闭环。"
              + (FILLER * longer * 2 if n == rows else ""), "lead": "甲科", "responsible": "乙科、丙科",
              "schedule": "每季度末", "result_form": "检查台账", "carried": False,
              "with_next": n == rows - 1} for n in range(1, rows + 1)]
    return {"lists": [{"title": "甲科2027年度测试任务清单", "subtitle": "某县工业和信息化局", "department": "甲科",
                       "note": f"甲科承担{rows}项任务，其中牵头{rows}项、配合0项。",
                       "groups": [{"title": f"（一）专项检查（{rows}项）", "tasks": tasks}]}]}


def duty_context(rows: int, longer: int) -> dict:
    def duty(n: int) -> dict:
        return {"number": n, "duty": "负责本科职责范围内的安全生产工作，落实管行业必须管安全要求。"
                + (FILLER * longer * 2 if n == rows else ""), "requirement": "每季度至少研究1次", "basis": "《安全生产法》"}
    groups = [{"post": f"第{g + 1}科", "person": "某某", "duties": [duty(n) for n in range(g * 3 + 1, min(rows, g * 3 + 3) + 1)]}
              for g in range((rows + 2) // 3)]
    return {"title": "安全生产职责清单", "subtitle": "某县工业和信息化局", "groups": groups,
            "note": f"本清单共列{len(groups)}个部门（岗位）的{rows}项职责。"}


@pytest.mark.parametrize("template, context, note", [
    ("任务清单.docx", task_lists, r"甲科承担\d+项任务"),
    ("职责清单.docx", duty_context, r"本清单共列\d+个部门（岗位）的\d+项职责"),
])
def test_a_table_filling_its_last_page_is_followed_by_no_page(template, context, note, tmp_path, soffice):
    """Lists of 5 to 8 rows, the last one longer by 0 to 4 lines, are converted; the one
    whose table ends nearest the bottom of its last page (within a line: no line of a
    count under it would fit) must end on that page with every row once, the count on
    page 1 above its table. With the count under the table, that list put it on a page
    of its own."""
    pdfs = rendered_pdfs(template, {f"{rows}-{longer}": context(rows, longer)
                                    for rows in range(5, 9) for longer in range(5)}, tmp_path)
    gaps = {}
    for pdf in pdfs.values():
        with pdfplumber.open(pdf) as doc:
            rules = [e["top"] for e in doc.pages[-1].edges if e["orientation"] == "h"]
            gaps[pdf] = BODY_BOTTOM - max(rules)
    full = min(gaps, key=gaps.get)
    assert 0 <= gaps[full] < LINE_PT, sorted(gaps.values())     # the table ends at the page's bottom
    rows, holding = list_pages(full, re.compile(note))
    assert holding == 0 and all(rows), rows
    assert sorted(n for r in rows for n in r) == list(range(1, int(full.stem.split("-")[0]) + 1))
    assert_no_near_empty_page(full)


# --- a department's last task never prints alone on a page -----------------------------

def lone_row_contexts(flagged: bool) -> dict[str, dict]:
    """Department lists of 6 to 9 tasks in one or two actions (the last action holding
    only the last task), the last task short or long: some of them end with a single
    row on a new page unless the second-to-last row keeps with it. `flagged=False`
    renders as the template did before (no row marked)."""
    out = {}
    for rows in range(6, 10):
        for split in (False, True):
            for tail in (0, 40):
                tasks = [{"number": n, "text": f"围绕第{n}项要求组织专项检查，建立问题清单并督促整改闭环。"
                          + FILLER * (n % 3), "lead": "乙股", "responsible": "丙股",
                          "schedule": "每季度末", "result_form": "检查台账", "carried": False}
                         for n in range(1, rows + 1)]
                tasks[-1]["text"] = "最后一项任务" + "逐项" * tail
                for row in tasks:
                    row["with_next"] = flagged and row["number"] == rows - 1
                groups = [{"title": f"（一）隐患排查（{rows}项）", "tasks": tasks}]
                if split:
                    groups = [{"title": f"（一）隐患排查（{rows - 1}项）", "tasks": tasks[:-1]},
                              {"title": "（二）执法检查（1项）", "tasks": tasks[-1:]}]
                out[f"{rows}-{int(split)}-{tail}"] = {"lists": [{
                    "title": "乙股2027年度测试任务清单", "subtitle": "某区工业和信息化局", "department": "乙股",
                    "note": f"乙股承担{rows}项任务，其中牵头{rows}项、配合0项。", "groups": groups}]}
    return out


def rendered_pdfs(template: str, contexts: dict[str, dict], folder: Path) -> dict[str, Path]:
    """Each context rendered through the real template and converted by LibreOffice."""
    from generator.model import FontSettings

    folder.mkdir(exist_ok=True)
    jobs = []
    for name, context in contexts.items():
        src = folder / f"{name}.docx"
        src.write_bytes(RenderJob(ROOT / "templates" / template, context, FontSettings(), "测试")())
        jobs.append((src, folder / f"{name}.pdf"))
    with pdfpool.Pool() as pool:
        done = pool.convert(jobs)
    assert all(c.ok for c in done), [c.error for c in done if not c.ok]
    return {src.stem: pdf for src, pdf in jobs}


def rows_per_page(contexts: dict[str, dict], folder: Path) -> dict[str, list[list[int]]]:
    out = {}
    for name, pdf in rendered_pdfs("任务清单.docx", contexts, folder).items():
        with pdfplumber.open(pdf) as doc:
            out[name] = [column_numbers(p, "序号") for p in doc.pages]
    return out


def test_no_page_of_a_list_holds_a_single_task_row(tmp_path, soffice):
    """The clerk's rule: no page holds fewer than two task rows unless the department
    has one task. The same lists rendered without the mark put the last task alone on
    a page (so these inputs do reach the case); with it, none does, every row once."""
    before = rows_per_page(lone_row_contexts(False), tmp_path / "before")
    alone = [name for name, pages in before.items() if any(len(p) == 1 for p in pages)]
    assert alone, before
    assert any(name.split("-")[1] == "1" for name in alone), before      # with its action's heading too
    after = rows_per_page(lone_row_contexts(True), tmp_path / "after")
    for name, pages in after.items():
        rows = int(name.split("-")[0])
        assert all(len(p) >= 2 for p in pages), (name, pages)
        assert [n for p in pages for n in p] == list(range(1, rows + 1)), (name, pages)
    assert all(len(after[name]) == len(before[name]) for name in alone)          # the row moved, no page added


def test_grouped_marks_the_second_to_last_row_of_the_whole_list():
    from generator.documents.task_list import grouped
    from generator.workspace import read_inputs

    plan = read_inputs(ROOT / "tests" / "data" / "plan_b").plan
    last_action = plan.actions[-1]
    entries = [(t, False) for t in plan.tasks if t in plan.actions[0].tasks] + [(last_action.tasks[0], False)]
    groups = grouped(plan, entries)
    marks = [(r["number"], r["with_next"]) for g in groups for r in g["tasks"]]
    assert [n for n, m in marks if m] == [plan.actions[0].tasks[-1].number]
    assert [r["with_next"] for r in grouped(plan, entries[:1])[0]["tasks"]] == [False]
