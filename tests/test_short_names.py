"""简称 (issue 12, point 2): places without room print a task's short name in full,
never cut with “…”; deadlines are never shortened; a sheet that cannot hold its
content legibly is refused. Measured on the PDF LibreOffice makes."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
import yaml
from docx import Document

from generator.model.plan import SHORT_NAME_MAX, derive_short_name
from generator.workspace import read_inputs
from tests.conftest import convert_to_pdf, run_cli

WALL = "作战图（挂图）.docx"


@pytest.mark.parametrize(("text", "short"), [
    ("结合本部门“三管三必须”实施细则，研究建立管行业必须管安全“五化”落实工作机制。",
     "研究建立管行业必须管安全“五化”落实工作机制"),
    ("按照《某条例》，开展危化品仓储专项检查，形成检查报告。", "开展危化品仓储专项检查"),
    ("指导督促工业企业落实国家安全生产事故隐患排查治理有关规定和《某省事故隐患排查治理工作实施细则（试行）》，建立台账。",
     "指导督促工业企业落实国家安全生产事故隐患排查治理有关规定"),
    ("加强全民安全生产宣传教育", "加强全民安全生产宣传教育"),
])
def test_derived_short_name_is_a_whole_clause(text, short):
    assert derive_short_name(text) == short
    assert "…" not in derive_short_name(text)


def plan_yaml(tasks: list[dict]) -> dict:
    return {"标题": "某县工信局治本攻坚实施方案", "开始日期": "2024-01-01", "结束日期": "2026-12-31",
            "行动": [{"编号": "一", "名称": "开展专项整治行动", "任务": tasks}]}


def write_plan(ws: Path, data: dict) -> None:
    (ws / "inputs" / "实施方案.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")


def test_a_too_long_short_name_is_refused_at_its_line(workspace):
    data = yaml.safe_load((workspace / "inputs" / "实施方案.yaml").read_text(encoding="utf-8"))
    data["行动"][0]["任务"][0]["简称"] = "甲" * (SHORT_NAME_MAX + 1)
    write_plan(workspace, data)
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    assert "实施方案.yaml" in result.stderr and "简称" in result.stderr
    assert f"简称最多 {SHORT_NAME_MAX} 个字" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def other_plan(tmp_path_factory) -> Path:
    """Not the sample: 32 tasks of another office's plan, some with a 简称 of their own,
    long deadlines, wording the derivation has to deal with."""
    import shutil

    from tests.conftest import SAMPLE

    ws = tmp_path_factory.mktemp("other") / "ws"
    shutil.copytree(SAMPLE, ws / "inputs")
    for name in ("进展.xlsx", "总结"):
        target = ws / "inputs" / name
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    (ws / "inputs" / "进展.yaml").write_text(
        "".join(f"- {{任务编号: {n}, 期间: 2025H2, 进展情况: 已排查, 状态: {'已完成' if n % 4 == 0 else '推进中'}, "
                f"完成比例: {100 if n % 4 == 0 else 50}}}\n" for n in range(1, 33)), encoding="utf-8")
    tasks = []
    deadlines = ["2025年6月底前", "2026年12月31日前", "每季度", "长期", "2025年9月30日前"]
    for n in range(1, 33):
        task = {"编号": n, "任务内容": f"按照《某省安全生产条例》，组织第{n}批重点企业开展有限空间作业和粉尘涉爆专项排查整治，"
                                      "建立问题隐患和整改措施清单。",
                "牵头部门": "安全生产科", "责任部门": "装备工业科", "时限": deadlines[n % len(deadlines)]}
        if n % 3 == 0:
            task["简称"] = f"第{n}批企业专项排查"
        tasks.append(task)
    write_plan(ws, plan_yaml(tasks))
    out = ws / "output"
    result = run_cli("-w", str(ws), "battlemap", "-o", str(out), "--as-of", "2025-12-31")
    assert result.returncode == 0, result.stderr
    return ws


def page_text(pdf: Path) -> tuple[str, list[float], int]:
    with pdfplumber.open(pdf) as doc:
        chars = [c for p in doc.pages for c in p.chars if c["text"].strip()]
        return "".join(c["text"] for c in chars), [c["size"] for c in chars], len(doc.pages)


def test_wall_chart_prints_every_short_name_and_deadline_whole(other_plan, soffice, tmp_path):
    inputs = read_inputs(other_plan / "inputs")
    src = other_plan / "output" / WALL
    copy = tmp_path / "wall.docx"
    copy.write_bytes(src.read_bytes())
    [pdf] = convert_to_pdf(soffice, [copy], tmp_path / "pdf")
    text, sizes, pages = page_text(pdf)
    assert pages == 1
    with pdfplumber.open(pdf) as doc:     # 32 long 简称 do not fit A3 at >= 9 pt: A2 chosen
        assert (round(doc.pages[0].width / 72 * 25.4), round(doc.pages[0].height / 72 * 25.4)) == (594, 420)
    assert "…" not in text
    table_sizes = [s for s in sizes if s < 16]
    assert min(table_sizes) >= 9 - 0.05
    # Reading order in a table interleaves cells; the wrapped 简称 is whole in its cell.
    cells = ["".join(c.text.split()) for t in Document(src).tables[-1:] for r in t.rows for c in r.cells]
    for task in inputs.plan.tasks:
        assert task.short in cells, task.number
        assert task.schedule.text in cells
        for line in re.findall(r".{1,6}", task.short):          # every part of it reached the paper
            assert line in text, (task.number, line)
    assert inputs.plan.tasks[2].short == "第3批企业专项排查"
    assert inputs.plan.tasks[0].short == "组织第1批重点企业开展有限空间作业和粉尘涉爆专项排查整治"


def test_a_wall_chart_the_paper_cannot_hold_is_refused_with_a_way_out(workspace, tmp_path):
    tasks = [{"编号": n, "任务内容": f"组织第{n}家企业开展有限空间作业专项排查整治并建立问题隐患和整改措施清单",
              "牵头部门": "安全生产科", "时限": "2026年底前"} for n in range(1, 501)]
    (workspace / "inputs" / "进展.xlsx").unlink()
    (workspace / "inputs" / "进展.yaml").write_text("进展: []\n", encoding="utf-8")
    write_plan(workspace, plan_yaml(tasks))
    out = tmp_path / "out"
    result = run_cli("-w", str(workspace), "battlemap", "-o", str(out), "--as-of", "2025-12-31", "--paper", "A3")
    assert result.returncode == 2, result.stderr
    assert "500 项任务" in result.stderr and "A3 纸" in result.stderr and "A2" in result.stderr
    assert "作战图集" in result.stderr
    assert not out.exists()
    # Without --paper the other battle-map files are still made; the wall chart is left
    # out, and the clerk is told why and what to do.
    result = run_cli("-w", str(workspace), "battlemap", "-o", str(out), "--as-of", "2025-12-31")
    assert result.returncode == 0, result.stderr
    assert "作战图（挂图）未生成" in result.stderr and "A2 纸" in result.stderr   # not even the larger sheet
    assert "Traceback" not in result.stderr
    assert (out / "作战图集.docx").is_file() and not (out / "作战图（挂图）.docx").exists()


def test_summary_next_steps_name_tasks_in_full(sample_build):
    from tests.conftest import all_text

    text = all_text(sample_build / "2025年下半年工作总结.docx")
    assert "…" not in text
    inputs = read_inputs(Path(__file__).parents[1] / "inputs")
    named = [t for t in inputs.plan.tasks if f"任务{t.number}（" in text]
    assert named
    for task in named:
        assert f"任务{task.number}（{task.short}）" in text


def test_short_name_column_of_an_excel_plan(workspace):
    from openpyxl import Workbook

    wb = Workbook()
    info = wb.active
    info.title = "基本信息"
    for row in (["标题", "某县工业领域安全生产专项整治方案"], ["开始日期", "2025-01-01"], ["结束日期", "2026-12-31"]):
        info.append(row)
    ws = wb.create_sheet("任务")
    ws.append(["行动编号", "行动名称", "任务编号", "任务内容", "牵头部门", "时限", "简称"])
    ws.append([1, "开展专项整治行动", 1, "根据上级部署，开展粉尘涉爆企业专项检查，形成报告。", "安全生产科", "2025年底前", ""])
    ws.append([1, "开展专项整治行动", 2, "开展有限空间作业专项检查。", "安全生产科", "每季度", "有限空间检查"])
    for name in ("实施方案.yaml", "进展.xlsx", "隐患台账.xlsx"):
        (workspace / "inputs" / name).unlink(missing_ok=True)
    for folder in ("总结",):
        import shutil
        shutil.rmtree(workspace / "inputs" / folder, ignore_errors=True)
    wb.save(workspace / "inputs" / "实施方案.xlsx")
    plan = read_inputs(workspace / "inputs").plan
    assert [t.short for t in plan.tasks] == ["开展粉尘涉爆企业专项检查", "有限空间检查"]
