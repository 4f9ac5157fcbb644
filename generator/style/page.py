"""Page geometry and section properties (w:sectPr)."""
from __future__ import annotations

from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from generator.style.metrics import BOTTOM, LEFT, LINE_TWIPS, PAGE_NUMBER_PT, PAPER, RIGHT, TOP, mm


@dataclass(frozen=True)
class Page:
    paper: str = "A4"
    landscape: bool = False
    # Posters and wall charts scale their margins with the sheet; None keeps GB/T 9704.
    margin_mm: float | None = None
    page_numbers: bool = True
    # A landscape page inside a portrait document (a table 附件): it is bound with the
    # portrait pages, so its number is printed where theirs is on the sheet, at the
    # left edge as the table reads (GB/T 9704-2012 10.2: odd numbers bottom left, even
    # top left). Its footers are the side footers (style.side_footer).
    turned: bool = False

    @property
    def size(self) -> tuple[int, int]:
        w, h = PAPER[self.paper]
        return (h, w) if self.landscape else (w, h)

    @property
    def margins(self) -> tuple[int, int, int, int]:
        """(top, right, bottom, left). A landscape page is the portrait page turned a
        quarter clockwise, so the binding edge (订口) is at its top."""
        if self.margin_mm is not None:
            m = mm(self.margin_mm)
            return (m, m, m, m)
        if self.landscape:
            return (LEFT, TOP, RIGHT, BOTTOM)
        return (TOP, RIGHT, BOTTOM, LEFT)

    @property
    def text_width(self) -> int:
        top, right, bottom, left = self.margins
        return self.size[0] - left - right

    @property
    def text_height(self) -> int:
        top, right, bottom, left = self.margins
        return self.size[1] - top - bottom

    @property
    def footer_distance(self) -> int:
        """The page number's top sits 7 mm below the text block."""
        bottom = self.margins[2]
        return max(bottom - mm(7) - PAGE_NUMBER_PT * 20, 240)


def sect_pr_xml(page: Page, *, restart_numbering: bool = False, continuous: bool = False,
                odd_page: bool = False, columns: int = 1, column_gap: int = 425,
                declare_namespaces: bool = False, even_page: bool = False,
                footers: tuple[str, str] = ("rIdFooterOdd", "rIdFooterEven")) -> str:
    """The w:sectPr markup, for the base package's document.xml (package.py writes that
    part as text) and for `sect_pr`. Footers are referenced as rIdFooterOdd /
    rIdFooterEven, the relationship ids every base document defines."""
    w, h = page.size
    top, right, bottom, left = page.margins
    refs = ""
    if page.page_numbers:
        refs = (f'<w:footerReference w:type="default" r:id="{footers[0]}"/>'
                f'<w:footerReference w:type="even" r:id="{footers[1]}"/>')
    orient = ' w:orient="landscape"' if page.landscape else ""
    start = '<w:pgNumType w:start="1"/>' if restart_numbering else "<w:pgNumType/>"
    kind = '<w:type w:val="continuous"/>' if continuous else ""
    if odd_page:
        # Printed double-sided, every part of a batch starts on a front side.
        kind = '<w:type w:val="oddPage"/>'
    if even_page:
        # A 版记 page is the back of a sheet (GB/T 9704 7.4).
        kind = '<w:type w:val="evenPage"/>'
    num = f' w:num="{columns}"' if columns > 1 else ""
    namespaces = f" {nsdecls('w', 'r')}" if declare_namespaces else ""
    return (
        f'<w:sectPr{namespaces}>{refs}{kind}<w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
        f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
        f'w:header="851" w:footer="{page.footer_distance}" w:gutter="0"/>'
        f'{start}<w:cols{num} w:space="{column_gap}"/>'
        f'<w:docGrid w:linePitch="{LINE_TWIPS}"/></w:sectPr>'
    )


def sect_pr(page: Page, *, restart_numbering: bool = False, continuous: bool = False,
            odd_page: bool = False, columns: int = 1, column_gap: int = 425, even_page: bool = False,
            footers: tuple[str, str] = ("rIdFooterOdd", "rIdFooterEven")):
    """A new w:sectPr element (lxml, python-docx's element classes) for `page`.
    The section starts on a new page unless `continuous`, or on the next odd page with
    `odd_page`; `columns` text columns `column_gap` twips apart; page numbers restart
    at 1 with `restart_numbering`."""
    return parse_xml(sect_pr_xml(page, restart_numbering=restart_numbering, continuous=continuous,
                                 odd_page=odd_page, columns=columns, column_gap=column_gap,
                                 declare_namespaces=True, even_page=even_page, footers=footers))
