"""版头/版记 (inputs/发文.yaml) and the 印发通知: the fields refused with their line,
and the printed page measured on LibreOffice's PDF (GB/T 9704-2012 7.2, 7.3.5, 7.4)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest

from generator.model.issuing import DocNumber, parse_doc_number
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
PLAN_B = ROOT / "tests" / "data" / "plan_b"
FONTS_CONF = ROOT / "generator" / "writers" / "fonts" / "fonts.conf"
MM = 72 / 25.4
# GB/T 9704 type area on A4 portrait: 37 mm from the top, 28 mm from the left, 156 x 225 mm.
TOP, LEFT, WIDTH, HEIGHT = 37.0, 28.0, 156.0, 225.0
RED = (1.0, 0.0, 0.0)

NOTICE = "2025年度任务清单印发通知.docx"


# --- 发文字号 and the other fields ---------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("某工信发〔2025〕3号", DocNumber("某工信发", 2025, 3)),
    ("州经信安〔2026〕127号", DocNumber("州经信安", 2026, 127)),
    (" 某工信发〔2025〕 12号", DocNumber("某工信发", 2025, 12)),
])
def test_document_numbers_as_the_standard_writes_them(text, expected):
    assert parse_doc_number(text) == expected
    assert str(parse_doc_number(text)) == str(expected)


@pytest.mark.parametrize("text, reason", [
    ("某工信发[2025]3号", "六角括号"),
    ("某工信发（2025）3号", "六角括号"),
    ("某工信发【2025】3号", "六角括号"),
    ("某工信发3号", "年份"),
    ("〔2025〕3号", "机关代字"),
    ("某工信发〔2025〕03号", "虚位"),
    ("某工信发〔2025〕第3号", "第"),
    ("某工信发〔2025〕号", "顺序号"),
    ("某工信发〔2025〕3", "“号”"),
])
def test_document_numbers_not_in_the_standard_form_are_refused_saying_why(text, reason):
    with pytest.raises(ValueError) as info:
        parse_doc_number(text)
    assert reason in str(info.value)
    assert "某工信发〔2025〕3号" in str(info.value)      # the example of what is allowed


def _write_issuing(ws: Path, text: str) -> None:
    (ws / "inputs" / "发文.yaml").write_text(text, encoding="utf-8")


BAD = """发文机关标志: 某某自治州经济和信息化委员会安全生产委员会办公室文件
印发机关: 某市工业和信息化局办公室
紧急程度: 急件
印发通知:
  发文字号: 某工信发[2025]1号
  成文日期: 2025年1月10日
  抄送: 市应急管理局
  签收人: 张三
