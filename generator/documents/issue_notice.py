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
from generator.documents.base import Artifact, Inputs, Options, TemplateSource
from generator.model.issuing import IssuedDocument
from generator.model.values import format_date
from generator.style import Page, base_document
from generator.style.build import end_section_with, paragraph, signature, title
from generator.style.letterhead import attachment_label, attachment_note, colophon, letterhead
from generator.style.page import sect_pr
from generator.writers.built import document_bytes
from generator.writers.docx import RenderJob
from generator.writers.docx_body import append_document

PORTRAIT = Page()
FILE = "发文.yaml"


def notice_date(inputs: Inputs, notice: IssuedDocument) -> dt.date:
    """成文日期: the notice's own, else the office's, else the day of the build."""
    return notice.date or inputs.office.date or dt.date.today()


def file_name(year: int) -> str:
    return f"{year}年度任务清单印发通知.docx"


def title_of(list_title: str) -> str:
    return f"关于印发《{list_title}》的通知"


def recipients(inputs: Inputs, notice: IssuedDocument) -> list[str]:
    return list(notice.recipients) or task_list.department_names(inputs)


def _report_days(inputs: Inputs) -> str:
    days = inputs.plan.report_days
    return "、".join(f"{month}月{day}日" for month, day in days)


def body_paragraphs(inputs: Inputs, list_title: str, count: int) -> list[str]:
    office, plan = inputs.office, inputs.plan
    out = [f"按照《{plan.title}》要求，{office.self_reference}制定了《{list_title}》（共{count}项任务），"
           "现印发给你们，请认真抓好落实。",
           "各部门要对照清单逐项明确责任人和完成时限，牵头部门统筹推进，配合部门密切配合，确保各项任务按时完成。"]
    if plan.report_days:
        out[-1] += f"请于每年{_report_days(inputs)}前将任务推进情况报送{office.self_reference}。"
    if office.contact:
        phone = f"，电话：{office.contact_phone}" if office.contact_phone else ""
        out.append(f"联系人：{office.contact}{phone}。")
    return out


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


def build_document(inputs: Inputs, notice: IssuedDocument, attachment: bytes, list_title: str, count: int):
    office = inputs.office
    head = inputs.issuing.letterhead
    date = notice_date(inputs, notice)
    doc = base_document(PORTRAIT, office.fonts)
    letterhead(doc, head.mark, str(notice.number), office.fonts, signer=notice.signer,
               urgency=head.urgency, secrecy=head.secrecy)
    title(doc, title_of(list_title))
    paragraph(doc, "")
    paragraph(doc, "、".join(recipients(inputs, notice)) + "：", "Recipient")
    for text in body_paragraphs(inputs, list_title, count):
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


def render(inputs: Inputs, notice: IssuedDocument, job: RenderJob, list_title: str, count: int) -> bytes:
    doc = build_document(inputs, notice, job(), list_title, count)
    return document_bytes(doc, title_of(list_title))


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
    return [Artifact(file_name(options.year), lambda: render(inputs, notice, job, whole["title"], count),
                     title=title_of(whole["title"]))]


__all__ = ["artifacts", "build_document", "body_paragraphs", "title_of"]
