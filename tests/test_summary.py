"""半年工作总结: figures equal those computed here independently from the inputs;
placeholders appear exactly where data is missing."""
import datetime as dt
import re

import openpyxl
import pytest
import yaml
from docx import Document

from tests.conftest import SAMPLE, run_cli

H2_START, H2_END, DATE = dt.date(2025, 7, 1), dt.date(2025, 12, 31), dt.date(2025, 12, 10)


def _d(v):
    return v.date() if isinstance(v, dt.datetime) else v


def ledger_rows(folder=SAMPLE):
    wb = openpyxl.load_workbook(folder / "隐患台账.xlsx")
    ws = wb["隐患台账"]
    headers = [c.value for c in ws[2]]
    return [dict(zip(headers, (_d(v) for v in r), strict=True))
            for r in ws.iter_rows(min_row=3, values_only=True) if r[0]]


def expected_hazard_figures(rows):
    found = [r for r in rows if H2_START <= r["发现日期"] <= H2_END]
    closed = [r for r in found if r["销号日期"] and r["销号日期"] <= H2_END]
    out = {
        "found": len(found),
        "major": sum(r["等级"] == "重大" for r in found),
        "civil": sum("民爆" in r["行业"] for r in found),
        "rectified": sum(r["状态"] != "整改中" for r in found),
        "closed": len(closed),
        "rate": round(100 * len(closed) / len(found), 1),
    }
    open_major = [r for r in rows if r["等级"] == "重大" and r["发现日期"] <= H2_END
                  and not (r["销号日期"] and r["销号日期"] <= H2_END)]
    out["open_major"] = len(open_major)
    out["open_civil"] = sum("民爆" in r["行业"] for r in open_major)
    return out


def expected_task_figures():
    """Tasks of 2025 (deadline in or after 2025, or recurring/standing), state at 2025-12-10
    from the latest progress entry whose period has begun."""
    plan = yaml.safe_load((SAMPLE / "实施方案.yaml").read_text(encoding="utf-8"))
    deadlines = {}
    for action in plan["行动"]:
        for t in action["任务"]:
            text = str(t["时限"])
            m = re.search(r"(\d{4})年(\d{1,2})月底", text) or re.search(r"(\d{4})年底", text)
            if m and m.re.pattern.startswith(r"(\d{4})年(\d"):
                y, mo = int(m.group(1)), int(m.group(2))
                deadlines[t["编号"]] = dt.date(y, mo, 30 if mo in (4, 6, 9, 11) else 31)
            elif m:
                deadlines[t["编号"]] = dt.date(int(m.group(1)), 12, 31)
            elif "三年内" in text:
                deadlines[t["编号"]] = dt.date(2026, 12, 31)
            else:
                deadlines[t["编号"]] = None
    tasks = [n for n, due in deadlines.items() if due is None or due.year >= 2025]
    wb = openpyxl.load_workbook(SAMPLE / "进展.xlsx")
    latest = {}
    for task, period, _text, status, *_ in wb["进展"].iter_rows(min_row=2, values_only=True):
        if task is None:
            continue
        year, half = int(period[:4]), int(period[-1])
        key = (year, half)
        if key <= (2025, 2) and (task not in latest or latest[task][0] < key):
            latest[task] = (key, status)
    counts = {"done": 0, "ongoing": 0, "late": 0}
    for n in tasks:
        status = latest.get(n, (None, "未启动"))[1]
        due = deadlines[n]
        if status == "已完成":
            counts["done"] += 1
        elif status == "滞后" or (due is not None and due < DATE):
            counts["late"] += 1
        else:
            counts["ongoing"] += 1
    counts["total"] = len(tasks)
    return counts


def body(path):
    return "\n".join(p.text for p in Document(path).paragraphs)


