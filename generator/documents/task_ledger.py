"""任务台账.xlsx: every task of the plan as an Excel ledger, with blank columns the
clerk fills in as work progresses."""
from __future__ import annotations

from openpyxl import Workbook

from generator.documents.base import Artifact, Inputs, Options, TemplateSource
from generator.model.values import cn_number
from generator.writers.xlsx import ledger_sheet, workbook_bytes

HEADERS = ["序号", "行动", "任务编号", "任务内容", "牵头部门", "责任部门", "时限", "成果形式",
           "推进措施", "本年度", "进展情况", "备注"]
WIDTHS = [6, 22, 8, 60, 14, 20, 14, 22, 36, 8, 30, 12]


def workbook(inputs: Inputs, options: Options) -> Workbook:
    plan = inputs.plan
    wb = Workbook()
    ws = wb.active
    ws.title = "任务台账"
    rows = []
    for index, task in enumerate(plan.tasks, start=1):
        action = plan.action_of(task)
        rows.append([index, f"（{cn_number(action.number)}）{action.title}", task.number, task.text,
                     task.lead, "、".join(d for d in task.responsible if d != task.lead),
                     task.schedule.text, task.result_form, task.measures,
                     "是" if task.active_in(options.year, plan) else "否", "", ""])
    ledger_sheet(ws, f"{inputs.office.name}安全生产治本攻坚任务台账（{options.year}年）", HEADERS, WIDTHS, rows,
                 centered={1, 3, 5, 7, 10})
    return wb


def artifacts(inputs: Inputs, ws: TemplateSource, options: Options) -> list[Artifact]:
    if inputs.plan is None:
        return []
    return [Artifact("任务台账.xlsx", lambda: workbook_bytes(workbook(inputs, options)), title="任务台账")]
