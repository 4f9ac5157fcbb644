"""作战图集 and the handbooks measured on the PDF LibreOffice prints (#12 part A):
tables that use the page, no near-empty pages, the legend once. On the sample and on
tests/data/plan_b (60 tasks in 10 actions, other departments and wording)."""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
import yaml
from docx import Document

from generator.workspace import read_inputs
from tests.conftest import ROOT, SAMPLE, run_cli

PLAN_B = ROOT / "tests" / "data" / "plan_b"
AS_OF = "2025-11-29"
HEADERS = ("序号", "重点任务", "牵头部门", "时限", "状态")


def _pages(pdf: Path) -> list[list[str]]:
    """Lines of text on each page, page number line left out."""
    with pdfplumber.open(pdf) as doc:
        out = []
        for page in doc.pages:
            # The running header (above 70 pt from the top edge) is not body text.
            body = page.crop((0, 70, page.width, page.height))
            lines = [ln.strip() for ln in (body.extract_text() or "").splitlines() if ln.strip()]
            lines = [ln for ln in lines if not (ln.startswith("—") and ln.endswith("—"))]
            # A page of charts (overview, timeline) is full though its text is in pictures.
            out.append(lines + ["[图]"] * (3 * len(page.images)))
        return out


def _numbers_per_page(pdf: Path) -> list[list[str] | None]:
    """The task numbers printed in the 序号 column (centred under the header, unlike a
    details row's wrapped line that starts with digits) of each page; None for a page
    without the task table."""
    out: list[list[str] | None] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            words = page.extract_words()
            header = next((w for w in words if w["text"] == "序号"), None)
            if header is None:
                out.append(None)
                continue
            centre = (header["x0"] + header["x1"]) / 2
            out.append([w["text"] for w in words if w["text"].isdigit() and w["top"] > header["bottom"]
                        and abs((w["x0"] + w["x1"]) / 2 - centre) < 2])
    return out


def _numbers_in_first_column(pdf: Path) -> list[str]:
    return [n for numbers in _numbers_per_page(pdf) if numbers for n in numbers]