"""


def test_check_and_build_name_every_letterhead_problem_with_its_line(workspace: Path, tmp_path: Path):
    _write_issuing(workspace, BAD)
    out = workspace / "output"
    out.mkdir()
    (out / "留着.txt").write_text("clerk's file", encoding="utf-8")
    check = run_cli("-w", str(workspace), "check")
    build = run_cli("-w", str(workspace), "build", "--year", "2025")
    assert check.returncode == 2 and build.returncode == 2, (check.stdout, check.stderr)
    for result in (check, build):
        text = result.stdout + result.stderr
        assert "Traceback" not in text
        for line, field, words in ((1, "发文机关标志", "太长"), (3, "紧急程度", "特急或加急"),
                                   (5, "发文字号", "六角括号"), (8, "签收人", "未知的字段")):
            found = [row for row in text.splitlines() if "发文.yaml" in row and f"第{line}行" in row]
            assert found, (line, text)
            assert field in found[0] and words in found[0], found[0]
    # check and build say the same
    assert sorted(r for r in check.stdout.splitlines() + check.stderr.splitlines() if "发文.yaml" in r) == \
        sorted(r for r in build.stdout.splitlines() + build.stderr.splitlines() if "发文.yaml" in r)
    assert (out / "留着.txt").read_text(encoding="utf-8") == "clerk's file"
    assert not (out / NOTICE).exists()


def test_a_number_of_another_year_than_its_date_is_refused(workspace: Path):
    _write_issuing(workspace, "发文机关标志: 某市工业和信息化局文件\n印发机关: 某局办公室\n"
                              "印发通知:\n  发文字号: 某工信发〔2024〕9号\n  成文日期: 2025年1月10日\n")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    text = result.stdout + result.stderr
    assert "发文.yaml" in text and "第4行" in text and "2024" in text and "成文日期" in text


def test_last_years_number_for_a_later_list_leaves_the_notice_out_and_says_why(workspace: Path, tmp_path: Path):
    _write_issuing(workspace, "发文机关标志: 某市工业和信息化局文件\n印发机关: 某局办公室\n"
                              "印发通知:\n  发文字号: 某工信发〔2023〕9号\n  成文日期: 2023年12月1日\n")
    result = run_cli("-w", str(workspace), "build", "--year", "2025", "-o", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    said = result.stdout + result.stderr
    assert "某工信发〔2023〕9号" in said and "2025年度任务清单" in said and "未生成" in said
    assert not (tmp_path / "o" / NOTICE).exists()
    assert (tmp_path / "o" / "2025年度任务清单.docx").exists()


def test_a_date_left_blank_takes_the_build_day_and_must_match_the_number(workspace: Path, tmp_path: Path):
    import datetime as dt

    year = dt.date.today().year
    _write_issuing(workspace, "发文机关标志: 某市工业和信息化局文件\n印发机关: 某局办公室\n"
                              f"印发通知:\n  发文字号: 某工信发〔{year - 1}〕9号\n")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 0, result.stderr
    assert "发文字号" in result.stderr and "生成当天" in result.stderr and "未生成" in result.stderr


def test_without_issuing_file_there_is_no_notice_and_no_complaint(workspace: Path, tmp_path: Path):
    (workspace / "inputs" / "发文.yaml").unlink()
    result = run_cli("-w", str(workspace), "build", "--year", "2025", "-o", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "o" / NOTICE).exists()
    assert (tmp_path / "o" / "2025年度任务清单.docx").exists()


def test_notice_text_recipients_attachment_and_colophon_in_the_docx(sample_build: Path):
    doc = docx.Document(str(sample_build / NOTICE))
    texts = [p.text for p in doc.paragraphs]
    assert "某市工业和信息化局文件" in texts
    assert "某工信发〔2025〕1号" in texts
    assert "关于印发《2025年度安全生产治本攻坚任务清单》的通知" in "".join(texts).replace("\n", "")
    # 主送 the departments of 部门, in their order, ending with a full-width colon
    recipient = next(t for t in texts if t.endswith("："))
    assert recipient.startswith("办公室、人事教育科、安全生产科") and recipient.endswith("政策法规科：")
    assert "附件：2025年度安全生产治本攻坚任务清单" in texts
    assert "2025年1月10日" in texts
    assert "附件" in texts           # the attachment's label
    table_text = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "重点任务" in table_text  # the list itself is in the file
    assert "抄送：市安委会办公室，市应急管理局。" in table_text
    assert any(t.startswith("某市工业和信息化局办公室") and t.endswith("2025年1月10日印发") for t in table_text)


# --- measured on the PDF --------------------------------------------------------------

def _pdf(soffice: str, docx_path: Path, outdir: Path) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    subprocess.run([soffice, f"-env:UserInstallation=file://{outdir / '.profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(docx_path)],
                   capture_output=True, timeout=600, check=True, env=env)
    return outdir / (docx_path.stem + ".pdf")


def _line_of(page, text: str) -> list[dict]:
    """The characters of the first text line containing `text`."""
    lines = page.extract_text_lines(return_chars=True)
    for line in lines:
        if text in _plain(line["text"]):
            return [c for c in line["chars"] if c["text"].strip()]
    raise AssertionError(f"{text!r} not on the page: {[x['text'] for x in lines]}")


def _plain(text: str | None) -> str:
    """Page text without the spaces pdfplumber puts between Chinese and Latin runs."""
    return (text or "").replace(" ", "")


def _rules(page) -> list[dict]:
    """Horizontal rules wider than 100 mm: stroked lines, thin rects."""
    out = []
    for item in page.lines + page.rects:
        if abs(item["bottom"] - item["top"]) < 2 and item["x1"] - item["x0"] > 100 * MM:
            out.append(item)
    return out


def _mm(value: float) -> float:
    return value / MM


def _colour(item, key: str):
    value = item.get(key)
    return tuple(round(float(v), 2) for v in value) if value is not None else None


def _check_letterhead(page, mark: str, number: str, lines_above: int = 0) -> dict:
    chars = _line_of(page, mark)
    assert "".join(c["text"] for c in chars).strip() == mark
    # red, one line, centred in the type area, within it
    assert all(_colour(c, "non_stroking_color") == RED for c in chars)
    x0, x1 = _mm(min(c["x0"] for c in chars)), _mm(max(c["x1"] for c in chars))
    assert x0 >= LEFT - 0.5 and x1 <= LEFT + WIDTH + 0.5
    assert abs((x0 + x1) / 2 - (LEFT + WIDTH / 2)) < 1.0
    # 7.2.4: top edge 35 mm below the top of the type area
    top = _mm(min(c["top"] for c in chars))
    assert abs(top - (TOP + 35)) <= 1.0, top
    # the 发文字号 below it, and the red line 4 mm under the number, as wide as the type area
    number_chars = _line_of(page, number[-3:])
    number_bottom = _mm(max(c["bottom"] for c in number_chars))
    assert number_bottom > _mm(max(c["bottom"] for c in chars)) + 15
    red = [r for r in _rules(page) if _colour(r, "stroking_color") == RED or _colour(r, "non_stroking_color") == RED]
    assert red, "no red rule on the first page"
    rule = red[0]
    assert abs(_mm(rule["top"]) - number_bottom - 4) <= 1.0, (_mm(rule["top"]), number_bottom)
    assert abs(_mm(rule["x0"]) - LEFT) <= 0.5 and abs(_mm(rule["x1"] - rule["x0"]) - WIDTH) <= 0.5
    # nothing black above the rule but the number and the optional 密级/紧急程度 lines
    return {"size": chars[0]["size"], "rule": _mm(rule["top"]), "number_chars": number_chars}


def _check_colophon(page, texts: list[str]) -> None:
    rules = sorted(_rules(page), key=lambda r: r["top"])
    assert len(rules) >= 2
    for r in rules:
        assert _colour(r, "stroking_color") in (None, (0.0, 0.0, 0.0), (0.0,))
        assert abs(_mm(r["x0"]) - LEFT) <= 0.5 and abs(_mm(r["x1"] - r["x0"]) - WIDTH) <= 0.5
    # 7.4.1: the last rule on the bottom edge of the type area; first and last thicker
    assert abs(_mm(rules[-1]["top"]) - (TOP + HEIGHT)) <= 1.0, _mm(rules[-1]["top"])
    widths = [r.get("linewidth", 0) for r in rules]
    assert widths[0] == widths[-1] and all(w < widths[0] for w in widths[1:-1])
    body = _plain(page.extract_text())
    for text in texts:
        assert text in body
    # between the rules, 4号 (14 pt), and nothing else on the page
    words = page.extract_words(extra_attrs=["size"])
    assert all(abs(w["size"] - 14) < 0.1 for w in words)
    assert all(_mm(rules[0]["top"]) < _mm(w["top"]) < _mm(rules[-1]["top"]) for w in words)


def test_sample_notice_measured_on_the_pdf(soffice, sample_build: Path, tmp_path: Path):
    pdf = pdfplumber.open(_pdf(soffice, sample_build / NOTICE, tmp_path / "pdf"))
    first = pdf.pages[0]
    found = _check_letterhead(first, "某市工业和信息化局文件", "某工信发〔2025〕1号")
    assert 30 <= found["size"] <= 42
    # the number centred
    n = found["number_chars"]
    assert abs((_mm(n[0]["x0"]) + _mm(n[-1]["x1"])) / 2 - (LEFT + WIDTH / 2)) < 1.5
    # the title below the red line (two blank lines)
    title = _line_of(first, "关于印发")
    assert _mm(title[0]["top"]) - found["rule"] > 15
    # 成文日期 (7.3.5): its right end four characters (3号) in from the type area's right edge
    page_with_date = next(p for p in pdf.pages if "2025年1月10日" in _plain(p.extract_text())
                          and "印发" not in _plain(p.extract_text()))
    date = _line_of(page_with_date, "2025年1月10日")
    right = _mm(max(c["x1"] for c in date))
    assert abs((LEFT + WIDTH) - right - 4 * 16 / MM) <= 1.5, right
    signature = _line_of(page_with_date, "某市工业和信息化局")
    assert _mm(signature[0]["top"]) < _mm(date[0]["top"])
    # the attachment on landscape pages, labelled, page numbers continuing
    attachment = next(i for i, p in enumerate(pdf.pages) if _plain(p.extract_text()).startswith("附件"))
    page = pdf.pages[attachment]
    assert page.width > page.height
    assert "2025年度安全生产治本攻坚任务清单" in _plain(page.extract_text())
    assert f"—{attachment + 1}—" in _plain(page.extract_text())
    # 版记 on the last page, without page number
    last = pdf.pages[-1]
    assert last.width < last.height
    _check_colophon(last, ["抄送：市安委会办公室，市应急管理局。", "某市工业和信息化局办公室", "2025年1月10日印发"])
    assert "—" not in last.extract_text()


OTHER = """发文机关标志: 某某自治州经济和信息化委员会文件
印发机关: 州经济和信息化委员会综合科
紧急程度: 特急

