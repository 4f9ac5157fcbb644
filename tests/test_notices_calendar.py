"""Public notices, the 督办台账, the duty calendar (.xlsx/.ics) and `wuhua status`."""
import datetime as dt
import json

import icalendar
import openpyxl
import pytest
from docx import Document

from tests.conftest import run_cli
from tests.test_summary import ledger_rows

AS_OF = "2025-12-10"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = run_cli("build", "-o", str(out), "--year", "2026", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    return out


def open_major_by_enterprise(rows):
    out = {}
    for r in rows:
        if r["等级"] == "重大" and r["状态"] != "已销号":
            out.setdefault(r["企业"], set()).add(r["隐患编号"])
    return out


def test_each_notice_lists_exactly_the_open_major_hazards(built):
    expected = open_major_by_enterprise(ledger_rows())
    notices = sorted((built / "重大事故隐患公示").glob("*.docx"))
    assert len(notices) == len(expected) >= 3
    seen = set()
    for path in notices:
        doc = Document(path)
        enterprise = doc.paragraphs[1].text
        seen.add(enterprise)
        assert doc.paragraphs[0].text == "重大事故隐患清单公示"
        assert path.name.endswith(f"{enterprise}.docx")
        table = doc.tables[0]
        assert [c.text for c in table.rows[0].cells][:4] == ["序号", "隐患编号", "部位", "隐患描述"]
        numbers = {r.cells[1].text for r in table.rows[1:]}
        assert numbers == expected[enterprise]
        sig = [p.text for p in doc.paragraphs if p.style.style_id == "Signature"]
        assert sig[0] == enterprise
    assert seen == set(expected)


def test_notice_shows_progress_and_the_hotline(built):
    doc = Document(next((built / "重大事故隐患公示").glob("*某市民爆物品销售有限公司.docx")))
    row = doc.tables[0].rows[1]
    assert row.cells[8].text == "已验收（孙强，2025年10月28日），待销号"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "0434-3200000" in text
    assert "已整改并销号" not in text          # its closed major hazard dates from 2024
    doc = Document(next((built / "重大事故隐患公示").glob("*某市纺织有限公司.docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert ("2025年以来，本单位已整改并销号重大事故隐患1项："
            "干式除尘系统未采取泄爆、隔爆等防爆措施（2025年8月5日销号）") in text


def test_supervision_ledger_lists_open_majors_overdue_first(built):
    wb = openpyxl.load_workbook(built / "重大事故隐患督办台账.xlsx")
    ws = wb.active
    assert "截至2025年12月10日" in ws["A1"].value
    headers = [c.value for c in ws[2]]
    rows = [dict(zip(headers, r, strict=True)) for r in ws.iter_rows(min_row=3, values_only=True) if r[0]]
    expected = set().union(*open_major_by_enterprise(ledger_rows()).values())
    assert {r["隐患编号"] for r in rows} == expected
    overdue = [r["逾期天数"] or 0 for r in rows]
    assert overdue == sorted(overdue, reverse=True) and overdue[0] > 0
    # Only a hazard still under rectification can be overdue: YH2025-016 was due 2025-11-30.
    assert rows[0]["隐患编号"] == "YH2025-016" and rows[0]["逾期天数"] == 10
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$2:$2"
    stats = wb["分企业统计"]
    ledger = ledger_rows()
    total = [r for r in stats.iter_rows(min_row=3, values_only=True) if r[1] == "合计"][0]
    assert total[3:8] == (len(ledger), sum(r["等级"] == "重大" for r in ledger),
                          sum(r["状态"] == "已销号" for r in ledger), sum(r["状态"] != "已销号" for r in ledger),
                          len(expected))


def test_ics_parses_and_holds_the_expected_events(built):
    cal = icalendar.Calendar.from_ical((built / "2026年机制化工作日历.ics").read_bytes())
    events = cal.walk("VEVENT")
    by_day = {}
    for e in events:
        by_day.setdefault(e.decoded("dtstart"), []).append(str(e["summary"]))
    summaries = [s for v in by_day.values() for s in v]
    monthly = [s for s in summaries if "督促民爆生产经营单位主要负责人带队检查" in s]
    assert len(monthly) == 12
    quarterly = [s for s in summaries if "其他行业企业主要负责人带队检查" in s]
    assert len(quarterly) == 4
    drills = [s for s in summaries if "疏散逃生演练" in s]
    assert len(drills) == 2
    assert any("报送2026年上半年治本攻坚工作总结" in s for s in by_day[dt.date(2026, 6, 10)])
    assert any("报送2026年下半年治本攻坚工作总结" in s for s in by_day[dt.date(2026, 12, 10)])
    assert any("任务18时间节点：全部依法建队" in s for s in by_day[dt.date(2026, 12, 31)])
    assert any("2026年底目标" in s for s in by_day[dt.date(2026, 12, 31)])
    # All-day events, unique and deterministic ids, a reminder each.
    assert all(type(e.decoded("dtstart")) is dt.date for e in events)
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert {e.decoded("dtstamp") for e in events} == {dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)}
    assert all(e.walk("VALARM") for e in events)


def test_days_off_are_flagged(built):
    cal = icalendar.Calendar.from_ical((built / "2026年机制化工作日历.ics").read_bytes())
    by_day = {}
    for e in cal.walk("VEVENT"):
        by_day.setdefault(e.decoded("dtstart"), []).append(e)
    # 2026-01-31 is a Saturday; 2026-02-28 is a Saturday made a working day (春节调休).
    jan = by_day[dt.date(2026, 1, 31)][0]
    assert str(jan["summary"]).startswith("【休息日】")
    assert "建议在2026年1月30日前办结" in str(jan["description"])
    assert not str(by_day[dt.date(2026, 2, 28)][0]["summary"]).startswith("【休息日】")
    wb = openpyxl.load_workbook(built / "2026年机制化工作日历.xlsx")
    ws = wb.active
    rows = {(r[1].date(), r[3]): r for r in ws.iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)}
    jan_row = next(r for (d, _), r in rows.items() if d == dt.date(2026, 1, 31))
    assert jan_row[7] == "周六" and jan_row[8].date() == dt.date(2026, 1, 30)
    feb_row = next(r for (d, _), r in rows.items() if d == dt.date(2026, 2, 28))
    assert feb_row[7] in (None, "")


def test_years_without_holiday_data_still_flag_weekends():
    from generator.holidays import coverage_note, day_off

    assert day_off(dt.date(2030, 1, 5)) == "周六"
    assert day_off(dt.date(2030, 1, 7)) is None
    assert "2030" in coverage_note(2030) and coverage_note(2026) is None
    assert day_off(dt.date(2026, 10, 1)) == "国庆节假期"


def test_outputs_are_deterministic(tmp_path, built):
    result = run_cli("build", "-o", str(tmp_path), "--year", "2026", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    for name in ["2025年下半年工作总结.docx", "重大事故隐患督办台账.xlsx", "2026年机制化工作日历.ics",
                 "2026年机制化工作日历.xlsx"]:
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name


def test_calendar_command_writes_both_files(tmp_path):
    result = run_cli("calendar", "--year", "2025", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "到期日落在周末或节假日" in result.stdout
    cal = icalendar.Calendar.from_ical((tmp_path / "2025年机制化工作日历.ics").read_bytes())
    assert any("2025年底目标" in str(e["summary"]) for e in cal.walk("VEVENT"))
    assert (tmp_path / "2025年机制化工作日历.xlsx").is_file()


def test_status_lists_overdue_and_due_soon():
    result = run_cli("status", "--as-of", "2025-12-01")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    overdue, soon = out.split("■ 已逾期")[1].split("■ 14 天内到期")
    assert "YH2025-016" in overdue and "逾期1天" in overdue
    assert "报送2025年下半年治本攻坚工作总结" in soon
    assert "YH2025-019" in soon and "YH2025-019" not in overdue
    assert "类别" in out and "期限" in out


def test_status_is_zero_even_when_nothing_is_due():
    result = run_cli("status", "--as-of", "2027-06-01", "--days", "3")
    assert result.returncode == 0, result.stderr
    assert "无" in result.stdout


def test_status_bad_date():
    result = run_cli("status", "--as-of", "2025-13-01")
    assert result.returncode == 2
    assert "没有13月" in result.stderr


def test_rendering_in_libreoffice(built, soffice, tmp_path):
    import subprocess

    summary = built / "2025年下半年工作总结.docx"
    notice = next((built / "重大事故隐患公示").glob("*.docx"))
    for i, src in enumerate((summary, notice)):
        (tmp_path / f"{i}.docx").write_bytes(src.read_bytes())
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(tmp_path / "0.docx"), str(tmp_path / "1.docx")],
                   check=True, capture_output=True, timeout=300)
    from pypdf import PdfReader

    pages = PdfReader(tmp_path / "0.pdf").pages
    assert len(pages) >= 4
    assert pages[0].mediabox.width < pages[0].mediabox.height          # the summary: portrait
    assert pages[-1].mediabox.width > pages[-1].mediabox.height        # its attachment: landscape
    assert "任务推进情况表" in "".join(p.extract_text() for p in pages if p.mediabox.width > p.mediabox.height)
    notice_pages = PdfReader(tmp_path / "1.pdf").pages
    assert "重大事故隐患清单公示" in notice_pages[0].extract_text()


def test_markup_and_odd_characters_in_the_ledger(workspace, tmp_path):
    (workspace / "inputs" / "隐患台账.xlsx").unlink()
    (workspace / "inputs" / "企业名单.xlsx").unlink()     # it does not list the odd enterprise
    nasty = "检查 & 隐患排查 <整改> \"引号\" '单引号' 😀 零宽\u200b字符\x07"
    (workspace / "inputs" / "隐患台账.yaml").write_text(
        "隐患:\n"
        "  - 隐患编号: Z-1\n"
        "    企业: 某市<甲>&民爆公司\n"
        "    行业: 民爆\n"
        f"    隐患描述: {json.dumps(nasty, ensure_ascii=False)}\n"
        "    等级: 重大\n"
        "    来源: 举报\n"
        "    发现日期: 2025-11-01\n"
        "    整改措施: =SUM(A1:A9)\n"
        "    责任人: 张三\n"
        "    整改时限: 2025-11-20\n"
        "    状态: 整改中\n", encoding="utf-8")
    result = run_cli("-w", str(workspace), "build", "-o", str(tmp_path), "--as-of", "2025-12-10")
    assert result.returncode == 0, result.stderr
    assert "控制字符" in result.stderr
    notice = Document(next((tmp_path / "重大事故隐患公示").glob("*.docx")))
    assert notice.paragraphs[1].text == "某市<甲>&民爆公司"
    cell = notice.tables[0].rows[1].cells[3].text
    assert cell == nasty.replace("\x07", "")
    ws = openpyxl.load_workbook(tmp_path / "重大事故隐患督办台账.xlsx").active
    row = [c.value for c in ws[3]]
    assert row[6] == "=SUM(A1:A9)" and ws.cell(3, 7).data_type == "s"
    assert row[13] == 20
