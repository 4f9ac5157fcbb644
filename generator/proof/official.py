"""GB/T 9704 checks for documents in the official format, measured on the PDF.

A document counts as official when it is on A4 and its running text (outside tables
and titles) is mostly 3号 (16 pt) or its page numbers read "— N —": a clerk's report
typed in Word is checked like the tool's own. Figures come from style/metrics.py.
"""
from __future__ import annotations

import re
from collections import Counter

from generator.proof.checks import Finding, body_lines, excerpt, in_table, is_page_number, running_lines
from generator.proof.measure import MM, Char, Line, PageFacts
from generator.style import metrics

TOP_MM, LEFT_MM = metrics.TOP / metrics.MM, metrics.LEFT / metrics.MM
RIGHT_MM, BOTTOM_MM = metrics.RIGHT / metrics.MM, metrics.BOTTOM / metrics.MM
BODY_PT = float(metrics.BODY_PT)
PITCH_PT = metrics.LINE_TWIPS / 20
TOLERANCE_MM = 1.5      # the standard allows ±1 mm; glyph boxes add a little
CHAR_TOLERANCE = 0.5    # positions measured in characters

# Font families by style, matched on the PDF's font names (lowercase, no spaces): the
# Windows names, their free stand-ins, and the Noto faces our fontconfig file picks.
STYLE_KEYS = {
    "仿宋": ("fang", "仿宋"),
    "楷体": ("kai", "楷"),
    "黑体": ("hei", "sanscjk", "sourcehansans", "黑"),
    "宋体": ("song", "serifcjk", "ming", "sourcehanserif", "宋"),
}


def style_of(font: str) -> str:
    key = font.lower().replace(" ", "").replace("-", "").replace("_", "")
    for style, keys in STYLE_KEYS.items():
        if any(k in key for k in keys):
            return style
    return font


def is_cjk(text: str) -> bool:
    return "\u4e00" <= text <= "\u9fff"


def page_margins_mm(page: PageFacts) -> tuple[float, float, float, float]:
    """(top, right, bottom, left): a landscape page is the portrait page turned, so the
    binding edge is at its top (style/page.py)."""
    if page.landscape:
        return (LEFT_MM, TOP_MM, RIGHT_MM, BOTTOM_MM)
    return (TOP_MM, RIGHT_MM, BOTTOM_MM, LEFT_MM)


def _text_lines(page: PageFacts, running: set[str]) -> list[Line]:
    """Lines of running text on portrait pages (landscape pages hold the attachments'
    tables): not page numbers, not running heads, not in tables."""
    if page.landscape:
        return []
    return [ln for ln in body_lines(page, running) if not in_table(ln.visible[0], page)]


_HANGING = "，。、；：！？”’）》〉」』"


def _text_x1(ln: Line) -> float:
    """The right end of a line without its closing punctuation, which LibreOffice and
    Word let hang into the margin."""
    chars = ln.visible
    while len(chars) > 1 and chars[-1].text in _HANGING:
        chars = chars[:-1]
    return max(c.x1 for c in chars)


def _cjk(chars: list[Char]) -> list[Char]:
    return [c for c in chars if is_cjk(c.text)]


def is_official(pages: list[PageFacts]) -> bool:
    if not pages or any(p.paper != "A4" for p in pages):
        return False
    if any(re.fullmatch(r"—\s*\d+\s*—", ln.text) for p in pages for ln in p.lines):
        return True
    running = running_lines(pages)
    sizes = Counter(round(c.size) for p in pages for ln in _text_lines(p, running) for c in _cjk(ln.chars))
    return bool(sizes) and sizes.most_common(1)[0][0] == BODY_PT


def check(pages: list[PageFacts]) -> list[Finding]:
    running = running_lines(pages)
    out: list[Finding] = []
    out += _body_font(pages, running)
    block_at_margin = _block_at_margin(pages, running)
    for page in pages:
        lines = _text_lines(page, running)
        out += _margins(page, body_lines(page, running), block_at_margin)
        out += _headings(page, lines)
        out += _page_number(page)
        out += _signature(page, lines)
        out += _punctuation(page)
    out += _pitch(pages, running)
    return out