印发通知:
  发文字号: 州经信发〔2025〕27号
  成文日期: 2025-02-03
  签发人: 李四
  主送:
    - 综合科
    - 产业发展科
    - 应急管理办公室
  抄送:
    - 州人民政府办公室
    - 州安全生产委员会办公室
    - 州应急管理局
    - 州市场监督管理局
    - 各县市工业和信息化主管部门
"""


def test_another_office_long_mark_and_wrapped_colophon_measured(soffice, tmp_path: Path):
    ws = tmp_path / "b"
    shutil.copytree(PLAN_B, ws / "inputs", ignore=shutil.ignore_patterns("xlsx"))
    _write_issuing(ws, OTHER)
    out = tmp_path / "out"
    result = run_cli("-w", str(ws), "build", "--year", "2025", "-o", str(out))
    assert result.returncode == 0, result.stderr
    notice = out / "2025年度任务清单印发通知.docx"
    doc = docx.Document(str(notice))
    texts = [p.text for p in doc.paragraphs]
    assert "综合科、产业发展科、应急管理办公室：" in texts
    pdf = pdfplumber.open(_pdf(soffice, notice, tmp_path / "pdf"))
    first = pdf.pages[0]
    # 特急 flush left on the first line of the type area, 3号
    urgency = _line_of(first, "特急")
    assert abs(_mm(urgency[0]["x0"]) - LEFT) <= 0.5 and abs(_mm(urgency[0]["top"]) - TOP) <= 3
    found = _check_letterhead(first, "某某自治州经济和信息化委员会文件", "州经信发〔2025〕27号")
    assert found["size"] < 30          # 16 characters: smaller than the sample's mark
    # 上行文 form with 签发人: the number one character in from the left, 签发人 at the right
    n = found["number_chars"]
    assert abs(_mm(n[0]["x0"]) - (LEFT + 16 / MM)) <= 1.0
    signer = _line_of(first, "签发人")
    assert abs(_mm(max(c["x1"] for c in signer)) - (LEFT + WIDTH - 16 / MM)) <= 1.0
    assert "李四" in "".join(c["text"] for c in signer)
    _check_colophon(pdf.pages[-1], ["抄送：州人民政府办公室", "各县市工业和信息化主管部门。",
                                    "州经济和信息化委员会综合科", "2025年2月3日印发"])
    # the 抄送 wrapped: its second line starts under the first name, after “抄送：”
    lines = [x for x in pdf.pages[-1].extract_text_lines(return_chars=True)]
    first_line = next(x for x in lines if _plain(x["text"]).startswith("抄送"))
    second = lines[lines.index(first_line) + 1]
    name_start = _mm(first_line["chars"][3]["x0"])
    assert abs(_mm(second["chars"][0]["x0"]) - name_start) <= 1.0
