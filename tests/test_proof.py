"""`wuhua proof`: planted defects are found with their page; the tool's own outputs
pass. Everything is measured on PDFs LibreOffice renders (the `soffice` fixture)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path


import pytest

from tests.conftest import SAMPLE_BUILD_EPOCH, run_cli

FANG = "仿宋_GB2312"
SENTENCE = "各部门要按照实施方案的要求，认真落实安全生产责任，按时报送工作进展情况。"


def _official_docx(path: Path, *, left_mm: float = 28, pages: list[int] | None = None, table_pt: float | None = None,
                   short_pages: tuple[int, ...] = ()):
    """A clerk's document typed in Word: A4, 仿宋 3号 body; `pages` gives the number
    of paragraphs on each page (page breaks between), one-line items on the pages in
    `short_pages` (0-based); `table_pt` adds a table."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(left_mm), Mm(26)
    style = doc.styles["Normal"]
    style.font.size = Pt(16)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANG)
    style.paragraph_format.line_spacing = Pt(28.95)
    style.paragraph_format.first_line_indent = Pt(32)
    style.paragraph_format.space_after = Pt(0)
    counts = pages or [6]
    for i, n in enumerate(counts):
        for k in range(n):
            doc.add_paragraph(f"（{k + 1}）按时报送工作进展。" if i in short_pages else SENTENCE)
        if i < len(counts) - 1:
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    if table_pt:
        table = doc.add_table(rows=4, cols=3)
        table.style = "Table Grid"
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                cell.paragraphs[0].paragraph_format.first_line_indent = Pt(0)
                run = cell.paragraphs[0].add_run(f"第{r + 1}行第{c + 1}列任务内容")
                run.font.size = Pt(table_pt)
    doc.save(path)
    return path


def _clipped_xlsx(path: Path) -> Path:
    import openpyxl
    from openpyxl.styles import Border, Font, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    thin = Side(style="thin")
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 24
    for r in range(1, 8):
        a = ws.cell(r, 1, "配合：民爆行业管理科、装备工业科" if r == 4 else f"第{r}项")
        b = ws.cell(r, 2, "旁边的单元格有内容")
        for cell in (a, b):
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.font = Font(size=11)
    wb.save(path)
    return path


def _findings(stdout: str) -> dict[str, list[str]]:
    """File name -> its finding lines, as printed."""
    out: dict[str, list[str]] = {}
    current = None
    for line in stdout.splitlines():
        m = re.match(r"✗ (.+?)（\d+ 页", line)
        if m:
            current = Path(m.group(1)).name
            out[current] = []
        elif line.startswith("  第") and current:
            out[current].append(line.strip())
    return out


def test_planted_defects_are_found_with_their_page(tmp_path, soffice):
    files = tmp_path / "待检查"
    files.mkdir()
    _official_docx(files / "页边距.docx", left_mm=18)
    _official_docx(files / "小字表格.docx", table_pt=7)
    _official_docx(files / "一行一页.docx", pages=[8, 1, 8])
    _clipped_xlsx(files / "台账.xlsx")
    _official_docx(files / "正确.docx", pages=[10])
    _official_docx(files / "宽边距.docx", left_mm=40, pages=[10, 6], short_pages=(1,))
    # a page of one-line items: every line starts two characters in, and that is right
    _official_docx(files / "短条目.docx", pages=[10, 6], short_pages=(1,))

    result = run_cli("proof", str(files))
    assert result.returncode == 4, result.stderr
    found = _findings(result.stdout)
    assert "正确.docx" not in found and "短条目.docx" not in found, result.stdout
    assert any(f.startswith("第1页：页边距：左边距 40 毫米（应为 28 毫米）") for f in found["宽边距.docx"]), found
    assert any(f.startswith("第1页：页边距：左边距 18 毫米（应为 28 毫米）") for f in found["页边距.docx"]), found
    assert any(f.startswith("第1页：字号过小：表格文字印出来只有 7.0 磅（至少 8 磅）") for f in found["小字表格.docx"]), found
    sparse = [f for f in found["一行一页.docx"] if "几乎空白" in f]
    assert len(sparse) == 1 and re.match(r"第2页：几乎空白的页：只有 [12] 行正文", sparse[0]), found
    assert found["台账.xlsx"] == ["第1页：单元格文字被裁切：工作表“台账”单元格 A4：纸上只印出“配合：民爆”，"
                                  "原文“配合：民爆行业管理科、装备工业科”"], found
    assert "发现" in result.stdout and "校样图在" in result.stdout

    # A contact sheet per file: one thumbnail per page, pages with findings framed in red.
    from PIL import Image

    sheet = files / "校样" / "一行一页（docx）.png"
    with Image.open(sheet) as im:
        assert im.width > 3 * 150 and im.height > 220
        pixels = im.convert("RGB")
        reds = sum(1 for x in range(0, im.width, 2) for y in range(40, im.height, 2)
                   if pixels.getpixel((x, y)) == (0xC0, 0, 0))
        assert reds > 100      # the red frame round page 2


