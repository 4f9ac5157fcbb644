"""重大事故隐患清单公示 (task 11) for each enterprise, and the bureau's
重大事故隐患督办台账 of all open major hazards, overdue ones first.

The notice is built by code on base_document(): it is a poster-like page per
enterprise whose table and closing lines depend on the data, and it shares the
signature block with the summary (style/build.py).
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from generator.documents.base import Artifact, Inputs, Options, TemplateSource, unique_stems, wording_of
from generator.model.hazard import Hazard, enterprises, open_major
from generator.model.values import format_date
from generator.model.wording import Text, Wording, WordingSpec, scaled_widths
from generator.style import Page, base_document
from generator.style.build import add_row, paragraph, signature, table
from generator.writers.built import document_bytes

if TYPE_CHECKING:
    from openpyxl import Workbook

FOLDER = "重大事故隐患公示"
LEDGER = "重大事故隐患督办台账.xlsx"
LANDSCAPE = Page(landscape=True)
# 12756 twips: the A4 landscape text block.
NOTICE_WIDTHS = [560, 1250, 1100, 2400, 2200, 1800, 850, 1250, 0]
NOTICE_WIDTHS[-1] = 12756 - sum(NOTICE_WIDTHS[:-1])
NOTICE_HEADERS = ["序号", "隐患编号", "部位", "隐患描述", "整改措施", "临时管控措施", "责任人", "整改时限",
                  "整改进展"]
_NOTICE_STYLES = ["TableCenter", "TableCenter", "TableText", "TableText", "TableText", "TableText", "TableCenter",
                  "TableCenter", "TableText"]

WORDING = WordingSpec("公示", "重大事故隐患清单公示（每个企业一份）", (
    Text("标题", "重大事故隐患清单公示", "公示标题（企业名称在其下一行）"),
    Text("导语", "根据{{ basis }}要求，现将本单位尚未销号的重大事故隐患{{ count }}项及其整改措施、责任人、整改时限和"
         "整改进展公示如下，请全体从业人员共同监督。", "表格前的一段", ("basis", "count")),
    Text("公示列", tuple(zip(NOTICE_HEADERS, NOTICE_HEADERS)), "公示表格的列", column_ids=tuple(NOTICE_HEADERS)),
    Text("逾期", "（已超过整改时限{{ days }}天）", "逾期隐患在“整改进展”后加的说明", ("days",)),
    Text("已销号", "{{ year }}年以来，本单位已整改并销号重大事故隐患{{ count }}项：{{ items }}。",
         "本年已销号的重大隐患（有时才显示）", ("year", "count", "items")),
    Text("举报", "发现事故隐患请向本单位安全管理部门报告，或拨打{{ office }}隐患举报电话{{ hotline }}。",
         "举报电话一句（单位信息填了举报电话时）", ("office", "hotline")),
    Text("举报无电话", "发现事故隐患请向本单位安全管理部门报告。", "举报一句（没有举报电话时）"),
), {
    "basis": ("依据（方案的专项行动名称）", "安全生产治本攻坚三年行动"), "count": ("项数", 2), "days": ("逾期天数", 15),
    "year": ("年度", 2025), "items": ("已销号隐患及销号日期", "…（2025年9月30日销号）"),
    "office": ("单位名称", "某市工业和信息化局"), "hotline": ("举报电话", "0000-12345"),
})


def _date(d: dt.date | None) -> str:
    return format_date(d) if d else ""


def notice_document(inputs: Inputs, enterprise: str, as_of: dt.date, w: Wording | None = None):
    w = w or WORDING.builtin()
    hazards = sorted(open_major(inputs.hazards, enterprise), key=lambda h: (h.found, h.number))
    closed = [h for h in inputs.hazards if h.enterprise == enterprise and h.major and not h.is_open
              and h.closed is not None and h.closed.year == as_of.year]
    doc = base_document(LANDSCAPE, inputs.office.fonts)
    paragraph(doc, w.text("标题"), "Title")
    paragraph(doc, enterprise, "Subtitle")
    basis = inputs.plan.campaign_title if inputs.plan else "安全生产有关"
    paragraph(doc, w.text("导语", basis=basis, count=len(hazards)))
    columns = w.columns("公示列")
    widths = scaled_widths(columns, dict(zip(NOTICE_HEADERS, NOTICE_WIDTHS)), sum(NOTICE_WIDTHS))
    t = table(doc, widths, [heading for _, heading in columns])
    styles = [dict(zip(NOTICE_HEADERS, _NOTICE_STYLES))[c] for c, _ in columns]
    for i, h in enumerate(hazards, start=1):
        progress = h.progress_text
        if h.overdue_days(as_of):
            progress += w.text("逾期", days=h.overdue_days(as_of))
        cells = dict(zip(NOTICE_HEADERS, [str(i), h.number, h.place, h.description, h.measures, h.interim, h.person,
                                          _date(h.deadline), progress]))
        add_row(t, widths, [cells[c] for c, _ in columns], styles=styles)
    if closed:
        items = "；".join(f"{h.description}（{format_date(h.closed)}销号）" for h in closed)
        paragraph(doc, w.text("已销号", year=as_of.year, count=len(closed), items=items), "Note")
    hotline = inputs.office.hotline
    tail = w.text("举报", office=inputs.office.name, hotline=hotline) if hotline else w.text("举报无电话")
    paragraph(doc, tail, "Note")
    paragraph(doc, "")
    signature(doc, enterprise, format_date(as_of))
    return doc


def supervision_rows(hazards: list[Hazard], as_of: dt.date) -> list[Hazard]:
    """Open major hazards, the longest overdue first, then by deadline."""
    return sorted(open_major(hazards), key=lambda h: (-h.overdue_days(as_of), h.deadline or dt.date.max,
                                                      h.number))


LEDGER_HEADERS = ["序号", "隐患编号", "企业", "行业", "部位", "隐患描述", "整改措施", "整改资金（万元）", "责任单位",
                  "责任人", "整改时限", "临时管控措施", "状态", "逾期天数", "发现日期", "来源"]
LEDGER_WIDTHS = [6, 12, 26, 12, 14, 40, 30, 10, 12, 8, 12, 26, 14, 8, 12, 6]


def supervision_workbook(inputs: Inputs, as_of: dt.date) -> Workbook:
    # openpyxl (and numpy under it) loads only when a workbook is written: a rebuild
    # taking this kind from the artifact cache starts without it.
    from openpyxl import Workbook

    from generator.writers.xlsx import fit_row_heights, ledger_sheet

    wb = Workbook()
    ws = wb.active
    ws.title = "督办台账"
    rows = []
    for i, h in enumerate(supervision_rows(inputs.hazards, as_of), start=1):
        late = h.overdue_days(as_of)
        rows.append([i, h.number, h.enterprise, h.industry, h.place, h.description, h.measures, h.funds,
                     h.unit, h.person, h.deadline, h.interim, h.progress_text, late or None, h.found,
                     h.source.value])
    title = f"{inputs.office.name}重大事故隐患督办台账（截至{format_date(as_of)}）"
    ledger_sheet(ws, title, LEDGER_HEADERS, LEDGER_WIDTHS, rows, centered={1, 2, 8, 10, 11, 13, 14, 15, 16})
    for row in ws.iter_rows(min_row=3):
        for col in (11, 15):
            row[col - 1].number_format = "yyyy-mm-dd"
        if row[13].value:
            from openpyxl.styles import Font
            for cell in row:
                cell.font = Font(name="仿宋", size=11, color="C00000")
    fit_row_heights(ws, first_row=2)
    if not rows:
        ws.append(["没有尚未销号的重大事故隐患。"])
    _per_enterprise_sheet(wb.create_sheet("分企业统计"), inputs, as_of)
    return wb


STAT_HEADERS = ["序号", "企业", "行业", "隐患总数", "其中重大", "已销号", "未销号", "未销号重大", "逾期未整改"]


def _per_enterprise_sheet(ws, inputs: Inputs, as_of: dt.date) -> None:
    from generator.writers.xlsx import ledger_sheet

    rows = []
    for i, name in enumerate(enterprises(inputs.hazards), start=1):
        mine = [h for h in inputs.hazards if h.enterprise == name]
        rows.append([i, name, mine[0].industry, len(mine), sum(h.major for h in mine),
                     sum(not h.is_open for h in mine), sum(h.is_open for h in mine),
                     sum(h.is_open and h.major for h in mine), sum(bool(h.overdue_days(as_of)) for h in mine)])
    total = ["", "合计", ""] + [sum(r[k] for r in rows) for k in range(3, len(STAT_HEADERS))]
    ledger_sheet(ws, f"事故隐患排查治理分企业统计（截至{format_date(as_of)}）", STAT_HEADERS,
                 [6, 28, 14, 10, 10, 10, 10, 12, 12], rows + [total], centered=set(range(3, 10)) | {1})


def artifacts(inputs: Inputs, ws: TemplateSource, options: Options) -> list[Artifact]:
    if not inputs.has_hazard_ledger:
        return []
    as_of = options.as_of
    out = [Artifact(LEDGER, lambda: _bytes(supervision_workbook(inputs, as_of)), title="重大事故隐患督办台账")]
    names = [e for e in enterprises(inputs.hazards) if open_major(inputs.hazards, e)]
    w = wording_of(ws, WORDING) if names else None
    for name, stem in zip(names, unique_stems(names), strict=True):
        out.append(Artifact(f"{FOLDER}/{stem}.docx",
                            (lambda n=name: document_bytes(notice_document(inputs, n, as_of, w),
                                                           f"{n}重大事故隐患清单公示")),
                            title=f"{name}重大事故隐患清单公示", group=FOLDER))
    return out


def _bytes(wb) -> bytes:
    from generator.writers.xlsx import workbook_bytes

    return workbook_bytes(wb)
