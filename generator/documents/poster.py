"""重大事故隐患判定标准 wall posters (task 8), one per enterprise, plus one file to
print them all.

Built by code rather than from a docxtpl template: the type size is computed from
the amount of text (style/poster.py) so that every item fits exactly one sheet.
Each criteria document is laid out once per batch ("draft"); the enterprise's name,
the date and the report line are then filled into that draft's XML, which keeps
hundreds of posters routine. `render_poster` is the one function that turns a draft
and one enterprise into bytes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from docx.enum.section import WD_SECTION_START

from generator.documents.base import MERGED_SUFFIX, Artifact, Options, unique_stems, wording_of
from generator.errors import InputError, Location, problem
from generator.model import FontSettings, Office
from generator.model.criteria import Criteria, IndustryClass
from generator.model.enterprise import Enterprise
from generator.model.values import format_date
from generator.model.wording import Text, Wording, WordingSpec
from generator.style import apply_fonts, base_document
from generator.style.build import paragraph, run
from generator.style.poster import (Block, PosterType, end_section, fit, poster_page, size_paragraph, size_run,
                                    smallest_paper_that_fits, text_em)
from generator.writers import ooxml
from generator.writers.batch import Skeleton
from generator.writers.built import document_bytes
from generator.writers.docx_body import around_body, fill_slots, iter_joined, split_body, with_body

FOLDER = "判定标准海报"
SAMPLE_BANNER = "样稿　判定标准未经核对，请勿张贴"
ENTERPRISE_SCALE = 1.3   # the enterprise's name heads its poster, larger than the items
# Private-use characters: they never occur in clerks' text, and survive python-docx.
_SLOTS = {"enterprise": "\ue000E\ue001", "date": "\ue000D\ue001", "report": "\ue000R\ue001"}
DOCUMENT_XML = "word/document.xml"
CORE_XML = "docProps/core.xml"


@dataclass(frozen=True)
class Fill:
    enterprise: str     # 张贴单位
    date: str           # 张贴日期
    report: str         # the hazard-report line (task 27)


@dataclass(frozen=True)
class Draft:
    criteria: Criteria
    type: PosterType
    package: bytes       # the laid-out poster, slots unfilled (normalized, titled)
    document_xml: bytes  # its word/document.xml
    body: str            # inner XML of w:body without the final sectPr
    final_sect: str
    # The first poster's package, kept compressed: later posters replace only the body.
    skeleton: list = field(default_factory=list, compare=False, repr=False)


NATIONAL_HOTLINE_LABEL = "全国安全生产举报投诉电话"

WORDING = WordingSpec("海报", "判定标准海报（张贴）", (
    Text("报告", "发现重大事故隐患，请立即报告。经核实的，按照本企业事故隐患报告奖励制度给予奖励。",
         "海报底部的报告一句（其下每个电话一行）"),
    Text("企业电话", "本企业电话：{{ phone }}", "企业名单填了电话时", ("phone",)),
    Text("举报电话", "{{ office }}举报电话：{{ phone }}", "单位信息填了举报电话时", ("office", "phone")),
    Text("全国举报电话", NATIONAL_HOTLINE_LABEL + "：{{ phone }}", "全国举报电话一行", ("phone",)),
    Text("节选", "节选：适用于{{ sector }}企业的条款", "只张贴与企业行业有关的条款时，标题下的说明", ("sector",)),
), {"phone": ("电话号码", "0000-12345"), "office": ("单位名称", "某市工业和信息化局"), "sector": ("企业行业", "冶金")})


def unbroken(number: str) -> str:
    """A telephone number is never broken: each gets a line of its own (below), and
    its spaces do not break. Non-breaking hyphens (U+2011) are not used: LibreOffice
    still breaks Chinese lines after them and 仿宋_GB2312 has no glyph for them."""
    return number.replace(" ", "\u00a0")


def report_line(office: Office, enterprise: Enterprise | None, w: Wording | None = None) -> str:
    """Task 27: workers report hazards to the enterprise, and may report to the office
    or to the national line (12350 unless 单位 says otherwise)."""
    w = w or WORDING.builtin()
    parts = []
    if enterprise is not None and enterprise.phone:
        parts.append(w.text("企业电话", phone=unbroken(enterprise.phone)))
    if office.hotline:
        parts.append(w.text("举报电话", office=office.name, phone=unbroken(office.hotline)))
    if office.national_hotline:
        parts.append(w.text("全国举报电话", phone=unbroken(office.national_hotline)))
    # One line per number (joined by "\n", printed as line breaks): never split.
    return "\n".join([w.text("报告")] + parts)


def fill_for(office: Office, enterprise: Enterprise | None, posted: dt.date, w: Wording | None = None) -> Fill:
    return Fill(enterprise.name if enterprise else "＿＿＿＿＿＿＿＿＿＿＿＿",
                format_date(posted), report_line(office, enterprise, w))


# --- layout -----------------------------------------------------------------

def _posting_lines(fill: Fill) -> list[str]:
    """Each on its own line: a long name never pushes the date onto a broken line."""
    return [f"张贴单位：{fill.enterprise}", f"张贴日期：{fill.date}"]


def blocks(criteria: Criteria, widest: Fill, excerpt: str = "") -> tuple[list[Block], list[Block], list[Block]]:
    """What the poster holds, for the size estimate: heading, items, foot."""
    head = out = []
    if criteria.is_sample:
        out.append(Block(text_em(SAMPLE_BANNER), scale=1.1, after=0.3))
    out.append(Block(text_em(widest.enterprise), scale=ENTERPRISE_SCALE, after=0.3))
    out.append(Block(text_em(criteria.title), title=True, after=0.2))
    if criteria.source_line:
        out.append(Block(text_em(criteria.source_line) + 2, scale=0.9, after=0 if excerpt else 0.4))
    if excerpt:
        out.append(Block(text_em(excerpt) + 2, scale=0.9, after=0.4))
    if criteria.lead_in:
        out.append(Block(text_em(criteria.lead_in), first_em=2, after=0.2))
    items = out = []
    for group in criteria.groups:
        if group.title:
            out.append(Block(text_em(group.title), before=0.3, after=0.1))
        if group.lead_in and group.lead_in != criteria.lead_in:
            out.append(Block(text_em(group.lead_in), first_em=2))
        for item in group.items:
            marker = text_em(item.marker)
            out.append(Block(marker + text_em(item.text), hanging_em=marker, after=0.15))
            for n, note in enumerate(item.notes, start=1):
                out.append(Block(text_em(_note(n, note, len(item.notes))), scale=0.85,
                                 first_em=marker / 0.85, hanging_em=marker / 0.85 + 3, after=0.1))
    foot = out = []
    if criteria.remark:
        out.append(Block(text_em(criteria.remark) + 2, scale=0.85, before=0.3))
    first, *numbers = widest.report.split("\n")
    out.append(Block(text_em("隐患举报　" + first), before=0.8))
    out += [Block(text_em(n)) for n in numbers]
    out[-1] = Block(out[-1].em, before=out[-1].before, after=0.2)
    for line in _posting_lines(widest):
        out.append(Block(text_em(line), scale=0.9))
    return head, items, foot


def _note(number: int, note: str, count: int) -> str:
    return f"注{number}：{note}" if count > 1 else f"注：{note}"


def layout(criteria: Criteria, paper: str, widest: Fill, excerpt: str = "") -> PosterType:
    plan = blocks(criteria, widest, excerpt)
    t = fit(*plan, text_em(criteria.title), paper)
    if t is None:
        bigger = smallest_paper_that_fits(*plan, text_em(criteria.title))
        advice = (f"请改用更大的纸张（如 --paper {bigger}）" if bigger else
                  "即使 A1 纸张也排不下，请精简“说明”或分成几份判定标准张贴")
        raise InputError([problem(Location(criteria.source or criteria.title),
                                  f"判定标准“{criteria.title}”共{len(criteria.items)}条，在 {paper} 纸张上"
                                  f"要把字号缩小到{_min_size(paper)}磅以下才能排在一页内，张贴后看不清。{advice}")])
    return t


def _min_size(paper: str) -> float:
    from generator.style.metrics import POSTER_MIN_PT

    return POSTER_MIN_PT[paper]


def _para(doc, text: str, style: str, size: float, **fmt):
    p = paragraph(doc, "", style)
    size_paragraph(p, size, **fmt)
    if text:
        size_run(run(p, text), size)
    return p


def build_draft(criteria: Criteria, paper: str, fonts: FontSettings, widest: Fill, excerpt: str = "") -> Draft:
    t = layout(criteria, paper, widest, excerpt)
    page = poster_page(paper)
    doc = base_document(page, fonts)
    body, small = t.body, t.small
    if criteria.is_sample:
        p = _para(doc, "", "Heading1", body * 1.1, after_lines=0.3, align="center", border="box")
        size_run(run(p, SAMPLE_BANNER), body * 1.1, bold=True, red=True)
    p = _para(doc, "", "Heading1", body * ENTERPRISE_SCALE, after_lines=0.3, align="center")
    size_run(run(p, _SLOTS["enterprise"]), body * ENTERPRISE_SCALE, bold=True)
    _para(doc, criteria.title, "Title", t.title, after_lines=0.2, align="center")
    if criteria.source_line:
        _para(doc, f"（{criteria.source_line}）", "Subtitle", body * 0.9, after_lines=0 if excerpt else 0.4,
              align="center")
    if excerpt:
        _para(doc, f"（{excerpt}）", "Subtitle", body * 0.9, after_lines=0.4, align="center")
    if criteria.lead_in:
        _para(doc, criteria.lead_in, "Normal", body, first_pt=2 * body, after_lines=0.2, align="both")
    if t.columns > 1:
        end_section(doc.paragraphs[-1], page, next_page=True)
    for group in criteria.groups:
        if group.title:
            _para(doc, group.title, "Heading1", body, before_lines=0.3, after_lines=0.1, align="left")
        if group.lead_in and group.lead_in != criteria.lead_in:
            _para(doc, group.lead_in, "Normal", body, first_pt=2 * body, align="both")
        for item in group.items:
            hang = text_em(item.marker) * body
            p = _para(doc, "", "Normal", body, hanging_pt=hang, after_lines=0.15, align="both")
            size_run(run(p, item.marker), body, bold=True)
            size_run(run(p, item.text), body)
            for n, note in enumerate(item.notes, start=1):
                # Under the item's text, the note's own text aligned after "注1："
                p = _para(doc, "", "Subtitle", small, hanging_pt=3 * small, left_pt=hang + 3 * small,
                          after_lines=0.1, align="both")
                size_run(run(p, _note(n, note, len(item.notes))), small)
    if t.columns > 1:
        end_section(doc.paragraphs[-1], page, columns=t.columns, gap_pt=t.column_gap_pt)
    if criteria.remark:
        _para(doc, criteria.remark, "Note", small, before_lines=0.3, align="both")
    # Left-aligned: a justified line with a long number in it is stretched word-wide.
    p = _para(doc, "", "Normal", body, before_lines=0.8, after_lines=0.2, align="left", border="top")
    size_run(run(p, "隐患举报　"), body, bold=True)
    size_run(run(p, _SLOTS["report"]), body)
    for line in _posting_lines(Fill(_SLOTS["enterprise"], _SLOTS["date"], "")):
        _para(doc, line, "Subtitle", body * 0.9, align="right")
    if t.columns > 1:
        # The foot follows the columns on the same sheet.
        doc.sections[-1].start_type = WD_SECTION_START.CONTINUOUS
    apply_fonts(doc, fonts)
    package = document_bytes(doc, criteria.title)
    document_xml = ooxml.read_part(package, DOCUMENT_XML)
    content, final_section = split_body(document_xml)
    return Draft(criteria, t, package, document_xml, content, final_section)


def _filled(content: str, fill: Fill) -> str:
    return fill_slots(content, {slot: getattr(fill, key) for key, slot in _SLOTS.items()})


def _package(draft: Draft, body: str, title: str | None = None) -> bytes:
    """The draft's package with another body (and title)."""
    parts = {DOCUMENT_XML: with_body(draft.document_xml, body)}
    if title is not None:
        parts[CORE_XML] = ooxml.with_title(ooxml.read_part(draft.package, CORE_XML), title)
    return ooxml.normalize(draft.package, replace=parts)