def test_minimum_size_is_an_option(tmp_path, soffice):
    doc = _official_docx(tmp_path / "表.docx", table_pt=7)
    result = run_cli("proof", "--table-min-pt", "6", "--no-sheets", str(doc))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "校样").exists()


def test_a_document_proofed_again_is_measured_on_its_kept_pdf(tmp_path, soffice):
    """Proofing after `build --pdf` (or a second proof) converts nothing that was
    converted before byte for byte: same findings, no LibreOffice started; `--no-cache`
    converts again, and a changed document is converted again."""
    files = tmp_path / "待检查"
    files.mkdir()
    _official_docx(files / "页边距.docx", left_mm=18)
    _clipped_xlsx(files / "台账.xlsx")
    started = tmp_path / "started.log"
    started.write_text("")
    wrapper = tmp_path / "bin" / "soffice"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho started >> "{started}"\nexec "{soffice}" "$@"\n')
    wrapper.chmod(0o755)
    env = {"WUHUA_SOFFICE": str(wrapper), "WUHUA_CACHE_DIR": str(tmp_path / "cache")}

    def proof(*options: str) -> tuple[dict, int]:
        before = started.read_text().count("started")
        result = run_cli("proof", "--no-sheets", *options, str(files), env=env)
        assert result.returncode == 4, result.stdout + result.stderr
        return _findings(result.stdout), started.read_text().count("started") - before

    first, starts = proof()
    assert starts >= 1 and "页边距.docx" in first and "台账.xlsx" in first
    assert proof() == (first, 0)
    again, starts = proof("--no-cache")
    assert again == first and starts >= 1
    _official_docx(files / "页边距.docx", left_mm=40, pages=[10])       # changed: converted again
    changed, starts = proof()
    assert starts >= 1
    assert any(f.startswith("第1页：页边距：左边距 40 毫米") for f in changed["页边距.docx"]), changed


def test_wrong_arguments_are_refused(tmp_path):
    other = tmp_path / "说明.txt"
    other.write_text("x", encoding="utf-8")
    result = run_cli("proof", str(other))
    assert result.returncode == 2
    assert "只能检查 .docx、.xlsx 和 .pdf 文件" in result.stderr


def test_a_folder_with_only_contact_sheets_and_lock_files_is_refused(tmp_path):
    folder = tmp_path / "文件"
    (folder / "校样").mkdir(parents=True)
    (folder / "校样" / "旧.pdf").write_bytes(b"%PDF-1.4")   # our own sheets are not proofed again
    (folder / "~$通知.docx").write_bytes(b"lock")
    result = run_cli("proof", str(folder))
    assert result.returncode == 2
    assert "给出的文件夹中没有 .docx、.xlsx 或 .pdf 文件" in result.stderr


def test_a_pdf_beside_its_own_source_is_left_to_the_source(tmp_path):
    from generator.proof.run import worth_proofing

    names = ["通知.docx", "通知.pdf", "台账.xlsx", "台账.PDF", "来文.pdf", "校样/通知.pdf"]
    for name in names:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    kept = worth_proofing(tmp_path, sorted(tmp_path / n for n in names))
    assert sorted(f.relative_to(tmp_path).as_posix() for f in kept) == ["台账.xlsx", "来文.pdf", "通知.docx"]


