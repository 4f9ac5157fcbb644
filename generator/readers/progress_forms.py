"""Returned 进展填报表 (written by `wuhua forms`): which department, period and plan
a file is for (from its hidden sheet, so a renamed file is still known), and what
the department filled in, every problem located by file, sheet and cell.

Filled in Excel, WPS or LibreOffice alike: values are read as stored (numbers may
come back as floats, dates as datetimes, text with stray spaces).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Collector, Location, problem
from generator.model.plan import Plan
from generator.model.progress import STATUS_ALLOWED, SUPPORT, Milestone, ProgressEntry
from generator.model.reporting import (FORM_KIND, FORM_SHEET, ID_FIELDS, ID_SHEET, OVERVIEW_KIND, FormIdentity,
                                       Reply, plan_key, task_departments)
from generator.model.summary import HalfYear
from generator.model.values import DATE_FORMS, PERIOD_FORMS, format_date, parse_date
from generator.readers import excel_source
from generator.readers.records import Column, records_from_sheet, to_model

FORM_COLUMNS = [
    Column("task", "任务编号", ("编号",), required=True),
    Column("period", "期间", ("报告期",), required=True, allowed=f"可用的写法：{PERIOD_FORMS}"),
    Column("role", "角色"),
    Column("text", "进展情况", ("进展",), required=True),
    Column("status", "状态", (), required=True, allowed=STATUS_ALLOWED),
    Column("percent", "完成比例", ("完成比例(%)",)),
    Column("result", "成果"),
    Column("note", "备注"),
    Column("ms_date", "时间节点", (), allowed=f"可用的写法：{DATE_FORMS}"),
    Column("ms_text", "节点内容"),
]
FILLED = ("text", "status", "percent", "result", "note", "ms_date", "ms_text")


@dataclass
class FormFile:
    """What one file turned out to be."""

    path: Path
    shown: Path
    identity: FormIdentity | None = None
    is_overview: bool = False
    reply: Reply | None = None
    asked: int = 0          # rows the form asked for
    answered: int = 0       # rows filled in
    id_cells: dict[str, Location] | None = None


def read_identity(path: Path, shown: Path, collector: Collector) -> tuple[FormFile, object]:
    """The file's identity and its opened workbook (None when unreadable)."""
    found = FormFile(path, shown)
    wb = excel_source.open_workbook(path, shown, collector, own_hidden=(ID_SHEET,))
    if wb is None:
        return found, None
    if ID_SHEET not in wb.sheetnames:
        collector.add(problem(Location(shown),
                              "不是由“wuhua forms”生成的进展填报表（缺少隐藏的标识工作表），无法确定部门和期间。"
                              "请让该部门使用下发的填报表填写，或删除此文件后重新汇总"))
        return found, None
    ids = wb[ID_SHEET]
    values: dict[str, object] = {}
    cells: dict[str, Location] = {}
    for row in ids.iter_rows(min_row=1, max_col=2):
        key = row[0].value
        if isinstance(key, str):
            values[key.strip()] = row[1].value
            cells[key.strip()] = Location(shown, sheet=ID_SHEET, cell=row[1].coordinate)
    found.id_cells = cells
    kind = str(values.get("类型") or "")
    if kind == OVERVIEW_KIND:
        found.is_overview = True
        return found, None
    if kind != FORM_KIND or any(values.get(k) in (None, "") for k in ID_FIELDS):
        collector.add(problem(cells.get("类型", Location(shown, sheet=ID_SHEET)),
                              "标识工作表已损坏，无法确定部门、期间和实施方案。请让该部门使用下发的原始填报表重新填写"))
        return found, None
    period = str(values["期间"]).strip()
    if HalfYear.parse(period) is None:
        collector.add(problem(cells["期间"], "标识工作表中的期间无法识别", "期间", period))
        return found, None
    found.identity = FormIdentity(str(values["部门"]).strip(), HalfYear.parse(period).code,
                                  str(values["方案"]).strip(), str(values["方案标识"]).strip())
    return found, wb


def check_identity(found: FormFile, plan: Plan, expected: HalfYear | None, collector: Collector) -> bool:
    ident, cells = found.identity, found.id_cells or {}
    ok = True
    if ident.plan_key != plan_key(plan):
        collector.add(problem(cells["方案"], f"这是另一份实施方案（“{ident.plan_title}”）的填报表，"
                              f"不属于本工作区的“{plan.title}”，未汇总", "方案", ident.plan_title))
        ok = False
    if expected is not None and ident.period != expected.code:
        collector.add(problem(cells["期间"], f"这是{ident.half.label}的填报表，本次汇总的是{expected.label}。"
                              "请确认文件，或用 --period 指定要汇总的期间", "期间", ident.half.label))
        ok = False
    named = {name for t in plan.tasks for name, _ in task_departments(t)}
    if ident.department not in named:
        collector.add(problem(cells["部门"], "实施方案中没有这个部门的任务（部门名称被改动，或实施方案已变）", "部门",
                              ident.department))
        ok = False
    return ok


