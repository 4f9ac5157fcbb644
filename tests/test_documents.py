"""The 清单化 documents as a clerk opens them: content, structure, official format."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from generator.style.metrics import LINE_TWIPS
from tests.conftest import (SAMPLE, W, all_text, convert_to_pdf, docx_xml, pdf_pages, run_cli,
                            table_rows)

PLAN = yaml.safe_load((SAMPLE / "实施方案.yaml").read_text("utf-8"))
TASKS = {t["编号"]: t for a in PLAN["行动"] for t in a["任务"]}
# Deadlines read off the sample by hand: tasks due in 2024 leave the 2025 list, and so on.
DUE_2024 = {1, 5, 8}
DUE_2025 = {2, 27, 6, 9, 13, 16, 20, 26}


@pytest.fixture(scope="module")
def built(sample_build) -> Path:
    return sample_build   # `build --year 2025` of the sample, shared by the session


def task_numbers(path: Path) -> list[int]:
    return [int(r[0]) for r in table_rows(path) if r[0].isdigit()]


@pytest.mark.parametrize("year, expected, carried", [
    (2024, set(range(1, 30)), set()),
    (2025, set(range(1, 30)) - DUE_2024, set()),
    # Tasks 6, 20 and 26 were due in 2025 and are not reported done: carried into 2026.
    (2026, set(range(1, 30)) - DUE_2024 - DUE_2025, {6, 20, 26}),
])
def test_year_list_holds_exactly_the_tasks_active_that_year(tmp_path, sample_build, year, expected, carried):
    folder = sample_build if year == 2025 else tmp_path   # the shared build is `--year 2025`
    if folder == tmp_path:
        assert run_cli("build", "-o", str(tmp_path), "--year", str(year), "--as-of", f"{year}-01-10").returncode == 0
    rows = [r for r in table_rows(folder / f"{year}年度任务清单.docx") if r[0].isdigit()]
    assert sorted(int(r[0]) for r in rows) == sorted(expected | carried)
    assert {int(r[0]) for r in rows if r[4].startswith("结转")} == carried
    for r in rows:
        if int(r[0]) in carried:
            assert r[4].startswith("结转（原时限：2025年底前")


def test_year_list_groups_tasks_under_their_action_with_all_columns(built):
    rows = table_rows(built / "2025年度任务清单.docx")
    assert rows[0] == ["序号", "重点任务", "牵头部门", "责任部门", "时限要求", "成果形式"]
    assert rows[1] == ["（一）开展全面深化落实“三管三必须”责任行动（2项）"] * 6
    row = next(r for r in rows if r[0] == "4")
    t = TASKS[4]
    assert row == ["4", t["任务内容"], "人事教育科", "民爆行业管理科、铁路道口管理科、安全生产科", "三年内",
                   t["成果形式"]]
    headings = [r[0] for r in rows if r[0].startswith("（")]
    assert [h[:3] for h in headings] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）",
                                         "（九）"]


def test_tables_repeat_their_header_and_rows_never_split(built):
    doc = Document(built / "2025年度任务清单.docx")
    [table] = doc.tables
    rows = table._tbl.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])


def test_official_format_in_the_xml(built):
    path = built / "2025年度任务清单.docx"
    styles = docx_xml(path, "word/styles.xml")
    # East Asian fonts written into the defaults and every style; no theme fonts anywhere.
    assert "Theme" not in styles
    assert re.search(r'<w:rPrDefault><w:rPr><w:rFonts [^>]*w:eastAsia="仿宋_GB2312"', styles)
    assert 'w:eastAsia="zh-CN"' in styles
    normal = re.search(r'<w:style w:type="paragraph" w:default="1" w:styleId="Normal">.*?</w:style>', styles).group(0)
    assert f'w:line="{LINE_TWIPS}" w:lineRule="exact"' in normal and '<w:sz w:val="32"/>' in normal
    assert 'w:firstLine="640"' in normal
    title = re.search(r'w:styleId="Title">.*?</w:style>', styles).group(0)
    assert 'w:eastAsia="方正小标宋简体"' in title and '<w:sz w:val="44"/>' in title
    for style_id, font in [("Heading1", "黑体"), ("Heading2", "楷体_GB2312"), ("Heading3", "仿宋_GB2312")]:
        assert f'w:eastAsia="{font}"' in re.search(rf'w:styleId="{style_id}">.*?</w:style>', styles).group(0)
    assert "<w:b/>" in re.search(r'w:styleId="Heading3">.*?</w:style>', styles).group(0)
    # Landscape A4 with the standard's margins turned with the page.
    body = docx_xml(path)
    assert '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' in body
    assert 'w:top="1587" w:right="2098" w:bottom="1474" w:left="1984"' in body
    # Page numbers "— N —": odd right, even left, with even/odd footers switched on.
    assert "<w:evenAndOddHeaders/>" in docx_xml(path, "word/settings.xml")
    odd, even = docx_xml(path, "word/footer1.xml"), docx_xml(path, "word/footer2.xml")
    for footer, side in [(odd, "right"), (even, "left")]:
        assert " PAGE " in footer and "— " in footer and " —" in footer
        assert f'<w:jc w:val="{side}"/>' in footer
    assert 'w:eastAsia="宋体"' in re.search(r'w:styleId="Footer">.*?</w:style>', styles).group(0)
    font_table = docx_xml(path, "word/fontTable.xml")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in font_table


def test_portrait_page_of_the_style_layer_has_gbt9704_margins():
    from generator.style import base_document

    doc = base_document()
    section = doc.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert (section.top_margin.twips, section.left_margin.twips) == (2098, 1587)
    assert (section.right_margin.twips, section.bottom_margin.twips) == (1474, 1984)


def test_each_department_gets_its_own_list_with_exactly_its_tasks(built):
    folder = built / "部门任务清单"
    files = sorted(folder.glob("*.docx"))
    assert len(files) == 10
    for path in files:
        dept = path.stem        # named by department: a row added elsewhere renames nothing
        expected = sorted(n for n, t in TASKS.items() if n not in DUE_2024 and (
            t["牵头部门"] == dept or dept in t.get("责任部门", "").split("、")))
        assert task_numbers(path) == expected, dept
        assert f"{dept}2025年度安全生产治本攻坚任务清单" in all_text(path)


def test_merged_print_file_has_every_department_each_restarting_page_numbers(built):
    path = built / "2025年度部门任务清单（合并打印）.docx"
    doc = Document(path)
    titles = [p.text for p in doc.paragraphs if p.style.style_id == "Title"]
    singles = sorted((built / "部门任务清单").glob("*.docx"))
    # Print order is the order of 部门.xlsx, whatever the files are called.
    from generator.documents.task_list import department_names
    from generator.workspace import read_inputs

    order = [d for d in department_names(read_inputs(SAMPLE, is_sample=True)) if (built / "部门任务清单" / f"{d}.docx").is_file()]
    assert len(order) == len(singles)
    assert titles == [f"{d}2025年度安全生产治本攻坚任务清单" for d in order]
    assert len(doc.tables) == len(singles)
    xml = docx_xml(path)
    assert xml.count("<w:sectPr") == len(singles)
    assert xml.count('<w:pgNumType w:start="1"/>') == len(singles)
    # printed double-sided from Word or WPS, each department starts on a front page
    assert xml.count('<w:type w:val="oddPage"/>') == len(singles) - 1
    # LibreOffice converts a copy with next-page breaks (each list then lays out as it
    # does alone: test_print_sets, test_list_notes); a file without them is left as is
    from generator.writers.ooxml import next_page_breaks, read_part

    copy = read_part(next_page_breaks(path.read_bytes()), "word/document.xml").decode()
    assert "oddPage" not in copy and copy.count("<w:sectPr") == len(singles)
    assert copy == xml.replace('<w:type w:val="oddPage"/>', "")
    assert next_page_breaks(singles[0].read_bytes()) == singles[0].read_bytes()


def test_duty_list_groups_duties_by_post_with_merged_cells(built):
    path = built / "安全生产职责清单.docx"
    rows = table_rows(path)
    assert rows[0] == ["序号", "部门/岗位", "责任人", "安全生产职责", "履职要求/频次", "依据"]
    assert len(rows) == 1 + 21
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, 22)]
    assert rows[1][1:3] == ["局长（主要负责人）", "张局长"] and rows[3][1] == "局长（主要负责人）"
    assert rows[1][3].startswith("对本系统安全生产工作全面负责")
    xml = docx_xml(path)
    assert xml.count('<w:vMerge w:val="restart"/>') == 2 * 13  # 13 posts, two merged columns each


def test_excel_ledger_is_ready_to_filter_and_print(built):
    wb = load_workbook(built / "任务台账.xlsx")
    ws = wb["任务台账"]
    assert [c.value for c in ws[2]] == ["序号", "行动", "任务编号", "任务内容", "牵头部门", "责任部门", "时限",
                                        "时限解读", "成果形式", "推进措施", "本年度", "最新进展", "完成比例", "状态",
                                        "下一时限", "备注"]
    assert [ws.cell(r, 3).value for r in range(3, ws.max_row + 1)] == list(range(1, 30))
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == f"A2:P{ws.max_row}"
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws["D3"].alignment.wrap_text
    # The widest text column, narrowed so the sheet prints at >= 9 pt on A3 (test_print_xlsx measures it).
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFGHIJKLMNOP"}
    assert widths["D"] == max(widths.values()) and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A3)
    assert ws.cell(3 + 0, 11).value == "否" and ws.cell(3 + 1, 11).value == "是"  # task 1 ended in 2024


def test_office_font_settings_reach_the_documents(workspace, tmp_path):
    office = workspace / "inputs" / "单位.yaml"
    office.write_text(office.read_text("utf-8").replace("正文: 仿宋_GB2312", "正文: 仿宋")
                      .replace("三级标题加粗: 是", "三级标题加粗: 否"), "utf-8")
    out = tmp_path / "out"
    assert run_cli("-w", str(workspace), "build", "-o", str(out), "--year", "2025").returncode == 0
    styles = docx_xml(out / "安全生产职责清单.docx", "word/styles.xml")
    normal = re.search(r'w:styleId="Normal">.*?</w:style>', styles).group(0)
    assert 'w:eastAsia="仿宋"' in normal
    assert '<w:b w:val="0"/>' in re.search(r'w:styleId="Heading3">.*?</w:style>', styles).group(0)


def test_same_inputs_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert run_cli("build", "-o", str(out), "--year", "2025",
                       env={"SOURCE_DATE_EPOCH": "1750000000"}).returncode == 0
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files and files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    core = zipfile.ZipFile(a / "2025年度任务清单.docx").read("docProps/core.xml").decode()
    assert "2025-06-15T15:06:40Z" in core  # SOURCE_DATE_EPOCH honoured


def test_committed_templates_match_their_build_script(tmp_path):
    import tools.build_templates as builder

    for name, make in builder.TEMPLATES.items():
        committed = zipfile.ZipFile(Path(builder.ROOT) / "templates" / name)
        fresh = zipfile.ZipFile(__import__("io").BytesIO(builder.template_bytes(make)))
        for info in committed.infolist():
            assert committed.read(info.filename) == fresh.read(info.filename), \
                f"{name}:{info.filename} — run tools/build_templates.py"


def test_workspace_template_overrides_the_builtin(workspace, tmp_path):
    import tools.build_templates as builder

    (workspace / "templates").mkdir()
    doc = builder.duty_list()
    doc.paragraphs[0].runs[0].text = "本单位{{ title }}"
    doc.save(workspace / "templates" / "职责清单.docx")
    out = tmp_path / "out"
    assert run_cli("-w", str(workspace), "build", "-o", str(out)).returncode == 0
    assert "本单位安全生产职责清单" in all_text(out / "安全生产职责清单.docx")


@pytest.mark.slow
def test_every_document_opens_in_libreoffice(built, soffice, tmp_path):
    docs = sorted(built.rglob("*.docx"))
    pdfs = convert_to_pdf(soffice, docs, tmp_path / "pdf")
    for pdf in pdfs:
        assert pdf.exists() and pdf_pages(pdf) >= 1, pdf
    ledger_pdf = convert_to_pdf(soffice, [built / "任务台账.xlsx"], tmp_path / "xlsx")[0]
    assert pdf_pages(ledger_pdf) >= 1
