"""印发通知: the red-headed notice that distributes the year's task list to the
departments (“关于印发《2025年度…任务清单》的通知”), made when inputs/发文.yaml gives
the office's letterhead and the notice's 发文字号.

One file holds what the clerk prints and staples (GB/T 9704 7.3.7: an attachment is
bound with its notice, before the 版记): the notice with its 版头, the year's task
list as 附件 (rendered from the same 任务清单 template as 年度任务清单.docx, so a
workspace's own template applies here too), and the 版记 on the back of the last
sheet. The per-department lists stay separate files (部门任务清单/): each department
receives the notice with the whole list, and its own list to work from.
"""
from __future__ import annotations

import datetime as dt

from generator.documents import task_list
from generator.documents.base import Artifact, Inputs, Options, TemplateSource, wording_of
from generator.model.issuing import IssuedDocument
from generator.model.values import format_date
from generator.model.wording import Text, Wording, WordingSpec
from generator.style import Page, base_document
from generator.style.build import end_section_with, paragraph, signature, title
from generator.style.letterhead import attachment_label, attachment_note, colophon, letterhead
from generator.style.page import sect_pr
from generator.writers.built import document_bytes
from generator.writers.docx import RenderJob
from generator.writers.docx_body import append_document

PORTRAIT = Page()
FILE = "发文.yaml"

WORDING = WordingSpec("印发通知", "任务清单印发通知（有 inputs/发文.yaml 时）", (
    Text("标题", "关于印发《{{ list_title }}》的通知", "通知标题", ("list_title",)),
    Text("第一段", "按照《{{ plan_title }}》要求，{{ we }}制定了《{{ list_title }}》（共{{ count }}项任务），"
         "现印发给你们，请认真抓好落实。", "正文第一段", ("plan_title", "we", "list_title", "count")),
    Text("第二段", "各部门要对照清单逐项明确责任人和完成时限，牵头部门统筹推进，配合部门密切配合，确保各项任务按时完成。",
         "正文第二段"),
    Text("报送", "请于每年{{ report_days }}前将任务推进情况报送{{ we }}。",
         "接在第二段后的报送要求（实施方案写明报送日期时）", ("report_days", "we")),
    Text("联系人", "联系人：{{ contact }}{{ phone }}。", "联系人一行（单位信息填了联系人时）", ("contact", "phone")),
), {
    "list_title": ("印发的清单标题", "2025年度安全生产治本攻坚任务清单"),
    "plan_title": ("实施方案名称", "全市工信系统安全生产治本攻坚三年行动实施方案（2024-2026年）"),
    "we": ("单位自称", "我局"), "count": ("任务项数", 21), "report_days": ("报送日期", "6月10日、12月10日"),
    "contact": ("联系人（单位信息）", "安全生产科 王明"), "phone": ("“，电话：”及电话（没有电话时为空）", "，电话：0434-3200001"),
})


def notice_date(inputs: Inputs, notice: IssuedDocument) -> dt.date:
    """成文日期: the notice's own, else the office's, else the day of the build."""
    return notice.date or inputs.office.date or dt.date.today()


def file_name(year: int) -> str:
    return f"{year}年度任务清单印发通知.docx"


def title_of(list_title: str, w: Wording | None = None) -> str:
    return (w or WORDING.builtin()).text("标题", list_title=list_title)


def recipients(inputs: Inputs, notice: IssuedDocument) -> list[str]:
    return list(notice.recipients) or task_list.department_names(inputs)


def _report_days(inputs: Inputs) -> str:
    days = inputs.plan.report_days
    return "、".join(f"{month}月{day}日" for month, day in days)


def body_paragraphs(inputs: Inputs, list_title: str, count: int, w: Wording | None = None) -> list[str]:
    w = w or WORDING.builtin()
    office, plan = inputs.office, inputs.plan
    we = office.self_reference
    out = [w.text("第一段", plan_title=plan.title, we=we, list_title=list_title, count=count), w.text("第二段")]
    if plan.report_days:
        out[-1] += w.text("报送", report_days=_report_days(inputs), we=we)
    if office.contact:
        phone = f"，电话：{office.contact_phone}" if office.contact_phone else ""
        out.append(w.text("联系人", contact=office.contact, phone=phone))
    return [text for text in out if text]


def stale_number(inputs: Inputs, notice: IssuedDocument, date: dt.date, year: int) -> str:
    """Why the notice cannot be printed with this 发文字号 for the list of `year`, or "".
    A number of another year is a copy of an old file, or a date the clerk did not
    mean: the notice is left out (the command line says why), never printed so."""
    if date.year != notice.number.year:
        source = "发文.yaml" if notice.date else ("单位.yaml" if inputs.office.date else "生成当天")
        return (f"印发通知：{FILE} 中发文字号 {notice.number} 的年份与成文日期{format_date(date)}（取自{source}）"
                "不一致，未生成；请在“印发通知”中写明成文日期，或改正发文字号")
    if notice.number.year not in (year - 1, year):
        return (f"印发通知：{FILE} 中发文字号 {notice.number} 是{notice.number.year}年的，而印发的是{year}年度任务清单，"
                "未生成；请改为本次发文的发文字号和成文日期")
    return ""


def build_document(inputs: Inputs, notice: IssuedDocument, attachment: bytes, list_title: str, count: int,
                   w: Wording | None = None):
    office = inputs.office
    head = inputs.issuing.letterhead
    date = notice_date(inputs, notice)
    doc = base_document(PORTRAIT, office.fonts)
    letterhead(doc, head.mark, str(notice.number), office.fonts, signer=notice.signer,
               urgency=head.urgency, secrecy=head.secrecy)
    title(doc, title_of(list_title, w))
    paragraph(doc, "")
    paragraph(doc, "、".join(recipients(inputs, notice)) + "：", "Recipient")
    for text in body_paragraphs(inputs, list_title, count, w):
        paragraph(doc, text)
    attachment_note(doc, [list_title])
    paragraph(doc, "")   # one blank line above the signature (no seal)
    signature(doc, office.signature, format_date(date))
    end_section_with(doc.paragraphs[-1], sect_pr(PORTRAIT))
    attachment_label(doc)
    append_document(doc, attachment)
    print_date = notice.print_date or date
    colophon(doc, list(notice.copies), head.printer, format_date(print_date))
    return doc


def render(inputs: Inputs, notice: IssuedDocument, job: RenderJob, list_title: str, count: int,
           w: Wording | None = None) -> bytes:
    doc = build_document(inputs, notice, job(), list_title, count, w)
    return document_bytes(doc, title_of(list_title, w))


def artifacts(inputs: Inputs, ws: TemplateSource, options: Options) -> list[Artifact]:
    issuing = inputs.issuing
    if inputs.plan is None or issuing is None or issuing.notice is None:
        return []
    notice = issuing.notice
    reason = stale_number(inputs, notice, notice_date(inputs, notice), options.year)
    if reason:
        options.notes.append(reason)
        return []
    whole = task_list.year_list(inputs, options.year, options.as_of)
    count = sum(len(g["tasks"]) for g in whole["groups"])
    job = RenderJob(ws.template(task_list.TEMPLATE), {"lists": [whole]}, inputs.office.fonts, whole["title"])
    w = wording_of(ws, WORDING)
    return [Artifact(file_name(options.year), lambda: render(inputs, notice, job, whole["title"], count, w),
                     title=title_of(whole["title"], w))]


__all__ = ["WORDING", "artifacts", "build_document", "body_paragraphs", "title_of"]
