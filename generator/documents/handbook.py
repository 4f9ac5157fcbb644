"""Handbooks (手册化) from YAML: cover, table of contents, running headers, numbered
official heading levels, page numbers; text, lists, tables, images, blank record
forms, and blocks filled from other inputs (criteria, posts, the task-10 rhythm).

Built by code on base_document() rather than from a docxtpl template: a handbook's
structure (how many levels, which blocks, where forms break the page) is free-form
and only known from its YAML.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from docx.shared import Mm, RGBColor, Twips

from generator.documents.base import Artifact, Options, unique_stems, wording_of
from generator.model.criteria import Criteria, IndustryClass
from generator.model.handbook import (CriteriaBlock, FormBlock, Handbook, ImageBlock, ListBlock, PageBreak,
                                      Paragraph, PostsBlock, RhythmBlock, Section, TableBlock)
from generator.model.values import cn_number
from generator.model.wording import Text, WordingSpec
from generator.style import Page, apply_fonts, base_document
from generator.style.contents import toc_field
from generator.style.build import (add_row, adding_before, header_text, keep_tail, keep_with_next,
                                   lines_since_break, page_break, paragraph, row_height, run, section_break, table)
from generator.style.metrics import COVER_TITLE_PT, FORM_ROW_TWIPS
from generator.style.poster import size_run
from generator.writers.built import document_bytes

FOLDER = "手册"
SAMPLE_MARK = "样稿"
CHECK_HEADER = ["检查内容", "检查方法", "判定", "整改要求"]
CHECK_WIDTHS = [3, 3, 3, 3]
TOC_LEVELS = 2

_VARIABLES = {"title": ("手册标题（手册 YAML 的“标题”）", "岗位安全责任手册"),
              "organization": ("适用单位（手册 YAML 的“适用单位”）", "某某化工有限公司"),
              "header": ("页眉文字（手册 YAML 的“页眉”，未填时为标题）", "岗位安全责任手册"),
              "who": ("企业类别", "民爆行业生产经营单位"), "every": ("频次", "每月"), "times": ("全年次数", 12)}
WORDING = WordingSpec("手册", "手册（封面、目录、页眉）", (
    Text("封面标题", "{{ title }}", "封面上的大标题", ("title", "organization")),
    Text("封面单位", "{{ organization }}", "封面标题下的单位（手册填了适用单位时）", ("title", "organization")),
    Text("目录", "目　　录", "目录页标题"),
    Text("前言", "前　　言", "前言标题（手册有前言时）"),
    Text("页眉", "{{ header }}", "正文每页的页眉", ("header", "title", "organization")),
    Text("带队检查", "{{ who }}主要负责人{{ every }}至少带队对本单位重大事故隐患排查整治情况开展1次检查，"
         "全年不少于{{ times }}次；检查情况如实记录，并在企业内部通报、公示。", "“带队检查”内容块的说明",
         ("who", "every", "times")),
), _VARIABLES)

# Task 10 of the plan: who leads the major-hazard check, and how often.
RHYTHM = {
    IndustryClass.CIVIL_EXPLOSIVES: ("每月", 12, "月"),
    IndustryClass.INDUSTRY_TRADE: ("每季度", 4, "季度"),
}


def heading_label(level: int, number: int) -> str:
    """一、 （一） 1. （1）: the official order of heading numbers."""
    return {1: f"{cn_number(number)}、", 2: f"（{cn_number(number)}）", 3: f"{number}.", 4: f"（{number}）"}.get(level, "")


@dataclass
class _Writer:
    doc: object
    handbook: Handbook
    criteria: list[Criteria]
    page: Page = field(default_factory=Page)
    counters: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])
    toc: list[tuple[int, str]] = field(default_factory=list)
    wording: object = None        # model.wording.Wording of the handbook kind

    @property
    def width(self) -> int:
        return self.page.text_width

    # --- headings and text ----------------------------------------------------

    def heading(self, level: int, title: str, *, numbered: bool = True) -> None:
        """`numbered=False` for titles that carry their own number (第三条 …)."""
        if level > 4:
            p = paragraph(self.doc, "", "Normal")
            run(p, title).bold = True
            return
        self.counters[level - 1] += 1
        for deeper in range(level, len(self.counters)):
            self.counters[deeper] = 0
        label = heading_label(level, self.counters[level - 1]) if self.handbook.numbered and numbered else ""
        text = f"{label}{title}"
        paragraph(self.doc, text, f"Heading{level}")
        if level <= TOC_LEVELS:
            self.toc.append((level, text))

    def text(self, text: str, style: str = "Normal") -> None:
        for line in text.split("\n"):
            if line.strip():
                paragraph(self.doc, line.strip(), style)

    def sample_mark(self, what: str) -> None:
        p = paragraph(self.doc, "", "Recipient")
        r = run(p, f"【{SAMPLE_MARK}】{what}未经核对，仅供校对，不得作为正式依据。")
        r.bold = True
        r.font.color.rgb = RGBColor(0xC0, 0, 0)

    def table(self, header, rows, relative=(), style_of=None):
        relative = list(relative) or [1] * len(header or rows[0])
        total = sum(relative)
        widths = [int(self.width * w / total) for w in relative]
        widths[-1] = self.width - sum(widths[:-1])
        t = table(self.doc, widths, list(header) if header else None)
        for row in rows:
            cells = list(row) + [""] * (len(widths) - len(row))
            add_row(t, widths, cells, styles=style_of(cells) if style_of else None)
        paragraph(self.doc, "", "TableText")   # keeps the next table or heading off this one
        return t, widths

    # --- blocks ---------------------------------------------------------------

    def section(self, section: Section, level: int) -> None:
        self.heading(level, section.title)
        self.blocks(section.blocks, level)
        for child in section.children:
            self.section(child, level + 1)

    def blocks(self, blocks, level: int) -> None:
        for block in blocks:
            getattr(self, "block_" + type(block).__name__)(block, level)

    def block_Paragraph(self, block: Paragraph, level: int) -> None:
        self.text(block.text)

    def block_ListBlock(self, block: ListBlock, level: int) -> None:
        for n, item in enumerate(block.items, start=1):
            paragraph(self.doc, (f"（{n}）" if block.numbered else "● ") + item)

    def block_TableBlock(self, block: TableBlock, level: int) -> None:
        if block.title:
            paragraph(self.doc, block.title, "Subtitle").paragraph_format.keep_with_next = True
        self.table(block.header, block.rows, block.widths)

    def block_ImageBlock(self, block: ImageBlock, level: int) -> None:
        p = paragraph(self.doc, "", "TableCenter")
        width = Mm(block.width_mm) if block.width_mm else None
        if width is None or width > Twips(self.width):
            width = Twips(self.width) if width is not None else None
        p.add_run().add_picture(str(block.path), width=width)
        if width is None:
            shape = self.doc.inline_shapes[-1]
            if shape.width > Twips(self.width):
                ratio = Twips(self.width) / shape.width
                shape.width, shape.height = Twips(self.width), int(shape.height * ratio)
        if block.caption:
            paragraph(self.doc, block.caption, "TableCenter")

    def block_PageBreak(self, block: PageBreak, level: int) -> None:
        new_page(self.doc)

    def block_FormBlock(self, block: FormBlock, level: int) -> None:
        if lines_since_break(self.doc) > 4:
            new_page(self.doc)
        else:
            # Only a heading and a line or two since the page began: the form goes under
            # them rather than leaving them alone on a page.
            keep_tail(self.doc, 99)
        keep_with_next(paragraph(self.doc, block.title, "Title"))
        keep_with_next(paragraph(self.doc, "", "TableText"))
        if block.fields:
            keep_with_next(paragraph(self.doc, "　　".join(f"{f}＿＿＿＿＿＿" for f in block.fields), "Recipient"))
        t, widths = self.table(block.header, [[""] * len(block.header) for _ in range(block.rows)], block.widths)
        for row in t.rows[1:]:
            row_height(row, FORM_ROW_TWIPS)
        if block.signatures:
            paragraph(self.doc, "　　".join(f"{s}＿＿＿＿＿＿" for s in block.signatures), "Recipient")
        if block.note:
            paragraph(self.doc, block.note, "Note")

    def block_CriteriaBlock(self, block: CriteriaBlock, level: int) -> None:
        chosen = [c for c in self.criteria if block.industry in (None, c.industry)]
        if not chosen:
            self.text("（工作区的 判定标准/ 文件夹中没有适用于本手册的判定标准。）")
        for criteria in chosen:
            self.heading(level + 1, f"《{criteria.title}》")
            if criteria.is_sample:
                self.sample_mark("本判定标准")
            if criteria.source_line:
                paragraph(self.doc, f"（{criteria.source_line}）", "Subtitle")
            if criteria.lead_in:
                self.text(criteria.lead_in)
            for group in criteria.groups:
                if group.title:
                    self.heading(level + 2, group.title, numbered=not group.title.startswith("第"))
                if group.lead_in and group.lead_in != criteria.lead_in:
                    self.text(group.lead_in)
                for item in group.items:
                    p = paragraph(self.doc, "", "Normal")
                    run(p, item.marker).bold = True
                    run(p, item.text)
                    for n, note in enumerate(item.notes, start=1):
                        paragraph(self.doc, (f"注{n}：" if len(item.notes) > 1 else "注：") + note, "Normal")
                    if item.explanation:
                        p = paragraph(self.doc, "", "Normal")
                        run(p, "【释义】").bold = True
                        run(p, item.explanation)
                    if item.checks:
                        caption = paragraph(self.doc, f"自查表（第{item.label.strip('（）()')}项）", "Subtitle")
                        caption.paragraph_format.keep_with_next = True
                        self.table(CHECK_HEADER, [(c.content, c.method, c.judgement, c.requirement)
                                                  for c in item.checks], CHECK_WIDTHS)
            if criteria.remark:
                paragraph(self.doc, f"说明：{criteria.remark}", "Note")

    def block_PostsBlock(self, block: PostsBlock, level: int) -> None:
        for post in block.posts:
            self.heading(level + 1, post.name + (f"（{post.person}）" if post.person else ""))
            if post.duties:
                self.heading(level + 2, "岗位职责")
                self.block_ListBlock(ListBlock(post.duties, numbered=True), level + 2)
            if post.assessment:
                self.heading(level + 2, "考核标准")
                rows = [(str(n), *a) for n, a in enumerate(post.assessment, start=1)]
                self.table(["序号", "考核内容", "考核标准", "分值"], rows, [1, 4, 6, 1.5],
                           style_of=lambda cells: ["TableCenter", "TableText", "TableText", "TableCenter"])
            if post.rewards:
                self.heading(level + 2, "奖惩")
                self.block_ListBlock(ListBlock(post.rewards, numbered=True), level + 2)

    def block_RhythmBlock(self, block: RhythmBlock, level: int) -> None:
        industry = block.industry or self.handbook.industry
        classes = [industry] if industry else list(RHYTHM)
        for cls in classes:
            every, times, unit = RHYTHM[cls]
            who = "民爆行业生产经营单位" if cls is IndustryClass.CIVIL_EXPLOSIVES else "其他行业企业"
            self.text(self.wording.text("带队检查", who=who, every=every, times=times))
            if industry:
                periods = ([f"{m}月" for m in range(1, 13)] if unit == "月"
                           else ["第一季度（1—3月）", "第二季度（4—6月）", "第三季度（7—9月）", "第四季度（10—12月）"])
                paragraph(self.doc, f"年度带队检查计划（{every}1次）", "Subtitle").paragraph_format.keep_with_next = True
                self.table(["序号", "检查时段", "计划日期", "带队负责人", "完成情况"],
                           [(str(n), p, "", "", "") for n, p in enumerate(periods, start=1)], [1, 3, 2.5, 2.5, 3],
                           style_of=lambda cells: ["TableCenter", "TableCenter", "TableCenter", "TableCenter",
                                                   "TableText"])


def new_page(doc) -> None:
    """A page break that takes the last lines before it along."""
    keep_tail(doc)
    page_break(doc)


def used_criteria(handbook: Handbook, criteria: list[Criteria]) -> list[Criteria]:
    wanted = [b.industry for b in handbook.blocks() if isinstance(b, CriteriaBlock)]
    return [c for c in criteria if any(w in (None, c.industry) for w in wanted)]


def is_sample(handbook: Handbook, criteria: list[Criteria]) -> bool:
    return any(c.is_sample for c in used_criteria(handbook, criteria))


def render_handbook(handbook: Handbook, criteria: list[Criteria], fonts, wording=None) -> bytes:
    page = Page()
    doc = base_document(page, fonts, update_fields=True)
    sample = is_sample(handbook, criteria)
    writer = _Writer(doc, handbook, criteria, page)
    w = writer.wording = wording or WORDING.builtin()
    names = {"title": handbook.title, "organization": handbook.organization}

    # Cover and contents: a section of their own, without header or page number.
    for _ in range(4):
        paragraph(doc, "", "Recipient")
    if sample:
        p = paragraph(doc, "", "Title")
        r = run(p, f"（{SAMPLE_MARK}）")
        size_run(r, COVER_TITLE_PT, red=True)
    p = paragraph(doc, "", "Title")
    size_run(run(p, w.text("封面标题", **names)), COVER_TITLE_PT)
    for _ in range(3):
        paragraph(doc, "", "Recipient")
    if handbook.organization:
        paragraph(doc, w.text("封面单位", **names), "Subtitle")
    for _ in range(8):
        paragraph(doc, "", "Recipient")
    for line in (handbook.compiler, handbook.date_text):
        if line:
            paragraph(doc, line, "Subtitle")
    page_break(doc)
    paragraph(doc, w.text("目录"), "Title")
    paragraph(doc, "", "Recipient")
    end_of_contents = section_break(doc, Page(page_numbers=False), restart_numbering=False)

    if handbook.foreword:
        paragraph(doc, w.text("前言"), "Title")
        paragraph(doc, "", "Recipient")
        writer.blocks(handbook.foreword, 0)
    for index, chapter in enumerate(handbook.chapters):
        if index or handbook.foreword:
            new_page(doc)
        writer.section(chapter, 1)

    # The contents are known only now; Word recomputes them with page numbers on open.
    with adding_before(doc, end_of_contents):
        toc_field(doc, f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u', writer.toc, writer.page)
    header_text(doc.sections[-1], (f"【{SAMPLE_MARK}】" if sample else "")
                + w.text("页眉", header=handbook.running_header, **names))
    apply_fonts(doc, fonts)
    return document_bytes(doc, handbook.title)


def handbook_artifacts(handbooks: list[Handbook], criteria: list[Criteria], fonts, wording=None) -> list[Artifact]:
    out = []
    for hb, name in zip(handbooks, unique_stems([hb.title for hb in handbooks]), strict=True):
        out.append(Artifact(f"{FOLDER}/{name}.docx", (lambda h=hb: render_handbook(h, criteria, fonts, wording)),
                            title=hb.title, group=FOLDER, contents=True))
    return out


def artifacts(inputs, ws, options: Options) -> list[Artifact]:
    wording = wording_of(ws, WORDING) if inputs.handbooks else None
    return handbook_artifacts(inputs.handbooks, inputs.criteria, inputs.office.fonts, wording)
