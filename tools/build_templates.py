"""Build the built-in templates in templates/ from code, so their styling is reviewable.

    python tools/build_templates.py

The output is committed; tests check that it matches this script. Clerks may copy a
template into their workspace's templates/ folder and edit it in Word: the Jinja tags
({{ … }}, {%tr … %}, {%p … %}) must then stay intact (see README).
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.style import Page, base_document  # noqa: E402
from generator.style.build import (add_row, add_spanning_row, keep_row_with_next, keep_with_next,  # noqa: E402
                                    paragraph, section_break, table, vmerge)
from generator.writers.ooxml import FIXED_INSTANT, normalize  # noqa: E402

LANDSCAPE = Page(landscape=True)
# A4 landscape text block: 297 − 35 − 37 mm = 225 mm = 12756 twips.
TASK_WIDTHS = [700, 5500, 1500, 2000, 1500, 1556]
DUTY_WIDTHS = [700, 1700, 1100, 5256, 2300, 1700]


def task_list():
    doc = base_document(LANDSCAPE)
    paragraph(doc, "{%p for l in lists %}")
    paragraph(doc, "{{ l.title }}", "Title")
    paragraph(doc, "{{ l.subtitle }}", "Subtitle")
    # The count (承担N项任务…) stands above the table: under it, a table that just
    # fills its page leaves it alone on the next sheet in LibreOffice, which ignores
    # keepNext on table rows. Above, nothing can strand it.
    keep_with_next(paragraph(doc, "{{ l.note }}", "Note"))
    keep_with_next(paragraph(doc, "", "TableText"))
    t = table(doc, TASK_WIDTHS, ["序号", "重点任务", "牵头部门", "责任部门", "时限要求", "成果形式"])
    add_spanning_row(t, TASK_WIDTHS, "{%tr for g in l.groups %}")
    add_spanning_row(t, TASK_WIDTHS, "{{ g.title }}")
    add_spanning_row(t, TASK_WIDTHS, "{%tr for t in g.tasks %}")
    cells = ["{{ t.number }}", "{{ t.text }}", "{{ t.lead }}", "{{ t.responsible }}", "{{ t.schedule }}",
             "{{ t.result_form }}"]
    styles = ["TableCenter", "TableText", "TableCenter", "TableCenter", "TableCenter", "TableText"]
    # The list's second-to-last row stays on the page of the last (rows never split), so
    # a department's last task never prints alone under the repeated header.
    add_spanning_row(t, TASK_WIDTHS, "{%tr if t.with_next %}")
    keep_row_with_next(add_row(t, TASK_WIDTHS, cells, styles=styles))
    add_spanning_row(t, TASK_WIDTHS, "{%tr else %}")
    add_row(t, TASK_WIDTHS, cells, styles=styles)
    add_spanning_row(t, TASK_WIDTHS, "{%tr endif %}")
    add_spanning_row(t, TASK_WIDTHS, "{%tr endfor %}")
    add_spanning_row(t, TASK_WIDTHS, "{%tr endfor %}")
    paragraph(doc, "{%p if not loop.last %}")
    # Each department starts on an odd page, so the merged file printed double-sided
    # from Word or WPS puts every department on a front side. Our PDFs convert it with
    # next-page breaks instead (writers.ooxml.next_page_breaks) and add blank backs
    # with `--duplex`.
    section_break(doc, LANDSCAPE, odd_page=True)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p endfor %}")
    return doc


def duty_list():
    doc = base_document(LANDSCAPE)
    paragraph(doc, "{{ title }}", "Title")
    paragraph(doc, "{{ subtitle }}", "Subtitle")
    # The count stands above the table, where a full last page cannot strand it.
    keep_with_next(paragraph(doc, "{{ note }}", "Note"))
    keep_with_next(paragraph(doc, "", "TableText"))
    t = table(doc, DUTY_WIDTHS, ["序号", "部门/岗位", "责任人", "安全生产职责", "履职要求/频次", "依据"])
    add_spanning_row(t, DUTY_WIDTHS, "{%tr for g in groups %}")
    add_spanning_row(t, DUTY_WIDTHS, "{%tr for d in g.duties %}")
    add_spanning_row(t, DUTY_WIDTHS, "{%tr if loop.first %}")
    styles = ["TableCenter", "TableCenter", "TableCenter", "TableText", "TableText", "TableText"]
    first = add_row(t, DUTY_WIDTHS, ["{{ d.number }}", "{{ g.post }}", "{{ g.person }}", "{{ d.duty }}",
                                     "{{ d.requirement }}", "{{ d.basis }}"], styles=styles)
    cells = first.cells
    vmerge(cells[1], restart=True)
    vmerge(cells[2], restart=True)
    add_spanning_row(t, DUTY_WIDTHS, "{%tr else %}")
    rest = add_row(t, DUTY_WIDTHS, ["{{ d.number }}", "", "", "{{ d.duty }}", "{{ d.requirement }}",
                                    "{{ d.basis }}"], styles=styles)
    cells = rest.cells
    vmerge(cells[1], restart=False)
    vmerge(cells[2], restart=False)
    add_spanning_row(t, DUTY_WIDTHS, "{%tr endif %}")
    add_spanning_row(t, DUTY_WIDTHS, "{%tr endfor %}")
    add_spanning_row(t, DUTY_WIDTHS, "{%tr endfor %}")
    return doc


TEMPLATES = {
    "任务清单.docx": task_list,
    "职责清单.docx": duty_list,
}


def template_bytes(builder) -> bytes:
    buffer = io.BytesIO()
    builder().save(buffer)
    return normalize(buffer.getvalue(), when=FIXED_INSTANT)


def text_files() -> dict[str, bytes]:
    """templates/文字/<kind>.yaml: the wording of every document whose layout is computed.
    YAML rather than .docx: the layout stays code (type fitting, charts), only the words
    are the clerk's, and a text file keeps the location of a mistake to a line."""
    from generator.build import wordings
    from generator.model.wording import builtin_yaml

    return {spec.file: builtin_yaml(spec).encode("utf-8") for spec in wordings()}


def main(out_dir: Path = ROOT / "templates") -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, builder in TEMPLATES.items():
        (out_dir / name).write_bytes(template_bytes(builder))
        print(f"wrote {out_dir / name}")
    for name, data in text_files().items():
        (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (out_dir / name).write_bytes(data)
        print(f"wrote {out_dir / name}")


if __name__ == "__main__":
    main()
