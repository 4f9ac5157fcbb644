"""半年工作总结 (safeguard 五): an official document built from the half year's
progress entries, the hazard ledger and the clerk's own text (总结/2025H2.yaml).

Built by code on base_document() rather than from a docxtpl template: its sections
appear or not and its paragraphs mix data with 【待补充：…】 placeholders, which a
template could only express as a thicket of tags a clerk could not edit safely.
Where the text needs data that is missing, the document says so visibly and never
makes up words or numbers.
"""
from __future__ import annotations

import datetime as dt

from generator.documents.base import Artifact, Inputs, Options, TemplateSource, wording_of
from generator.documents.summary_figures import hazard_figures, percent, task_figures
from generator.model.plan import DEFAULT_SHORT_TITLE
from generator.model.summary import HalfYear, SummaryText
from generator.model.progress import SUPPORT, Status
from generator.model.status import task_status
from generator.model.values import cn_number, format_date
from generator.model.wording import Text, Wording, WordingSpec, scaled_widths
from generator.style import Page, base_document
from generator.style.build import (PLACEHOLDER_OPEN, add_row, add_spanning_row, marked_paragraph, paragraph,
                                   placeholder, section_break, set_final_section, signature, table, title)
from generator.style.letterhead import colophon, letterhead
from generator.writers.built import document_bytes

PORTRAIT = Page()
LANDSCAPE = Page(landscape=True, turned=True)     # a table 附件 bound with the letter
# A4 landscape text block is 12756 twips wide.
ATTACHMENT_WIDTHS = [650, 4200, 1350, 1500, 3956, 1100]
ATTACHMENT_TITLE = "任务推进情况表"

SUMMARY_COLUMNS = (("序号", "序号"), ("任务", "任务"), ("牵头部门", "牵头部门"), ("时限", "时限"),
                   ("本半年进展", "本半年进展"), ("状态", "状态"))
_COLUMN_WIDTHS = dict(zip([c for c, _ in SUMMARY_COLUMNS], ATTACHMENT_WIDTHS))
_COLUMN_STYLES = dict(zip([c for c, _ in SUMMARY_COLUMNS],
                          ["TableCenter", "TableText", "TableCenter", "TableCenter", "TableText", "TableCenter"]))

