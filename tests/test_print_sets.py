"""Batches printed as one merged file (posters, department lists): their PDFs come from
one conversion of the merged file, cut by page ranges, and must be the same pages as
converting every document on its own. The print file carries the merged .docx's name,
a bookmark per enterprise / department, and with --duplex each starts on a front side."""
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from generator.printing import Doc, PrintSet, SplitFailed, make_pdfs, member_ranges, part_ranges
from generator.writers import pdf as pdfpool
from generator.writers.pdfsplit import open_pdf
from tests.conftest import ROOT, SAMPLE_BUILD_EPOCH, pdf_texts, run_cli

PLAN_B = ROOT / "tests" / "data" / "plan_b"
SECTORS = ["民爆生产", "民爆销售", "冶金", "有色", "建材", "机械", "轻工（食品）", "纺织", "商贸", "烟草"]
FALLBACK = "改为逐个转换"


def other_enterprises(path: Path, count: int) -> list[str]:
    """An enterprise list unlike the sample's: more firms, other names and places."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "企业名单"
    sheet.append(["企业名称", "行业", "地区", "主要负责人", "联系电话", "安全管理人员"])
    names = [f"青河{n}号{'机电' if n % 3 else '化工材料'}股份有限公司" for n in range(1, count + 1)]
    for n, name in enumerate(names):
        sheet.append([name, SECTORS[n % len(SECTORS)], "青河县", "孙某", f"0431-88{n:05d}", "周某"])
    wb.save(path)
    return names


def build_pdf(ws: Path | None, out: Path, year: str) -> str:
    args = (["-w", str(ws)] if ws else []) + ["build", "-o", str(out), "--year", year, "--pdf", "--duplex"]
    result = run_cli(*args, env={"SOURCE_DATE_EPOCH": SAMPLE_BUILD_EPOCH})
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def builds(tmp_path_factory, soffice):
    """The sample, and plan B with 30 enterprises of other names, built with --pdf --duplex."""
    root = tmp_path_factory.mktemp("print_sets")
    sample = root / "sample"
    ws = root / "b"
    shutil.copytree(PLAN_B, ws / "inputs", ignore=shutil.ignore_patterns("xlsx"))
    shutil.copytree(ROOT / "inputs" / "判定标准", ws / "inputs" / "判定标准")
    names = other_enterprises(ws / "inputs" / "企业名单.xlsx", 30)
    return {"sample": (sample, build_pdf(None, sample, "2025"), None),
            "plan_b": (root / "b-out", build_pdf(ws, root / "b-out", "2025"), names)}


@pytest.mark.parametrize("which", ["sample", "plan_b"])
def test_split_pdfs_are_the_pages_of_converting_each_file(builds, which, tmp_path):
    out, stderr, _ = builds[which]
    assert FALLBACK not in stderr
    singles = sorted((out / "判定标准海报").glob("*.docx")) + sorted((out / "部门任务清单").glob("*.docx"))
    assert len(singles) >= 12
    jobs = [(d, tmp_path / f"{d.parent.name}-{d.stem}.pdf") for d in singles]
    with pdfpool.Pool() as pool:
        reference = pool.convert(jobs)
    assert all(c.ok for c in reference), [c.error for c in reference if not c.ok]
    for docx, (_, own) in zip(singles, jobs, strict=True):
        split = pdf_texts(docx.with_suffix(".pdf"))
        alone = pdf_texts(own)
        assert len(split) == len(alone), docx.name
        assert split == alone, docx.name
        assert all(split), docx.name      # no page without text slipped into a cut


@pytest.mark.parametrize("which", ["sample", "plan_b"])
def test_print_file_has_the_docx_name_bookmarks_by_name_and_duplex_fronts(builds, which):
    out, _, names = builds[which]
    assert not list(out.glob("*打印合集*"))
    for folder, merged in (("判定标准海报", "判定标准海报（合并打印）"),
                           ("部门任务清单", "2025年度部门任务清单（合并打印）")):
        assert (out / f"{merged}.docx").is_file()
        reader = PdfReader(str(out / f"{merged}.pdf"))
        outline = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
        singles = {p.stem: p for p in (out / folder).glob("*.pdf")}
        assert len(outline) == len(singles)
        if folder == "判定标准海报" and names:
            assert [title for title, _ in outline] == names      # enterprises, in the list's order
        if folder == "部门任务清单":
            assert [title for title, _ in outline if title not in singles] == []
        pages = pdf_texts(out / f"{merged}.pdf")
        for n, (title, start) in enumerate(outline):
            # Duplex: every enterprise / department starts on a front side (odd page).
            assert start % 2 == 0, (merged, title, start + 1)
            assert title.replace(" ", "") in pages[start], (merged, title)
            own = len(PdfReader(str(singles[title])).pages)
            stop = outline[n + 1][1] if n + 1 < len(outline) else len(pages)
            assert stop - start == own + own % 2          # its pages, then one blank if odd
            if own % 2:
                assert pages[stop - 1] == ""
        assert reader.page_labels[outline[-1][1]] == "1"


def test_large_sets_are_converted_in_parts_by_pages():
    docs = [Doc(Path(f"/nonexistent/{n}.docx"), Path(f"/nonexistent/{n}.pdf"), label=str(n)) for n in range(500)]
    merged = Doc(Path("/nonexistent/m.docx"), Path("/nonexistent/m.pdf"), pages_each=1,
                 render_part=lambda a, b: b"")
    assert part_ranges(PrintSet(merged, docs), 2) == [(0, 250), (250, 500)]
    assert part_ranges(PrintSet(merged, docs[:5]), 2) == [(0, 5)]           # too few to share
    whole = Doc(Path("/nonexistent/m.docx"), Path("/nonexistent/m.pdf"))
    assert part_ranges(PrintSet(whole, docs), 2) == [(0, 500)]              # no parts to render


def test_a_cut_that_fails_its_check_falls_back_to_converting_each_file(sample_build, tmp_path, soffice):
    """Members given in another order than the merged file holds them: the check finds
    the first one not on page 1, says so, and converts them one by one."""
    from docx import Document

    merged_src = sample_build / "2025年度部门任务清单（合并打印）.docx"
    shutil.copyfile(merged_src, tmp_path / merged_src.name)
    files = sorted((sample_build / "部门任务清单").glob("*.docx"))[:2][::-1]
    docs = []
    for f in files:
        shutil.copyfile(f, tmp_path / f.name)
        docs.append(Doc(tmp_path / f.name, tmp_path / f"{f.stem}.pdf", Document(str(f)).core_properties.title,
                        "部门任务清单", f.stem))
    merged = Doc(tmp_path / merged_src.name, tmp_path / f"{merged_src.stem}.pdf", "合并", merges="部门任务清单")
    said = []
    result = make_pdfs([*docs, merged], tmp_path, quiet=True, warn=said.append)
    assert any(FALLBACK in s and merged_src.name in s for s in said), said
    assert result.fell_back and not result.failed
    reader = PdfReader(str(merged.target))
    assert [o.title for o in reader.outline] == [f.stem for f in files]
    assert len(reader.pages) == sum(len(PdfReader(str(d.target)).pages) for d in docs)


def test_member_ranges_refuses_a_page_count_it_does_not_expect(sample_build, tmp_path, soffice):
    """Posters are one page each: a merged PDF with another count is not cut."""
    src = sample_build / "判定标准海报（合并打印）.docx"
    with pdfpool.Pool(workers=1) as pool:
        [conv] = pool.convert([(src, tmp_path / "m.pdf")])
    assert conv.ok
    doc = open_pdf(tmp_path / "m.pdf")
    posters = [Doc(Path(f"{n}.docx"), Path(f"{n}.pdf"), label=f"企业{n}") for n in range(len(doc) + 1)]
    try:
        with pytest.raises(SplitFailed, match="应为"):
            member_ranges(doc, PrintSet(Doc(src, tmp_path / "m.pdf", pages_each=1), posters))
        with pytest.raises(SplitFailed, match="第 1 页上没有“企业1”"):     # right count, wrong names
            member_ranges(doc, PrintSet(Doc(src, tmp_path / "m.pdf", pages_each=1), posters[1:]))
    finally:
        doc.close()