def _body_font(pages: list[PageFacts], running: set[str]) -> list[Finding]:
    """Running text in 仿宋 3号: judged on the Chinese characters of text lines that are
    neither titles nor headings."""
    sizes: Counter = Counter()
    styles: Counter = Counter()
    first: dict[tuple, int] = {}
    for page in pages:
        for ln in _text_lines(page, running):
            if ln.size >= 20 or _heading_level(ln.text):
                continue
            for c in _cjk(ln.chars):
                sizes[round(c.size, 1)] += 1
                styles[style_of(c.font)] += 1
                first.setdefault(("size", round(c.size, 1)), page.number)
                first.setdefault(("style", style_of(c.font)), page.number)
    out = []
    if sizes:
        size = sizes.most_common(1)[0][0]
        if abs(size - BODY_PT) > 0.3:
            out.append(Finding(first[("size", size)], "正文字号",
                               f"正文大多为 {size:g} 磅，公文正文应为3号（{BODY_PT:g} 磅）"))
        style = styles.most_common(1)[0][0]
        if style != "仿宋":
            out.append(Finding(first[("style", style)], "正文字体", f"正文大多为“{style}”，公文正文应为仿宋"))
    return out


def _body_starts(page: PageFacts, lines: list[Line]) -> Counter:
    """Left ends of running-text lines (3号) on a portrait page, rounded to a point."""
    return Counter(round(ln.x0) for ln in lines if abs(ln.size - BODY_PT) < 0.5 and not page.landscape)


def _block_at_margin(pages: list[PageFacts], running: set[str]) -> bool:
    """Some line of running text in the document starts at the GB/T 9704 left margin."""
    tol = TOLERANCE_MM * MM
    return any(abs(x - page_margins_mm(p)[3] * MM) <= tol
               for p in pages for x in _body_starts(p, body_lines(p, running)))


def _margins(page: PageFacts, lines: list[Line], block_at_margin: bool = False) -> list[Finding]:
    top, right, bottom, left = (m * MM for m in page_margins_mm(page))
    # Running heads and feet are small type outside the block; they are not body text.
    lines = [ln for ln in lines if not (ln.size < BODY_PT - 1 and (ln.bottom < top or ln.top > page.height - bottom))]
    if not lines:
        return []
    tol = TOLERANCE_MM * MM
    wrong = []
    x0 = min(ln.x0 for ln in lines)
    if x0 < left - tol:
        wrong.append(f"左边距 {x0 / MM:.0f} 毫米（应为 {left / MM:.0f} 毫米）")
    x1 = max(_text_x1(ln) for ln in lines)
    if x1 > page.width - right + tol:
        wrong.append(f"右边距 {(page.width - x1) / MM:.0f} 毫米（应为 {right / MM:.0f} 毫米）")
    y0 = min(ln.top for ln in lines)
    if y0 < top - tol:
        wrong.append(f"上边距 {y0 / MM:.0f} 毫米（应为 {top / MM:.0f} 毫米）")
    y1 = max(ln.bottom for ln in lines)
    if y1 > page.height - bottom + tol:
        wrong.append(f"下边距 {(page.height - y1) / MM:.0f} 毫米（应为 {bottom / MM:.0f} 毫米）")
    # Too wide a margin: wrapped lines of running text start flush with the block. One
    # line at the margin settles it. A page whose lines all start a paragraph (short
    # items, each indented two characters) shows its lines two characters in: that is
    # right only when other pages of the document show the block at the margin.
    starts = _body_starts(page, lines)
    if not wrong and sum(starts.values()) >= 5 and not any(abs(x - left) <= tol for x in starts):
        flush = min(x for x, n in starts.items() if n >= 2) if any(n >= 2 for n in starts.values()) else None
        indented = flush is not None and abs(flush - (left + 2 * BODY_PT)) <= tol
        if flush is not None and abs(flush - left) > tol and not (indented and block_at_margin):
            wrong.append(f"左边距 {flush / MM:.0f} 毫米（应为 {left / MM:.0f} 毫米）")
    if not wrong:
        return []
    return [Finding(page.number, "页边距", "，".join(wrong) + "，版心应为 156×225 毫米")]


_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")


def _heading_level(text: str) -> int:
    if _LEVEL1.match(text):
        return 1
    if _LEVEL2.match(text):
        return 2
    return 0


_LEADER = re.compile(r"\.{4,}|…{2,}|·{4,}")