# Every kind of output the build writes (one file of each batch folder), all of which
# must pass on paper.
ALL_KINDS = ["判定标准海报", "判定标准海报（合并打印）.docx", "重大事故隐患公示", "部门任务清单", "安全生产职责清单.docx",
             "2025年度任务清单.docx", "2025年度部门任务清单（合并打印）.docx", "作战图集.docx", "作战图（挂图）.docx",
             "2025年下半年工作总结.docx", "手册/重大事故隐患自查自改手册.docx", "手册/重大事故隐患判定标准手册.docx",
             "手册/全员安全生产岗位责任手册.docx", "任务台账.xlsx", "作战图.xlsx", "重大事故隐患督办台账.xlsx",
             "2025年机制化工作日历.xlsx"]


def _proof_clean(folder: Path, names: list[str]) -> None:
    targets = [str(folder / n) for n in names if (folder / n).exists()]
    assert len(targets) == len(names), sorted(p.name for p in folder.iterdir())
    result = run_cli("proof", "--no-sheets", *targets)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "未发现问题" in result.stdout


def test_sample_outputs_have_no_findings(sample_build, soffice):
    _proof_clean(sample_build, ALL_KINDS)


def test_differently_shaped_workspace_has_no_findings(workspace, tmp_path, soffice):
    """Another office: a long county-level name (longer signature and titles), its own
    hotline, a fixed date, and the year after."""
    office = workspace / "inputs" / "单位.yaml"
    text = office.read_text(encoding="utf-8")
    text = text.replace("单位名称: 某市工业和信息化局", "单位名称: 北山县工业信息化和科学技术局")
    text = text.replace("发文机关署名: 某市工业和信息化局", "发文机关署名: 北山县工业信息化和科学技术局")
    text = text.replace("隐患举报电话: 0434-3200000", "隐患举报电话: 0431-88886666")
    text = text.replace("成文日期:  ", "成文日期: 2026年1月5日  ")
    office.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    built = run_cli("-w", str(workspace), "build", "-o", str(out), "--year", "2026",
                    env={"SOURCE_DATE_EPOCH": SAMPLE_BUILD_EPOCH})
    assert built.returncode == 0, built.stderr
    # the summary keeps its half year (总结/2025H2.yaml); the year's documents move on
    names = [n if n.startswith("2025年下半年") else n.replace("2025", "2026") for n in ALL_KINDS]
    _proof_clean(out, names)


def test_plan_of_another_shape_has_no_findings(workspace, tmp_path, soffice):
    """tests/data/plan_b: 60 tasks in 10 actions, other departments and wording; every
    file the build writes is proofed (the folder), whatever kinds it holds."""
    plan_b = Path(__file__).parent / "data" / "plan_b"
    for f in plan_b.iterdir():
        if f.is_file():
            shutil.copy(f, workspace / "inputs" / f.name)
    out = tmp_path / "out"
    built = run_cli("-w", str(workspace), "build", "-o", str(out), "--year", "2026",
                    env={"SOURCE_DATE_EPOCH": SAMPLE_BUILD_EPOCH})
    assert built.returncode == 0, built.stderr
    for name in ("2026年度部门任务清单（合并打印）.docx", "作战图集.docx", "任务台账.xlsx", "作战图.xlsx",
                 "手册/全员安全生产岗位责任手册.docx"):
        assert (out / name).exists(), name
    result = run_cli("proof", "--no-sheets", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "未发现问题" in result.stdout


def test_summary_signature_is_placed_per_gbt9704(sample_build, tmp_path, soffice):
    """成文日期 右空四字 and 署名 centred over it, measured on the PDF; the summary's
    other findings belong to part A (truncation) and are not asserted here."""
    doc = tmp_path / "总结.docx"
    shutil.copy(sample_build / "2025年下半年工作总结.docx", doc)
    result = run_cli("proof", "--no-sheets", str(doc))
    assert "署名和成文日期" not in result.stdout, result.stdout
    assert "半角标点" not in result.stdout, result.stdout


def test_half_width_punctuation_in_chinese_input_is_made_full_width_with_a_warning(workspace):
    plan = workspace / "inputs" / "实施方案.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "帮扶指导，向" in text
    plan.write_text(text.replace("帮扶指导，向", "帮扶指导,向"), encoding="utf-8")
    from generator.workspace import read_inputs

    inputs = read_inputs(workspace / "inputs")
    task = next(t for t in inputs.plan.tasks if "帮扶指导" in t.text)
    assert "帮扶指导，向" in task.text
    [warning] = [str(w) for w in inputs.warnings]
    line = next(i for i, s in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1) if "帮扶指导,向" in s)
    assert f"实施方案.yaml 第{line}行" in warning and "任务内容" in warning
    assert "中文里的半角标点已改为全角（1 处：“帮扶指导,向安全监”）" in warning