WORDING = WordingSpec("总结", "半年工作总结", (
    Text("标题", "{{ office }}{{ half }}{{ short }}工作总结", "文件标题", ("office", "half", "short")),
    Text("开头", "按照{{ plan }}{{ rule }}，现将{{ we }}{{ half }}{{ short }}工作总结如下：", "主送机关后的开头段",
         ("plan", "rule", "we", "half", "short")),
    Text("一级标题一", "一、主要工作及成效", "第一部分标题"),
    Text("总体情况", "{{ half }}，{{ we }}统筹推进{{ work }}{{ actions }}大行动，{{ year }}年度共有任务{{ tasks }}项，"
         "{{ progress }}。", "第一部分首段（任务总体情况）", ("half", "we", "work", "actions", "year", "tasks", "progress")),
    Text("隐患情况", "事故隐患排查治理方面，{{ area }}工业行业新排查事故隐患{{ found }}项，其中重大事故隐患{{ found_major }}项、"
         "民爆行业隐患{{ found_civil }}项；已整改{{ rectified }}项，已销号{{ closed }}项，销号率{{ rate }}。",
         "隐患排查治理情况（有隐患台账时）",
         ("area", "found", "found_major", "found_civil", "rectified", "closed", "rate")),
    Text("重大隐患未清零", "截至{{ date }}，尚未销号的重大事故隐患{{ open_major }}项（其中民爆行业{{ open_major_civil }}项），"
         "已列入督办台账跟踪整改。", "隐患情况之后：仍有未销号的重大隐患时",
         ("date", "open_major", "open_major_civil")),
    Text("重大隐患逾期", "其中{{ overdue }}项已超过整改期限：{{ items }}。",
         "未清零一句之后：有超过整改期限的重大隐患时（与督办台账同一截至日期、同样的逾期天数）",
         ("overdue", "items")),
    Text("重大隐患已清零", "重大事故隐患已全部整改销号。", "隐患情况之后：重大隐患全部销号时"),
    Text("其他工作", "其他工作", "“其他工作”小标题（序号自动加在前面）"),
    Text("一级标题二", "二、存在的问题", "第二部分标题"),
    Text("一级标题三", "三、下步工作打算", "第三部分标题"),
    Text("重点工作", "（一）重点工作", "第三部分第一个小标题"),
    Text("到期任务", "（二）{{ until }}前到期的任务和时间节点", "第三部分第二个小标题", ("until",)),
    Text("没有到期任务", "{{ until }}前没有到期的任务和时间节点。", "没有到期任务时的说明", ("until",)),
    Text("超期任务", "（三）超过时限尚未完成的任务", "第三部分第三个小标题"),
    Text("超期任务导语", "以下{{ count }}项任务已超过时限尚未完成，将逐项明确责任人和完成时限，加快推进：",
         "超期任务清单前的一句", ("count",)),
    Text("没有超期任务", "截至目前，没有超过时限尚未完成的任务。", "没有超期任务时的说明"),
    Text("时限未定任务", "（四）时限未定的任务", "第三部分第四个小标题（只在有尚未完成、时限没有具体日期的任务时出现）"),
    Text("时限未定导语", "以下{{ count }}项任务的时限没有具体日期（按上级要求、根据工作需要等），"
         "不判定是否超期，将根据上级部署和工作需要及时推进：", "时限未定任务清单前的一句", ("count",)),
    Text("附件标题", "{{ half }}任务推进情况表", "附件的标题（附件说明中引用同一名称）", ("half",)),
    Text("附件列", SUMMARY_COLUMNS, "附件表格的列", column_ids=tuple(c for c, _ in SUMMARY_COLUMNS)),
    Text("附注", "（联系人：{{ contact }}，电话：{{ phone }}）", "成文日期下的附注", ("contact", "phone")),
), {
    "office": ("单位名称", "某市工业和信息化局"), "half": ("半年", "2025年下半年"), "short": ("方案简称", "安全生产治本攻坚"),
    "plan": ("实施方案名称（带书名号）", "《某市安全生产治本攻坚三年行动实施方案》"),
    "rule": ("总结要求", "“每半年总结一次”的要求"), "we": ("单位自称", "我局"),
    "work": ("工作名称", "安全生产治本攻坚三年行动"), "actions": ("行动数", 8), "year": ("年度", 2025),
    "tasks": ("年度任务数", 28), "progress": ("完成情况（程序生成的一句）", "截至2025年12月10日，已完成12项，推进中14项，滞后2项"),
    "area": ("辖区（由单位信息的地区或单位名称得出）", "全市"),
    "found": ("新排查隐患数", 120), "found_major": ("其中重大隐患数", 3), "found_civil": ("民爆行业隐患数", 8),
    "rectified": ("已整改数", 110), "closed": ("已销号数", 100), "rate": ("销号率", "83.3%"),
    "date": ("截至日期", "2025年12月10日"), "open_major": ("未销号重大隐患数", 1), "open_major_civil": ("其中民爆行业", 0),
    "overdue": ("超过整改期限的项数", 1),
    "items": ("逐项：企业、隐患、逾期天数（程序生成）", "某市铝业有限公司“熔炼炉冷却水系统未设置流量、温度监测报警”（逾期10天）"),
    "until": ("下一半年末日期", "2026年6月30日"), "count": ("项数", 2),
    "contact": ("联系人", "张三"), "phone": ("联系电话", "0000-12345678"),
})


def ordinal(n: int) -> str:
    return f"{cn_number(n)}是"


def sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？", "；")) else text + "。"


def entry_sentence(entry) -> str:
    """A report as the summary states it: a 配合 department's report names its author
    and role, as the ledger does, so it never reads as the lead's account of the task."""
    if entry.role == SUPPORT:
        return sentence(f"{entry.department or '配合部门'}（配合）：{entry.text.strip()}")
    return sentence(entry.text)


def summary_date(text: SummaryText | None, inputs: Inputs, half: HalfYear) -> dt.date:
    """The clerk's date, else the office's fixed date if it lies in the half year,
    else the due date (10 June / 10 December)."""
    if text is not None and text.date is not None:
        return text.date
    if inputs.office.date is not None and half.contains(inputs.office.date):
        return inputs.office.date
    return half.due_in(inputs.plan.report_days if inputs.plan else ())


def title_of(inputs: Inputs, half: HalfYear, w: Wording | None = None) -> str:
    return (w or WORDING.builtin()).text("标题", office=inputs.office.name, half=half.label, short=_short(inputs))


def _short(inputs: Inputs) -> str:
    """The plan's 文书简称 as it reads before “工作总结”: “安全生产“五化”工作” would
    otherwise print “…工作工作总结”."""
    return (inputs.plan.short_title if inputs.plan else DEFAULT_SHORT_TITLE).removesuffix("工作") or DEFAULT_SHORT_TITLE


def file_name(half: HalfYear) -> str:
    return f"{half.label}工作总结.docx"