def read_form(path: Path, shown: Path, plan: Plan, collector: Collector, *,
              expected: HalfYear | None = None) -> FormFile:
    """Read one returned form; problems go to `collector`, nothing is guessed."""
    found, wb = read_identity(path, shown, collector)
    if wb is None or found.identity is None:
        return found
    if not check_identity(found, plan, expected, collector):
        return found
    ident = found.identity
    half = ident.half
    if FORM_SHEET not in wb.sheetnames:
        collector.add(problem(Location(shown), f"找不到工作表“{FORM_SHEET}”（被改名或删除了），请恢复原名后再交回"))
        return found
    before = len(collector.problems)
    records = records_from_sheet(excel_source.read_sheet(wb[FORM_SHEET]), shown, FORM_COLUMNS, collector)
    if len(collector.problems) > before:
        return found
    roles = {t.number: dict(task_departments(t)) for t in plan.tasks}
    numbers = sorted(roles)
    entries: list[ProgressEntry] = []
    milestones: list[Milestone] = []
    seen: dict[tuple[int, str], Location] = {}
    for record in records:
        filled = any(record.values.get(k) is not None for k in FILLED)
        prefilled = record.values.get("role") is not None   # rows the form asked for carry a role
        found.asked += prefilled
        if not filled:
            continue
        found.answered += 1
        entry = to_model(ProgressEntry, record, FORM_COLUMNS, collector, drop=("ms_date", "ms_text", "role"),
                         department=ident.department, role=roles.get(_int(record.values.get("task")), {}).get(
                             ident.department, SUPPORT))
        milestone = _milestone(record, collector)
        if entry is None:
            continue
        if entry.task not in roles:
            collector.add(problem(record.loc("task"), f"没有这个任务编号（实施方案中的任务编号为 {numbers[0]}～{numbers[-1]}）",
                                  "任务编号", entry.task))
            continue
        if not (half.start <= entry.period.start and entry.period.end <= half.end):
            collector.add(problem(record.loc("period"), f"不在本表的报告期（{half.label}）内，"
                                  "本表只汇总本期进展；其他期间请用对应期间的填报表", "期间", entry.period.label))
            continue
        if ident.department not in roles[entry.task]:
            collector.warn(problem(record.loc("task"), f"{ident.department}不是任务{entry.task}的牵头或配合部门，"
                                   "已作为该部门（配合）的进展汇总，不决定任务状态，请核对任务编号", "任务编号", entry.task))
        key = (entry.task, entry.period.label)
        if key in seen:
            collector.add(problem(record.loc("period"), f"任务{entry.task}的{entry.period.label}已在 {seen[key]} 填写，"
                                  "同一期间请只写一行", "期间", entry.period.label))
            continue
        seen[key] = record.loc("period")
        entries.append(entry)
        if milestone is not None:
            milestones.append(Milestone(task=entry.task, date=milestone[0], text=milestone[1]))
        if milestone is not None and not plan.start <= milestone[0] <= plan.end:
            collector.add(problem(record.loc("ms_date"), f"不在实施方案的期限内（{format_date(plan.start)}至"
                                  f"{format_date(plan.end)}）", "时间节点", format_date(milestone[0])))
    found.reply = Reply(ident.department, ident.period, tuple(entries), tuple(milestones), str(shown))
    return found


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _milestone(record, collector: Collector) -> tuple[dt.date, str] | None:
    raw_date, text = record.values.get("ms_date"), record.values.get("ms_text")
    if raw_date is None and text is None:
        return None
    if raw_date is None:
        collector.add(problem(record.loc("ms_date"), "填写了节点内容，请同时填写时间节点（日期）", "时间节点"))
        return None
    if text is None:
        collector.add(problem(record.loc("ms_text"), "填写了时间节点，请同时写明节点内容", "节点内容"))
        return None
    try:
        return parse_date(raw_date), str(text).strip()
    except ValueError as exc:
        collector.add(problem(record.loc("ms_date"), str(exc), "时间节点", raw_date))
        return None


__all__ = ["FORM_COLUMNS", "FormFile", "read_form", "read_identity"]
