"""作战图集, the wall chart and the workbook, reopened as a clerk and a leader would read them."""
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from PIL import Image

from generator.charts import fonts as chart_fonts
from generator.model.values import cn_number
from generator.workspace import read_inputs
from tests.conftest import SAMPLE, run_cli

BOOK, WALL, WORKBOOK = "作战图集.docx", "作战图（挂图）.docx", "作战图.xlsx"


def make(out: Path, *args, workspace: Path | None = None) -> Path:
    ws = ["-w", str(workspace)] if workspace else []
    result = run_cli(*ws, "battlemap", "-o", str(out), *args)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def end_2025(tmp_path_factory) -> Path:
    return make(tmp_path_factory.mktemp("end2025"), "--as-of", "2025-12-31")


@pytest.fixture(scope="module")
def feb_2026(tmp_path_factory) -> Path:
    return make(tmp_path_factory.mktemp("feb2026"), "--as-of", "2026-02-01")


def action_tables(doc) -> dict[str, list[dict]]:
    """The 作战图集's task table read as a clerk reads it: action heading (its row's
    text before the counts) -> its tasks, each its band's cells and its details row."""
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号")
    out: dict[str, list[dict]] = {}
    tasks: list[dict] = []
    after_band = False
    for r in table.rows[1:]:
        cells = r.cells
        if len({id(c._tc) for c in cells}) == len(cells):          # a band: one cell per column
            tasks.append({"band": [c.text for c in cells]})
            after_band = True
        elif after_band:                                           # the details under a band
            tasks[-1]["details"] = cells[0].text
            after_band = False
        else:                                                      # an action's row
            tasks = out.setdefault(cells[0].text.split("　共")[0], [])
    return out


def status_by_task(rows) -> dict[int, str]:
    return {int(r["band"][0]): r["band"][-1] for r in rows}


def test_book_has_a_band_per_task_under_its_action_matching_the_inputs(end_2025):
    inputs = read_inputs(SAMPLE)
    doc = Document(end_2025 / BOOK)
    tables = action_tables(doc)
    assert list(tables) == [f"（{cn_number(a.number)}）{a.title}" for a in inputs.plan.actions]
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号")
    assert [c.text for c in table.rows[0].cells] == ["序号", "重点任务", "牵头部门", "时限", "状态"]
    for action in inputs.plan.actions:
        rows = tables[f"（{cn_number(action.number)}）{action.title}"]
        assert [int(r["band"][0]) for r in rows] == [t.number for t in action.tasks]
        for row, task in zip(rows, action.tasks, strict=True):
            band, details = row["band"], row["details"]
            assert band[1] == task.short and band[2].startswith(task.leads[0]) and band[3] == task.schedule.text
            # The work in full, then each part after its label, in the plan's order.
            assert details.startswith(task.text)
            parts = [task.measures, inputs.progress.for_task(task.number)[-1].text, task.result_form]
            labels = ["措施：", "进展：", "成果："]
            if task.others:
                parts.insert(0, "、".join(task.others))
                labels.insert(0, "配合：")
            at = len(task.text)
            for label, part in zip(labels, parts):
                found = details.index(label + (part if label != "进展：" else ""), at)
                assert part in details[found:], (task.number, label)
                at = found
    first = tables[f"（一）{inputs.plan.actions[0].title}"][0]
    assert "节点：◆2024年6月30日 起草工作机制；◆2024年12月31日 印发工作机制" in first["details"]
    assert "已形成：《“五化”落实工作机制》" in first["details"]
    assert "刘副局长" in first["band"][2]          # the lead's leader, from 部门.xlsx


def test_statuses_on_two_as_of_dates(end_2025, feb_2026):
    def statuses(folder):
        out = {}
        for rows in action_tables(Document(folder / BOOK)).values():
            out.update(status_by_task(rows))
        return out

    before, after = statuses(end_2025), statuses(feb_2026)
    assert before[1] == after[1] == "√ 已完成"
    # Task 6 (2025年底前) was reported 滞后 in 2025H2: lagging on its deadline, overdue after it.
    assert before[6] == "△ 滞后 75%"
    assert after[6] == "▲ 逾期 75%"
    # Task 10 (每月) last reported for 2025H2: January's report was due by 31 January.
    assert before[10] == "● 推进中 90%" and after[10] == "▲ 逾期 90%"
    # Task 3 (每季度): the first quarter of 2026 is not over yet.
    assert after[3] == "● 推进中 90%"