def render_poster(draft: Draft, fill: Fill) -> bytes:
    """One poster: the draft with one enterprise filled in. Hundreds share a draft, so
    after the first only the body is compressed again."""
    body = _filled(draft.body, fill) + draft.final_sect
    if not draft.skeleton:
        package = _package(draft, body)
        draft.skeleton.append(Skeleton(package))
        return package
    return draft.skeleton[0].with_parts({DOCUMENT_XML: with_body(draft.document_xml, body)})


def render_merged(posters: list[tuple[Draft, Fill]], title: str) -> bytes:
    """Every poster in one file, each its own section and sheet, for printing at once.
    Drafts share styles (same fonts, same base), so their bodies can follow each other."""
    first = posters[0][0]
    head, tail = around_body(first.document_xml)

    def document():
        # Written as it is compressed: thousands of posters' bodies are never one string.
        yield head
        for piece in iter_joined((_filled(draft.body, fill), draft.final_sect) for draft, fill in posters):
            yield piece.encode("utf-8")
        yield tail

    core = ooxml.with_title(ooxml.read_part(first.package, CORE_XML), title)
    return Skeleton(first.package).with_parts({CORE_XML: core}, streamed={DOCUMENT_XML: document()})


# --- artifacts ---------------------------------------------------------------

def criteria_for(inputs, industry: IndustryClass) -> Criteria | None:
    return next((c for c in inputs.criteria if c.industry == industry), None)


