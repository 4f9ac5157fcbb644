"""A wall chart whose tasks no single sheet holds legibly is printed on several sheets
of one paper (issue 12: “say so … rather than printing lines that overlap”; a county's
45 tasks used to get no wall chart at all). Measured on LibreOffice's PDF: each sheet
one A3 page, every task once, actions whole, one type size on every sheet, the sheet
named in its title and its note."""
from __future__ import annotations

import re
import shutil
from collections import Counter

import pdfplumber
import yaml
from docx import Document

from generator.model.values import cn_number
from tests.conftest import convert_to_pdf, run_cli
from tests.county_workspace import write_county_workspace
from tests.test_wall_labels import plan_of, shaped

WALL = "作战图（挂图）.docx"


def test_a_plan_no_sheet_holds_is_printed_on_several_sheets(tmp_path, soffice):
    ws = write_county_workspace(tmp_path / "county")
    out = tmp_path / "out"
    result = run_cli("-w", str(ws), "battlemap", "-o", str(out), "--as-of", "2026-07-15")
    assert result.returncode == 0, result.stderr
    told = re.search(r"作战图（挂图）一张纸排不下全部 45 项任务，分(\d)张A3纸（横向）：(.*?)；各张字号相同", result.stderr)
    assert told, result.stderr
    count = int(told.group(1))
    assert count == 2
    [pdf] = convert_to_pdf(soffice, [out / WALL], tmp_path / "pdf")
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == count                            # a page per sheet, none spilled
        seen, sizes, actions = Counter(), [], []
        for number, page in enumerate(doc.pages, 1):
            assert (round(page.width / 72 * 25.4), round(page.height / 72 * 25.4)) == (420, 297)
            text = page.extract_text().replace(" ", "")
            assert f"作战图（{cn_number(number)}）" in text
            assert f"本图共{count}张，可并排张贴；本张为第{number}张" in text
            words = page.extract_words()
            heads = [w for w in words if w["text"] == "序号"]
            assert len(heads) == 2                                 # the table's two halves
            numbers = [int(w["text"]) for w in words for h in heads
                       if w["top"] > h["bottom"] and re.fullmatch(r"\d+", w["text"])
                       and abs((w["x0"] + w["x1"]) / 2 - (h["x0"] + h["x1"]) / 2) < 8]
            seen.update(numbers)
            top = min(h["bottom"] for h in heads)
            sizes += {round(c["size"], 1) for c in page.chars if c["top"] > top and c["text"] == "组"}
            part = re.search(r"本张为第\d张：行动(\S+?)（任务(\d+)—(\d+)）", text)
            assert sorted(numbers) == list(range(int(part.group(2)), int(part.group(3)) + 1))
            actions.append(part.group(1))
        assert sorted(seen) == list(range(1, 46)) and max(seen.values()) == 1
    assert len(set(sizes)) == 1 and sizes[0] >= 9                 # one size on every sheet, legible
    assert actions == ["一至三", "四至六"]                         # whole actions, in order


