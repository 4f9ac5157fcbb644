"""Issue 15: progress forms out to departments, filled forms back into 进展.xlsx.

Forms are filled the way departments do it: with openpyxl (as Excel writes cells),
and one re-saved by LibreOffice. 进展.xlsx is then read back with the ordinary reader
and the built 作战图.xlsx is opened to see the reported text on the wall chart."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from generator.errors import Collector
from generator.model.plan import Plan
from generator.model.reporting import form_rows, merge, task_departments
from generator.model.summary import HalfYear
from generator.readers.progress import read_progress
from tests.conftest import run_cli

H1 = HalfYear(year=2026, first=True)


def make_forms(ws: Path, period: str, out: Path) -> dict[str, Path]:
    r = run_cli("-w", str(ws), "forms", "--period", period, "-o", str(out))
    assert r.returncode == 0, r.stderr
    return {p.name.split("_")[0]: p for p in out.glob("*.xlsx") if not p.name.startswith("00_")}


def fill(form: Path, target: Path, values, *, extra: list[list] | None = None) -> dict[tuple[int, str], dict]:
    """Fill every task row with values(task, period, role) -> dict or None; return what was filled."""
    wb = openpyxl.load_workbook(form)
    ws = wb["填报"]
    filled = {}
    r = 4
    while ws.cell(r, 1).value is not None:
        task, period, role = ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value
        v = values(task, period, role)
        if v:
            for col, key in ((7, "text"), (8, "status"), (9, "percent"), (10, "result"), (11, "note"),
                             (12, "ms_date"), (13, "ms_text")):
                if key in v:
                    ws.cell(r, col).value = v[key]
            filled[(task, period)] = v
        r += 1
    for row in extra or []:
        for col, value in enumerate(row, start=1):
            ws.cell(r, col).value = value
        r += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return filled


def progress_of(ws: Path, plan_needed: bool = False):
    c = Collector()
    p = read_progress(ws / "inputs" / "进展.xlsx", Path("进展.xlsx"), c, None)
    assert not c.problems, c.problems
    return p


def resave_with_libreoffice(soffice: str, src: Path, out_dir: Path, profile: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out_dir), str(src)], check=True, capture_output=True, timeout=240)
    return out_dir / src.name


# --- the form itself -------------------------------------------------------------------

def test_form_has_locked_tasks_open_cells_dropdowns_and_hidden_identity(workspace, tmp_path):
    forms = make_forms(workspace, "2026H1", tmp_path / "forms")
    wb = openpyxl.load_workbook(forms["安全生产科"])
    assert wb.sheetnames[:2] == ["填报", "填表说明"]
    ids = wb["_wuhua"]
    assert ids.sheet_state == "hidden"
    identity = {row[0].value: row[1].value for row in ids.iter_rows()}
    assert identity["部门"] == "安全生产科" and identity["期间"] == "2026H1"
    assert identity["方案"].startswith("全市工信系统安全生产治本攻坚三年行动实施方案")
    ws = wb["填报"]
    assert ws.protection.sheet and not ws.protection.password
    assert "2026年6月10日前" in ws["A2"].value
    headers = [c.value for c in ws[3]]
    assert headers[:6] == ["任务编号", "期间", "角色", "任务内容", "时限及要求", "上次报告进展"]
    # every header explains itself
    assert all(ws.cell(3, col).comment is not None for col in range(1, 14))
    # task 3 is quarterly: one row per quarter; task 10 monthly: six rows
    rows = [(ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value) for r in range(4, ws.max_row + 1)
            if ws.cell(r, 1).value is not None]
    assert (3, "2026年第一季度", "牵头") in rows and (3, "2026年第二季度", "牵头") in rows
    assert sum(1 for t, _, _ in rows if t == 10) == 6
    assert (4, "2026年上半年", "配合") in rows
    # tasks reported 已完成 before the half year are not asked again (task 1 done in 2024H2)
    assert all(t != 1 for t, _, _ in rows)
    first = 4
    assert ws.cell(first, 1).protection.locked and ws.cell(first, 6).protection.locked
    assert not ws.cell(first, 7).protection.locked and not ws.cell(first, 13).protection.locked
    # blank rows at the end are open in every column, for rows a department adds
    after = first + len(rows)
    assert not ws.cell(after, 1).protection.locked and not ws.cell(after + 10, 2).protection.locked
    kinds = {}
    for dv in ws.data_validations.dataValidation:
        col = str(dv.sqref).split(":")[0].rstrip("0123456789")
        kinds[col] = (dv.type, dv.formula1, dv.formula2, dv.prompt)
    assert kinds["H"][0] == "list" and "推进中" in kinds["H"][1]
    assert kinds["I"][:3] == ("whole", "0", "100")
    assert kinds["L"][0] == "date"
    assert all(k[3] for k in kinds.values())   # an input message on every checked column
    help_text = "\n".join(str(c.value) for c in wb["填表说明"]["A"] if c.value)
    assert "2026年6月10日前" in help_text and "下拉" in help_text
    overview = openpyxl.load_workbook(next((tmp_path / "forms").glob("00_*.xlsx")))
    listed = [r[1].value for r in overview["发放清单"].iter_rows(min_row=3)]
    assert "安全生产科" in listed and "政策法规科" in listed


def test_rows_for_a_plan_shaped_differently():
    """Other departments, a monthly task, a co-led task (lead names two departments)."""
    plan = Plan.model_validate({
        "title": "某县应急管理专项整治方案", "start": "2025-07-01", "end": "2027-06-30",
        "actions": [{"number": 1, "title": "行动一", "tasks": [
            {"number": 7, "text": "每月调度", "lead": "综合协调股", "schedule": "每月", "responsible": ["执法大队"]},
            {"number": 8, "text": "联合整治", "lead": "执法大队、综合协调股", "schedule": "2026年底前"},
            {"number": 9, "text": "下半年才开始", "lead": "执法大队", "schedule": "长期", "start": "2026-09-01"},
        ]}]}, context={"period": (dt.date(2025, 7, 1), dt.date(2027, 6, 30))})
    assert task_departments(plan.tasks[1]) == [("执法大队", "牵头"), ("综合协调股", "牵头")]
    rows = form_rows(plan, None, "综合协调股", H1)
    assert [(r.task.number, r.period.label, r.role) for r in rows] == (
        [(7, f"2026年{m}月", "牵头") for m in range(1, 7)] + [(8, "2026年上半年", "牵头")])
    assert [r.task.number for r in form_rows(plan, None, "执法大队", H1)] == [7] * 6 + [8]
    assert [r.task.number for r in form_rows(plan, None, "执法大队", H1.next)] == [7] * 6 + [8, 9]
    assert "须于2026年12月31日前完成" in rows[-1].due_note


# --- the round trip ---------------------------------------------------------------------

def _first_fill(task, period, role):
    status = "已完成" if task == 20 else "推进中"
    return {"text": f"安全生产科：任务{task}{period}已开展", "status": status, "percent": 100 if task == 20 else 55,
            "result": f"成果{task}"}


def test_round_trip_excel_and_libreoffice_then_next_period(workspace, tmp_path, soffice):
    before = progress_of(workspace)
    forms = make_forms(workspace, "2026H1", tmp_path / "forms")
    back = tmp_path / "收回"
    # 安全生产科: filled by a script, renamed
    filled_a = fill(forms["安全生产科"], back / "安全科回复(终稿).xlsx", _first_fill,
                    extra=[[12, "2026Q1", None, None, None, None, "补报：一季度督促企业自查", "推进中", 30]])
    # 民爆行业管理科: filled, then opened and saved again by LibreOffice
    def mb(task, period, role):
        if task == 3 and period == "2026年第一季度":
            return {"text": "民爆科配合联合检查1次", "status": "推进中", "percent": 40,
                    "ms_date": dt.datetime(2026, 9, 30), "ms_text": "完成民爆企业复查"}
        if task == 6:
            return {"text": "岗位操作标准模板全面推广", "status": "已完成", "percent": 100}
        return None
    raw = fill(forms["民爆行业管理科"], tmp_path / "raw" / "民爆.xlsx", mb)
    resaved = openpyxl.load_workbook(resave_with_libreoffice(soffice, tmp_path / "raw" / "民爆.xlsx", back,
                                                             tmp_path / "lo-profile"))
    # LibreOffice keeps what makes the form work: the hidden identity, the checks, the protection
    assert resaved["_wuhua"].sheet_state == "hidden"
    assert any(dv.type == "list" for dv in resaved["填报"].data_validations.dataValidation)
    assert resaved["填报"].protection.sheet

    r = run_cli("-w", str(workspace), "collect", str(back), "--period", "2026H1")
    assert r.returncode == 0, r.stderr + r.stdout
    assert "民爆行业管理科：已填 2 行" in r.stdout
    assert "任务3 2026年第一季度：安全生产科（牵头）、民爆行业管理科（配合）" in r.stdout   # flagged, both kept
    assert "催报清单" in r.stdout and "政策法规科：未交回" in r.stdout
    assert "民爆行业管理科：已填 2/" in r.stdout
    assert list((workspace / "inputs" / "备份").glob("进展_*.xlsx"))

    after = progress_of(workspace)
    new = [e for e in after.entries if e.period.start >= H1.start]
    got = {(e.department, e.task, e.period.label): e for e in new}
    assert len(got) == len(new) == len(filled_a) + 1 + len(raw)
    for (task, period), v in filled_a.items():
        e = got[("安全生产科", task, period)]
        assert (e.text, e.status.value, e.percent, e.result) == (v["text"], v["status"], v["percent"], v["result"])
    added = got[("安全生产科", 12, "2026年第一季度")]
    assert (added.text, added.percent, added.role) == ("补报：一季度督促企业自查", 30, "牵头")
    e = got[("民爆行业管理科", 6, "2026年上半年")]
    assert (e.text, e.status.value, e.percent, e.role) == ("岗位操作标准模板全面推广", "已完成", 100, "牵头")
    assert any(m.task == 3 and m.date == dt.date(2026, 9, 30) and m.text == "完成民爆企业复查"
               for m in after.milestones)
    # earlier periods exactly as they were
    assert [e for e in after.entries if e.period.start < H1.start] == list(before.entries)
    book = openpyxl.load_workbook(workspace / "inputs" / "进展.xlsx")
    hints = [row[9].value for row in book["进展"].iter_rows(min_row=3) if row[0].value == 3 and row[9].value]
    assert hints and "多个部门报送" in hints[0]

    # the 作战图 shows the lead's report for task 3 and the done task 6
    out = tmp_path / "out"
    r = run_cli("-w", str(workspace), "battlemap", "--as-of", "2026-06-30", "-o", str(out))
    assert r.returncode == 0, r.stderr
    chart = openpyxl.load_workbook(next(out.rglob("*作战图*.xlsx")))
    text = "\n".join(str(c.value) for ws in chart.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "安全生产科：任务32026年第二季度已开展" in text
    assert "岗位操作标准模板全面推广" in text

    # second round: the next half year keeps the first
    forms2 = make_forms(workspace, "2026H2", tmp_path / "forms2")
    fill(forms2["政策法规科"], tmp_path / "收回2" / "x.xlsx",
         lambda t, p, role: {"text": "下半年普法2场", "status": "推进中", "percent": 80})
    r = run_cli("-w", str(workspace), "collect", str(tmp_path / "收回2"))
    assert r.returncode == 0, r.stderr
    final = progress_of(workspace)
    assert [e for e in final.entries if e.period.end <= H1.end] == [e for e in after.entries]
    assert any(e.department == "政策法规科" and e.period.label == "2026年下半年" for e in final.entries)


def test_second_reply_replaces_only_after_showing_differences(workspace, tmp_path):
    forms = make_forms(workspace, "2026H1", tmp_path / "forms")
    reply = tmp_path / "r1" / "a.xlsx"
    fill(forms["政策法规科"], reply, lambda t, p, role: {"text": "开展普法1场", "status": "推进中", "percent": 50})
    assert run_cli("-w", str(workspace), "collect", str(reply)).returncode == 0
    first = (workspace / "inputs" / "进展.xlsx").read_bytes()
    again = tmp_path / "r2" / "a-改.xlsx"
    fill(forms["政策法规科"], again, lambda t, p, role: {"text": "开展普法2场", "status": "已完成", "percent": 100})
    r = run_cli("-w", str(workspace), "collect", str(again))
    assert r.returncode == 2
    assert "状态“推进中”→“已完成”" in r.stdout and "完成比例“50”→“100”" in r.stdout
    assert "--yes" in r.stderr
    assert (workspace / "inputs" / "进展.xlsx").read_bytes() == first
    r = run_cli("-w", str(workspace), "collect", str(again), "--yes")
    assert r.returncode == 0, r.stderr
    mine = [e for e in progress_of(workspace).entries if e.department == "政策法规科"]
    assert [(e.text, e.percent) for e in mine] == [("开展普法2场", 100)]
    assert len(list((workspace / "inputs" / "备份").glob("*.xlsx"))) == 2


# --- bad fills ----------------------------------------------------------------------------

@pytest.mark.parametrize("case", ["percent_text", "unknown_status", "other_plan", "other_period", "missing_status"])
def test_bad_fills_are_rejected_with_file_sheet_and_cell(workspace, tmp_path, case):
    forms = make_forms(workspace, "2026H1", tmp_path / "forms")
    before = (workspace / "inputs" / "进展.xlsx").read_bytes()
    target = tmp_path / "back" / "回复.xlsx"
    good = {"text": "开展普法1场", "status": "推进中", "percent": 50}
    if case == "percent_text":
        fill(forms["政策法规科"], target, lambda *a: {**good, "percent": "大约一半"})
        want = ["工作表“填报” 单元格 I4", "完成比例", "大约一半", "0～100"]
    elif case == "unknown_status":
        fill(forms["政策法规科"], target, lambda *a: {**good, "status": "差不多了"})
        want = ["工作表“填报” 单元格 H4", "状态", "差不多了", "推进中"]
    elif case == "missing_status":
        fill(forms["政策法规科"], target, lambda *a: {"text": "只写了进展"})
        want = ["工作表“填报” 单元格 H4", "必填"]
    elif case == "other_plan":
        other = tmp_path / "other"
        shutil.copytree(workspace / "inputs", other / "inputs")
        plan = other / "inputs" / "实施方案.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("标题: 全市", "标题: 北山县"), encoding="utf-8")
        fill(make_forms(other, "2026H1", tmp_path / "oforms")["政策法规科"], target, lambda *a: good)
        want = ["工作表“_wuhua” 单元格 B5", "另一份实施方案", "北山县"]
    else:
        fill(make_forms(workspace, "2026H2", tmp_path / "h2")["政策法规科"], target, lambda *a: good)
        want = ["工作表“_wuhua” 单元格 B4", "2026年下半年的填报表", "本次汇总的是2026年上半年"]
    r = run_cli("-w", str(workspace), "collect", str(target), "--period", "2026H1")
    assert r.returncode == 2, r.stdout + r.stderr
    assert "回复.xlsx" in r.stderr and "未汇总任何数据" in r.stderr
    for w in want:
        assert w in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert (workspace / "inputs" / "进展.xlsx").read_bytes() == before
    assert not (workspace / "inputs" / "备份").exists()


def test_files_that_are_not_forms_and_duplicates(workspace, tmp_path):
    forms = make_forms(workspace, "2026H1", tmp_path / "forms")
    back = tmp_path / "back"
    fill(forms["政策法规科"], back / "a.xlsx", lambda *a: {"text": "x", "status": "推进中"})
    shutil.copy(back / "a.xlsx", back / "a 副本.xlsx")
    shutil.copy(workspace / "inputs" / "部门.xlsx", back / "部门.xlsx")
    shutil.copy(next((tmp_path / "forms").glob("00_*.xlsx")), back)
    (back / "旧表.xls").write_bytes(b"x")
    r = run_cli("-w", str(workspace), "collect", str(back))
    assert r.returncode == 2
    assert "部门.xlsx" in r.stderr and "不是由“wuhua forms”生成" in r.stderr
    assert "有两份" in r.stderr
    assert "旧表.xls" in r.stderr and "另存为" in r.stderr
    assert "00_" not in r.stderr          # the overview is passed over, not an error


def test_merge_is_pure_and_keeps_other_departments_and_periods(workspace):
    from generator.model.progress import Progress, ProgressEntry
    from generator.model.reporting import Reply

    old = Progress(entries=(
        ProgressEntry(task=3, period="2025H2", text="旧", status="推进中"),
        ProgressEntry(task=3, period="2026Q1", text="A", status="推进中", department="甲科", role="牵头"),
        ProgressEntry(task=3, period="2026Q1", text="B", status="推进中", department="乙科", role="配合"),
    ))
    reply = Reply("甲科", "2026H1", (ProgressEntry(task=3, period="2026Q1", text="A2", status="滞后",
                                                   department="甲科", role="牵头"),))
    result = merge(old, [reply])
    texts = [(e.department, e.text) for e in result.progress.entries]
    assert texts == [("", "旧"), ("甲科", "A2"), ("乙科", "B")]
    assert result.needs_confirmation and result.changes[0].before.text == "A"
    assert [o.departments for o in result.overlaps] == [("甲科（牵头）", "乙科（配合）")]
    # the lead's report is the one the status engine takes
    assert result.progress.for_task(3)[-1].text == "A2"
    assert old.entries[1].text == "A"     # the input is not changed


def test_form_on_paper(workspace, tmp_path, soffice):
    """The printed form: landscape on the paper that prints its 13 columns at >= 9 pt
    (A3; fitted to A4 they printed at 5.3 pt), the header and every task row on the
    page, and the instructions sheet wrapped within the page (no sentence cut at the edge)."""
    import pdfplumber

    forms = make_forms(workspace, "2026H1", tmp_path / "forms")
    pdf_dir = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(pdf_dir), str(forms["人事教育科"])], check=True, capture_output=True, timeout=240)
    with pdfplumber.open(next(pdf_dir.glob("*.pdf"))) as pdf:
        first = pdf.pages[0]
        assert first.width > first.height                       # landscape
        assert abs(first.width - 1190.55) < 2                    # A3
        sizes = [c["size"] for page in pdf.pages[:-1] for c in page.chars if c["text"].strip()]
        assert min(sizes) >= 8.9, min(sizes)                     # every character of the form
        text = first.extract_text()
        assert "填报部门：人事教育科" in text and "2026年6月10日" in text
        words = first.extract_words()
        right = max(w["x1"] for w in words)
        assert right < first.width - 10                          # nothing runs off the page
        help_page = pdf.pages[-1]
        assert help_page.width < help_page.height                # the instructions are portrait
        flat = "".join(help_page.extract_text().split())
        assert max(w["x1"] for w in help_page.extract_words()) < help_page.width - 20
    wb = openpyxl.load_workbook(forms["人事教育科"])
    for row in wb["填表说明"].iter_rows(min_row=3):
        if row[0].value:
            assert "".join(str(row[0].value).split()) in flat


def test_added_row_for_a_task_of_another_department_is_kept_with_a_warning(workspace, tmp_path):
    forms = make_forms(workspace, "2026H1", tmp_path / "forms")
    reply = tmp_path / "back" / "法规.xlsx"
    fill(forms["政策法规科"], reply, lambda *a: {"text": "普法1场", "status": "推进中"},
         extra=[[13, "2026年上半年", None, None, None, None, "配合检查车辆生产企业", "推进中", 40]])
    r = run_cli("-w", str(workspace), "collect", str(reply))
    assert r.returncode == 0, r.stderr
    assert "政策法规科不是任务13的牵头或配合部门" in r.stderr and "单元格 A5" in r.stderr
    entry = next(e for e in progress_of(workspace).entries if e.task == 13 and e.period.label == "2026年上半年")
    # Kept as that department's (配合) report: with a blank role it would have been taken
    # for the lead's and decided the task's status.
    assert (entry.department, entry.role, entry.percent) == ("政策法规科", "配合", 40)


def test_other_office_without_progress_file(tmp_path):
    """Not the sample: other departments, a plan from mid-2025, monthly and quarterly
    tasks, no 进展 yet — collect creates 进展.xlsx."""
    ws = tmp_path / "县局"
    inputs = ws / "inputs"
    inputs.mkdir(parents=True)
    (inputs / "单位.yaml").write_text("单位名称: 北山县应急管理局\n", encoding="utf-8")
    (inputs / "部门.yaml").write_text(
        "部门:\n  - 部门名称: 综合协调股\n    负责人: 甲\n    联系电话: '1001'\n  - 部门名称: 执法大队\n  - 部门名称: 应急救援股\n",
        encoding="utf-8")
    (inputs / "实施方案.yaml").write_text("""标题: 北山县安全生产专项整治方案
