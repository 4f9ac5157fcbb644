"""Same documents, same PDF bytes, whichever office process converted them and
whatever it converted before (generator/writers/pdfbytes.py): LibreOffice numbers the
Type 1 fonts it embeds per process (/UniqueID 4100001, 4100002, …); the post-pass takes
those ids out without changing a pixel, a character or a font of the page."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject, NumberObject

from generator.writers import pdf as pdfpool
from generator.writers.pdfbytes import _decrypt, _encrypt, anonymous_type1_fonts, deterministic_pdf
from tests.conftest import SAMPLE_BUILD_EPOCH, pdf_texts, run_cli

# Departments and wording of another bureau than the sample's.
UNITS = ["水务监管股", "交通运输股", "应急值守中心", "农机安全站", "城管执法大队", "林业防火办"]


def word(path: Path, unit: str, lines: int) -> Path:
    """A notice in the official faces (仿宋/黑体/楷体 are OpenType CFF fonts here, which
    LibreOffice embeds as Type 1)."""
    document = Document()
    document.core_properties.title = unit
    for text, face, size in ((f"{unit}安全生产责任清单", "黑体", 22), ("（二〇二六年修订）", "楷体_GB2312", 16)):
        run = document.add_paragraph().add_run(text)
        run.font.size = Pt(size)
        run.font.name = face
        run._element.rPr.rFonts.set(qn("w:eastAsia"), face)
    for i in range(lines):
        run = document.add_paragraph().add_run(
            f"{i + 1}．{unit}负责本行业领域第{i + 1}项隐患排查治理，每季度末报送进展，台账闭环管理。")
        run.font.size = Pt(16)
        run.font.name = "仿宋_GB2312"
        run._element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    document.save(str(path))
    return path


def sheet(path: Path, unit: str) -> Path:
    book = Workbook()
    book.active.append(["单位", "事项", "时限"])
    for i in range(12):
        book.active.append([unit, f"第{i + 1}项：汛期前完成重点部位检查", f"2026年{i % 12 + 1}月底前"])
    book.save(path)
    return path


def font_files(pdf: Path) -> list[tuple[bytes, object]]:
    """Every embedded Type 1 font program (FontFile), decompressed, with its stream."""
    out = []
    for page in PdfReader(str(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is not None and "/FontFile" in descriptor.get_object():
                stream = descriptor.get_object()["/FontFile"].get_object()
                out.append((stream.get_data(), stream))
    return out


def private_part(program: bytes, stream) -> bytes:
    """The eexec-decrypted part of a Type 1 program (where its Private dict is)."""
    clear, private = int(stream["/Length1"]), int(stream["/Length2"])
    return _decrypt(program[clear:clear + private])[0]


def test_two_runs_in_another_order_after_other_documents_give_the_same_bytes(tmp_path, soffice):
    if pdfpool.find_uno_python(soffice) is None:
        pytest.skip("needs python3-uno (warm offices keep their font counters between documents)")
    sources = tmp_path / "文档"
    sources.mkdir()
    docs = [word(sources / f"{unit}.docx", unit, 10 + 7 * i) for i, unit in enumerate(UNITS[:4])]
    docs.append(sheet(sources / "检查台账.xlsx", UNITS[4]))
    decoys = [word(tmp_path / f"先转换{i}.docx", UNITS[5], 30 + i) for i in range(3)]
    env = {"SOURCE_DATE_EPOCH": SAMPLE_BUILD_EPOCH}

    first = run_cli("pdf", *map(str, docs), "-o", str(tmp_path / "一"), "--workers", "2", "--no-cache", env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    # Fresh offices again, busy with other documents first, given the files the other way round.
    second = run_cli("pdf", *map(str, decoys + docs[::-1]), "-o", str(tmp_path / "二"), "--workers", "2",
                     "--no-cache", env=env)
    assert second.returncode == 0, second.stdout + second.stderr

    fonts_seen = 0
    for doc in docs:
        one, two = tmp_path / "一" / f"{doc.stem}.pdf", tmp_path / "二" / f"{doc.stem}.pdf"
        assert one.read_bytes() == two.read_bytes(), f"{doc.name}: the two runs' PDFs differ"
        assert pdf_texts(one)[0], doc.name
        for program, stream in font_files(one):
            fonts_seen += 1
            assert b"/UniqueID" not in program and b"/UniqueID" not in private_part(program, stream)
    assert fonts_seen >= 4, "no Type 1 fonts embedded: the test would prove nothing"
    # The texts are the documents' own: each PDF is its document, not a neighbour's.
    assert UNITS[2] in "".join(pdf_texts(tmp_path / "二" / f"{UNITS[2]}.pdf"))


def test_the_post_pass_changes_no_pixel_text_font_or_proof_finding(tmp_path, soffice, sample_build):
    """The office's own PDF (soffice --convert-to, no wuhua in between) against it after
    the post-pass: every page rendered by poppler at 60 dpi, the text layer with
    positions, the font list and `wuhua proof`'s findings are the same."""
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils not installed")
    source = tmp_path / "任务清单.docx"
    shutil.copyfile(sample_build / "2025年度任务清单.docx", source)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "raw"), str(source)], env=pdfpool.worker_env(),
                   capture_output=True, timeout=300, check=True)
    raw = tmp_path / "raw" / "任务清单.pdf"
    clean = tmp_path / "clean" / "任务清单.pdf"
    clean.parent.mkdir()
    clean.write_bytes(deterministic_pdf(raw.read_bytes()))

    raw_fonts = font_files(raw)
    assert raw_fonts, "no Type 1 font in the office's PDF"
    assert all(b"/UniqueID" in program and b"/UniqueID" in private_part(program, stream)
               for program, stream in raw_fonts)
    assert not any(b"/UniqueID" in program or b"/UniqueID" in private_part(program, stream)
                   for program, stream in font_files(clean))

    def words(pdf: Path) -> list[str]:
        """Every word with its box (the <meta> lines carry the fixed creation date)."""
        html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        return [line for line in html.splitlines() if "<meta" not in line]

    assert words(raw) == words(clean) and any("<word" in line for line in words(raw))
    fonts = [subprocess.run(["pdffonts", str(p)], capture_output=True, text=True, check=True).stdout
             for p in (raw, clean)]
    assert fonts[0] == fonts[1] and "Type 1" in fonts[0]
    for pdf in (raw, clean):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(pdf.parent / "页")], check=True)
    pages = sorted((tmp_path / "raw").glob("页*.png"))
    assert len(pages) == len(PdfReader(str(raw)).pages) >= 2
    for page in pages:
        assert page.read_bytes() == (tmp_path / "clean" / page.name).read_bytes(), page.name

    proofs = [run_cli("proof", "--no-sheets", str(p)) for p in (raw, clean)]
    assert proofs[0].returncode == proofs[1].returncode == 0, proofs[1].stdout + proofs[1].stderr
    assert proofs[0].stdout.replace(str(raw), "") == proofs[1].stdout.replace(str(clean), "")
    assert deterministic_pdf(clean.read_bytes()) == clean.read_bytes()     # done once, stays done