def period_entries(inputs: Inputs, half: HalfYear, numbers: set[int]):
    if inputs.progress is None:
        return []
    return [e for e in inputs.progress.entries
            if e.task in numbers and half.start <= e.period.start and e.period.end <= half.end]


def _overview(inputs: Inputs, half: HalfYear, text: SummaryText | None, as_of: dt.date, w: Wording) -> list[str]:
    out = []
    plan = inputs.plan
    if plan is None:
        out.append(f"{half.label}，{placeholder('年度任务推进情况（未提供实施方案）')}。")
    else:
        t = task_figures(inputs, half, as_of)
        if inputs.progress is None:
            progress = placeholder("任务完成情况（未提供进展数据）")
        else:
            progress = (f"截至{format_date(as_of)}，已完成{t.done}项，推进中{t.ongoing}项，"
                        f"滞后{t.late}项" + (f"（其中超过时限{t.overdue}项）" if t.overdue else ""))
            if t.not_started:
                progress += f"，未报送进展{t.not_started}项"
        out.append(w.text("总体情况", half=half.label, we=inputs.office.self_reference,
                          work=plan.work_name, actions=len(plan.actions), year=half.year,
                          tasks=t.total, progress=progress))
    figures = []
    n = text.inspections if text else None
    figures.append(f"开展督导检查{n}次" if n is not None else f"开展督导检查{placeholder('督导检查次数')}次")
    g = text.guidance if text else None
    figures.append(f"实地专项指导服务{g}次" if g is not None else
                   f"实地专项指导服务{placeholder('实地指导次数')}次")
    trained = text.trained if text else None
    coverage = text.training_coverage if text else None
    training = f"组织安全教育培训{trained}人次" if trained is not None else \
        f"组织安全教育培训{placeholder('培训人次')}人次"
    training += (f"，工业企业主要负责人培训覆盖率达到{percent(coverage)}" if coverage is not None else
                 f"，工业企业主要负责人培训覆盖率{placeholder('培训覆盖率')}")
    figures.append(training)
    out.append(f"本半年{'，'.join(figures)}。")
    if not inputs.has_hazard_ledger:
        out.append(f"事故隐患排查治理方面，{placeholder('隐患排查治理数据（未提供隐患台账）')}。")
    else:
        h = hazard_figures(inputs.hazards, half, as_of)
        rate = percent(h.close_rate * 100) if h.close_rate is not None else "—"
        text_h = w.text("隐患情况", area=inputs.office.area, found=h.found, found_major=h.found_major, found_civil=h.found_civil,
                        rectified=h.rectified, closed=h.closed, rate=rate)
        if h.open_major:
            text_h += w.text("重大隐患未清零", date=format_date(half.end) if half.end < as_of else format_date(as_of),
                             open_major=h.open_major, open_major_civil=h.open_major_civil)
            if h.overdue_major:
                items = "；".join(f"{z.enterprise}“{z.description}”（逾期{days}天）" for z, days in h.overdue_major)
                text_h += w.text("重大隐患逾期", overdue=len(h.overdue_major), items=items)
        else:
            text_h += w.text("重大隐患已清零")
        out.append(text_h)
    return out


def _action_figures(states) -> str:
    if not states:
        return ""
    count = {k: sum(1 for s in states if s.status is k)
             for k in (Status.DONE, Status.IN_PROGRESS, Status.LATE, Status.NOT_STARTED)}
    names = {Status.DONE: "已完成", Status.IN_PROGRESS: "推进中", Status.LATE: "滞后", Status.NOT_STARTED: "未报送进展"}
    parts = [f"{names[k]}{n}项" for k, n in count.items() if n]
    return f"本行动{len(states)}项年度任务，{'，'.join(parts)}。"


def _action_paragraphs(inputs: Inputs, half: HalfYear, as_of: dt.date) -> list[tuple[str, str]]:
    """(heading, body) per action: its figures, then that half year's progress entries."""
    plan = inputs.plan
    states = task_figures(inputs, half, as_of).states if inputs.progress is not None else []
    out = []
    for action in plan.actions:
        numbers = {t.number for t in action.tasks}
        figures = _action_figures([s for s in states if s.task.number in numbers])
        entries = sorted(period_entries(inputs, half, numbers), key=lambda e: (e.task, e.period.start))
        if entries:
            if len(entries) == 1:
                body = entry_sentence(entries[0])
            else:
                body = "".join(f"{ordinal(i)}{entry_sentence(e)}" for i, e in enumerate(entries, start=1))
        else:
            body = placeholder(f"本半年本行动的工作进展（进展数据中没有任务"
                               f"{'、'.join(str(n) for n in sorted(numbers))}在{half.label}的记录）")
        out.append((f"（{cn_number(action.number)}）{action.title}", figures + body))
    return out


