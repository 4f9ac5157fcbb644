"""进展填报表: one Excel form per department for one half year, and the clerk's
overview (issue 15). Departments fill the open cells and send the file back;
`wuhua collect` reads it (readers/progress_forms.py), even renamed.

The form: sheet 填报 (task rows locked, fill-in cells open, dropdowns and checks with
input messages, blank open rows at the end for added rows), sheet 填表说明, and a
hidden sheet holding the identity (department, period, plan).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from generator.documents.base import Artifact, Inputs, safe_filename
from generator.model.plan import Plan
from generator.model.progress import Status
from generator.model.reporting import (FORM_KIND, FORM_SHEET, FORM_VERSION, ID_FIELDS, ID_SHEET, OVERVIEW_KIND,
                                       FormIdentity, FormRow, departments_with_tasks, form_rows, plan_key)
from generator.model.summary import HalfYear
from generator.model.values import format_date
from generator.writers.xlsx import (BORDER, CENTER, HEADER_FILL, WRAP, fit_row_heights, ledger_sheet, print_layout,
                                    print_setup, workbook_bytes)
from generator.writers.xlsx_input import (ColumnAid, header_comments, protect_structure, unlock,
                                          validate_columns)

HELP_SHEET = "填表说明"
HEADER_ROW = 3
EXTRA_ROWS = 20           # open rows below the tasks, for rows a department adds
FILL_FILL = PatternFill("solid", fgColor="FFF2CC")   # the cells to fill, pale yellow

# (header, width, open for filling)
COLUMNS = [
    ("任务编号", 7, False), ("期间", 11, False), ("角色", 6, False), ("任务内容", 40, False),
    ("时限及要求", 20, False), ("上次报告进展", 30, False),
    ("进展情况*", 40, True), ("状态*", 9, True), ("完成比例", 8, True), ("成果", 18, True), ("备注", 14, True),
    ("时间节点", 12, True), ("节点内容", 18, True),
]
OPEN = [i for i, (_, _, is_open) in enumerate(COLUMNS, start=1) if is_open]


@dataclass(frozen=True)
class FormSpec:
    identity: FormIdentity
    half: HalfYear
    rows: list[FormRow]
    office: str
    # Return by the plan's own 总结报送 day of the half year (HalfYear.due_in): a fixed
    # 10 June would be after the summary is due in a plan that reports on 5 June.
    due: dt.date | None = None

    @property
    def return_by(self) -> dt.date:
        return self.due or self.half.due


def column_aids(plan: Plan) -> dict[int, ColumnAid]:
    statuses = tuple(s.value for s in Status)
    return {
        1: ColumnAid("任务编号", "实施方案中的任务编号（已填好，勿改）。在末尾空行补报时填写编号。", "3",
                     whole=(1, max((t.number for t in plan.tasks), default=1))),
        2: ColumnAid("期间", "本行报告的期间：半年、季度或月份（已填好）。末尾补报时填写。", "2026年上半年、2026Q1、2026-03"),
        3: ColumnAid("角色", "本部门对该任务是牵头还是配合。", "牵头"),
        4: ColumnAid("任务内容", "实施方案中的任务原文。", ""),
        5: ColumnAid("时限及要求", "实施方案规定的时限，括号内是本期应做到的。", "每季度（每季度报告一次）"),
        6: ColumnAid("上次报告进展", "上一期已报的进展，供参考。", ""),
        7: ColumnAid("进展情况", "本期做了什么、达到什么程度（必填，不填则视为未报送本行）。",
                     "开展联合检查2次，发现问题11项，已整改9项。"),
        8: ColumnAid("状态", "本期末任务所处状态（必填）。", "推进中", choices=statuses, allow_blank=True),
        9: ColumnAid("完成比例", "任务总体完成百分比，0～100 的整数，不写 %。", "60", whole=(0, 100)),
        10: ColumnAid("成果", "本期形成的材料、文件、台账等。", "联合检查记录2份"),
        11: ColumnAid("备注", "需要说明的其他情况。", ""),
        12: ColumnAid("时间节点", "下一步的关键时间节点（日期），与“节点内容”一起填写。", "2026-09-30",
                      date=(plan.start, plan.end)),
        13: ColumnAid("节点内容", "该时间节点要完成的事项。", "完成全部企业培训"),
    }


def form_workbook(spec: FormSpec, plan: Plan) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = FORM_SHEET
    ident, half = spec.identity, spec.half
    last_col = len(COLUMNS)
    ws.append([f"{spec.office}{half.label}安全生产任务进展填报表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    ws["A1"].font = Font(name="黑体", size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.append([f"填报部门：{ident.department}    报告期：{half.label}    "
               f"请于{format_date(spec.return_by)}前填好黄色单元格后交回    共 {len(spec.rows)} 行"])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col)
    ws["A2"].font = Font(name="仿宋", size=12, bold=True)
    ws["A2"].alignment = Alignment(vertical="center")
    ws.row_dimensions[2].height = 22
    ws.append([h for h, _, _ in COLUMNS])
    for col in range(1, last_col + 1):
        c = ws.cell(HEADER_ROW, col)
        c.font = Font(name="黑体", size=11)
        c.fill = HEADER_FILL
        c.border = BORDER
        c.alignment = CENTER
    for row in spec.rows:
        ws.append([row.task.number, row.period.label, row.role, row.task.text, row.due_note, row.last_text])
    first = HEADER_ROW + 1
    last_task_row = HEADER_ROW + len(spec.rows)
    last = last_task_row + EXTRA_ROWS
    for r in range(first, last + 1):
        for col in range(1, last_col + 1):
            c = ws.cell(r, col)
            c.font = Font(name="仿宋", size=11)
            c.border = BORDER
            c.alignment = CENTER if col in (1, 2, 3, 8, 9, 12) else WRAP
            if col in OPEN or r > last_task_row:
                c.fill = FILL_FILL
        if r > last_task_row:
            ws.row_dimensions[r].height = 20
    # 13 columns of about 233 characters fitted to A4 printed at about 5 pt: the paper
    # and widths that print at >= 9 pt (A3 landscape, text columns wrapping more).
    paper, widths = print_layout([width for _, width, _ in COLUMNS])
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    fit_row_heights(ws, first_row=first)
    for r in range(last_task_row + 1, last + 1):
        ws.row_dimensions[r].height = 20
    aids = column_aids(plan)
    header_comments(ws, HEADER_ROW, aids)
    validate_columns(ws, first, last, {k: v for k, v in aids.items() if k in OPEN or k == 1})
    unlock(ws, first, last_task_row, OPEN)
    unlock(ws, last_task_row + 1, last, list(range(1, last_col + 1)))
    ws.freeze_panes = f"C{first}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    print_setup(ws, paper)
    protect_structure(ws)

    help_sheet(wb.create_sheet(HELP_SHEET), spec)
    ids = wb.create_sheet(ID_SHEET)
    for key, value in zip(ID_FIELDS, (FORM_KIND, FORM_VERSION, ident.department, ident.period, ident.plan_title,
                                      ident.plan_key), strict=True):
        ids.append([key, value])
    ids.sheet_state = "hidden"
    protect_structure(ids)
    wb.active = 0
    return wb


def help_sheet(ws, spec: FormSpec) -> None:
    half = spec.half
    lines = [
        f"{spec.identity.department}{half.label}任务进展填报说明",
        "",
        f"1. 报送时限：请于{format_date(spec.return_by)}前填好“{FORM_SHEET}”工作表并交回（文件可以改名）。",
        f"2. 只填黄色单元格：进展情况、状态为必填；完成比例填 0～100 的整数；时间节点填日期（如 {half.end:%Y-%m-%d}）并写明节点内容。",
        "3. 状态从下拉列表选择：未启动、推进中、已完成、滞后。任务已全部完成请选“已完成”并填 100。",
        "4. 每季度、每月报告的任务，每个季度或月份各占一行，请逐行填写。",
        "5. 某行本期无进展可不填，汇总时该行视为未报送。需要补报其他任务或期间时，在表格末尾的空行填写任务编号、期间和进展。",
        "6. 白底的列（任务编号至上次报告进展）是实施方案内容和上次报告的进展，已锁定；工作表保护没有密码，请勿撤销保护、删除或移动列。",
        "7. 可用 Excel、WPS 或 LibreOffice 填写，保存为 .xlsx 格式（不要另存为 .xls 或 .et）。",
        f"8. 本表为“{spec.identity.plan_title}”{half.label}的填报表，请勿用于其他期间。",
    ]
    for line in lines:
        ws.append([line])
    ws["A1"].font = Font(name="黑体", size=14)
    for row in ws.iter_rows(min_row=2):
        for c in row:
            c.font = Font(name="仿宋", size=12)
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 70     # within one A4 portrait page
    fit_row_heights(ws, first_row=3, line_height=17)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    protect_structure(ws)


def specs(inputs: Inputs, half: HalfYear) -> list[FormSpec]:
    plan = inputs.plan
    identity_key = plan_key(plan)
    names = departments_with_tasks(plan, [d.name for d in inputs.departments])
    out = []
    for name in names:
        rows = form_rows(plan, inputs.progress, name, half)
        if rows:
            out.append(FormSpec(FormIdentity(name, half.code, plan.title, identity_key), half, rows,
                                inputs.office.name, half.due_in(plan.report_days)))
    return out


def form_filename(department: str, half: HalfYear) -> str:
    return f"{safe_filename(department)}_{half.label}进展填报表.xlsx"


def overview_filename(half: HalfYear) -> str:
    return f"00_{half.label}进展填报汇总.xlsx"


def artifacts(inputs: Inputs, half: HalfYear, folder: str = "") -> list[Artifact]:
    """One form per department with tasks in the half year, then the overview."""
    prefix = f"{folder}/" if folder else ""
    forms = specs(inputs, half)
    out = [Artifact(f"{prefix}{form_filename(s.identity.department, half)}",
                    (lambda s=s: workbook_bytes(form_workbook(s, inputs.plan))),
                    title=f"{s.identity.department}{half.label}进展填报表", group="进展填报表")
           for s in forms]
    out.append(Artifact(f"{prefix}{overview_filename(half)}", lambda: workbook_bytes(overview_workbook(inputs, forms)),
                        title=f"{half.label}进展填报汇总"))
    return out


def overview_workbook(inputs: Inputs, forms: list[FormSpec]) -> Workbook:
    """For the clerk: who gets which form, and every row asked for."""
    wb = Workbook()
    ws = wb.active
    ws.title = "发放清单"
    contacts = {d.name: d for d in inputs.departments}
    rows = []
    for i, s in enumerate(forms, start=1):
        dept = contacts.get(s.identity.department)
        lead = sum(1 for r in s.rows if r.role == "牵头")
        rows.append([i, s.identity.department, len({r.task.number for r in s.rows}), lead, len(s.rows) - lead,
                     len(s.rows), form_filename(s.identity.department, s.half), format_date(s.return_by),
                     dept.head if dept else "", dept.phone if dept else "", ""])
    half = forms[0].half if forms else None
    title = f"{half.label if half else ''}进展填报表发放清单"
    ledger_sheet(ws, title, ["序号", "部门", "任务数", "牵头行", "配合行", "填报行数", "文件名", "交回期限", "负责人",
                             "联系电话", "交回情况"],
                 [6, 18, 8, 8, 8, 9, 40, 16, 10, 16, 12], rows, centered={1, 3, 4, 5, 6, 8})
    all_rows = wb.create_sheet("全部填报行")
    detail = [[s.identity.department, r.task.number, r.period.label, r.role, r.task.text, r.due_note]
              for s in forms for r in s.rows]
    ledger_sheet(all_rows, "各部门填报行", ["部门", "任务编号", "期间", "角色", "任务内容", "时限及要求"],
                 [16, 8, 14, 6, 60, 30], detail, centered={2, 3, 4})
    fit_row_heights(all_rows)
    # Marked so that `wuhua collect 回收文件夹` passes over it when it lies among the forms.
    ids = wb.create_sheet(ID_SHEET)
    ids.append(["类型", OVERVIEW_KIND])
    ids.sheet_state = "hidden"
    return wb


def reminder_workbook(half: HalfYear, missing: list[tuple[str, int, int, list[int]]], contacts: dict,
                      due: dt.date | None = None) -> Workbook:
    """催报清单: departments that have not replied (or not filled every row)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "催报清单"
    rows = []
    for i, (name, asked, answered, tasks) in enumerate(missing, start=1):
        d = contacts.get(name)
        rows.append([i, name, "未交回" if answered == 0 else "未填完", asked, answered,
                     "、".join(map(str, tasks)), d.head if d else "", d.phone if d else "", format_date(due or half.due)])
    ledger_sheet(ws, f"{half.label}进展填报催报清单", ["序号", "部门", "情况", "应填行数", "已填行数", "未报任务编号",
                                                  "负责人", "联系电话", "截止日期"],
                 [6, 18, 10, 9, 9, 30, 10, 16, 16], rows, centered={1, 3, 4, 5, 9})
    return wb


__all__ = ["COLUMNS", "reminder_workbook", "FORM_SHEET", "HEADER_ROW", "HELP_SHEET", "ID_FIELDS", "ID_SHEET", "FormSpec", "artifacts",
           "column_aids", "form_filename", "form_workbook", "overview_filename", "specs"]
