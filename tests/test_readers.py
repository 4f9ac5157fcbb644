"""Reading inputs: formats, encodings, headers, dates and deadlines."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from generator.errors import InputError
from generator.model.deadline import parse_deadline
from generator.model.values import parse_date, parse_period
from generator.workspace import read_inputs
from tests.conftest import SAMPLE

P = (dt.date(2024, 1, 1), dt.date(2026, 12, 31))


def test_sample_workspace_holds_the_whole_plan():
    inputs = read_inputs(SAMPLE)
    assert inputs.office.name == "某市工业和信息化局"
    assert [a.number for a in inputs.plan.actions] == list(range(1, 10))
    assert [t.number for t in inputs.plan.tasks] == list(range(1, 30))
    assert inputs.plan.actions[0].title == "开展全面深化落实“三管三必须”责任行动"
    assert len(inputs.departments) == 10
    assert inputs.duties[0].post == "局长（主要负责人）"
    # merged 部门/岗位 cells in Excel are read for every row they cover
    assert [d.post for d in inputs.duties[:3]] == ["局长（主要负责人）"] * 3
    assert inputs.warnings == []


@pytest.mark.parametrize("text", ["2025-06-10", "2025/6/10", "2025.6.10", "2025年6月10日", " 2025 年 6 月 10 日 ",
                                  "２０２５－０６－１０"])
def test_date_forms(text):
    assert parse_date(text) == dt.date(2025, 6, 10)


def test_excel_dates_are_dates():
    assert parse_date(dt.datetime(2025, 6, 10, 0, 0)) == dt.date(2025, 6, 10)


@pytest.mark.parametrize("text, message", [("2025-02-30", "2025年2月只有28天"), ("2024-13-01", "没有13月"),
                                           ("明年", "可用的写法")])
def test_impossible_dates_are_explained(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


@pytest.mark.parametrize("text, due, months, continuing", [
    ("2026年底前", dt.date(2026, 12, 31), None, False),
    ("2024年年底前", dt.date(2024, 12, 31), None, False),
    ("2025年6月底前", dt.date(2025, 6, 30), None, False),
    ("2025年6月10日前", dt.date(2025, 6, 10), None, False),
    ("三年内", dt.date(2026, 12, 31), None, False),
    ("每月", None, 1, False),
    ("每季度", None, 3, False),
    ("每半年", None, 6, False),
    ("每半年至少一次，2026年底前", dt.date(2026, 12, 31), 6, False),
    ("每年", None, 12, False),
    ("长期", None, None, True),
])
def test_schedule_phrases_become_structured(text, due, months, continuing):
    d = parse_deadline(text, plan_start=P[0])
    assert (d.due, d.recurrence_months, d.continuing) == (due, months, continuing)


def test_unknown_schedule_phrase_lists_the_allowed_forms():
    with pytest.raises(ValueError, match="每季度"):
        parse_deadline("尽快", plan_start=P[0])


@pytest.mark.parametrize("text, label", [("2025H1", "2025年上半年"), ("2025年下半年", "2025年下半年"),
                                         ("2025Q3", "2025年第三季度"), ("2025-06", "2025年6月"),
                                         ("2025年", "2025年")])
def test_periods(text, label):
    assert parse_period(text)[2] == label


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-8"])
def test_yaml_saved_by_notepad_is_read(tmp_path, encoding):
    ws = tmp_path / "inputs"
    shutil.copytree(SAMPLE, ws)
    text = (SAMPLE / "单位.yaml").read_text("utf-8")
    (ws / "单位.yaml").write_bytes(text.encode(encoding))
    assert read_inputs(ws).office.name == "某市工业和信息化局"


def _workbook(path: Path, header: list, rows: list[list]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)


def test_headers_match_despite_spaces_brackets_and_aliases(workspace):
    inputs_dir = workspace / "inputs"
    _workbook(inputs_dir / "职责清单.xlsx", [" 部门（岗位） ", "姓名", "职责内容 ", "履职要求(频次)", "文件依据"],
              [["局长", "张三", "全面负责", "每季度", "安全生产法"]])
    duties = read_inputs(inputs_dir).duties
    assert [(d.post, d.person, d.duty, d.requirement, d.basis) for d in duties] == [
        ("局长", "张三", "全面负责", "每季度", "安全生产法")]


def test_plan_can_be_an_excel_sheet_with_the_same_headers(workspace):
    inputs_dir = workspace / "inputs"
    data = yaml.safe_load((SAMPLE / "实施方案.yaml").read_text("utf-8"))
    rows = []
    for action in data["行动"]:
        for t in action["任务"]:
            rows.append([action["编号"], action["名称"], t["编号"], t["任务内容"], t["牵头部门"],
                         t.get("责任部门", ""), t["时限"], t.get("成果形式", ""), t.get("推进措施", "")])
    (inputs_dir / "实施方案.yaml").unlink()
    _workbook(inputs_dir / "实施方案.xlsx", ["行动编号", "行动名称", "任务编号", "任务内容", "牵头单位", "配合部门",
                                        "完成时限", "成果形式", "推进措施"], rows)
    wb = load_workbook(inputs_dir / "实施方案.xlsx")
    wb.active.title = "任务"
    info = wb.create_sheet("基本信息", 0)
    for key in ("标题", "开始日期", "结束日期"):
        info.append([key, str(data[key])])
    wb.save(inputs_dir / "实施方案.xlsx")
    plan = read_inputs(inputs_dir).plan
    from_yaml = read_inputs(SAMPLE).plan
    assert (plan.title, plan.start, plan.end) == (from_yaml.title, from_yaml.start, from_yaml.end)
    assert [(t.number, t.text, t.lead, t.responsible, t.schedule) for t in plan.tasks] == \
        [(t.number, t.text, t.lead, t.responsible, t.schedule) for t in from_yaml.tasks]


def test_excel_plan_without_its_basic_information_is_refused(workspace):
    inputs_dir = workspace / "inputs"
    (inputs_dir / "实施方案.yaml").unlink()
    _workbook(inputs_dir / "实施方案.xlsx", ["行动编号", "行动名称", "任务编号", "任务内容", "牵头部门", "时限"],
              [[1, "行动甲", 1, "任务甲", "安全生产科", "2025年底前"]])
    [message] = _problems(inputs_dir)
    assert "实施方案.xlsx" in message and "基本信息" in message and "开始日期" in message


def test_department_aliases_resolve_to_registered_names(workspace):
    inputs_dir = workspace / "inputs"
    text = (inputs_dir / "实施方案.yaml").read_text("utf-8").replace("牵头部门: 装备工业科", "牵头部门: 装备科", 1)
    (inputs_dir / "实施方案.yaml").write_text(text, "utf-8")
    plan = read_inputs(inputs_dir).plan
    assert next(t for t in plan.tasks if t.number == 13).lead == "装备工业科"


def _problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_inputs(folder)
    return [str(p) for p in info.value.sorted()]


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line)


def test_unknown_department_names_file_line_field_value_and_allowed(workspace):
    plan = workspace / "inputs" / "实施方案.yaml"
    plan.write_text(plan.read_text("utf-8").replace("牵头部门: 装备工业科", "牵头部门: 安监科", 1), "utf-8")
    [message] = _problems(workspace / "inputs")
    line = _line_of(plan, "牵头部门: 安监科")
    assert f"实施方案.yaml 第{line}行" in message
    assert "字段“牵头部门”" in message and "值“安监科”" in message
    assert "不是已登记的部门" in message and "安全生产科" in message


def test_duplicate_task_numbers_point_to_both(workspace):
    plan = workspace / "inputs" / "实施方案.yaml"
    plan.write_text(plan.read_text("utf-8").replace("- 编号: 14\n", "- 编号: 13\n", 1), "utf-8")
    [message] = _problems(workspace / "inputs")
    assert "任务编号重复" in message
    assert f"第{_line_of(plan, '- 编号: 13') }行" in message


def test_impossible_date_in_yaml_is_located(workspace):
    office = workspace / "inputs" / "单位.yaml"
    office.write_text(office.read_text("utf-8").replace("成文日期:  ", "成文日期: 2025-02-30", 1), "utf-8")
    [message] = _problems(workspace / "inputs")
    assert f"单位.yaml 第{_line_of(office, '成文日期')}行" in message
    assert "字段“成文日期”" in message and "2025年2月只有28天" in message


def test_excel_problems_name_sheet_and_cell(workspace):
    path = workspace / "inputs" / "部门.xlsx"
    wb = load_workbook(path)
    wb.active["A4"] = None  # 部门名称 of the third department
    wb.save(path)
    messages = _problems(workspace / "inputs")
    assert any("部门.xlsx 工作表“部门” 单元格 A4" in m and "字段“部门名称”" in m and "必填" in m for m in messages)


@pytest.mark.parametrize("suffix, words", [(".xls", "97-2003"), (".et", "WPS"), (".csv", "CSV")])
def test_refused_formats_each_say_what_to_do(workspace, suffix, words):
    inputs_dir = workspace / "inputs"
    (inputs_dir / "部门.xlsx").rename(inputs_dir / f"部门{suffix}")
    (messages,) = [_problems(inputs_dir)]
    assert any(f"部门{suffix}" in m and words in m and ".xlsx" in m for m in messages)


def test_password_protected_xlsx(workspace):
    # An encrypted workbook is an OLE compound file, whatever its extension.
    (workspace / "inputs" / "部门.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
                                                 + "EncryptedPackage".encode("utf-16-le"))
    [message] = _problems(workspace / "inputs")
    assert "部门.xlsx" in message and "密码" in message


def test_renamed_xls_is_called_an_xls_not_encrypted(workspace):
    # A real .xls is an OLE compound file too, without an EncryptedPackage stream.
    (workspace / "inputs" / "部门.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
                                                 + "Workbook".encode("utf-16-le"))
    [message] = _problems(workspace / "inputs")
    assert "部门.xlsx" in message and ".xls" in message and "密码" not in message


def test_corrupt_xlsx(workspace):
    (workspace / "inputs" / "职责清单.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    [message] = _problems(workspace / "inputs")
    assert "职责清单.xlsx" in message and "不是有效的 .xlsx" in message


def test_yaml_syntax_error_names_the_line(workspace):
    office = workspace / "inputs" / "单位.yaml"
    lines = office.read_text("utf-8").splitlines()
    lines[3] = "简称 市工信局: : :"
    office.write_text("\n".join(lines), "utf-8")
    [message] = _problems(workspace / "inputs")
    assert "单位.yaml 第4行" in message and "YAML 格式错误" in message


def test_unknown_key_lists_the_allowed_ones(workspace):
    office = workspace / "inputs" / "单位.yaml"
    office.write_text(office.read_text("utf-8").replace("简称:", "简写:", 1), "utf-8")
    [message] = _problems(workspace / "inputs")
    assert "字段“简写”" in message and "未知的字段" in message and "单位名称" in message


def test_all_problems_are_reported_at_once(workspace):
    inputs_dir = workspace / "inputs"
    plan = inputs_dir / "实施方案.yaml"
    plan.write_text(plan.read_text("utf-8").replace("时限: 每月", "时限: 尽快", 1)
                    .replace("牵头部门: 办公室", "牵头部门: 办公厅", 1), "utf-8")
    office = inputs_dir / "单位.yaml"
    office.write_text(office.read_text("utf-8").replace("三级标题加粗: 是", "三级标题加粗: 也许", 1), "utf-8")
    messages = _problems(inputs_dir)
    assert len(messages) == 3
    assert any("时限" in m and "尽快" in m for m in messages)
    assert any("办公厅" in m for m in messages)
    assert any("三级标题加粗" in m and "“是”或“否”" in m for m in messages)
