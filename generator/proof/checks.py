"""Checks for any printout, whatever made it: every finding names its page."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from generator.proof.measure import MM, Char, Line, PageFacts

DEFAULT_MIN_PT = 9.0        # body text a clerk reads at arm's length
DEFAULT_TABLE_MIN_PT = 8.0  # dense tables may be a little smaller
NEAR_EMPTY_LINES = 3        # fewer lines of body text than this waste a sheet
EDGE_MM = 4.0               # most office printers cannot print closer to the edge


@dataclass(frozen=True)
class Finding:
    page: int | None     # 1-based; None for the whole file
    kind: str            # short Chinese name of the check, e.g. "字号过小"
    detail: str

    def __str__(self) -> str:
        where = f"第{self.page}页" if self.page else "全文"
        return f"{where}：{self.kind}：{self.detail}"


@dataclass(frozen=True)
class Limits:
    min_pt: float = DEFAULT_MIN_PT
    table_min_pt: float = DEFAULT_TABLE_MIN_PT


def excerpt(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "⋯"


_PAGE_NUMBER = re.compile(r"^[—–\-\s]*\d+[—–\-\s]*$|^第\s*\d+\s*页|^\d+\s*/\s*\d+$|^-\s*\d+\s*-$")


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def running_lines(pages: list[PageFacts]) -> set[str]:
    """Texts (digits ignored) repeated in the top or bottom sixth of most pages: running
    headers and footers, which are not body text."""
    if len(pages) < 3:
        return set()
    seen: Counter = Counter()
    for p in pages:
        keys = {re.sub(r"\d+", "#", ln.text) for ln in p.lines
                if ln.top < p.height / 6 or ln.bottom > p.height * 5 / 6}
        seen.update(keys)
    return {k for k, n in seen.items() if n >= max(2, len(pages) // 2)}


def body_lines(page: PageFacts, running: set[str]) -> list[Line]:
    return [ln for ln in page.lines if not is_page_number(ln.text)
            and re.sub(r"\d+", "#", ln.text) not in running]


def in_table(c: Char, page: PageFacts) -> bool:
    """Between two drawn vertical rules that span the character: a table cell."""
    mid = (c.top + c.bottom) / 2
    left = right = False
    for e in page.edges:
        if e.top - 1 <= mid <= e.bottom + 1:
            if e.x <= c.x0 + 1:
                left = True
            elif e.x >= c.x1 - 1:
                right = True
            if left and right:
                return True
    return False


def small_text(page: PageFacts, limits: Limits, spreadsheet: bool) -> list[Finding]:
    worst: dict[bool, tuple[float, Char]] = {}
    for c in page.chars:
        if not c.text.strip():
            continue
        table = spreadsheet or (c.size < limits.min_pt - 0.05 and in_table(c, page))
        floor = limits.table_min_pt if table else limits.min_pt
        if c.size < floor - 0.05 and (table not in worst or c.size < worst[table][0]):
            worst[table] = (c.size, c)
    out = []
    for table, (size, c) in sorted(worst.items()):
        floor = limits.table_min_pt if table else limits.min_pt
        where = "表格文字" if table else "文字"
        out.append(Finding(page.number, "字号过小",
                           f"{where}印出来只有 {size:.1f} 磅（至少 {floor:g} 磅），如“{excerpt(_line_of(c, page))}”"))
    return out


def _line_of(c: Char, page: PageFacts) -> str:
    for ln in page.lines:
        if c in ln.chars:
            for seg in ln.segments():
                if c in seg.chars:
                    return seg.text
            return ln.text
    return c.text


def clipped(page: PageFacts) -> list[Finding]:
    """Text running through a cell border, characters printed over each other (a cell's
    text spilling under its neighbour's), or text off the printable part of the sheet."""
    out = []
    crossing = []
    for c in page.chars:
        if not c.text.strip():
            continue
        mid = (c.top + c.bottom) / 2
        quarter = (c.x1 - c.x0) / 4
        if any(e.top <= mid <= e.bottom for e in page.edges_between(c.x0 + quarter, c.x1 - quarter)):
            crossing.append(c)
    if crossing:
        out.append(Finding(page.number, "文字超出单元格",
                           f"{len(crossing)} 个字压在表格线上，如“{excerpt(_line_of(crossing[0], page))}”"))
    overprinted = []
    for ln in page.lines:
        vis = ln.visible
        for a, b in zip(vis, vis[1:]):
            width = min(a.x1 - a.x0, b.x1 - b.x0)
            if width > 0 and a.x1 - b.x0 > 0.4 * width:
                overprinted.append(ln)
                break
    if overprinted:
        out.append(Finding(page.number, "文字重叠或被裁切",
                           f"{len(overprinted)} 行文字互相重叠（单元格放不下），如“{excerpt(overprinted[0].text)}”"))
    margin = EDGE_MM * MM
    off = [c for c in page.chars if c.text.strip() and (
        c.x0 < margin or c.top < margin or c.x1 > page.width - margin or c.bottom > page.height - margin)]
    if off:
        out.append(Finding(page.number, "超出可打印区域",
                           f"文字离纸边不到 {EDGE_MM:g} 毫米，打印机会印不全，如“{excerpt(_line_of(off[0], page))}”"))
    return out


_ELLIPSIS = re.compile(r"(?<![…．.])(…|\.\.\.)(?![….．])")


def truncated(page: PageFacts) -> list[Finding]:
    """A single "…" (or "...") is how programs cut text that did not fit; the Chinese
    ellipsis "……" in a sentence is two of them and is left alone."""
    hits = [seg.text for ln in page.lines for seg in ln.segments() if _ELLIPSIS.search(seg.text)]
    if not hits:
        return []
    return [Finding(page.number, "文字被截断", f"{len(hits)} 处以“…”截断，如“{excerpt(hits[0])}”")]


def is_cover(page: PageFacts, body_pt: float) -> bool:
    """A first page whose largest text is a title well above the body size."""
    return page.number == 1 and any(ln.size >= max(20.0, body_pt * 1.3) for ln in page.lines)


def sparse_pages(pages: list[PageFacts], from_pdf: bool, body_pt: float) -> list[Finding]:
    running = running_lines(pages)
    out = []
    for page in pages:
        lines = body_lines(page, running)
        pictures = page.image_share > 0.05 or page.drawing_share > 0.05
        last = page.number == len(pages)
        # GB/T 9704 7.4: the 版记 is on the back of a sheet, a blank page before it if need be.
        before_colophon = page.number == len(pages) - 1 and len(pages) % 2 == 0
        if not lines and not pictures:
            if not from_pdf and not before_colophon:   # a PDF print file may hold deliberate blank backs (duplex)
                out.append(Finding(page.number, "空白页", "这一页没有任何内容"))
        elif len(lines) < NEAR_EMPTY_LINES and not pictures and not last and not is_cover(page, body_pt):
            out.append(Finding(page.number, "几乎空白的页",
                               f"只有 {len(lines)} 行正文（“{excerpt(' / '.join(ln.text for ln in lines))}”），"
                               f"浪费一张纸，应与前后内容排在一起"))
    return out


def body_size(pages: list[PageFacts]) -> float:
    """The size most characters are printed at."""
    sizes = Counter(round(c.size, 1) for p in pages for c in p.chars if c.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def general(pages: list[PageFacts], limits: Limits, *, spreadsheet: bool, from_pdf: bool) -> list[Finding]:
    out: list[Finding] = []
    for page in pages:
        out += small_text(page, limits, spreadsheet)
        out += clipped(page)
        out += truncated(page)
    out += sparse_pages(pages, from_pdf, body_size(pages))
    return out
