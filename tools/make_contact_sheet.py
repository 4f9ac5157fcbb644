"""Draw one contact sheet of every printed page of the sample's outputs for the README.

    python tools/make_contact_sheet.py [OUTPUT_FOLDER] [-o docs/sample-contact-sheet.png]

Without a folder the sample workspace is built into a temporary folder first
(`wuhua build --year 2025`, SOURCE_DATE_EPOCH fixed). Documents are converted through
the same LibreOffice pool `wuhua proof` uses and drawn with its thumbnails; the
folders of single posters and department lists are left out because their merged
print files (（合并打印）) hold the same pages.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WIDTH = 1600          # pixels of the whole sheet
THUMB = 104           # pixels of a page's height
GAP = 6
LABEL = 24
SKIPPED = {"判定标准海报", "部门任务清单"}


def documents(folder: Path) -> list[Path]:
    found = [p for p in sorted(folder.rglob("*")) if p.suffix.lower() in (".docx", ".xlsx")
             and not (set(p.relative_to(folder).parts[:-1]) & (SKIPPED | {"校样"}))]
    # top-level files first (the year's documents), then each folder's
    return sorted(found, key=lambda p: (len(p.relative_to(folder).parts), str(p.relative_to(folder))))


def draw(folder: Path, target: Path) -> Path:
    from PIL import Image, ImageDraw

    from generator.printing import Doc, convert_docs
    from generator.proof.contact_sheet import _font, thumbnails

    files = documents(folder)
    font = _font(15)
    blocks = []
    with tempfile.TemporaryDirectory(prefix="wuhua-sheet-") as tmp:
        docs = [Doc(f, Path(tmp) / f"{i:04d}.pdf", "", "") for i, f in enumerate(files)]
        for doc, conv in zip(docs, convert_docs(docs, quiet=True)):
            if not conv.ok:
                raise SystemExit(f"{doc.source}: {conv.error}")
            blocks.append((doc.source.relative_to(folder).as_posix(), thumbnails(doc.target, THUMB)))
    # lay out: each file is its name over its pages, left to right; a file that fits
    # beside the previous one on the same band goes there, a longer one wraps
    placed, x, y = [], GAP, GAP
    band = LABEL + THUMB + GAP
    for name, pages in blocks:
        label = f"{name}（{len(pages)} 页）"
        width = max(round(font.getlength(label)), sum(im.width + GAP for im in pages))
        if x > GAP and x + width > WIDTH - GAP:
            x, y = GAP, y + band
        placed.append(("label", label, x, y))
        px, py = x, y + LABEL
        for im in pages:
            if px + im.width > WIDTH - GAP:
                px, py = GAP, py + THUMB + GAP
            placed.append(("page", im, px, py))
            px += im.width + GAP
        if py > y + LABEL:           # wrapped: the next file starts on a new band
            x, y = GAP, py + THUMB + GAP
        else:
            x = x + width + 3 * GAP
    y -= LABEL
    height = y + band + GAP if x > GAP else y + LABEL
    canvas = Image.new("RGB", (WIDTH, height), "#d9d9d9")
    pen = ImageDraw.Draw(canvas)
    for what, item, px, py in placed:
        if what == "label":
            pen.text((px, py + 3), item, fill="black", font=font)
        else:
            canvas.paste(item, (px, py))
            pen.rectangle((px - 1, py - 1, px + item.width, py + item.height), outline="#808080")
    target.parent.mkdir(parents=True, exist_ok=True)
    # a 64-colour palette keeps the picture of ~200 pages well under 1 MB
    canvas.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "docs" / "sample-contact-sheet.png")
    args = parser.parse_args()
    if args.folder:
        print("wrote", draw(args.folder, args.out))
        return
    with tempfile.TemporaryDirectory(prefix="wuhua-sample-") as tmp:
        env = dict(os.environ, SOURCE_DATE_EPOCH="1704067200")
        subprocess.run([sys.executable, "-m", "generator", "build", "-o", tmp, "--year", "2025"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        print("wrote", draw(Path(tmp), args.out))


if __name__ == "__main__":
    main()
