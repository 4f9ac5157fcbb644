"""手册化: criteria posters, handbooks, the criteria import (issue 4)."""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import yaml
from docx import Document
from docx.oxml.ns import qn
from openpyxl import Workbook

from generator.errors import Collector
from generator.readers.criteria import read_criteria
from tests.conftest import SAMPLE, run_cli

DATE = "2025年6月1日"


def texts(path: Path) -> list[str]:
    """Paragraph texts in reading order, table cells included."""
    doc = Document(str(path))
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in doc.element.body.iter(qn("w:p"))]


def sample_criteria(stem: str):
    collector = Collector()
    criteria = read_criteria(SAMPLE / "判定标准" / f"{stem}.yaml", Path(stem), collector)
    assert not collector.problems
    return criteria


def assert_in_order(haystack: list[str], needles: list[str]) -> None:
    joined = "\n".join(haystack)
    at = 0
    for needle in needles:
        found = joined.find(needle, at)
        assert found >= 0, f"missing or out of order: {needle}"
        at = found + len(needle)


def pdf_pages(soffice: str, docx_path: Path, tmp: Path) -> int:
    out = tmp / "pdf"
    out.mkdir(exist_ok=True)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp / 'lo-profile'}",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx_path)],
                   check=True, capture_output=True, timeout=300)
    pdf = out / (docx_path.stem + ".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def tiny_png(width: int, height: int) -> bytes:
    """A grey PNG without an imaging library."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def posters(ws: Path | None, out: Path, *extra: str):
    args = (["-w", str(ws)] if ws else []) + ["posters", "-o", str(out), "--date", DATE, *extra]
    return run_cli(*args)


# --- posters -------------------------------------------------------------------

def test_every_sample_enterprise_gets_a_poster_with_its_industry_criteria(tmp_path):
    result = posters(None, tmp_path)
    assert result.returncode == 0, result.stderr
    files = sorted((tmp_path / "判定标准海报").glob("*.docx"))
    assert len(files) >= 20
    explosives = texts(tmp_path / "判定标准海报" / "某市民爆器材有限公司.docx")
    trade = texts(tmp_path / "判定标准海报" / "某市钢铁集团有限公司.docx")
    civil = sample_criteria("民爆")
    assert_in_order(explosives, [civil.title, civil.lead_in] + [i.text for i in civil.items])
    assert_in_order(explosives, [civil.items[4].text, "注1：管理严重缺失", "注2：安全防护", civil.items[5].text])
    assert_in_order(explosives, ["隐患举报", "本企业电话：0434-3311001", "某市工业和信息化局举报电话：0434-3200000",
                                 "张贴单位：某市民爆器材有限公司", f"张贴日期：{DATE}"])
    assert "工贸企业重大事故隐患判定标准" not in "".join(explosives)
    industry = sample_criteria("工贸")
    assert_in_order(trade, [industry.title, "第三条"] + [i.text for i in industry.items] + ["某市钢铁集团有限公司"])
    assert "（一）" in "".join(trade)
    merged = texts(tmp_path / "判定标准海报（合并打印）.docx")
    names = [p for p in merged if p.startswith("张贴单位：")]
    assert len(names) == len(files)
    assert "样稿" in result.stderr


def test_sample_mark_exactly_when_not_verified(workspace, tmp_path):
    path = workspace / "inputs" / "判定标准" / "民爆.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("已核对: 否", "已核对: 是"), encoding="utf-8")
    result = posters(workspace, tmp_path)
    assert result.returncode == 0, result.stderr
    verified = "".join(texts(tmp_path / "判定标准海报" / "某市民爆器材有限公司.docx"))
    unverified = "".join(texts(tmp_path / "判定标准海报" / "某市钢铁集团有限公司.docx"))
    assert "样稿" not in verified
    assert "样稿" in unverified


def test_posters_are_one_page_each_in_libreoffice(soffice, tmp_path):
    result = posters(None, tmp_path)
    assert result.returncode == 0, result.stderr
    count = len(list((tmp_path / "判定标准海报").glob("*.docx")))
    assert pdf_pages(soffice, tmp_path / "判定标准海报（合并打印）.docx", tmp_path) == count
    assert pdf_pages(soffice, tmp_path / "判定标准海报" / "某市民爆器材有限公司.docx", tmp_path) == 1


def long_criteria(items: int, chars: int) -> dict:
    groups = []
    for g in range(8):
        groups.append({"标题": f"第{'三四五六七八九十'[g]}条　类别{g + 1}",
                       "导语": "有下列情形之一的，应当判定为重大事故隐患：",
                       "条目": [{"序号": f"（{n}）",
                                 "内容": ("未按照规定设置安全设施且未采取有效管控措施" * 9)[:chars] + "的；"}
                              for n in range(1, items // 8 + 1)]})
    return {"标题": "工贸企业重大事故隐患判定标准", "文号": "应急管理部令第10号", "发布机关": "应急管理部",
            "发布日期": "2023-04-14", "适用行业": "工贸", "已核对": "是",
            "导语": "工贸企业有下列情形之一的，应当判定为重大事故隐患：", "分组": groups}


def test_long_criteria_need_a_larger_sheet_and_fit_it(workspace, tmp_path, soffice):
    target = workspace / "inputs" / "判定标准" / "工贸.yaml"
    target.write_text(yaml.safe_dump(long_criteria(48, 40), allow_unicode=True, sort_keys=False), encoding="utf-8")
    small = posters(workspace, tmp_path / "a3", "--paper", "A3")
    assert small.returncode == 2
    assert "A3 纸张" in small.stderr and "--paper A2" in small.stderr and "判定标准/工贸.yaml" in small.stderr
    big = posters(workspace, tmp_path / "a2", "--paper", "A2")
    assert big.returncode == 0, big.stderr
    poster = tmp_path / "a2" / "判定标准海报" / "某市钢铁集团有限公司.docx"
    body = texts(poster)
    assert sum(1 for t in body if re.match(r"（\d+）", t)) == 48
    assert pdf_pages(soffice, poster, tmp_path) == 1


def test_enterprise_list_option_with_awkward_names_and_hundreds(workspace, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["企业名称", "行业", "地区", "主要负责人", "联系电话"])
    ws.append(["A&B <纺织> \"有限\" '公司' 🏭\u200b", "纺织", "某区", "张三", "123"])
    for n in range(2, 301):
        ws.append([f"企业{n:03d}", "民爆销售" if n % 3 else "机械", "某区", "李四", f"0434-{n:07d}"])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    result = posters(workspace, tmp_path / "out", "--enterprises", str(path))
    assert result.returncode == 0, result.stderr
    files = sorted((tmp_path / "out" / "判定标准海报").glob("*.docx"))
    assert len(files) == 300
    first = "".join(texts(files[0]))
    assert "A&B <纺织> \"有限\" '公司' 🏭" in first
    merged = Document(str(tmp_path / "out" / "判定标准海报（合并打印）.docx"))
    assert len(merged.sections) == 300


def test_enterprise_list_errors_name_the_cell(workspace, tmp_path):
    wb = Workbook()
    wb.active.append(["企业名称", "行业"])
    wb.active.append(["某公司", "餐饮"])
    wb.active.append([None, "冶金"])
    wb.save(workspace / "inputs" / "企业名单.xlsx")
    result = posters(workspace, tmp_path)
    assert result.returncode == 2
    assert "企业名单.xlsx 工作表“Sheet” 单元格 B2，字段“行业”，值“餐饮”：无法识别的行业" in result.stderr
    assert "单元格 A3" in result.stderr and "企业名称" in result.stderr
    assert not (tmp_path / "判定标准海报").exists()


def test_posters_are_deterministic(tmp_path):
    for out in ("one", "two"):
        assert posters(None, tmp_path / out).returncode == 0
    for name in ("判定标准海报（合并打印）.docx", "判定标准海报/北山水泥有限公司.docx"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_poster_size_and_type(tmp_path):
    assert posters(None, tmp_path, "--paper", "A2").returncode == 0
    doc = Document(str(tmp_path / "判定标准海报" / "某市民爆器材有限公司.docx"))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (420, 594)
    sizes = {r.font.size.pt for p in doc.paragraphs for r in p.runs if r.font.size}
    assert min(sizes) >= 14 * 0.85 - 0.5     # notes: never below the A2 floor's note size


# --- handbooks -----------------------------------------------------------------

# Handbooks and posters do not depend on --year: the shared `build --year 2025` serves.

def test_build_makes_the_three_handbooks_and_posters(sample_build):
    names = {p.name for p in (sample_build / "手册").glob("*.docx")}
    assert names == {"重大事故隐患判定标准手册.docx", "全员安全生产岗位责任手册.docx", "重大事故隐患自查自改手册.docx"}
    assert len(list((sample_build / "判定标准海报").glob("*.docx"))) >= 20


def test_criteria_handbook_lists_every_item_with_explanations_and_checks(sample_build):
    path = sample_build / "手册" / "重大事故隐患判定标准手册.docx"
    body = texts(path)
    civil, trade = sample_criteria("民爆"), sample_criteria("工贸")
    assert_in_order(body, [civil.title] + [i.text for i in civil.items] + [trade.title] + [i.text for i in trade.items])
    assert_in_order(body, ["营业执照", "【释义】", "检查内容", "检查方法", "判定", "整改要求", "营业执照、生产许可证"])
    doc = Document(str(path))
    header = doc.sections[-1].header.paragraphs[0].text
    assert header == "【样稿】重大事故隐患判定标准手册"
    xml = doc.element.xml
    assert 'TOC \\o "1-2"' in xml
    settings = zipfile.ZipFile(path).read("word/settings.xml").decode()
    assert "updateFields" in settings
    styles = [p.style.style_id for p in doc.paragraphs if p.text.startswith("二、民用爆炸物品行业")]
    assert styles == ["Contents1", "Heading1"]   # the contents line, then the heading itself
    assert [p.style.style_id for p in doc.paragraphs if p.text.startswith("（一）《民用爆炸")] == ["Contents2", "Heading2"]
    assert doc.sections[0].footer.is_linked_to_previous  # the cover has no page number
    assert doc.sections[-1].footer.paragraphs[0].text.strip().startswith("—")


def test_post_and_self_check_handbooks(sample_build):
    posts = texts(sample_build / "手册" / "全员安全生产岗位责任手册.docx")
    assert_in_order(posts, ["主要负责人（总经理）", "岗位职责", "（1）建立健全", "考核标准", "考核内容",
                            "带队检查重大事故隐患", "奖惩", "一线操作人员"])
    check = Document(str(sample_build / "手册" / "重大事故隐患自查自改手册.docx"))
    body = "\n".join(texts(sample_build / "手册" / "重大事故隐患自查自改手册.docx"))
    assert "主要负责人每月至少带队" in body and "全年不少于12次" in body
    forms = [t for t in check.tables if t.rows[0].cells[1].text == "检查部位"]
    assert len(forms) == 1 and len(forms[0].rows) == 13
    assert all(c.text == "" for r in forms[0].rows[1:] for c in r.cells)


def test_handbook_command_renders_a_clerks_yaml_with_image_and_reports_errors(workspace, tmp_path):
    png = tmp_path / "图.png"
    png.write_bytes(tiny_png(200, 100))
    book = tmp_path / "安全宣传手册.yaml"
    book.write_text("""标题: 安全宣传手册 & <测试>
单位: 某市工业和信息化局
行业: 工贸
章:
  - 标题: 宣传要点
    内容:
      - 第一段文字。
      - 图片: {文件: 图.png, 宽度: 80, 说明: 图1 示意}
    节:
      - 标题: 检查频次
        内容:
          - 检查频次:
""", encoding="utf-8")
    result = run_cli("-w", str(workspace), "handbook", str(book), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out" / "手册" / "安全宣传手册 & _测试_.docx"
    doc = Document(str(out))
    assert len(doc.inline_shapes) == 1
    body = "\n".join(texts(out))
    assert "一、宣传要点" in body and "（一）检查频次" in body and "每季度至少带队" in body
    assert "样稿" not in doc.sections[-1].header.paragraphs[0].text

    book.write_text("标题: 坏手册\n章:\n  - 标题: 一\n    内容:\n      - 图表: x\n      - 图片: {文件: 无.png}\n",
                    encoding="utf-8")
    bad = run_cli("-w", str(workspace), "handbook", str(book), "-o", str(tmp_path / "bad"))
    assert bad.returncode == 2
    assert "安全宣传手册.yaml 第5行，字段“内容”，值“图表”：无法识别的内容块" in bad.stderr
    assert "第6行，字段“文件”，值“无.png”：找不到图片文件" in bad.stderr


# --- import --------------------------------------------------------------------

def notice_flat(path: Path, criteria) -> None:
    """The civil-explosives layout: a notice, then the attachment with one flat list."""
    doc = Document()
    doc.add_paragraph(f"{criteria.issuer}关于印发《{criteria.title}》的通知")
    doc.add_paragraph(criteria.doc_number)
    doc.add_paragraph("各省、自治区、直辖市民爆行业主管部门：")
    doc.add_paragraph(f"现将《{criteria.title}》印发给你们，请遵照执行。")
    doc.add_paragraph(criteria.issuer)
    doc.add_paragraph("2024年12月3日")
    doc.add_paragraph("附件")
    doc.add_paragraph(criteria.title)
    doc.add_paragraph(criteria.lead_in)
    for item in criteria.items:
        p = doc.add_paragraph()
        p.add_run(f"{item.label}、")
        p.add_run(item.text[:5])          # Word splits runs anywhere
        p.add_run(item.text[5:])
        for n, note in enumerate(item.notes, start=1):
            doc.add_paragraph(f"　　注{n}：{note}")
    doc.save(str(path))


def notice_articles(path: Path) -> dict:
    """The industry-and-trade layout: articles 第X条, each with （一）（二） items."""
    doc = Document()
    doc.add_paragraph("工贸企业重大事故隐患判定标准")
    doc.add_paragraph("应急管理部令第10号")
    doc.add_paragraph("第一条　为了准确认定、及时消除工贸企业重大事故隐患，根据有关法律法规，制定本标准。")
    doc.add_paragraph("第二条　本标准适用于冶金、有色、建材、机械、轻工、纺织、烟草和商贸等工贸企业。")
    expected = {}
    for article, lead, items in (
        ("第三条", "工贸企业有下列情形之一的，应当判定为重大事故隐患：",
         ["未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查的；",
          "特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业的；",
          "金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格的。"]),
        ("第四条", "冶金企业有下列情形之一的，应当判定为重大事故隐患：",
         ["会议室、活动室、休息室、操作室等场所设置在铁水、钢水与液渣吊运影响范围内的；",
          "吊运熔融金属的起重机不符合冶金起重机的相关要求的。"]),
    ):
        doc.add_paragraph(f"{article}　{lead}")
        table = doc.add_table(rows=0, cols=1) if article == "第四条" else None
        for n, text in enumerate(items, start=1):
            label = "（" + "一二三四五"[n - 1] + "）"
            (table.add_row().cells[0] if table else doc).add_paragraph(f"{label}{text}")
        expected[article] = (lead, items)
    doc.add_paragraph("第十五条　本标准自2023年5月15日起施行。")
    doc.save(str(path))
    return expected


def test_import_round_trips_the_flat_notice(tmp_path):
    civil = sample_criteria("民爆")
    source = tmp_path / "民爆通知.docx"
    notice_flat(source, civil)
    result = run_cli("import-criteria", str(source), "-o", str(tmp_path / "民爆.yaml"))
    assert result.returncode == 0, result.stderr
    assert f"{len(civil.items)} 条" in result.stdout and "注 2 条" in result.stdout
    assert "各省、自治区" in result.stderr          # reported, not imported
    collector = Collector()
    imported = read_criteria(tmp_path / "民爆.yaml", Path("民爆.yaml"), collector)
    assert not collector.problems, collector.problems
    assert (imported.title, imported.doc_number, imported.issuer, imported.date, imported.lead_in) == \
           (civil.title, civil.doc_number, civil.issuer, civil.date, civil.lead_in)
    assert imported.industry == civil.industry and not imported.verified
    assert [(i.label, i.text, i.notes) for i in imported.items] == [(i.label, i.text, i.notes) for i in civil.items]


def test_import_round_trips_articles_and_reports_the_rest(tmp_path):
    source = tmp_path / "工贸.docx"
    expected = notice_articles(source)
    result = run_cli("import-criteria", str(source))
    assert result.returncode == 0, result.stderr
    assert "第十五条" in result.stderr and "第一条" in result.stderr
    collector = Collector()
    imported = read_criteria(tmp_path / "工贸.yaml", Path("工贸.yaml"), collector)
    assert not collector.problems, collector.problems
    assert imported.doc_number == "应急管理部令第10号" and imported.industry.value == "工贸"
    assert [g.title for g in imported.groups] == list(expected)
    assert [g.sectors for g in imported.groups] == [(), ("冶金",)]
    for group in imported.groups:
        lead, items = expected[group.title]
        assert group.lead_in == lead
        assert [i.text for i in group.items] == items
        assert group.items[0].label == "（一）"
    again = run_cli("import-criteria", str(source))
    assert again.returncode == 2 and "已存在" in again.stderr


def test_import_refuses_what_it_cannot_read(tmp_path):
    doc = tmp_path / "旧.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    assert "另存为" in run_cli("import-criteria", str(doc)).stderr
    empty = tmp_path / "空.docx"
    d = Document()
    d.add_paragraph("会议纪要")
    d.save(str(empty))
    result = run_cli("import-criteria", str(empty))
    assert result.returncode == 2 and "没有找到判定条目" in result.stderr
    assert not (tmp_path / "空.yaml").exists()


def test_criteria_from_excel(workspace, tmp_path):
    wb = Workbook()
    info = wb.active
    info.title = "基本信息"
    for row in (("字段", "值"), ("标题", "民用爆炸物品行业重大事故隐患判定标准"), ("适用行业", "民爆"),
                ("已核对", "是"),
                ("导语", "以下情形应当判定为重大事故隐患：")):
        info.append(row)
    items = wb.create_sheet("条目")
    items.append(["序号", "内容", "注", "释义"])
    items.append(["一", "证照不全的。", "注1：甲\n注2：乙", "释义甲"])
    items.append(["二", "未设机构的。", None, None])
    checks = wb.create_sheet("自查")
    checks.append(["序号", "检查内容", "检查方法", "判定", "整改要求"])
    checks.append(["一", "查证照", "查阅", "缺即是", "补办"])
    (workspace / "inputs" / "判定标准" / "民爆.yaml").unlink()
    wb.save(workspace / "inputs" / "判定标准" / "民爆.xlsx")
    result = run_cli("-w", str(workspace), "build", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    poster = "".join(texts(tmp_path / "判定标准海报" / "某市民爆器材有限公司.docx"))
    assert "证照不全的。" in poster and "注2：乙" in poster and "样稿" not in poster
    book = "\n".join(texts(tmp_path / "手册" / "重大事故隐患判定标准手册.docx"))
    assert "释义甲" in book and "查证照" in book


def test_criteria_errors_are_located(workspace, tmp_path):
    (workspace / "inputs" / "判定标准" / "工贸.yaml").write_text(
        "标题: 某标准\n适用行业: 餐饮\n已核对: 也许\n条目:\n  - 序号: 一\n    内容: 甲的。\n  - 序号: 二\n    注: 乙\n",
        encoding="utf-8")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    err = result.stderr
    assert "判定标准/工贸.yaml 第2行，字段“适用行业”，值“餐饮”：无法识别的行业" in err
    assert "第3行，字段“已核对”，值“也许”：应为“是”或“否”" in err
    assert "第7行，字段“内容”：必填，不能为空" in err


def test_awkward_text_in_criteria_survives_poster_and_handbook(workspace, tmp_path):
    path = workspace / "inputs" / "判定标准" / "民爆.yaml"
    awkward = "A&B <甲> \"乙\" '丙' {{ x }} {% if %} 🧨\u200b"
    text = path.read_text(encoding="utf-8").replace(
        "内容: 因外部因素影响致使生产经营单位自身难以排除且构成重大风险的。",
        f"内容: '{awkward.replace(chr(39), chr(39) * 2)}的。'")
    path.write_text(text, encoding="utf-8")
    result = run_cli("-w", str(workspace), "build", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert awkward + "的。" in "".join(texts(tmp_path / "判定标准海报" / "某市民爆器材有限公司.docx"))
    assert awkward + "的。" in "".join(texts(tmp_path / "手册" / "重大事故隐患判定标准手册.docx"))


def test_handbooks_are_deterministic(tmp_path):
    for out in ("one", "two"):
        assert run_cli("build", "-o", str(tmp_path / out)).returncode == 0
    for book in (tmp_path / "one" / "手册").glob("*.docx"):
        assert book.read_bytes() == (tmp_path / "two" / "手册" / book.name).read_bytes()


def test_import_reads_word_numbering_and_tables(tmp_path):
    """Two more layouts seen in notices: items numbered by Word itself, and a table
    序号 | 情形."""
    doc = Document()
    doc.add_paragraph("某行业重大事故隐患判定标准（民爆）")
    doc.add_paragraph("以下情形应当判定为重大事故隐患：")
    for text in ("甲情形的。", "乙情形的。"):
        doc.add_paragraph(text, style="List Number")
    doc.add_paragraph("注：乙情形的说明。")
    table = doc.add_table(rows=0, cols=2)
    for label, text in (("三", "丙情形的。"), ("四", "丁情形的。")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, text
    source = tmp_path / "自动编号.docx"
    doc.save(str(source))
    result = run_cli("import-criteria", str(source))
    assert result.returncode == 0, result.stderr
    assert "自动编号" in result.stderr
    collector = Collector()
    imported = read_criteria(tmp_path / "自动编号.yaml", Path("x"), collector)
    assert not collector.problems, collector.problems
    assert [(i.label, i.text) for i in imported.items] == [("一", "甲情形的。"), ("二", "乙情形的。"),
                                                          ("三", "丙情形的。"), ("四", "丁情形的。")]
    assert imported.items[1].notes == ("乙情形的说明。",)


def test_trade_enterprises_post_the_general_articles_and_their_own_sector(workspace, tmp_path):
    data = long_criteria(16, 20)
    data["分组"][1]["适用"] = "冶金"
    data["分组"][2]["适用"] = "机械"
    data["分组"] = data["分组"][:4]
    target = workspace / "inputs" / "判定标准" / "工贸.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = posters(workspace, tmp_path)
    assert result.returncode == 0, result.stderr
    machinery = "\n".join(texts(tmp_path / "判定标准海报" / "某市重型机械有限公司.docx"))
    steel = "\n".join(texts(tmp_path / "判定标准海报" / "某市钢铁集团有限公司.docx"))
    food = "\n".join(texts(tmp_path / "判定标准海报" / "某市食品有限公司.docx"))
    assert "第三条" in machinery and "第五条" in machinery and "第六条" in machinery and "第四条" not in machinery
    assert "节选：适用于机械企业的条款" in machinery
    assert "第四条" in steel and "第五条" not in steel
    assert "第四条" not in food and "第五条" not in food and "第三条" in food
    book = run_cli("-w", str(workspace), "build", "-o", str(tmp_path / "all"))
    assert book.returncode == 0, book.stderr
    handbook = "\n".join(texts(tmp_path / "all" / "手册" / "重大事故隐患判定标准手册.docx"))
    assert all(f"第{n}条" in handbook for n in "三四五六")   # the handbook keeps every article


def test_enterprise_without_criteria_for_its_industry_is_named_at_its_cell(workspace, tmp_path):
    (workspace / "inputs" / "判定标准" / "民爆.yaml").unlink()
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    assert ("企业名单.xlsx 工作表“企业名单” 单元格 B2，字段“行业”，值“民爆生产”："
            "属于民爆行业，但 判定标准/ 文件夹中没有") in result.stderr