def test_progress_cells_say_what_is_due_next(feb_2026):
    progress = {}
    for rows in action_tables(Document(feb_2026 / BOOK)).values():
        progress.update({int(r["band"][0]): r["details"].split("进展：")[1].split("成果：")[0] for r in rows})
    # The next date that counts follows the report (after a semicolon when it has no full stop).
    assert progress[6].endswith("。已超期32天（应于2025年12月31日前完成）　")
    assert progress[10].endswith("已超期1天（应于2026年1月31日前报送进展）　")
    assert progress[3].endswith("下一期限：2026年3月31日前报送进展　")
    assert progress[1] == "2024年下半年：印发“五化”落实工作机制，建立每月调度制度。"   # done: nothing due
    wb = load_workbook(feb_2026 / WORKBOOK)
    notes = {row[0].value: row[9].value for row in wb["全部任务"].iter_rows(min_row=3, max_row=31)}
    assert notes[6] == "已超期32天（应于2025年12月31日前完成）" and notes[1] is None


def test_status_cells_are_coloured_and_bold(end_2025):
    doc = Document(end_2025 / BOOK)
    cell = next(r.cells[-1] for t in doc.tables[1:] for r in t.rows[1:] if r.cells[-1].text.startswith("△ 滞后"))
    shd = cell._tc.tcPr.find(qn("w:shd"))
    assert shd.get(qn("w:fill")) == "FFF2CC"
    first = cell.paragraphs[0].runs[0]
    assert first.bold and str(first.font.color.rgb) == "E08A00"


def test_book_cover_contents_and_charts(end_2025):
    doc = Document(end_2025 / BOOK)
    texts = [p.text for p in doc.paragraphs]
    assert "安全生产治本攻坚三年行动作战图集" in texts
    assert "截至2025年12月31日" in texts
    assert "目　　录" in texts
    instr = " ".join(t.text for t in doc.element.body.iter(qn("w:instrText")))
    assert instr.count("PAGEREF") == 3 + 9
    bookmarks = {b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))}
    assert {"_Toc_overview", "_Toc_timeline", "_Toc_action1", "_Toc_action9"} <= bookmarks
    overview = next(t for t in texts if t.startswith("截至2025年12月31日，"))
    assert "已完成8项（完成率28%）" in overview and "滞后3项" in overview
    assert len(doc.inline_shapes) == 3
    sections = doc.sections
    assert sections[0].footer.is_linked_to_previous or not sections[0]._sectPr.findall(qn("w:footerReference"))
    assert all(s.page_width > s.page_height for s in sections)     # A4 landscape throughout


def chart_pngs(docx_path: Path) -> list[bytes]:
    with zipfile.ZipFile(docx_path) as z:
        return [z.read(n) for n in sorted(z.namelist()) if n.startswith("word/media/") and n.endswith(".png")]


def test_pictures_print_at_200_dpi_or_more(end_2025):
    for name in (BOOK, WALL):
        doc = Document(end_2025 / name)
        for shape in doc.inline_shapes:
            rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
            image = Image.open(io.BytesIO(doc.part.related_parts[rid].blob))
            assert image.width / shape.width.inches >= 200, name
            assert abs(image.width / image.height - shape.width / shape.height) < 0.01


def test_charts_are_print_resolution_and_drawn_with_a_cjk_font(end_2025):
    from matplotlib import font_manager

    pngs = chart_pngs(end_2025 / BOOK)
    assert len(pngs) == 3
    inputs = read_inputs(SAMPLE)
    label_text = ("".join(a.title for a in inputs.plan.actions)
                  + "各行动任务推进状态总体完成情况任务推进时间轴截至年月日")
    for png in pngs:
        image = Image.open(io.BytesIO(png))
        assert min(image.info["dpi"]) >= 200
        font_name = image.text["Font"]
        assert "Software" not in image.text
        # The family matplotlib resolves for that name must be a real CJK face that holds every glyph.
        path = font_manager.findfont(font_manager.FontProperties(family=font_name), fallback_to_default=False)
        charmap = font_manager.get_font(path).get_charmap()
        missing = {c for c in label_text if ord(c) not in charmap}
        assert not missing, f"{font_name} lacks {missing}"
        assert font_manager.get_font(path).family_name == font_name


