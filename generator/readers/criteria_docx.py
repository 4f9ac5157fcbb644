"""Import a criteria notice as ministries publish it (.docx) into the criteria input.

Recognised: the title (《…》 in "…关于印发《…》的通知" or a line naming a 判定标准),
the document number (…〔2024〕234号, …令第10号), the issuing body and date, the
lead-in ("…以下情形应当判定为重大事故隐患："), items numbered 一、二、… or （一）（二）…,
articles 第X条 holding （一）（二）… items, and notes 注1/注2. Whatever is left is
reported paragraph by paragraph, never guessed silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


from generator.model.criteria import SECTORS, parse_industry_class
from generator.model.values import cn_number

CN = "一二三四五六七八九十百零〇"
_ARTICLE = re.compile(rf"^第([{CN}\d]+)条[\s　]*(.*)$")
_FLAT = re.compile(rf"^([{CN}]+|\d+)[、．.][\s　]*(.+)$")
_PAREN = re.compile(rf"^[（(]([{CN}\d]+)[）)][\s　]*(.+)$")
_NOTE = re.compile(r"^注[\s　]*([0-9０-９]*)[\s　]*[：:][\s　]*(.+)$")
_DOC_NUMBER = re.compile(rf"[\u4e00-\u9fa5]{{1,16}}〔\d{{4}}〕\d+号|[\u4e00-\u9fa5]{{2,16}}令第[{CN}\d]+号")
_NOTICE = re.compile(r"^(.+?)关于(?:印发|发布)《(.+?)》的(?:通知|公告|决定)$")
_DATE = re.compile(r"^[（(]?(\d{4})年(\d{1,2})月(\d{1,2})日[）)]?$")
_CN_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
_ISSUER = re.compile(r"^[\u4e00-\u9fa5]{2,24}(部|局|厅|委员会|办公室|委|政府)$")
_LEAD = re.compile(r"重大事故隐患[：:]$|下列情形")


@dataclass
class Imported:
    header: dict = field(default_factory=dict)
    groups: list[dict] = field(default_factory=list)     # {"标题", "导语", "条目": [...]}
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    merged: list[tuple[int, str]] = field(default_factory=list)   # continuation lines joined to an item
    renumbered: list[tuple[int, str, str]] = field(default_factory=list)  # Word's automatic numbers, made text

    @property
    def items(self) -> list[dict]:
        return [i for g in self.groups for i in g["条目"]]


AUTO = "\ue000"   # marks a paragraph Word numbers itself (w:numPr): its number is not in the text


def paragraphs(path: Path) -> list[str]:
    """Every paragraph's text in reading order. A table row that starts with a number
    (序号 | 情形 …) becomes one "N、情形" line; other cells are read one by one."""
    import docx
    from docx.oxml.ns import qn

    def text_of(p):
        return "".join(t.text or "" for t in p.iter(qn("w:t"))).replace("\u00a0", " ").strip()

    document = docx.Document(str(path))
    # Numbering comes with the paragraph or with its style ("List Number").
    numbered_styles = {s.get(qn("w:styleId")) for s in document.styles.element.iter(qn("w:style"))
                       if s.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None}

    def para(p):
        text = text_of(p)
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        numbered = (p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
                    or (style is not None and style.get(qn("w:val")) in numbered_styles))
        return AUTO + text if numbered and text else text

    out = []
    for child in document.element.body:
        if child.tag == qn("w:p"):
            out.append(para(child))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = [" ".join(text_of(p) for p in tc.iter(qn("w:p"))).strip() for tc in row.iter(qn("w:tc"))]
                rest = [c for c in cells[1:] if c]
                if cells and re.fullmatch(rf"[{CN}\d]+[、.．]?", cells[0]) and rest:
                    out.append(f"{cells[0].rstrip('、.．')}、{rest[0]}")
                else:
                    out.extend(para(p) for p in row.iter(qn("w:p")))
    return out


def _cn_digits(text: str) -> int:
    from generator.model.values import parse_cn_number

    return parse_cn_number(text)


def _date(text: str) -> str | None:
    m = _DATE.match(text)
    if m:
        return f"{int(m.group(1))}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    m = _CN_DATE.match(text)
    if m:
        year = "".join(str("〇一二三四五六七八九".index(c.replace("零", "〇"))) for c in m.group(1))
        return f"{year}-{_cn_digits(m.group(2)):02d}-{_cn_digits(m.group(3)):02d}"
    return None


def parse(texts: list[str]) -> Imported:
    result = Imported()
    header = result.header
    group: dict | None = None          # the group items go into
    pending_article: tuple[int, str, str] | None = None
    item: dict | None = None
    started = False

    def new_group(title="", lead=""):
        nonlocal group
        group = {"标题": title, "导语": lead, "条目": []}
        result.groups.append(group)
        return group

    auto_count = 0
    for number, text in enumerate(texts, start=1):
        if not text:
            continue
        if text.startswith(AUTO):
            text = text[len(AUTO):]
            if (started or "导语" in header) and not (_PAREN.match(text) or _FLAT.match(text) or _ARTICLE.match(text) or _NOTE.match(text)):
                # Word's own numbering: number the items in order, in the group's style.
                auto_count = auto_count + 1 if item is not None else 1
                in_article = group is not None and group["标题"] or pending_article is not None
                label = f"（{cn_number(auto_count)}）" if in_article else f"{cn_number(auto_count)}、"
                result.renumbered.append((number, label.rstrip("、"), text))
                text = label + text
        if text in ("附件", "附件：") or re.fullmatch(r"附件\s*\d+", text):
            continue
        m = _NOTICE.match(text)
        if m and not started:
            header.setdefault("发布机关", m.group(1))
            header["标题"] = m.group(2)
            continue
        m = _NOTE.match(text)
        if m and item is not None:
            item.setdefault("注", []).append(f"注{m.group(1)}：{m.group(2)}" if m.group(1) else f"注：{m.group(2)}")
            continue
        m = _ARTICLE.match(text)
        if m:
            started = True
            if pending_article is not None:
                result.unplaced.append(pending_article[:1] + (pending_article[2],))
            title, rest = f"第{m.group(1)}条", m.group(2)
            item = None
            if _LEAD.search(rest):
                new_group(title, rest)
                pending_article = None
            else:
                pending_article = (number, title, text)
                group = None
            continue
        m = _PAREN.match(text) or (_FLAT.match(text) if not (group and group["标题"]) else None)
        if m and (m.re is _PAREN or not any(g["标题"] for g in result.groups)):
            started = True
            if group is None:
                if pending_article is not None:
                    new_group(pending_article[1], pending_article[2][len(pending_article[1]):].strip())
                    pending_article = None
                else:
                    new_group()
            label = f"（{m.group(1)}）" if m.re is _PAREN else m.group(1)
            item = {"序号": label, "内容": m.group(2).strip()}
            group["条目"].append(item)
            continue
        date = _date(text)
        if date and "发布日期" not in header:
            header["发布日期"] = date
            continue
        m = _DOC_NUMBER.search(text)
        if m and "文号" not in header and len(text) <= 40:
            header["文号"] = m.group(0)
            continue
        if not started and _LEAD.search(text) and text.endswith(("：", ":")):
            header["导语"] = text
            continue
        if not started and "标题" not in header and "判定标准" in text and len(text) <= 60:
            header["标题"] = text.strip("《》")
            continue
        if _ISSUER.match(text) and "发布机关" not in header:
            header["发布机关"] = text
            continue
        if item is not None and not _ends_sentence(item["内容"]):
            # A sentence Word wrapped into a new paragraph.
            item["内容"] += text
            result.merged.append((number, text))
            continue
        if pending_article is not None:
            result.unplaced.append(pending_article[:1] + (pending_article[2],))
            pending_article = None
        result.unplaced.append((number, text))
    if pending_article is not None:
        result.unplaced.append(pending_article[:1] + (pending_article[2],))
    title = header.get("标题", "")
    try:
        header["适用行业"] = parse_industry_class(title).value
    except ValueError:
        header["适用行业"] = ""
    return result


def sector_of(lead_in: str) -> str | None:
    """"冶金企业有下列情形之一的…" -> 冶金 (the industry articles of the 工贸 criteria)."""
    m = re.match(rf"^({'|'.join(SECTORS)})(?:企业|行业)", lead_in)
    return m.group(1) if m else None


def _ends_sentence(text: str) -> bool:
    return text.endswith(("。", "；", ";", "：", ":", "的", "）", ")"))


def as_input(imported: Imported) -> dict:
    """The criteria input (判定标准/*.yaml) as a mapping, keys in the order clerks read."""
    h = imported.header
    data: dict = {}
    for key in ("标题", "文号", "发布机关", "发布日期", "适用行业"):
        data[key] = h.get(key, "")
    data["已核对"] = "否"
    data["导语"] = h.get("导语", "") or (imported.groups[0]["导语"] if imported.groups else "")
    grouped = any(g["标题"] for g in imported.groups)
    if grouped:
        data["分组"] = []
        for g in imported.groups:
            entry = {"标题": g["标题"], "导语": g["导语"]}
            sector = sector_of(g["导语"])
            if sector:
                entry["适用"] = sector     # an industry article: posted by that sector's enterprises only
            entry["条目"] = g["条目"]
            data["分组"].append(entry)
    else:
        data["条目"] = imported.items
    return data


def import_note(source: str) -> list[str]:
    """The comment at the top of an imported file: where it came from, what to check."""
    return [f"由 wuhua import-criteria 从 {source} 导入。",
            "请与正式文件逐字核对，无误后把“已核对”改为“是”；在此之前，海报和手册都印有“样稿”。"]