@dataclass(frozen=True)
class Job:
    name: str            # file name under FOLDER
    criteria: Criteria   # as posted: for 工贸, the general articles and the enterprise's sector's
    fill: Fill
    excerpt: str = ""    # says which part of the criteria this is, when it is a part
    enterprise: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.criteria.title, self.excerpt)

    @property
    def label(self) -> str:
        """Bookmark in the print file: the enterprise, else the criteria posted blank."""
        return self.enterprise or self.criteria.title


def plan(inputs, posted: dt.date, enterprises: list[Enterprise] | None = None, w: Wording | None = None) -> list[Job]:
    """Every poster; without an enterprise list, one per criteria with a blank line
    for the enterprise's name."""
    office = inputs.office
    enterprises = inputs.enterprises if enterprises is None else enterprises
    out = []
    if enterprises:
        # Named by enterprise, not by row: a row added or removed renames no other
        # poster. Print order stays the list's order (merged file, bookmarks).
        posted_for = [e for e in enterprises if criteria_for(inputs, e.industry_class) is not None]
        for e, stem in zip(posted_for, unique_stems([e.name for e in posted_for]), strict=True):
            whole = criteria_for(inputs, e.industry_class)
            criteria = whole.for_sector(e.sector)
            excerpt = ((w or WORDING.builtin()).text("节选", sector=e.sector or "各行业")
                       if len(criteria.groups) < len(whole.groups) else "")
            out.append(Job(f"{stem}.docx", criteria, fill_for(office, e, posted, w), excerpt, e.name))
    else:
        for criteria in inputs.criteria:
            out.append(Job(f"{criteria.industry.value}-通用.docx", criteria, fill_for(office, None, posted, w)))
    return out


