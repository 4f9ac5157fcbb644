"""PDF through the LibreOffice worker pool: fonts, merged print files, failures."""
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from generator.writers import pdf as pdfpool
from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.slow


def live_processes_in_group(pgid: int) -> list[int]:
    """Processes of a group that still run (zombies waiting for a reaper do not count)."""
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            live.append(int(stat.parent.name))
    return live


def pdf_fonts(path: Path) -> str:
    if not shutil.which("pdffonts"):
        pytest.skip("poppler-utils (pdffonts) not installed")
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory, soffice):
    out = tmp_path_factory.mktemp("build") / "output"
    result = run_cli("build", "-o", str(out), "--year", "2025", "--pdf")
    assert result.returncode == 0, result.stderr
    return out, result


def test_build_pdf_makes_a_pdf_for_every_document(built):
    out, result = built
    docx_files = sorted(out.rglob("*.docx")) + sorted(out.rglob("*.xlsx"))
    assert len(docx_files) >= 4
    for docx_file in docx_files:
        pdf = docx_file.with_suffix(".pdf")
        assert pdf.is_file(), pdf
        assert len(PdfReader(str(pdf)).pages) >= 1
    assert not [p for p in out.rglob("*") if p.name.startswith((".~lock", ".~wuhua"))]
    # Output was not a terminal: nothing but errors from the PDF step.
    assert "转换 PDF" not in result.stderr and "█" not in result.stderr


def test_body_text_is_fangsong_style_not_the_sans_fallback(built):
    out, _ = built
    fonts = pdf_fonts(out / "2025年度任务清单.pdf")
    assert "FandolFang" in fonts or "cwTeXFangSong" in fonts, fonts
    assert "DejaVu" not in fonts and "WenQuanYi" not in fonts, fonts
    assert "UKai" in fonts or "FandolKai" in fonts, fonts         # 楷体 subtitle


def test_merged_print_pdf_has_a_bookmark_and_own_numbering_per_document(built):
    out, _ = built
    # One name for the batch's print file: the merged .docx and its PDF.
    merged = out / "2025年度部门任务清单（合并打印）.pdf"
    assert (out / "2025年度部门任务清单（合并打印）.docx").is_file()
    assert not list(out.glob("*打印合集*"))
    reader = PdfReader(str(merged))
    # Files are named by department; the merged file keeps the departments' input order.
    from generator.documents.task_list import department_names
    from generator.workspace import read_inputs

    order = department_names(read_inputs(ROOT / "inputs", is_sample=True))
    singles = [out / "部门任务清单" / f"{name}.pdf" for name in order if (out / "部门任务清单" / f"{name}.pdf").is_file()]
    assert len(singles) == len(list((out / "部门任务清单").glob("*.pdf"))) >= 2
    counts = [len(PdfReader(str(p)).pages) for p in singles]
    assert len(reader.pages) == sum(counts)
    # Bookmarks name the departments, in the input's order.
    titles = [o.title for o in reader.outline]
    assert titles == [p.stem for p in singles]
    expected = [Document(str(p.with_suffix(".docx"))).core_properties.title for p in singles]
    starts = [reader.get_destination_page_number(o) for o in reader.outline]
    assert starts == [sum(counts[:i]) for i in range(len(counts))]
    # Each document's pages are labelled from 1, as printed on them.
    assert reader.page_labels[starts[1]] == "1"
    if counts[0] > 1:
        assert reader.page_labels[1] == "2"
    first_page = reader.pages[starts[1]].extract_text()
    assert expected[1][:4] in first_page.replace(" ", "").replace("\n", "")
    report = (out / "2025年度部门任务清单（合并打印）.txt").read_text(encoding="utf-8-sig")
    assert f"{len(singles)} 份文档，共 {sum(counts)} 页" in report
    assert singles[0].stem in report


def _sample_docx(sample_build: Path, folder: Path, names: list[str]) -> list[Path]:
    """Department lists of the shared sample build, copied into folder under names."""
    files = sorted((sample_build / "部门任务清单").glob("*.docx"))[:len(names)]
    out = []
    for f, name in zip(files, names, strict=True):
        target = folder / name
        shutil.copyfile(f, target)
        out.append(target)
    return out


@pytest.fixture
def uno(soffice):
    """Warm workers need a Python with LibreOffice's uno module (python3-uno)."""
    if pdfpool.find_uno_python(soffice) is None:
        if os.environ.get("WUHUA_REQUIRE_LIBREOFFICE"):
            pytest.fail("python3-uno is required here but not installed")
        pytest.skip("python3-uno not installed")