def _headings(page: PageFacts, lines: list[Line]) -> list[Finding]:
    """Headings are paragraphs of one short line ("一、总则"); numbered items of a list
    that wrap or end in "。" are text, and contents entries carry dot leaders."""
    out = []
    want = {1: "黑体", 2: "楷体"}
    right = page.width - page_margins_mm(page)[1] * MM
    for ln in lines:
        level = _heading_level(ln.text)
        if not level or _LEADER.search(ln.text) or ln.text.endswith(("。", "；")) or ln.x1 > right - 2 * ln.size:
            continue
        head = _cjk(ln.chars)[:3]
        style = Counter(style_of(c.font) for c in head).most_common(1)[0][0] if head else want[level]
        if style != want[level]:
            out.append(Finding(page.number, "标题字体",
                               f"{'一' if level == 1 else '二'}级标题“{excerpt(ln.text, 16)}”为{style}，应为{want[level]}"))
    return out


def _page_number(page: PageFacts) -> list[Finding]:
    """Below the text block: "— N —" in 4号, odd pages at the right, even at the left."""
    bottom = page.height - page_margins_mm(page)[2] * MM
    out = []
    for ln in page.lines:
        if ln.top < bottom or not re.search(r"\d", ln.text):
            continue
        if not is_page_number(ln.text) and not re.search(r"第\s*\d+\s*页", ln.text):
            continue
        m = re.fullmatch(r"—\s*(\d+)\s*—", ln.text)
        if not m:
            out.append(Finding(page.number, "页码", f"页码印为“{ln.text}”，公文页码应为“— {page.number} —”"))
            continue
        if not page.landscape:
            centre = (ln.x0 + ln.x1) / 2
            odd = int(m.group(1)) % 2 == 1
            if odd != (centre > page.width / 2):
                side = "右" if odd else "左"
                out.append(Finding(page.number, "页码", f"{'单' if odd else '双'}页码应在版心{side}侧（空一字）"))
    return out


_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def _signature(page: PageFacts, lines: list[Line]) -> list[Finding]:
    """GB/T 9704 7.3.5: 成文日期 右空四字, 署名 centred over the date."""
    if page.landscape:
        return []
    right = page.width - page_margins_mm(page)[1] * MM
    out = []
    for i, ln in enumerate(lines):
        if not _DATE.fullmatch(ln.text) or i == 0 or ln.x0 < page.width / 2 - 3 * BODY_PT:
            continue
        name = lines[i - 1]
        if ln.top - name.bottom > 2 * PITCH_PT or name.x0 < page.width / 3:
            continue
        char = ln.size or BODY_PT
        problems = []
        indent = (right - ln.x1) / char
        if abs(indent - 4) > CHAR_TOLERANCE:
            problems.append(f"成文日期右空 {indent:.1f} 字（应右空四字）")
        offset = ((name.x0 + name.x1) - (ln.x0 + ln.x1)) / 2 / char
        if abs(offset) > CHAR_TOLERANCE:
            problems.append(f"署名偏离日期中线 {abs(offset):.1f} 字（应以成文日期为准居中）")
        if problems:
            out.append(Finding(page.number, "署名和成文日期", "，".join(problems) + f"：“{name.text}”“{ln.text}”"))
    return out


_HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][,;:?!(]|[,;:?!)][\u4e00-\u9fff]")


def _punctuation(page: PageFacts) -> list[Finding]:
    """GB/T 15834: Chinese text takes full-width punctuation."""
    hits = [seg.text for ln in page.lines for seg in ln.segments() if _HALF_WIDTH.search(seg.text)]
    if not hits:
        return []
    m = _HALF_WIDTH.search(hits[0])
    return [Finding(page.number, "半角标点",
                    f"{len(hits)} 处中文里用了半角标点（如“{m.group(0)}”，在“{excerpt(hits[0])}”），应为全角")]


def _pitch(pages: list[PageFacts], running: set[str]) -> list[Finding]:
    """Running text at an exact 28.95 pt line pitch (22 lines in the 225 mm block)."""
    gaps: Counter = Counter()
    first: dict[float, int] = {}
    for page in pages:
        lines = [ln for ln in _text_lines(page, running) if abs(ln.size - BODY_PT) < 0.5]
        for a, b in zip(lines, lines[1:]):
            gap = round(b.bottom - a.bottom, 1)
            if 0 < gap < 2 * PITCH_PT:
                gaps[gap] += 1
                first.setdefault(gap, page.number)
    if sum(gaps.values()) < 5:
        return []
    gap = gaps.most_common(1)[0][0]
    if abs(gap - PITCH_PT) <= 0.5:
        return []
    return [Finding(first[gap], "行距", f"正文行距 {gap:g} 磅，公文应为固定值 {PITCH_PT:g} 磅（每页22行）")]