def drafts(jobs: list[Job], paper: str, fonts: FontSettings) -> dict[tuple[str, str], Draft]:
    """One layout per criteria (and excerpt), sized for the longest name and report
    line among its posters."""
    out = {}
    for key in dict.fromkeys(job.key for job in jobs):
        same = [job for job in jobs if job.key == key]
        widest = Fill(max((j.fill.enterprise for j in same), key=text_em), same[0].fill.date,
                      max((j.fill.report for j in same), key=text_em))
        out[key] = build_draft(same[0].criteria, paper, fonts, widest, same[0].excerpt)
    return out


def poster_artifacts(inputs, options: Options, *, paper: str = "A3",
                     enterprises: list[Enterprise] | None = None, wording: Wording | None = None) -> list[Artifact]:
    jobs = plan(inputs, options.as_of, enterprises, wording)
    if not jobs:
        return []
    cache: dict[str, dict] = {}

    def draft_of(job: Job) -> Draft:
        if "d" not in cache:
            cache["d"] = drafts(jobs, paper, inputs.office.fonts)
        return cache["d"][job.key]

    out = [Artifact(f"{FOLDER}/{job.name}", (lambda j=job: render_poster(draft_of(j), j.fill)),
                    title=job.criteria.title, group=FOLDER, label=job.label)
           for job in jobs]
    merged_title = f"{FOLDER}（合并打印，{len(jobs)}份）"

    def part(start: int, stop: int) -> bytes:
        return render_merged([(draft_of(j), j.fill) for j in jobs[start:stop]], merged_title)

    out.append(Artifact(f"{FOLDER}{MERGED_SUFFIX}.docx", lambda: part(0, len(jobs)), title=merged_title,
                        merges=FOLDER, pages_each=1, render_part=part))
    return out


def layout_notes(inputs, paper: str, enterprises: list[Enterprise] | None = None,
                 wording: Wording | None = None) -> list[str]:
    """The chosen type per criteria, so the clerk knows how it will look on the wall."""
    notes = []
    jobs = plan(inputs, dt.date.today(), enterprises, wording)
    for (_, excerpt), d in drafts(jobs, paper, inputs.office.fonts).items():
        columns = "，分两栏" if d.type.columns > 1 else ""
        part = f"（{excerpt}）" if excerpt else ""
        notes.append(f"《{d.criteria.title}》{part}{len(d.criteria.items)} 条，正文 {d.type.body:g} 磅{columns}")
    return notes


def artifacts(inputs, ws, options: Options) -> list[Artifact]:
    if not inputs.criteria:
        return []
    return poster_artifacts(inputs, options, paper=options.poster_paper, wording=wording_of(ws, WORDING))