@pytest.fixture(scope="module")
def sample_summary(tmp_path_factory):
    out = tmp_path_factory.mktemp("summary")
    result = run_cli("summary", "--period", "2025H2", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out / "2025年下半年工作总结.docx"


def test_figures_equal_independent_computation(sample_summary):
    text = body(sample_summary)
    h = expected_hazard_figures(ledger_rows())
    rate = f"{h['rate']}".rstrip("0").rstrip(".") + "%"
    assert (f"新排查事故隐患{h['found']}项，其中重大事故隐患{h['major']}项、民爆行业隐患{h['civil']}项；"
            f"已整改{h['rectified']}项，已销号{h['closed']}项，销号率{rate}") in text
    assert f"尚未销号的重大事故隐患{h['open_major']}项（其中民爆行业{h['open_civil']}项）" in text
    t = expected_task_figures()
    assert (f"2025年度共有任务{t['total']}项，截至2025年12月10日，已完成{t['done']}项，推进中{t['ongoing']}项，"
            f"滞后{t['late']}项") in text
    # Figures the clerk gave in 总结/2025H2.yaml.
    assert "开展督导检查14次" in text and "培训覆盖率达到81%" in text and "组织安全教育培训146人次" in text



def test_overdue_major_hazards_are_named_with_their_days(sample_summary):
    """Recomputed from the ledger: major, still 整改中 at the summary's date (2025-12-10),
    整改时限 before it; the 督办台账's rule and order (longest overdue first)."""
    rows = [r for r in ledger_rows() if r["等级"] == "重大" and r["状态"] == "整改中"
            and r["整改时限"] and r["整改时限"] < DATE and r["发现日期"] <= H2_END]
    rows.sort(key=lambda r: (r["整改时限"], r["隐患编号"]))
    assert rows, "the sample has an overdue major hazard"
    items = "；".join(f"{r['企业']}“{r['隐患描述']}”（逾期{(DATE - r['整改时限']).days}天）" for r in rows)
    assert f"已列入督办台账跟踪整改。其中{len(rows)}项已超过整改期限：{items}。" in body(sample_summary)

def test_structure_follows_the_official_format(sample_summary):
    doc = Document(sample_summary)
    paras = [(p.style.style_id, p.text) for p in doc.paragraphs if p.text]
    # Two balanced lines broken between words (GB/T 9704 7.3.3), not 21 + 8 inside 治本攻坚.
    assert paras[0] == ("Title", "某市工业和信息化局2025年下半年\n安全生产治本攻坚工作总结")
    assert paras[1] == ("Recipient", "市安全生产治本攻坚三年行动工作专班：")
    assert paras[2][1].startswith("按照《全市工信系统安全生产治本攻坚三年行动实施方案（2024-2026年）》")
    assert paras[2][1].endswith("总结如下：")
    headings = [t for s, t in paras if s == "Heading1"]
    assert headings == ["一、主要工作及成效", "二、存在的问题", "三、下步工作打算"]
    actions = [t for s, t in paras if s == "Heading2"]
    assert actions[0] == "（一）开展全面深化落实“三管三必须”责任行动" and len(actions) >= 9
    signature = [t for s, t in paras if s == "Signature"]
    assert signature == ["某市工业和信息化局", "2025年12月10日"]
    assert ("Normal", "附件：2025年下半年任务推进情况表") in paras   # = the attachment's title
    # The attachment: its own landscape section, label, title and the task table.
    sections = doc.sections
    assert len(sections) == 2 and sections[1].page_width > sections[1].page_height
    assert ("AttachmentLabel", "附件") in paras
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "任务", "牵头部门", "时限", "本半年进展", "状态"]
    row6 = next(r for r in table.rows if r.cells[0].text == "6")
    assert row6.cells[4].text == "模板推广进度滞后，3家企业尚未完成修订。" and row6.cells[5].text == "滞后"


def test_progress_of_the_half_year_goes_under_its_action(sample_summary):
    text = body(sample_summary)
    paras = [p.text for p in Document(sample_summary).paragraphs]
    at = paras.index("（三）开展重大事故隐患判定标准体系提升行动")
    # Tasks 5 and 8 were due in 2024, so not 2025 tasks; 6 is late, 7 (长期) under way.
    assert paras[at + 1].startswith("本行动2项年度任务，推进中1项，滞后1项。一是模板推广进度滞后")
    # Entries of 2025H2 only: the 2025H1 entry of task 4 is not repeated.
    assert "举办培训班1期，参训97人，累计覆盖率81%。" in text
    assert "举办培训班2期，参训152人" not in text
    assert "一是将判定标准纳入培训考核内容，考核合格率98%。二是民爆企业全部建立外包外租单位管理制度。" in text


def test_next_deadlines_and_overdue_listed(sample_summary):
    text = body(sample_summary)
    assert "（二）2026年6月30日前到期的任务和时间节点" in text
    assert "任务6（落实民爆行业重大事故隐患判定标准），时限2025年底前，牵头部门民爆行业管理科。" in text
    assert "任务14时间节点：试点企业改造完成（2025年12月31日）" in text


