"""inputs/进展.xlsx as `wuhua collect` writes it back: every entry (with the
department that reported it), the milestones, and a 核对提示 where several
departments reported one task for one period. Readable by readers/progress.py."""
from __future__ import annotations

from openpyxl import Workbook

from generator.model.plan import Plan
from generator.model.progress import Progress, Status
from generator.model.reporting import overlaps
from generator.writers.xlsx import fit_row_heights, ledger_sheet
from generator.writers.xlsx_input import ColumnAid, header_comments, validate_columns

ENTRY_HEADERS = ["任务编号", "期间", "进展情况", "状态", "完成比例", "成果", "备注", "填报部门", "角色", "核对提示"]
ENTRY_WIDTHS = [8, 14, 56, 9, 9, 22, 14, 16, 6, 24]
MILESTONE_HEADERS = ["任务编号", "时间节点", "节点内容"]


def progress_aids(plan: Plan | None, departments: list[str]) -> dict[int, ColumnAid]:
    top = max((t.number for t in plan.tasks), default=999) if plan else 999
    return {
        1: ColumnAid("任务编号", "实施方案中的任务编号。", "3", whole=(1, top), allow_blank=False),
        2: ColumnAid("期间", "进展所属期间：半年、季度、月份、全年或某一天。", "2026H1、2026年上半年、2026Q1、2026-03"),
        3: ColumnAid("进展情况", "本期做了什么、达到什么程度。", "开展联合检查2次，发现问题11项，已整改9项。"),
        4: ColumnAid("状态", "期末任务所处状态。", "推进中", choices=tuple(s.value for s in Status)),
        5: ColumnAid("完成比例", "任务总体完成百分比，0～100 的整数。", "60", whole=(0, 100)),
        6: ColumnAid("成果", "本期形成的材料。", "联合检查记录2份"),
        7: ColumnAid("备注", "其他说明。", ""),
        8: ColumnAid("填报部门", "报送这条进展的部门（由 wuhua collect 填写，手工录入可留空）。", "安全生产科",
                     choices=tuple(departments)),
        9: ColumnAid("角色", "该部门对任务是牵头还是配合。", "牵头", choices=("牵头", "配合")),
        10: ColumnAid("核对提示", "由程序填写：同一任务同一期间有多个部门报送时提示核对，读取时忽略。", ""),
    }


def milestone_aids(plan: Plan | None) -> dict[int, ColumnAid]:
    top = max((t.number for t in plan.tasks), default=999) if plan else 999
    return {
        1: ColumnAid("任务编号", "实施方案中的任务编号。", "6", whole=(1, top), allow_blank=False),
        2: ColumnAid("时间节点", "节点日期。", "2026-06-30",
                     date=(plan.start, plan.end) if plan else None, date_any=plan is None),
        3: ColumnAid("节点内容", "到该日期要完成的事项。", "全面推广模板"),
    }


def progress_workbook(progress: Progress, plan: Plan | None, departments: list[str], *,
                      extra_rows: int = 200) -> Workbook:
    flags = {}
    for o in overlaps(progress):
        flags[(o.task, o.period)] = f"多个部门报送：{'、'.join(o.departments)}，作战图采用牵头部门的进展"
    rows = []
    for e in progress.entries:
        rows.append([e.task, e.period.label, e.text, e.status.value, e.percent, e.result, e.note, e.department,
                     e.role, flags.get((e.task, e.period.label), "")])
    wb = Workbook()
    ws = wb.active
    ws.title = "进展"
    ledger_sheet(ws, "任务进展", ENTRY_HEADERS, ENTRY_WIDTHS, rows, centered={1, 2, 4, 5, 9})
    fit_row_heights(ws)
    last = ws.max_row + extra_rows
    aids = progress_aids(plan, departments)
    header_comments(ws, 2, aids)
    validate_columns(ws, 3, last, aids)
    ms = wb.create_sheet("时间节点")
    ms_rows = [[m.task, m.date, m.text] for m in progress.milestones]
    ledger_sheet(ms, "时间节点", MILESTONE_HEADERS, [10, 14, 40], ms_rows, centered={1, 2})
    for row in ms.iter_rows(min_row=3, min_col=2, max_col=2):
        row[0].number_format = "yyyy-mm-dd"
    m_aids = milestone_aids(plan)
    header_comments(ms, 2, m_aids)
    validate_columns(ms, 3, ms.max_row + extra_rows, m_aids)
    return wb


__all__ = ["ENTRY_HEADERS", "MILESTONE_HEADERS", "milestone_aids", "progress_aids", "progress_workbook"]