@pytest.mark.skipif(os.name == "nt", reason="kills process groups with POSIX signals")
def test_killed_worker_is_replaced_and_the_batch_completes(tmp_path, uno, sample_build):
    files = _sample_docx(sample_build, tmp_path, ["甲.docx", "乙.docx", "丙.docx"])
    killed = []

    def kill_after_first(conversion, worker):
        if not killed:
            killed.append(worker.office.pid)
            os.killpg(worker.office.pid, signal.SIGKILL)

    with pdfpool.Pool(workers=1, timeout=120) as pool:
        pool.on_converted = kill_after_first
        results = pool.convert([(f, f.with_suffix(".pdf")) for f in files])
        assert pool.workers[0].generation >= 2          # a new office took over
    assert killed
    assert [r.ok for r in results] == [True, True, True], [r.error for r in results]
    assert all(len(PdfReader(str(r.target)).pages) >= 1 for r in results)


@pytest.mark.skipif(os.name == "nt", reason="freezes a process group with SIGSTOP")
def test_hung_worker_times_out_is_killed_and_the_rest_converts(tmp_path, uno, sample_build):
    files = _sample_docx(sample_build, tmp_path, ["一.docx", "二.docx", "三.docx"])
    frozen = []

    def freeze_after_first(conversion, worker):
        if not frozen:
            frozen.append(worker.office.pid)
            os.killpg(worker.office.pid, signal.SIGSTOP)   # as if LibreOffice spun forever

    with pdfpool.Pool(workers=1, timeout=8) as pool:
        pool.on_converted = freeze_after_first
        results = pool.convert([(f, f.with_suffix(".pdf")) for f in files])
    # Issue 11: the hung office is replaced and its document retried once there.
    assert [r.ok for r in results] == [True, True, True]
    assert [r.attempts for r in results] == [1, 2, 1]
    assert len(PdfReader(str(results[1].target)).pages) >= 1
    assert not live_processes_in_group(frozen[0])          # the hung office is gone


def test_pdf_command_names_failed_files_and_exits_non_zero(tmp_path, soffice, sample_build):
    files = _sample_docx(sample_build, tmp_path, ["慢.docx", "也慢.docx"])
    # --no-cache: the same bytes may have been converted earlier in the run, and a
    # cached PDF (rightly) needs no conversion that could time out.
    result = run_cli("pdf", "--no-cache", *map(str, files), env={"WUHUA_PDF_TIMEOUT": "0.001"})
    assert result.returncode == 3
    assert "2 个文档未能转换为 PDF" in result.stderr
    assert "慢.docx" in result.stderr and "也慢.docx" in result.stderr


def test_pdf_command_merges_in_the_given_order(tmp_path, soffice, sample_build):
    files = _sample_docx(sample_build, tmp_path, ["b.docx", "a.docx"])
    out = tmp_path / "pdf"
    result = run_cli("pdf", *map(str, files), "-o", str(out), "--merge", "送印.pdf", "--duplex")
    assert result.returncode == 0, result.stderr
    reader = PdfReader(str(out / "送印.pdf"))
    titles = [o.title for o in reader.outline]
    assert titles == [Document(str(f)).core_properties.title for f in files]
    counts = [len(PdfReader(str(out / (f.stem + ".pdf"))).pages) for f in files]
    assert len(reader.pages) == sum(c + c % 2 for c in counts)     # duplex: each starts on a front page


def test_files_that_are_not_word_or_excel_are_refused_by_name(tmp_path):
    note = tmp_path / "说明.txt"
    note.write_text("x", encoding="utf-8")
    folder = tmp_path / "空"
    folder.mkdir()
    (folder / "~$草稿.docx").write_bytes(b"lock")       # Word's lock file is not a document
    (folder / "图.png").write_bytes(b"png")
    result = run_cli("pdf", str(note))
    assert result.returncode == 2
    assert "说明.txt：只能转换 .docx 和 .xlsx 文件" in result.stderr
    result = run_cli("pdf", str(folder))
    assert result.returncode == 2
    assert "给出的文件夹中没有 .docx 或 .xlsx 文件" in result.stderr
    assert not list(folder.glob("*.pdf"))


def test_missing_libreoffice_is_explained_and_word_files_are_still_written(tmp_path):
    result = run_cli("build", "-o", str(tmp_path), "--year", "2025", "--pdf",
                     env={"WUHUA_SOFFICE": str(tmp_path / "没有这个程序")})
    assert result.returncode == 3
    assert "未找到 LibreOffice" in result.stderr and "apt-get install" in result.stderr
    assert (tmp_path / "2025年度任务清单.docx").is_file()
    assert not list(tmp_path.rglob("*.pdf"))