def _deadlines(inputs: Inputs, half: HalfYear, as_of: dt.date) -> list[str]:
    """Deadlines from after the as-of date to the end of the next half year."""
    plan = inputs.plan
    until = half.next.end
    items = []
    for task in plan.tasks:
        due = task.schedule.due
        if due is not None and as_of < due <= until:
            if not task_status(task, plan, inputs.progress, as_of).done:
                items.append((due, f"任务{task.number}（{task.short}），时限{task.schedule.text}，"
                                   f"牵头部门{task.lead}"))
    if inputs.progress is not None:
        for m in inputs.progress.milestones:
            if as_of < m.date <= until:
                items.append((m.date, f"任务{m.task}时间节点：{m.text}（{format_date(m.date)}）"))
    return [text for _, text in sorted(items, key=lambda x: x[0])]


def build_document(inputs: Inputs, half: HalfYear, text: SummaryText | None, w: Wording | None = None):
    w = w or WORDING.builtin()
    office = inputs.office
    date = summary_date(text, inputs, half)
    as_of = min(date, half.end)
    doc = base_document(PORTRAIT, office.fonts)
    issued = text is not None and text.number is not None and inputs.issuing is not None
    if issued:      # a 上行文: 发文字号 left, 签发人 right (GB/T 9704 7.2.5, 7.2.6)
        head = inputs.issuing.letterhead
        letterhead(doc, head.mark, str(text.number), office.fonts, signer=text.signers,
                   urgency=head.urgency, secrecy=head.secrecy)
    title(doc, title_of(inputs, half, w))
    paragraph(doc, "")
    recipient = (text.recipient if text and text.recipient else office.recipient) or placeholder("主送机关")
    marked_paragraph(doc, f"{recipient}：", "Recipient")
    plan_name = f"《{inputs.plan.title}》" if inputs.plan else "实施方案"
    rule = f"“{inputs.plan.summary_rule}”的要求" if inputs.plan and inputs.plan.summary_rule else "有关要求"
    marked_paragraph(doc, w.text("开头", plan=plan_name, rule=rule, we=office.self_reference, half=half.label,
                                 short=_short(inputs)))

    paragraph(doc, w.text("一级标题一"), "Heading1")
    for line in _overview(inputs, half, text, as_of, w):
        marked_paragraph(doc, line)
    actions = _action_paragraphs(inputs, half, as_of) if inputs.plan is not None else []
    for heading, body in actions:
        paragraph(doc, heading, "Heading2")
        marked_paragraph(doc, body)
    if text and text.achievements:
        paragraph(doc, f"（{cn_number(len(actions) + 1)}）{w.text('其他工作')}", "Heading2")
        for item in text.achievements:
            marked_paragraph(doc, item)

    paragraph(doc, w.text("一级标题二"), "Heading1")
    for item in (text.problems if text and text.problems else
                 [placeholder(f"存在的问题（请在 inputs/总结/{half.code}.yaml 的“存在的问题”中填写）")]):
        marked_paragraph(doc, item)

    paragraph(doc, w.text("一级标题三"), "Heading1")
    paragraph(doc, w.text("重点工作"), "Heading2")
    for item in (text.plans if text and text.plans else
                 [placeholder(f"下步工作打算（请在 inputs/总结/{half.code}.yaml 的“下步工作打算”中填写）")]):
        marked_paragraph(doc, item)
    if inputs.plan is not None:
        paragraph(doc, w.text("到期任务", until=format_date(half.next.end)), "Heading2")
        deadlines = _deadlines(inputs, half, as_of)
        if deadlines:
            for i, item in enumerate(deadlines, start=1):
                paragraph(doc, f"{i}.{item}。")
        else:
            paragraph(doc, w.text("没有到期任务", until=format_date(half.next.end)))
        paragraph(doc, w.text("超期任务"), "Heading2")
        overdue = [s for s in task_figures(inputs, half, as_of).states if s.overdue]
        if overdue:
            paragraph(doc, w.text("超期任务导语", count=len(overdue)))
            for i, s in enumerate(overdue, start=1):
                paragraph(doc, f"{i}.任务{s.task.number}（{s.task.short}），时限{s.task.schedule.text}，"
                               f"牵头部门{s.task.lead}。")
        else:
            paragraph(doc, w.text("没有超期任务"))
        # 时限未定 (按上级要求 …): never 超期, so listed apart, not dropped from the plan's view.
        open_ended = [s for s in task_figures(inputs, half, as_of).states
                      if s.task.schedule.undetermined and not s.done]
        if open_ended:
            paragraph(doc, w.text("时限未定任务"), "Heading2")
            paragraph(doc, w.text("时限未定导语", count=len(open_ended)))
            for i, s in enumerate(open_ended, start=1):
                paragraph(doc, f"{i}.任务{s.task.number}（{s.task.short}），时限{s.task.schedule.text}，"
                               f"牵头部门{s.task.lead}，目前{s.mark.value}。")

    if inputs.plan is not None:
        paragraph(doc, "")
        # 附件说明 names the attachment exactly as its title reads.
        paragraph(doc, f"附件：{w.text('附件标题', half=half.label)}")
    paragraph(doc, "")  # GB/T 9704: one blank line above the signature when there is no seal
    signature(doc, office.signature, format_date(date))
    # 附注 (GB/T 9704 7.3.6): below the date, two characters in, in parentheses.
    contact = office.contact or placeholder("联系人（单位.yaml 的“联系人”）")
    phone = office.contact_phone or placeholder("电话（单位.yaml 的“联系人电话”）")
    marked_paragraph(doc, w.text("附注", contact=contact, phone=phone))
    if inputs.plan is not None:
        _attachment(doc, inputs, half, as_of, w)
    if issued:
        colophon(doc, list(text.copies), inputs.issuing.letterhead.printer, format_date(text.print_date or date))
    return doc