开始日期: 2025-07-01
结束日期: 2027-06-30
行动:
  - 编号: 1
    名称: 专项检查
    任务:
      - 编号: 101
        任务内容: 每月调度重点企业
        牵头部门: 综合协调股
        责任部门: 执法大队
        时限: 每月
      - 编号: 102
        任务内容: 每季度联合执法
        牵头部门: 执法大队
        时限: 每季度
      - 编号: 103
        任务内容: 修订应急预案
        牵头部门: 应急救援股
        时限: 2026年6月底前
""", encoding="utf-8")
    forms = make_forms(ws, "2025H2", tmp_path / "forms")
    assert sorted(forms) == ["应急救援股", "执法大队", "综合协调股"]
    back = tmp_path / "back"
    filled = fill(forms["执法大队"], back / "1.xlsx",
                  lambda t, p, role: {"text": f"{p}执法", "status": "推进中", "percent": 10 if t == 101 else 20})
    assert sorted(filled) == sorted([(101, f"2025年{m}月") for m in range(7, 13)]
                                    + [(102, "2025年第三季度"), (102, "2025年第四季度")])
    r = run_cli("-w", str(ws), "collect", str(back))
    assert r.returncode == 0, r.stderr
    assert "综合协调股：未交回，任务 101，甲 1001" in r.stdout and "应急救援股：未交回，任务 103" in r.stdout
    got = {(e.task, e.period.label): (e.text, e.percent, e.role) for e in progress_of(ws).entries}
    assert got == {k: (v["text"], v["percent"], "配合" if k[0] == 101 else "牵头") for k, v in filled.items()}
    assert not (inputs / "备份").exists()       # nothing to back up
    chase = tmp_path / "催报.xlsx"
    r = run_cli("-w", str(ws), "collect", "--period", "2025H2", "--reminder", str(chase))
    assert r.returncode == 0, r.stderr
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(chase).active.iter_rows(min_row=3)]
    assert [(row[1], row[2], row[5]) for row in rows] == [("综合协调股", "未交回", "101"), ("应急救援股", "未交回", "103")]


def test_forms_are_byte_identical_between_runs():
    from generator.documents import progress_forms
    from generator.workspace import read_inputs
    from tests.conftest import SAMPLE

    inputs = read_inputs(SAMPLE)
    first = {a.path: a.render() for a in progress_forms.artifacts(inputs, H1)}
    second = {a.path: a.render() for a in progress_forms.artifacts(inputs, H1)}
    assert first == second and len(first) == 11