def test_an_action_larger_than_a_sheet_continues_on_the_next_and_too_many_sheets_are_refused(workspace, tmp_path):
    plan = plan_of(70)
    plan["行动"] = [{"编号": "一", "名称": "开展一项很大的专项行动", "任务": [t for a in plan["行动"] for t in a["任务"]]}]
    shaped(workspace, 70)
    (workspace / "inputs" / "实施方案.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False),
                                                       encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("-w", str(workspace), "battlemap", "-o", str(out), "--as-of", "2025-12-31")
    assert result.returncode == 0, result.stderr
    told = re.search(r"分2张A3纸（横向）：第1张行动一（任务1—(\d+)），第2张行动一（任务(\d+)—70）", result.stderr)
    assert told and int(told.group(2)) == int(told.group(1)) + 1, result.stderr
    tables = [t for t in Document(out / WALL).tables if t.rows[0].cells[1].text == "序号"]
    assert len(tables) == 2
    numbers = [[int(c.text) for r in t.rows[1:] for i, c in enumerate(r.cells) if i in (1, 8) and c.text]
               for t in tables]
    assert sorted(numbers[0]) == list(range(1, int(told.group(1)) + 1))
    assert sorted(numbers[1]) == list(range(int(told.group(2)), 71))
    assert [t.rows[1].cells[0].text for t in tables] == ["一", "一"]   # the action named again on sheet 2

    (workspace / "inputs" / "实施方案.yaml").write_text(      # more than four sheets: the book is the answer
        yaml.safe_dump(plan_of(260), allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("-w", str(workspace), "battlemap", "-o", str(tmp_path / "many"), "--as-of", "2025-12-31")
    assert result.returncode == 0, result.stderr
    assert "作战图（挂图）未生成：A2 纸（横向）放不下全部 260 项任务" in result.stderr
    assert "分4张也排不下" in result.stderr and "《作战图集》" in result.stderr
    assert not (tmp_path / "many" / WALL).exists()


def test_actions_are_continued_across_sheets_when_whole_ones_need_too_many(tmp_path):
    """The district's 84 tasks in six actions of 13–15: one action per A3 sheet and two
    per A2 sheet would need six and more sheets; filled sheets hold them in four."""
    from tests.district_workspace import write_district_workspace

    ws = write_district_workspace(tmp_path / "district")
    out = tmp_path / "out"
    result = run_cli("-w", str(ws), "battlemap", "-o", str(out), "--as-of", "2026-07-15")
    assert result.returncode == 0, result.stderr
    told = re.search(r"分(\d)张(A[23])纸（横向）：(.*?)；各张字号相同", result.stderr)
    assert told and int(told.group(1)) <= 4, result.stderr
    spans = [(int(a), int(b)) for a, b in re.findall(r"（任务(\d+)—(\d+)）", told.group(3))]
    assert spans[0][0] == 1 and spans[-1][1] == 84
    assert all(b + 1 == c for (_, b), (c, _) in zip(spans, spans[1:]))        # consecutive, none lost
    tables = [t for t in Document(out / WALL).tables if t.rows[0].cells[1].text == "序号"]
    numbers = [sorted(int(c.text) for r in t.rows[1:] for i, c in enumerate(r.cells) if i in (1, 8) and c.text)
               for t in tables]
    assert numbers == [list(range(a, b + 1)) for a, b in spans]


def sheet_numbers(pdf) -> list[list[int]]:
    """The task numbers printed under the 序号 headers of each page (sheet)."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            words = page.extract_words()
            heads = [w for w in words if w["text"] == "序号"]
            out.append(sorted(int(w["text"]) for w in words for h in heads
                              if w["top"] > h["bottom"] and re.fullmatch(r"\d+", w["text"])
                              and abs((w["x0"] + w["x1"]) / 2 - (h["x0"] + h["x1"]) / 2) < 8))
    return out


def test_sheets_are_balanced_not_filled_in_turn(workspace, tmp_path, soffice):
    """90 tasks used to print 36/36/18 (each sheet filled in turn). One action of 90: three
    sheets of 30; ten actions of 9 kept whole: 36/27/27. Counted on LibreOffice's PDF."""
    from generator.writers import pdf as pdfpool

    shaped(workspace, 90)
    plan = plan_of(90)
    whole = tmp_path / "whole"
    shutil.copytree(workspace, whole)
    one = dict(plan, 行动=[{"编号": "一", "名称": "开展一项很大的专项行动",
                           "任务": [t for a in plan["行动"] for t in a["任务"]]}])
    (workspace / "inputs" / "实施方案.yaml").write_text(yaml.safe_dump(one, allow_unicode=True, sort_keys=False),
                                                       encoding="utf-8")
    jobs = []
    for ws, name in ((workspace, "one"), (whole, "whole")):
        out = tmp_path / f"out-{name}"
        result = run_cli("-w", str(ws), "battlemap", "-o", str(out), "--as-of", "2025-12-31")
        assert result.returncode == 0, result.stderr
        assert "分3张A3纸（横向）" in result.stderr, result.stderr
        jobs.append((out / WALL, tmp_path / f"{name}.pdf"))
    with pdfpool.Pool() as pool:
        done = pool.convert(jobs)
    assert all(c.ok for c in done), [c.error for c in done if not c.ok]
    one_sheets, whole_sheets = (sheet_numbers(pdf) for _, pdf in jobs)
    assert one_sheets == [list(range(1, 31)), list(range(31, 61)), list(range(61, 91))]
    assert sorted(map(len, whole_sheets), reverse=True) == [36, 27, 27]
    assert [n for sheet in whole_sheets for n in sheet] == list(range(1, 91))
    assert all(len(sheet) % 9 == 0 and sheet[0] % 9 == 1 for sheet in whole_sheets)    # actions of 9 whole