# --- without LibreOffice: a Type 1 program written by pypdf (direct /Length) -----------

def _type1_program(unique_id: int, glyphs: bytes) -> tuple[bytes, int, int]:
    clear = (b"%%!FontType1-1.0: Test 001.000\n11 dict begin\n/FontName /Test def\n"
             b"/UniqueID %d def\ncurrentdict end\ncurrentfile eexec\n" % unique_id)
    private = (b"\0\0\0\0dup /Private 8 dict dup begin\n/password 5839 def\n/UniqueID %d def\n"
               b"/CharStrings 1 dict dup begin\n/a " % unique_id + glyphs + b" ND\nend\nend\nmark currentfile closefile\n")
    return clear + _encrypt(private, 55665) + b"0" * 512 + b"\ncleartomark\n", len(clear), len(private)


def _pdf_with_font(path: Path, unique_id: int) -> Path:
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    program, clear, private = _type1_program(unique_id, bytes(range(256)) * 40)
    stream = DecodedStreamObject()
    stream.set_data(program)
    stream[NameObject("/Length1")] = NumberObject(clear)
    stream[NameObject("/Length2")] = NumberObject(private)
    stream[NameObject("/Length3")] = NumberObject(len(program) - clear - private)
    stream = stream.flate_encode()
    page[NameObject("/FontProgram")] = writer._add_object(stream)
    with open(path, "wb") as f:
        writer.write(f)
    return path


def test_font_ids_are_taken_out_and_the_cross_references_follow(tmp_path):
    one = _pdf_with_font(tmp_path / "一.pdf", 4100001).read_bytes()
    two = _pdf_with_font(tmp_path / "二.pdf", 4100137).read_bytes()
    assert one != two
    clean = anonymous_type1_fonts(one)
    assert clean == anonymous_type1_fonts(two)
    (tmp_path / "净.pdf").write_bytes(clean)
    reader = PdfReader(str(tmp_path / "净.pdf"), strict=True)     # every offset in the table is right
    stream = reader.pages[0]["/FontProgram"].get_object()
    program = stream.get_data()
    assert b"/UniqueID" not in program and b"/UniqueID" not in private_part(program, stream)
    expected, clear, private = _type1_program(4100001, bytes(range(256)) * 40)
    # Everything but the ids is the font as it was: same lengths, same glyph bytes.
    assert len(program) == len(expected) and program[:clear].replace(b" " * 21, b"") == \
        re.sub(rb"/UniqueID \d+ def", b"", expected[:clear])
    assert private_part(program, stream).replace(b" " * 21, b"") == \
        re.sub(rb"/UniqueID \d+ def", b"", private_part(expected, stream))
    assert anonymous_type1_fonts(clean) is clean                  # nothing left to do: not rewritten


def test_a_pdf_laid_out_otherwise_is_left_as_it_is(tmp_path):
    data = _pdf_with_font(tmp_path / "一.pdf", 4100001).read_bytes()
    # An incremental update (a /Prev table): not rewritten, still the sound PDF it was.
    updated = data.replace(b"trailer\n<<", b"trailer\n<<\n/Prev 9", 1)
    assert anonymous_type1_fonts(updated) is updated