def test_chart_font_is_a_cjk_font_found_on_the_system():
    from matplotlib import font_manager

    font = chart_fonts.chart_font()
    path = font_manager.findfont(font_manager.FontProperties(family=font.name), fallback_to_default=False)
    assert chart_fonts.covers(path, chart_fonts.PROBE + "安全生产治本攻坚")
    assert chart_fonts.find_cjk_font() == font


def test_no_cjk_font_raises_a_message_naming_the_package(monkeypatch):
    from matplotlib import font_manager

    latin_only = [e for e in font_manager.fontManager.ttflist if e.name == "DejaVu Sans"]
    assert chart_fonts.find_cjk_font(entries=latin_only) is None
    monkeypatch.setattr(chart_fonts, "find_cjk_font", lambda: None)
    chart_fonts.chart_font.cache_clear()
    try:
        with pytest.raises(chart_fonts.MissingChartFont) as info:
            chart_fonts.chart_font()
    finally:
        chart_fonts.chart_font.cache_clear()
    assert "fonts-noto-cjk" in str(info.value) and "方框" in str(info.value)


def test_cli_refuses_a_font_without_chinese_glyphs(tmp_path):
    from matplotlib import font_manager

    latin = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    result = run_cli("battlemap", "-o", str(tmp_path / "out"), "--as-of", "2025-12-31",
                     env={"WUHUA_CHART_FONT": latin})
    assert result.returncode == 3
    assert "缺少中文字形" in result.stderr and "fonts-noto-cjk" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_wall_chart_is_an_a3_landscape_page_with_every_task(end_2025):
    doc = Document(end_2025 / WALL)
    assert len(doc.sections) == 1
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (420, 297)
    assert not section._sectPr.findall(qn("w:footerReference"))     # a poster has no page number
    assert len(doc.inline_shapes) == 3
    table = doc.tables[-1]
    numbers = set()
    for row in table.rows[1:]:
        cells = [c.text for c in row.cells]
        for half in (cells[:6], cells[7:]):
            if half[1]:
                numbers.add(int(half[1]))
                assert half[5].split()[0] in "√●○△▲"
    assert numbers == set(range(1, 30))
    heights = {r._tr.trPr.find(qn("w:trHeight")).get(qn("w:hRule")) for r in table.rows}
    assert heights == {"exact"}


def test_through_libreoffice_wall_is_one_page_and_contents_has_page_numbers(soffice, tmp_path, end_2025):
    a2 = make(tmp_path / "a2", "--as-of", "2025-12-31", "--paper", "A2")
    (tmp_path / "pdf").mkdir()
    copies = []
    for name, src in (("a3.docx", end_2025 / WALL), ("a2.docx", a2 / WALL), ("book.docx", end_2025 / BOOK)):
        copies.append(tmp_path / name)
        copies[-1].write_bytes(src.read_bytes())
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *map(str, copies)],
                   check=True, capture_output=True, timeout=600)
    from pypdf import PdfReader

    for name, size in (("a3", (420, 297)), ("a2", (594, 420))):
        reader = PdfReader(tmp_path / "pdf" / f"{name}.pdf")
        assert len(reader.pages) == 1, name
        box = reader.pages[0].mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == size
        text = "".join(reader.pages[0].extract_text().split())
        assert "作战图" in text and "截至2025年12月31日" in text
        assert text.endswith("详见《作战图集》。")     # the last line made it onto the page

    # The book: the cover has no number, so page n of the footer is PDF page n + 1.
    pages = ["".join(p.extract_text().split()) for p in PdfReader(tmp_path / "pdf" / "book.pdf").pages]
    contents = pages[1]
    assert contents.startswith("目录")
    inputs = read_inputs(SAMPLE)
    for action in inputs.plan.actions:
        heading = f"（{cn_number(action.number)}）{action.title}"
        listed = re.search(re.escape(f"{heading}（{len(action.tasks)}项）") + r"\.+(\d+)", contents)
        assert listed, heading
        number = int(listed.group(1))
        assert pages[number].find(heading) >= 0, (heading, number)
        assert f"—{number}—" in pages[number]