@pytest.mark.parametrize("paper", ["a4", "a3", "a2"])
def test_posters_fill_the_sheet_and_keep_numbers_whole(workspace, tmp_path, soffice, paper):
    """Measured on the PDF: one sheet, type filling at least 85% of the type area, the
    enterprise's name above the title, each telephone number whole on one line, 张贴单位
    and 张贴日期 on lines of their own, 12350 beside the local number."""
    from generator.proof.measure import MM, read_pdf
    from generator.style.metrics import POSTER_MARGIN_MM
    from tests.conftest import convert_to_pdf

    out = tmp_path / "out"
    result = run_cli("-w", str(workspace), "posters", "--paper", paper, "-o", str(out), "--date", "2026年11月29日")
    assert result.returncode == 0, result.stderr
    docs = sorted((out / "判定标准海报").glob("*.docx"))
    picked = [next(d for d in docs if "爆" in d.stem), next(d for d in docs if "爆" not in d.stem)]  # 民爆, 工贸
    for pdf, doc in zip(convert_to_pdf(soffice, picked, tmp_path / "pdf"), picked):
        [page] = read_pdf(pdf)
        margin = POSTER_MARGIN_MM[paper.upper()] * MM
        top, bottom = min(ln.top for ln in page.lines), max(ln.bottom for ln in page.lines)
        assert (bottom - top) / (page.height - 2 * margin) >= 0.85, doc.name
        texts = [ln.text for ln in page.lines]
        enterprise = doc.stem            # posters are named by enterprise (model.file_names)
        assert enterprise in texts[:3], texts[:3]
        assert f"张贴单位：{enterprise}" in texts and "张贴日期：2026年11月29日" in texts
        assert "全国安全生产举报投诉电话：12350" in texts
        assert any(t.endswith("举报电话：0434-3200000") for t in texts), texts
        assert not any(t.endswith(("-", "‑")) for t in texts), texts
        # the report line is left-aligned, not stretched: no gap wider than a character
        report = next(ln for ln in page.lines if ln.text.startswith("隐患举报"))
        gaps = [b.x0 - a.x1 for a, b in zip(report.visible, report.visible[1:])]
        assert max(gaps) < report.size, gaps


def test_summary_official_details_on_paper(sample_build, tmp_path, soffice):
    """GB/T 9704 details of the half-year report, measured on the PDF: a balanced
    two-line title broken between words, 我局, 附件说明 = the attachment's title, the
    附注 with 联系人 and 电话 under the date, two characters in."""
    from generator.proof.measure import MM, read_pdf
    from tests.conftest import convert_to_pdf

    [pdf] = convert_to_pdf(soffice, [sample_build / "2025年下半年工作总结.docx"], tmp_path)
    pages = read_pdf(pdf)
    titles = [ln for ln in pages[0].lines if ln.size >= 20]
    assert [ln.text for ln in titles] == ["某市工业和信息化局2025年下半年", "安全生产治本攻坚工作总结"]
    widths = sorted(ln.x1 - ln.x0 for ln in titles)
    assert widths[0] >= widths[1] / 2
    text = "".join(ln.text for p in pages for ln in p.lines)
    assert "现将我局2025年下半年" in text and "现将某市工业和信息化局" not in text
    lines = [ln for p in pages for ln in p.lines]
    attachment_note = next(ln for ln in lines if ln.text.startswith("附件："))
    assert attachment_note.text == "附件：2025年下半年任务推进情况表"
    assert any(ln.text == "2025年下半年任务推进情况表" and ln.size >= 20 for ln in lines)
    date = next(i for i, ln in enumerate(lines) if ln.text == "2025年12月10日")
    note = lines[date + 1]
    assert note.text == "（联系人：安全生产科 王明，电话：0434-3200001）"
    assert abs(note.x0 - (28 * MM + 32)) < 3     # 居左空二字
