"""机制化工作日历: the year's obligations as an Excel schedule and an .ics file that
Outlook and phone calendars import. Obligations on a weekend or public holiday are
flagged, with the working day before as the suggested date."""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from generator.documents.base import Artifact, Inputs, Options, TemplateSource
from generator.holidays import coverage_note, day_off, previous_workday
from generator.model.duty_calendar import Obligation, obligations
from generator.model.plan import DEFAULT_SHORT_TITLE
from generator.model.values import format_date
from generator.writers import ooxml

if TYPE_CHECKING:
    from openpyxl import Workbook

WEEKDAYS = "一二三四五六日"
HEADERS = ["序号", "日期", "星期", "事项", "类别", "责任部门", "依据", "休息日提示", "建议办理日"]
WIDTHS = [6, 12, 6, 60, 9, 16, 24, 14, 12]
FLAG_COLOUR = "FCE4D6"


def year_obligations(inputs: Inputs, year: int) -> list[Obligation]:
    return obligations(year, inputs.plan, inputs.progress, owner=_owner(inputs))


def _owner(inputs: Inputs) -> str:
    """The department that runs the 专班: the lead of task 1 in the sample plan is 安全生产科."""
    plan = inputs.plan
    return plan.tasks[0].lead if plan and plan.tasks else ""


def _short(inputs: Inputs) -> str:
    return inputs.plan.short_title if inputs.plan else DEFAULT_SHORT_TITLE


def _work(inputs: Inputs) -> str:
    return inputs.plan.work_name if inputs.plan else DEFAULT_SHORT_TITLE


def file_stem(year: int) -> str:
    return f"{year}年机制化工作日历"


def workbook(inputs: Inputs, year: int) -> Workbook:
    # openpyxl (and numpy under it) loads only when a workbook is written: a rebuild
    # taking this kind from the artifact cache starts without it.
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from generator.writers.xlsx import fit_row_heights, ledger_sheet, note_row

    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年"
    rows, flagged = [], []
    for i, o in enumerate(year_obligations(inputs, year), start=1):
        off = day_off(o.date)
        rows.append([i, o.date, f"周{WEEKDAYS[o.date.weekday()]}", o.title, o.kind, o.owner, o.basis,
                     f"{off}" if off else "", previous_workday(o.date) if off else None])
        if off:
            flagged.append(i + 2)
    ledger_sheet(ws, f"{inputs.office.name}{year}年{_short(inputs)}机制化工作日历", HEADERS, WIDTHS, rows,
                 centered={1, 2, 3, 5, 8, 9})
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row):
        row[1].number_format = "yyyy-mm-dd"
        row[8].number_format = "yyyy-mm-dd"
    for r in flagged:
        for cell in ws[r]:
            cell.fill = PatternFill("solid", fgColor=FLAG_COLOUR)
        ws.cell(r, 8).font = Font(name="仿宋", size=11, bold=True, color="C00000")
    fit_row_heights(ws, first_row=2)
    note = coverage_note(year)
    note_row(ws, f"说明：到期日为月末、季末、半年末或文件规定的日期；落在周末或法定节假日的事项已标注，"
                 f"建议在前一个工作日办结。{note or ''}", len(HEADERS))
    return wb


def _uid(o: Obligation) -> str:
    digest = hashlib.sha1(f"{o.date.isoformat()}|{o.kind}|{o.title}".encode()).hexdigest()[:20]
    return f"{digest}@wuhua"


def ics_bytes(inputs: Inputs, year: int) -> bytes:
    from icalendar import Alarm, Calendar, Event    # loaded only when the .ics is written

    cal = Calendar()
    cal.add("prodid", "-//wuhua//五化文书 机制化工作日历//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{year}年{_work(inputs)}机制化工作日历")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = ooxml.build_instant().replace(tzinfo=dt.timezone.utc)
    for o in year_obligations(inputs, year):
        off = day_off(o.date)
        event = Event()
        event.add("uid", _uid(o))
        event.add("dtstamp", stamp)
        event.add("dtstart", o.date)
        event.add("dtend", o.date + dt.timedelta(days=1))
        event.add("summary", ("【休息日】" if off else "") + o.title)
        lines = [f"类别：{o.kind}", f"依据：{o.basis}"]
        if o.owner:
            lines.append(f"责任部门：{o.owner}")
        if off:
            lines.append(f"到期日为{off}，建议在{format_date(previous_workday(o.date))}前办结。")
        event.add("description", "\n".join(lines))
        event.add("categories", [o.kind])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", o.title)
        alarm.add("trigger", dt.timedelta(days=-3))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def artifacts(inputs: Inputs, ws: TemplateSource, options: Options) -> list[Artifact]:
    if inputs.plan is None:
        return []
    year = options.year
    return [
        Artifact(f"{file_stem(year)}.xlsx", lambda: _bytes(workbook(inputs, year)), title=file_stem(year)),
        Artifact(f"{file_stem(year)}.ics", lambda: ics_bytes(inputs, year), title=file_stem(year)),
    ]


def _bytes(wb) -> bytes:
    from generator.writers.xlsx import workbook_bytes

    return workbook_bytes(wb)