def _book(tmp_path: Path, workspace: Path | None) -> tuple[Path, list[list[str]]]:
    out = tmp_path / "out"
    ws = ["-w", str(workspace)] if workspace else []
    result = run_cli(*ws, "battlemap", "-o", str(out), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    converted = run_cli("pdf", str(out / "作战图集.docx"))
    assert converted.returncode == 0, converted.stderr
    return out / "作战图集.docx", _pages(out / "作战图集.pdf")


@pytest.fixture
def plan_b_ws(tmp_path: Path) -> Path:
    ws = tmp_path / "b"
    shutil.copytree(PLAN_B, ws / "inputs", ignore=shutil.ignore_patterns("xlsx"))
    return ws


@pytest.mark.parametrize("shape", ["sample", "plan_b"])
def test_book_has_no_near_empty_page_and_one_legend(shape, tmp_path, plan_b_ws, soffice):
    docx, pages = _book(tmp_path, plan_b_ws if shape == "plan_b" else None)
    # Cover first, then every page but the last holds at least three lines of text.
    for number, lines in enumerate(pages[1:-1], start=2):
        assert len(lines) >= 3, (number, lines)
    text = "\n".join("\n".join(p) for p in pages)
    assert text.count("注：√ 已完成") == 1, "the legend is printed once"
    # Rows may split across pages: every task is still printed (LibreOffice dropped a
    # whole table's rows when its first row could split at a page's foot): each task's
    # number stands in the 序号 column of some page.
    tasks = [r.cells[0].text for t in Document(str(docx)).tables for r in t.rows[1:]
             if r.cells[0].text.isdigit() and len({id(c._tc) for c in r.cells}) > 1]
    assert len(tasks) == (29 if shape == "sample" else 60)
    assert sorted(_numbers_in_first_column(docx.with_suffix(".pdf")), key=int) == sorted(tasks, key=int)
    # Actions follow one another: some page carries the end of one action and the next's heading.
    assert any(sum(1 for ln in p if ln.startswith("（") and "行动" in ln and "共" not in ln) >= 2
               or ("序号" in " ".join(p) and any(ln.startswith("（") and "行动" in ln for ln in p[3:]))
               for p in pages)


def _generated_plan(ws: Path) -> list[str]:
    """plan_b's 60 tasks rewritten with texts of every length: a few characters (the
    简称 is then the whole text), a sentence, and about 200 characters of clauses;
    some with 推进措施, some without 配合. Returns the texts."""
    path = ws / "inputs" / "实施方案.yaml"
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    clause = "，组织第{n}轮{what}排查整治并逐项建立问题清单和整改台账"
    whats = ["粉尘涉爆", "有限空间", "液氨制冷", "危化品储存", "外包作业", "消防通道"]
    texts = []
    for action in plan["行动"]:
        for task in action["任务"]:
            n = task["编号"]
            if n % 3 == 0:
                text = f"第{n}项短任务开展检查"
            elif n % 3 == 1:
                text = f"督促第{n}批企业落实主体责任。"
            else:
                text = (f"按照第{n}号工作要求" + "".join(clause.format(n=n, what=w) for w in whats)
                        + f"，第{n}项工作年底前全部销号，形成长效机制，做到问题不解决不放过、整改不到位不放过。")
            task["任务内容"] = text
            if n % 4 == 0:
                task["推进措施"] = f"每月调度第{n}项工作，按季度通报进展并督促整改到位。"
            if n % 5 == 0:
                task.pop("责任部门", None)
            texts.append(text)
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return texts


def _table_rows(pdf: Path) -> list[list[str | None]]:
    """The task table's rows as pdfplumber finds them on the pages (by its ruling),
    the repeated header rows left out; a merged cell reads as text then None."""
    rows = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                rows += [r for r in table if r and r[0] != "序号"]
    return rows


@pytest.mark.parametrize("shape", ["sample", "plan_b", "generated"])
def test_book_holds_four_tasks_per_table_page_at_table_size(shape, tmp_path, plan_b_ws, soffice):
    """Each task a band (序号, 重点任务, 牵头, 时限, 状态) with its work in a full-width
    row: at least four tasks per landscape table page on average, every cell at 小四 or
    larger, every task's work printed in full exactly once, deadlines whole."""
    texts = None
    if shape == "generated":
        texts = _generated_plan(plan_b_ws)
    ws = None if shape == "sample" else plan_b_ws
    docx, pages = _book(tmp_path, ws)
    pdf = docx.with_suffix(".pdf")
    per_page = [numbers for numbers in _numbers_per_page(pdf) if numbers is not None]
    inputs = read_inputs(ws / "inputs" if ws else SAMPLE)
    tasks = inputs.plan.tasks
    assert sorted({int(n) for numbers in per_page for n in numbers}) == [t.number for t in tasks]
    assert len(tasks) / len(per_page) >= 4.0, [len(n) for n in per_page]
    sizes: Counter = Counter()
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            words = page.extract_words(extra_attrs=["size"])
            header = next((w for w in words if w["text"] == "序号"), None)
            if header is not None:
                # Cells (below the header row; the page number and the turned ones aside).
                sizes.update(round(w["size"], 1) for w in words if w["top"] > header["bottom"]
                             and not w["text"].startswith("—"))
    assert min(sizes) >= 12.0, sizes
    rows = _table_rows(pdf)
    # Bands: a cell per column; their deadlines whole.
    bands = {int(r[0]): r for r in rows if r[0] and r[0].isdigit() and None not in r}
    assert sorted(bands) == [t.number for t in tasks]
    for task in tasks:
        assert "".join(bands[task.number][3].split()) == "".join(task.schedule.text.split()), task.number
    # Every cell's text in order (a details row continued on the next page joins up).
    body = "".join("".join((c or "").split()) for r in rows for c in r)
    assert "…" not in body
    for task in tasks:
        work = "".join(task.text.split())
        assert body.count(work) == 1, (task.number, body.count(work))
    if texts is not None:
        assert [t.text for t in tasks] == texts        # the generated texts were the ones printed


def test_handbooks_have_no_near_empty_page(sample_build, tmp_path, soffice):
    folder = tmp_path / "手册"
    shutil.copytree(sample_build / "手册", folder)
    converted = run_cli("pdf", str(folder))
    assert converted.returncode == 0, converted.stderr
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == 3
    for pdf in pdfs:
        pages = _pages(pdf)
        for number, lines in enumerate(pages[2:-1], start=3):     # after cover and contents
            assert len(lines) >= 3, (pdf.name, number, lines)