def _attachment(doc, inputs: Inputs, half: HalfYear, as_of: dt.date, w: Wording) -> None:
    section_break(doc, PORTRAIT, restart_numbering=False)
    set_final_section(doc, LANDSCAPE)
    paragraph(doc, "附件", "AttachmentLabel")
    paragraph(doc, "")
    paragraph(doc, w.text("附件标题", half=half.label), "Title")
    paragraph(doc, "", "TableText")
    plan = inputs.plan
    states = {s.task.number: s for s in task_figures(inputs, half, as_of).states}
    columns = w.columns("附件列")
    widths = scaled_widths(columns, _COLUMN_WIDTHS, sum(ATTACHMENT_WIDTHS))
    t = table(doc, widths, [heading for _, heading in columns])
    styles = [_COLUMN_STYLES[c] for c, _ in columns]
    for action in plan.actions:
        rows = [s for s in (states.get(task.number) for task in action.tasks) if s is not None]
        if not rows:
            continue
        add_spanning_row(t, widths, f"（{cn_number(action.number)}）{action.title}")
        for s in rows:
            entries = period_entries(inputs, half, {s.task.number})
            if entries:
                progress = "".join(entry_sentence(e) for e in entries)
                if all(e.role == SUPPORT for e in entries):
                    progress += "牵头部门本半年尚未报送进展。"
            elif s.done and s.last is not None:
                progress = f"已于{s.last.period.label}完成。"
            else:
                progress = placeholder("本半年进展")
            state = s.status.value + ("（超过时限）" if s.overdue else "")
            cells = {"序号": str(s.task.number), "任务": s.task.text, "牵头部门": s.task.lead,
                     "时限": s.task.schedule.text, "本半年进展": progress, "状态": state}
            add_row(t, widths, [cells[c] for c, _ in columns], styles=styles)


def render(inputs: Inputs, half: HalfYear, w: Wording | None = None) -> bytes:
    text = inputs.summaries.get(half.code)
    return document_bytes(build_document(inputs, half, text, w), title_of(inputs, half, w))


def placeholder_count(inputs: Inputs, half: HalfYear, w: Wording | None = None) -> int:
    """How many 【待补充：…】 the clerk must still fill in the summary of `half`."""
    doc = build_document(inputs, half, inputs.summaries.get(half.code), w)
    texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return sum(text.count(PLACEHOLDER_OPEN) for text in texts)


def summary_artifact(inputs: Inputs, half: HalfYear, w: Wording | None = None) -> Artifact:
    return Artifact(file_name(half), lambda: render(inputs, half, w), title=title_of(inputs, half, w))


def artifacts(inputs: Inputs, ws: TemplateSource, options: Options) -> list[Artifact]:
    """`wuhua build` writes a summary for every half year the clerk has written text for."""
    w = wording_of(ws, WORDING) if inputs.summaries else None
    return [summary_artifact(inputs, HalfYear.parse(code), w) for code in sorted(inputs.summaries)]


__all__ = ["artifacts", "build_document", "summary_artifact", "summary_date"]
