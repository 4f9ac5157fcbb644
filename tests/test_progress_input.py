"""进展 input: what a clerk types, and the located messages when it is wrong."""
from pathlib import Path

from openpyxl import Workbook

from generator.model.progress import Status
from generator.workspace import read_inputs
from tests.conftest import SAMPLE, run_cli


def write_progress_yaml(ws: Path, text: str) -> None:
    (ws / "inputs" / "进展.xlsx").unlink()
    (ws / "inputs" / "进展.yaml").write_text(text, encoding="utf-8")


def test_sample_progress_covers_2024h1_to_2025h2():
    inputs = read_inputs(SAMPLE)
    labels = {e.period.label for e in inputs.progress.entries}
    assert labels == {"2024年上半年", "2024年下半年", "2025年上半年", "2025年下半年"}
    assert {e.task for e in inputs.progress.entries} == {t.number for t in inputs.plan.tasks}
    assert [m.text for m in inputs.progress.milestones_of(1)] == ["起草工作机制", "印发工作机制"]


def test_yaml_progress_with_milestones_and_percent_forms(workspace):
    write_progress_yaml(workspace, """\
进展:
  - 任务编号: 1
    期间: 2025-06
    进展情况: 起草完成
    状态: 进行中
    完成比例: 60%
  - 任务编号: 2
    日期: 2025年第二季度
    进展情况: 流程图印发
    状态: 完成
时间节点:
  - 任务编号: 1
    时间节点: 2025年6月30日
    节点内容: 印发
""")
    inputs = read_inputs(workspace / "inputs")
    first, second = inputs.progress.entries
    assert (first.status, first.percent, first.period.label) == (Status.IN_PROGRESS, 60, "2025年6月")
    assert (second.status, second.period.label) == (Status.DONE, "2025年第二季度")
    assert inputs.progress.milestones[0].text == "印发"


def test_yaml_errors_are_listed_together_with_lines(workspace):
    write_progress_yaml(workspace, """\
- 任务编号: 99
  期间: 2025H1
  进展情况: 不存在的任务
  状态: 推进中
- 任务编号: 1
  期间: 2025H1
  进展情况: 状态写错
  状态: 差不多
- 任务编号: 2
  期间: 2025H1
  进展情况: 比例超出
  状态: 推进中
  完成比例: 150
- 任务编号: 3
  期间: 2023H2
  进展情况: 方案之前
  状态: 推进中
- 任务编号: 4
  期间: 2025H1
  进展情况: 第一条
  状态: 推进中
- 任务编号: 4
  期间: 2025年上半年
  进展情况: 第二条，内容不同
  状态: 已完成
""")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2, result.stderr
    err = result.stderr
    assert "进展.yaml 第1行，字段“任务编号”，值“99”：没有这个任务编号（实施方案中的任务编号为 1～29）" in err
    assert "第8行，字段“状态”，值“差不多”：不是有效的状态，可用的状态：未启动、推进中、已完成、滞后" in err
    assert "第13行，字段“完成比例”，值“150”：应为 0～100 之间的数字" in err
    assert "第15行，字段“期间”，值“2023年下半年”：不在实施方案的期限内（2024年1月1日至2026年12月31日）" in err
    assert "第23行，字段“期间”，值“2025年上半年”：任务4在“2025年上半年”已有一条不同的进展" in err
    assert "进展.yaml 第18行），请合并为一条" in err
    assert "输入有 5 处问题" in err


def test_excel_errors_name_sheet_and_cell(workspace):
    wb = Workbook()
    ws = wb.active
    ws.title = "进展"
    ws.append(["任务编号", "期间", "进展情况", "状态", "完成比例"])
    ws.append([1, "2025H1", "正常", "推进中", 0.5])
    ws.append([2, "2025H7", "期间写错", "推进中", 10])
    ws.append([3, "2025H1", "比例写错", "推进中", "很多"])
    milestones = wb.create_sheet("时间节点")
    milestones.append(["任务编号", "时间节点", "节点内容"])
    milestones.append([1, "2030-01-01", "方案之后"])
    wb.save(workspace / "inputs" / "进展.xlsx")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    err = result.stderr
    assert "进展.xlsx 工作表“进展” 单元格 B3，字段“期间”，值“2025H7”：无法识别的期间" in err
    assert "单元格 E4，字段“完成比例”，值“很多”：应为 0～100 的数字" in err
    assert "工作表“时间节点” 单元格 B2，字段“时间节点”，值“2030年1月1日”：不在实施方案的期限内" in err


def test_duplicate_identical_entries_are_accepted(workspace):
    entry = "- {任务编号: 1, 期间: 2025H1, 进展情况: 相同, 状态: 推进中}\n"
    write_progress_yaml(workspace, entry + entry)
    assert run_cli("-w", str(workspace), "check").returncode == 0
