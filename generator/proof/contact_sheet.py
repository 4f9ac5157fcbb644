"""Contact sheets: every page as a thumbnail with its number, so the clerk sees each
sheet before printing. Pages are drawn by pypdfium2 (installed with pdfplumber, so no
poppler is needed on Windows); Pillow composes the grid."""
from __future__ import annotations

from pathlib import Path

THUMB_HEIGHT = 220     # pixels of one page's picture
COLUMNS = 6
GAP = 12
LABEL = 22


def _font(size: int):
    from PIL import ImageFont

    try:
        from generator.charts.fonts import find_cjk_font

        found = find_cjk_font()
        if found is not None:
            return ImageFont.truetype(str(found.path), size)
    except (OSError, ValueError):
        pass    # labels in Pillow's own font rather than no sheet at all
    return ImageFont.load_default()


def thumbnails(pdf: Path, height: int = THUMB_HEIGHT) -> list:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for page in doc:
            scale = height / page.get_height()
            out.append(page.render(scale=scale).to_pil().convert("RGB"))
            page.close()
        return out
    finally:
        doc.close()


def sheet(title: str, pages: list, marked: set[int], target: Path, columns: int = COLUMNS) -> Path:
    """One PNG: a title line, then the pages in rows; pages with findings framed in red."""
    from PIL import Image, ImageDraw

    font = _font(16)
    cell_w = max((im.width for im in pages), default=THUMB_HEIGHT) + GAP
    cell_h = THUMB_HEIGHT + LABEL + GAP
    cols = max(1, min(columns, len(pages)))
    rows = (len(pages) + cols - 1) // cols
    canvas = Image.new("RGB", (GAP + cols * cell_w, 2 * LABEL + rows * cell_h), "#d9d9d9")
    draw = ImageDraw.Draw(canvas)
    draw.text((GAP, 6), title, fill="black", font=font)
    for i, im in enumerate(pages):
        x = GAP + (i % cols) * cell_w
        y = 2 * LABEL + (i // cols) * cell_h
        canvas.paste(im, (x, y))
        colour = "#c00000" if i + 1 in marked else "#808080"
        draw.rectangle((x - 1, y - 1, x + im.width, y + im.height), outline=colour, width=3 if i + 1 in marked else 1)
        draw.text((x, y + im.height + 3), f"第{i + 1}页" + ("（有问题）" if i + 1 in marked else ""),
                  fill=colour, font=font)
    target.parent.mkdir(parents=True, exist_ok=True)
    canvas.save(target, optimize=True)
    return target
