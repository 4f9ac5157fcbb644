"""任务台账.xlsx: every task of the plan as an Excel ledger, with blank columns the
clerk fills in as work progresses."""
from __future__ import annotations

from typing import TYPE_CHECKING

from generator.documents.base import Artifact, Inputs, Options, TemplateSource, wording_of
from generator.model.status import plan_states, year_tasks
from generator.model.values import cn_number, format_date
from generator.model.wording import Text, Wording, WordingSpec

if TYPE_CHECKING:
    from openpyxl import Workbook

HEADERS = ["序号", "行动", "任务编号", "任务内容", "牵头部门", "责任部门", "时限", "时限解读", "成果形式",
           "推进措施", "本年度", "最新进展", "完成比例", "状态", "下一时限", "备注"]
WIDTHS = [6, 22, 8, 60, 14, 20, 14, 28, 22, 36, 8, 36, 8, 10, 18, 12]
CENTERED = {"序号", "任务编号", "牵头部门", "时限", "本年度", "完成比例", "状态"}

WORDING = WordingSpec("任务台账", "任务台账（Excel）", (
    Text("标题", "{{ office }}{{ short }}任务台账（{{ year }}年）", "表格第一行的标题", ("office", "short", "year")),
    Text("列", tuple(zip(HEADERS, HEADERS)), "台账的列（左边是内容，右边是表头）", column_ids=tuple(HEADERS)),
), {"office": ("单位名称", "某市工业和信息化局"), "short": ("方案简称", "安全生产治本攻坚"), "year": ("年度", 2025)})


def _next(state) -> str:
    """The next deadline, or how long it is overdue: from the one status engine."""
    if state.overdue:
        return f"已逾期{state.days_overdue}天（{format_date(state.next_due)}）"
    if state.done:
        return ""
    if state.task.schedule.undetermined:
        return "时限未定"     # no date to come: said, never left blank as if none were due
    if state.next_due is None:
        return ""
    return format_date(state.next_due)


def _this_year(task, plan, year: int, carried: set[int]) -> str:
    if task.number in carried:
        return "结转"
    return "是" if task.active_in(year, plan) else "否"


def workbook(inputs: Inputs, options: Options, w: Wording | None = None) -> Workbook:
    # openpyxl (and numpy under it) loads only when a workbook is written: a rebuild
    # taking this kind from the artifact cache starts without it.
    from openpyxl import Workbook

    from generator.writers.xlsx import ledger_sheet

    w = w or WORDING.builtin()
    columns = w.columns("列")
    plan = inputs.plan
    states = plan_states(plan, inputs.progress, options.as_of)
    carried = {t.number for t, c in year_tasks(plan, inputs.progress, options.year, options.as_of) if c}
    wb = Workbook()
    ws = wb.active
    ws.title = "任务台账"
    rows = []
    for index, task in enumerate(plan.tasks, start=1):
        action = plan.action_of(task)
        state = states[task.number]
        latest = "；".join(state.report_lines())
        cells = dict(zip(HEADERS, [index, f"（{cn_number(action.number)}）{action.title}", task.number, task.text,
                     task.lead, "、".join(task.others), task.schedule.text, task.schedule.meaning,
                     task.result_form, task.measures, _this_year(task, plan, options.year, carried),
                     latest, f"{state.percent}%", state.mark.label, _next(state), ""]))
        rows.append([cells[c] for c, _ in columns])
    widths = dict(zip(HEADERS, WIDTHS))
    ledger_sheet(ws, w.text("标题", office=inputs.office.name, short=plan.short_title, year=options.year),
                 [heading for _, heading in columns], [widths[c] for c, _ in columns], rows,
                 centered={i for i, (c, _) in enumerate(columns, start=1) if c in CENTERED})
    return wb


def artifacts(inputs: Inputs, ws: TemplateSource, options: Options) -> list[Artifact]:
    if inputs.plan is None:
        return []
    w = wording_of(ws, WORDING)
    return [Artifact("任务台账.xlsx", lambda: _bytes(workbook(inputs, options, w)), title="任务台账")]


def _bytes(wb) -> bytes:
    from generator.writers.xlsx import workbook_bytes

    return workbook_bytes(wb)