def test_workbook_sheets_formatting_and_native_chart(end_2025):
    path = end_2025 / WORKBOOK
    wb = load_workbook(path)
    inputs = read_inputs(SAMPLE)
    assert wb.sheetnames[:2] == ["总览", "全部任务"]
    assert len(wb.sheetnames) == 2 + len(inputs.plan.actions)
    overview = wb["总览"]
    assert [c.value for c in overview[3]] == ["行动", "任务数", "已完成", "推进中", "未启动", "滞后", "逾期",
                                               "完成率(%)"]
    totals = [c.value for c in overview[4 + len(inputs.plan.actions)]]
    assert totals == ["合计", 29, 8, 18, 0, 3, 0, 28]
    for ws in wb.worksheets[1:]:
        assert ws.freeze_panes == "A3"
        assert ws.auto_filter.ref.startswith("A2:")
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A3 and ws.page_setup.orientation == "landscape"
        rules = [r for cf in ws.conditional_formatting for r in cf.rules]
        formulas = " ".join(f for r in rules for f in (r.formula or []))
        assert "逾期" in formulas and "已完成" in formulas
    first = wb.worksheets[2]
    assert [c.value for c in first[3]][:2] == [1, inputs.plan.tasks[0].text]
    assert first["I3"].value == "√ 已完成" and first["J3"].value == 100
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert any("<barChart>" in c and "<grouping val=\"stacked\"/>" in c for c in charts)
    assert any("doughnutChart" in c for c in charts)


def test_outputs_are_deterministic(end_2025, tmp_path):
    again = make(tmp_path, "--as-of", "2025-12-31")
    for name in (BOOK, WALL, WORKBOOK):
        assert (again / name).read_bytes() == (end_2025 / name).read_bytes(), name


def test_build_includes_the_battle_map_only_with_progress(workspace, tmp_path):
    result = run_cli("-w", str(workspace), "build", "-o", str(tmp_path / "with"))
    assert result.returncode == 0, result.stderr
    assert {BOOK, WALL, WORKBOOK} <= {p.name for p in (tmp_path / "with").iterdir()}
    (workspace / "inputs" / "进展.xlsx").unlink()
    result = run_cli("-w", str(workspace), "build", "-o", str(tmp_path / "without"))
    assert result.returncode == 0, result.stderr
    assert not {BOOK, WALL, WORKBOOK} & {p.name for p in (tmp_path / "without").iterdir()}
    result = run_cli("-w", str(workspace), "battlemap", "-o", str(tmp_path / "alone"))
    assert result.returncode == 2
    assert "缺少进展数据" in result.stderr and "进展.xlsx 或 进展.yaml" in result.stderr


def test_bad_as_of_date_is_refused_in_chinese(tmp_path):
    result = run_cli("battlemap", "--as-of", "2025-13-01", "-o", str(tmp_path))
    assert result.returncode == 2
    assert "--as-of 的值“2025-13-01”：日期不存在：没有13月" in result.stderr


def test_markup_emoji_and_control_characters_survive(workspace, tmp_path):
    (workspace / "inputs" / "进展.xlsx").unlink()
    text = '检查 & 隐患排查 <整改> "闭环" \'销号\' 👍\u200b完成{{ x }}'
    (workspace / "inputs" / "进展.yaml").write_text(
        f"- 任务编号: 1\n  期间: 2024H2\n  进展情况: \"{text.replace(chr(34), chr(92) + chr(34))}\\x07\"\n"
        "  状态: 推进中\n  完成比例: 40\n  成果: A&B<C>\n", encoding="utf-8")
    result = run_cli("-w", str(workspace), "battlemap", "-o", str(tmp_path), "--as-of", "2025-01-15")
    assert result.returncode == 0, result.stderr
    assert "控制字符" in result.stderr
    doc = Document(tmp_path / BOOK)
    first = next(iter(action_tables(doc).values()))[0]
    assert f"进展：2024年下半年：{text}；已超期15天（应于2024年12月31日前完成）" in first["details"]
    assert "已形成：A&B<C>" in first["details"]
    assert first["band"][-1] == "▲ 逾期 40%"          # 2024年底前, not done by 15 January 2025
    wb = load_workbook(tmp_path / WORKBOOK)
    assert wb["全部任务"]["G3"].value == f"2024年下半年：{text}"