def test_missing_font_package_is_reported(tmp_path, monkeypatch):
    if not shutil.which("fc-match"):
        pytest.skip("fontconfig tools not installed")
    bare = tmp_path / "fonts.conf"
    bare.write_text('<?xml version="1.0"?><fontconfig><dir>/nonexistent</dir></fontconfig>', encoding="utf-8")
    monkeypatch.setattr(pdfpool, "FONTS_CONF", bare)
    problems = pdfpool.font_problems()
    assert any("缺少仿宋字体" in p and "texlive-lang-chinese" in p for p in problems), problems


def test_shipped_fontconfig_maps_each_official_name_to_its_style():
    if not shutil.which("fc-match"):
        pytest.skip("fontconfig tools not installed")
    assert pdfpool.font_problems() == []


def test_table_of_contents_is_brought_up_to_date_in_the_pdf(tmp_path, uno):
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = Document()
    p = doc.add_paragraph()
    for xml in ('<w:fldChar w:fldCharType="begin" w:dirty="true"/>',
                '<w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText>',
                '<w:fldChar w:fldCharType="separate"/>', '<w:t>目录尚未更新</w:t>',
                '<w:fldChar w:fldCharType="end"/>'):
        p._p.append(parse_xml(f"<w:r {w}>{xml}</w:r>"))
    for name in ("Alpha chapter", "Beta chapter", "Gamma chapter"):
        doc.add_page_break()
        doc.add_heading(name, level=1)
    source = tmp_path / "手册.docx"
    doc.save(source)
    [result] = pdfpool.convert([(source, tmp_path / "手册.pdf")], workers=1)
    assert result.ok, result.error
    toc = PdfReader(str(result.target)).pages[0].extract_text()
    assert "目录尚未更新" not in toc
    lines = [line for line in toc.splitlines() if "chapter" in line]
    assert [line.split(".")[0] for line in lines] == ["Alpha chapter", "Beta chapter", "Gamma chapter"]
    assert [line.rstrip()[-1] for line in lines] == ["2", "3", "4"]


def test_without_uno_each_file_gets_its_own_office_and_still_converts(tmp_path, soffice, monkeypatch, sample_build):
    files = _sample_docx(sample_build, tmp_path, ["冷启动.docx"])
    monkeypatch.setattr(pdfpool, "find_uno_python", lambda _soffice: None)
    with pdfpool.Pool(workers=1, timeout=120) as pool:
        assert not pool.warm
        [result] = pool.convert([(files[0], tmp_path / "冷启动.pdf")])
    assert result.ok, result.error
    assert "FandolFang" in pdf_fonts(result.target)


def test_same_document_gives_the_same_pdf_bytes(tmp_path, uno, sample_build):
    [source] = _sample_docx(sample_build, tmp_path, ["同一.docx"])
    results = pdfpool.convert([(source, tmp_path / "一.pdf"), (source, tmp_path / "二.pdf")], workers=2)
    assert all(r.ok for r in results), [r.error for r in results]
    assert results[0].target.read_bytes() == results[1].target.read_bytes()
    reader = PdfReader(str(results[0].target))
    assert reader.metadata["/CreationDate"].startswith("D:20240101")   # the fixed build instant, not now


@pytest.mark.skipif(os.name == "nt", reason="uses a shell script as a stand-in for LibreOffice")
def test_broken_libreoffice_fails_every_file_fast_and_names_them(tmp_path, sample_build):
    broken = tmp_path / "soffice"
    broken.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    folder = tmp_path / "docs"
    shutil.copytree(sample_build / "部门任务清单", folder)
    result = run_cli("pdf", str(folder), "-o", str(tmp_path / "pdf"), env={"WUHUA_SOFFICE": str(broken)})
    assert result.returncode == 3
    names = sorted(p.name for p in folder.glob("*.docx"))
    assert f"{len(names)} 个文档未能转换为 PDF" in result.stderr
    assert all(name in result.stderr for name in names)
    assert not list(tmp_path.rglob("*.pdf"))


def test_pdf_that_cannot_be_written_is_named_and_the_rest_converts(tmp_path, uno, sample_build):
    files = _sample_docx(sample_build, tmp_path, ["能写.docx", "不能写.docx"])
    out = tmp_path / "pdf"
    (out / "不能写.pdf").mkdir(parents=True)       # a folder where the PDF should go: replace fails
    result = run_cli("pdf", *map(str, files), "-o", str(out))
    assert result.returncode == 3
    assert "1 个文档未能转换为 PDF" in result.stderr and "不能写.docx" in result.stderr
    assert "无法写入 PDF" in result.stderr
    assert len(PdfReader(str(out / "能写.pdf")).pages) >= 1
