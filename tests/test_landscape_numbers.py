"""Page numbers of the summary's landscape 附件 pages (#12 part A point 6), measured on
the PDF: GB/T 9704-2012 10.2 keeps the number of a landscape table page where portrait
pages have it on the sheet. The sheet is turned a quarter clockwise to read the table,
so the number runs down the left edge: odd pages at the bottom left, even pages at the
top left, at the same distance from the sheet's edge as on portrait pages, 4号."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import ROOT, run_cli

PLAN_B = ROOT / "tests" / "data" / "plan_b"


def _number_boxes(pdf: Path):
    """Per page: (landscape?, page size, the number's text and box) read from the text layer."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            landscape = page.width > page.height
            if landscape:      # turned characters in the left margin strip
                chars = [c for c in page.chars if c["x1"] < 100 and not c["upright"]]
                chars.sort(key=lambda c: c["top"])
            else:              # the foot of the page
                chars = [c for c in page.chars if c["top"] > page.height - 100]
                chars.sort(key=lambda c: c["x0"])
            text = re.sub(r"\s+", "", "".join(c["text"] for c in chars))
            box = (min(c["x0"] for c in chars), min(c["top"] for c in chars),
                   max(c["x1"] for c in chars), max(c["bottom"] for c in chars)) if chars else None
            bottom_text = [c for c in page.chars if c["top"] > page.height - 80]
            out.append((landscape, (page.width, page.height), text, box, bottom_text))
    return out


@pytest.mark.parametrize("shape", ["sample", "plan_b"])
def test_landscape_attachment_numbers_stay_where_portrait_ones_are(shape, tmp_path, soffice):
    ws = []
    if shape == "plan_b":
        shutil.copytree(PLAN_B, tmp_path / "b" / "inputs", ignore=shutil.ignore_patterns("xlsx"))
        ws = ["-w", str(tmp_path / "b")]
    out = tmp_path / "out"
    made = run_cli(*ws, "summary", "-o", str(out))
    assert made.returncode == 0, made.stderr
    docx = next(out.glob("*.docx"))
    converted = run_cli("pdf", str(docx))
    assert converted.returncode == 0, converted.stderr
    pages = _number_boxes(docx.with_suffix(".pdf"))
    portrait = {n % 2: box for n, (land, _, text, box, _) in enumerate(pages, start=1) if not land and box}
    turned = [(n, size, text, box, bottom) for n, (land, size, text, box, bottom) in enumerate(pages, start=1) if land]
    assert turned and set(portrait) == {0, 1}, "the summary has portrait pages of both parities and a landscape 附件"
    for n, (width, height), text, box, bottom in turned:
        assert text == f"—{n}—", (n, text)
        x0, top, x1, bottom_y = box
        p_x0, p_top, p_x1, p_bottom = portrait[n % 2]
        # Across the edge: as far from the left edge as the portrait number is from the foot.
        # (The landscape page's width is the portrait page's height.)
        assert abs(x0 - (width - p_bottom)) < 1.5 and abs(x1 - (width - p_top)) < 1.5, (n, box, portrait[n % 2])
        # Along the edge: where the portrait number is across its page, measured at its
        # outer end (numbers differ in length): odd ones end low, even ones start high.
        if n % 2:
            assert abs(bottom_y - p_x1) < 1.5, (n, box, portrait[1])
        else:
            assert abs(top - p_x0) < 1.5, (n, box, portrait[0])
        assert (top > height / 2) == (n % 2 == 1)
        # Nothing printed along the long bottom edge any more.
        assert not bottom, (n, "".join(c["text"] for c in bottom))
        assert x1 < 100 and x0 > 40