def test_no_placeholders_when_everything_is_given(sample_summary):
    assert "【待补充" not in body(sample_summary)
    assert "【待补充" not in "".join(c.text for t in Document(sample_summary).tables for r in t.rows
                                     for c in r.cells)


def test_placeholders_exactly_where_data_is_missing(workspace, tmp_path):
    text_file = workspace / "inputs" / "总结" / "2025H2.yaml"
    data = text_file.read_text(encoding="utf-8")
    data = re.sub(r"^督导检查次数:.*$", "", data, flags=re.M)
    data = re.sub(r"^培训覆盖率:.*$", "", data, flags=re.M)
    data = data.split("存在的问题:")[0]      # no problems, no plans
    text_file.write_text(data, encoding="utf-8")
    (workspace / "inputs" / "隐患台账.xlsx").unlink()
    result = run_cli("-w", str(workspace), "summary", "--period", "2025H2", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    doc = Document(tmp_path / "2025年下半年工作总结.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    found = re.findall(r"【待补充：([^】]*)】", text)
    assert found == ["督导检查次数", "培训覆盖率", "隐患排查治理数据（未提供隐患台账）",
                     "存在的问题（请在 inputs/总结/2025H2.yaml 的“存在的问题”中填写）",
                     "下步工作打算（请在 inputs/总结/2025H2.yaml 的“下步工作打算”中填写）"]
    assert "开展督导检查【待补充：督导检查次数】次" in text
    # Given figures are still there; nothing is invented where data is missing.
    assert "实地专项指导服务2次" in text
    assert "销号率" not in text and "一是" not in text.split("二、存在的问题")[1].split("（二）")[0]
    # Placeholders are highlighted so the clerk sees them before printing.
    marked = [r for p in doc.paragraphs for r in p.runs if r.text.startswith("【待补充")]
    assert marked and all(r.font.highlight_color is not None for r in marked)
    assert "5 处【待补充：…】" in result.stdout


def test_without_text_file_the_default_date_is_the_due_date(workspace, tmp_path):
    (workspace / "inputs" / "总结" / "2025H2.yaml").unlink()
    result = run_cli("-w", str(workspace), "summary", "--period", "2025H1", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "没有找到" in result.stderr
    doc = Document(tmp_path / "2025年上半年工作总结.docx")
    sig = [p.text for p in doc.paragraphs if p.style.style_id == "Signature"]
    assert sig == ["某市工业和信息化局", "2025年6月10日"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "【待补充：督导检查次数】" in text and "【待补充：存在的问题" in text
    assert "（二）2025年12月31日前到期的任务和时间节点" in text


def test_bad_period_is_refused_in_chinese():
    result = run_cli("summary", "--period", "2025Q3")
    assert result.returncode == 2
    assert "2025H1（上半年）或 2025H2（下半年）" in result.stderr


def test_summary_text_errors_are_located(workspace):
    (workspace / "inputs" / "总结" / "2025H2.yaml").write_text(
        "督导检查次数: 很多\n培训覆盖率: 130%\n", encoding="utf-8")
    (workspace / "inputs" / "总结" / "2025年第三季度.yaml").write_text("存在的问题: 无\n", encoding="utf-8")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    err = result.stderr
    assert "2025H2.yaml 第1行，字段“督导检查次数”，值“很多”" in err
    assert "2025H2.yaml 第2行，字段“培训覆盖率”，值“130%”" in err
    assert "2025年第三季度.yaml：文件名应为半年" in err


def test_action_without_entries_gets_a_placeholder_there_only(workspace, tmp_path):
    path = workspace / "inputs" / "进展.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["进展"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == 29 and row[1].value == "2025H2":
            for cell in row:
                cell.value = None
    wb.save(path)
    result = run_cli("-w", str(workspace), "summary", "--period", "2025H2", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    paras = [p.text for p in Document(tmp_path / "2025年下半年工作总结.docx").paragraphs]
    at = paras.index("（九）开展安全素质提升行动")
    assert paras[at + 1].endswith("【待补充：本半年本行动的工作进展（进展数据中没有任务29在2025年下半年的记录）】")
    assert sum("【待补充" in p for p in paras) == 1