def test_no_report_yet_everything_not_started_but_missed_monthly_reports(workspace, tmp_path):
    (workspace / "inputs" / "进展.xlsx").unlink()
    (workspace / "inputs" / "进展.yaml").write_text("进展: []\n", encoding="utf-8")
    make(tmp_path, "--as-of", "2024-02-01", workspace=workspace)
    statuses = {}
    for rows in action_tables(Document(tmp_path / BOOK)).values():
        statuses.update(status_by_task(rows))
    inputs = read_inputs(SAMPLE)
    monthly = {t.number for t in inputs.plan.tasks if t.schedule.text == "每月"}
    assert monthly == {10}
    assert statuses[10] == "▲ 逾期 0%"            # January's report was due by 31 January
    assert {n for n, s in statuses.items() if s == "○ 未启动 0%"} == set(range(1, 30)) - monthly
    wb = load_workbook(tmp_path / WORKBOOK)
    assert [c.value for c in wb["总览"][4 + len(inputs.plan.actions)]] == ["合计", 29, 0, 0, 28, 0, 1, 0]


def test_emoji_in_plan_titles_stay_in_tables_and_leave_the_charts_clean(workspace, tmp_path):
    plan = workspace / "inputs" / "实施方案.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("名称: 开展全面深化落实“三管三必须”责任行动",
                        "名称: 开展全面深化落实“三管三必须”责任👍\u200b行动 & <检查>", 1)
    text = text.replace("任务内容: 结合本部门", "任务内容: 🚧结合本部门", 1)
    plan.write_text(text, encoding="utf-8")
    make(tmp_path, "--as-of", "2025-12-31", workspace=workspace)
    doc = Document(tmp_path / BOOK)
    tables = action_tables(doc)
    title = next(iter(tables))
    assert "👍" in title and "& <检查>" in title
    assert tables[title][0]["details"].startswith("🚧结合本部门")
    assert len(doc.inline_shapes) == 3


def test_build_without_a_chinese_font_still_writes_the_other_documents(tmp_path):
    from matplotlib import font_manager

    latin = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    out = tmp_path / "out"
    result = run_cli("build", "-o", str(out), "--year", "2025", env={"WUHUA_CHART_FONT": latin})
    assert result.returncode == 0, result.stderr
    assert "有文档未生成" in result.stderr and "fonts-noto-cjk" in result.stderr
    assert (out / "2025年度任务清单.docx").is_file() and not (out / WALL).exists()


def test_a_supporters_report_never_completes_a_task_on_paper(workspace):
    """A 配合 department reports its share 已完成 and the lead has reported nothing: the
    ledger shows work under way, names the report as the supporter's and says the lead
    is silent; the 作战图集 says the same. Any co-supported task of the plan will do."""
    inputs = read_inputs(workspace / "inputs")
    task = next(t for t in reversed(inputs.plan.tasks) if t.others)
    helper = task.others[0]
    (workspace / "inputs" / "进展.xlsx").unlink()
    (workspace / "inputs" / "进展.yaml").write_text(
        f"- 任务编号: {task.number}\n  期间: 2025H1\n  进展情况: 配合部分已办结\n  状态: 已完成\n"
        f"  完成比例: 100\n  填报部门: {helper}\n  角色: 配合\n", encoding="utf-8")
    result = run_cli("-w", str(workspace), "build", "--year", "2025", "--as-of", "2025-07-15")
    assert result.returncode == 0, result.stderr
    ws = load_workbook(workspace / "output" / "任务台账.xlsx").active
    header = next(r for r in ws.iter_rows(values_only=True) if r and "任务编号" in r)
    row = dict(zip(header, next(r for r in ws.iter_rows(values_only=True)
                                if r and r[header.index("任务编号")] == task.number)))
    assert row["状态"] != "√ 已完成" and row["完成比例"] == "0%"
    assert row["最新进展"] == f"2025年上半年{helper}（配合）：配合部分已办结；牵头部门尚未报送进展"
    book = "\n".join(c.text for t in Document(workspace / "output" / "作战图集.docx").tables
                     for r in t.rows for c in r.cells)
    assert f"2025年上半年{helper}（配合）：配合部分已办结\n牵头部门尚未报送进展" in book
