"""PDFs are not converted again when the bytes converted, the office, the fonts, the
conversion code and the build instant are those of an earlier conversion
(generator/pdf_cache). A wrong hit would be a silently wrong PDF: every input of the
key is changed once and must convert again."""
import hashlib
import os
import shutil
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook, load_workbook

from generator import artifact_cache, pdf_cache
from generator.writers import pdf as pdfpool
from generator.printing import Doc, make_pdfs
from tests.conftest import SAMPLE_BUILD_EPOCH, pdf_texts, run_cli


def word(path: Path, text: str) -> Path:
    document = docx.Document()
    document.core_properties.title = path.stem
    document.add_paragraph(text)
    document.save(str(path))
    return path


def sheet(path: Path, text: str) -> Path:
    wb = Workbook()
    wb.active.append(["事项", text])
    wb.save(path)
    return path


@pytest.fixture
def cache_env(tmp_path, monkeypatch):
    monkeypatch.setenv("WUHUA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAMPLE_BUILD_EPOCH)
    return tmp_path / "cache" / "pdf"


def convert(sources: list[Path], out: Path, **kw):
    """make_pdfs with one worker: the order of conversions, and so LibreOffice's
    per-process font ids, are the same in every run."""
    docs = [Doc(s, out / f"{s.stem}.pdf") for s in sources]
    result = make_pdfs(docs, out, quiet=True, workers=1, **kw)
    assert not result.failed, [c.error for c in result.failed]
    return {c.source.name: c for c in result.converted}


def test_a_pdf_is_converted_again_exactly_when_a_key_input_changes(tmp_path, soffice, cache_env, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    sources = [word(src / "甲.docx", "第一份文档。"), word(src / "乙.docx", "第二份文档。"),
               sheet(src / "丙.xlsx", "表格")]

    first = convert(sources, tmp_path / "one")
    assert not any(c.cached for c in first.values())
    made = {name: c.target.read_bytes() for name, c in first.items()}

    # Unchanged: nothing converted, the same bytes and page counts.
    again = convert(sources, tmp_path / "two")
    assert all(c.cached for c in again.values())
    assert {name: c.target.read_bytes() for name, c in again.items()} == made
    assert {name: c.pages for name, c in again.items()} == {name: c.pages for name, c in first.items()} == \
        {"甲.docx": 1, "乙.docx": 1, "丙.xlsx": 1}

    # --no-cache converts everything and makes the same bytes the cache gave.
    fresh = convert(sources, tmp_path / "three", cache=False)
    assert not any(c.cached for c in fresh.values())
    assert {name: c.target.read_bytes() for name, c in fresh.items()} == made

    # One document edited: only it is converted, and its PDF says the new text.
    word(src / "乙.docx", "第二份文档，已修改。")
    edited = convert(sources, tmp_path / "four")
    assert {name for name, c in edited.items() if not c.cached} == {"乙.docx"}
    assert "已修改" in pdf_texts(edited["乙.docx"].target)[0]
    assert edited["甲.docx"].target.read_bytes() == made["甲.docx"]

    # Another font set, another LibreOffice, other conversion code: everything again.
    for module, name, value in ((pdf_cache, "font_state", lambda soffice=None: "另一套字体"),
                                (pdf_cache, "office_identity", lambda soffice: "另一个 LibreOffice"),
                                (artifact_cache, "code_version", lambda: "另一版转换选项")):
        with monkeypatch.context() as m:
            m.setattr(module, name, value)
            redone = convert(sources, tmp_path / f"five-{name}")
            assert not any(c.cached for c in redone.values()), name
    # Another build instant is stamped into the PDF: converted again.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert not any(c.cached for c in convert(sources, tmp_path / "six").values())


def test_a_damaged_entry_is_not_used(tmp_path, soffice, cache_env):
    source = word(tmp_path / "甲.docx", "一份文档。")
    made = convert([source], tmp_path / "one")["甲.docx"].target.read_bytes()
    for entry in cache_env.glob("*.pdf"):
        data = bytearray(entry.read_bytes())
        data[-100] ^= 0xFF
        entry.write_bytes(bytes(data))
    again = convert([source], tmp_path / "two")["甲.docx"]
    assert not again.cached
    assert again.target.read_bytes() == made


def test_off_switch_keeps_nothing(tmp_path, soffice, monkeypatch):
    monkeypatch.setenv("WUHUA_CACHE_DIR", "off")
    source = word(tmp_path / "甲.docx", "一份文档。")
    assert not convert([source], tmp_path / "one")["甲.docx"].cached
    assert not convert([source], tmp_path / "two")["甲.docx"].cached


# --- the key's inputs, without LibreOffice ------------------------------------------

def test_the_key_follows_the_bytes_the_converter_and_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WUHUA_CACHE_DIR", str(tmp_path / "cache"))
    soffice = tmp_path / "soffice"
    soffice.write_text("#!/bin/sh\n")
    source = word(tmp_path / "甲.docx", "一份文档。")
    same = tmp_path / "同一份.docx"
    shutil.copyfile(source, same)
    warm = pdf_cache.PdfCache(str(soffice), "uno:/usr/bin/python3")
    key = warm.conversion_key(source)
    assert warm.conversion_key(same) == key, "the name is not converted, the bytes are"
    assert pdf_cache.PdfCache(str(soffice), "soffice --convert-to").conversion_key(source) != key
    monkeypatch.setenv("LANG", "xx_TEST.UTF-8")                  # the office's locale
    assert pdf_cache.PdfCache(str(soffice), "uno:/usr/bin/python3").conversion_key(source) != key
    xlsx = tmp_path / "甲.xlsx"
    shutil.copyfile(source, xlsx)
    assert warm.conversion_key(xlsx) != warm.conversion_key(source), "the suffix chooses the filter"
    word(source, "一份文档，改了一个字。")
    assert warm.conversion_key(source) != key


def test_the_font_state_sees_a_font_added_replaced_or_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    fonts = tmp_path / ".fonts"
    fonts.mkdir()
    before = pdf_cache.font_state()
    (fonts / "仿宋.ttf").write_bytes(b"x" * 10)
    added = pdf_cache.font_state()
    assert added != before
    (fonts / "仿宋.ttf").write_bytes(b"y" * 12)          # a newer version of the same file
    assert pdf_cache.font_state() != added
    (fonts / "仿宋.ttf").unlink()
    assert pdf_cache.font_state() == before


def test_the_office_identity_follows_its_version_file(tmp_path):
    program = tmp_path / "program"
    program.mkdir()
    (program / "soffice").write_text("#!/bin/sh\n")
    (program / "versionrc").write_text("buildid=1\n")
    first = pdf_cache.office_identity(str(program / "soffice"))
    (program / "versionrc").write_text("buildid=2\n")
    pdf_cache.office_identity.cache_clear()
    assert pdf_cache.office_identity(str(program / "soffice")) != first


# --- a clerk's rebuild ----------------------------------------------------------------

def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_progress_edit_converts_only_the_documents_it_changed(tmp_path, workspace, soffice):
    """build --pdf, again unchanged (no LibreOffice started at all), then after one
    progress line is edited: only the documents whose bytes changed are converted, each
    once (the 作战图集 is laid out for its 目录 with last build's numbers, and that
    layout is its PDF), by offices started once for the layout and the PDFs."""
    started = tmp_path / "started.log"
    wrapper = tmp_path / "bin" / "soffice"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho started >> "{started}"\nexec "{soffice}" "$@"\n')
    wrapper.chmod(0o755)
    uno_python = pdfpool.find_uno_python(soffice)
    if uno_python is None:
        pytest.skip("needs python3-uno (warm offices)")
    requests = tmp_path / "requests.log"
    client = tmp_path / "bin" / "python-uno"
    # Every conversion asked of an office is one JSON line on the client's stdin.
    client.write_text(f'#!/bin/sh\nif [ "$1" = "-c" ]; then exec "{uno_python}" "$@"; fi\n'
                      f'tee -a "{requests}" | "{uno_python}" "$@"\n')
    client.chmod(0o755)
    cache = tmp_path / "cache"
    env = {"WUHUA_SOFFICE": str(wrapper), "WUHUA_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": SAMPLE_BUILD_EPOCH,
           "WUHUA_UNO_PYTHON": str(client)}
    out = workspace / "output"

    def build() -> dict[str, str]:
        result = run_cli("-w", str(workspace), "build", "--pdf", "--as-of", "2026-06-30", env=env)
        assert result.returncode == 0, result.stderr
        return {str(p.relative_to(out)): _sha(p) for p in sorted(out.rglob("*")) if p.is_file()}

    first = build()
    starts = started.read_text().count("started")
    entries = set((cache / "pdf").glob("*.pdf"))
    assert len(entries) >= 15

    assert build() == first
    assert started.read_text().count("started") == starts, "an unchanged build --pdf started LibreOffice"
    # Members cut from their set's PDF are kept as their own: proofing them converts nothing.
    members = [out / "判定标准海报", out / "部门任务清单"]
    proofed = run_cli("proof", "--no-sheets", *map(str, members), env=env)
    assert proofed.returncode == 0, proofed.stdout + proofed.stderr
    assert f"共检查 {sum(len(list(m.glob('*.docx'))) for m in members)} 个文件" in proofed.stdout
    assert started.read_text().count("started") == starts, "proof converted members again"

    book = load_workbook(workspace / "inputs" / "进展.xlsx")
    row = book.active.max_row
    book.active.cell(row=row, column=3).value = f"{book.active.cell(row=row, column=3).value}（已复核）"
    book.save(workspace / "inputs" / "进展.xlsx")
    requests.write_text("")
    edited = build()
    assert 0 < started.read_text().count("started") - starts <= (os.cpu_count() or 1), "offices started twice"
    asked = [line for line in requests.read_text().splitlines() if '"src"' in line]
    changed = {name for name in edited if name.endswith((".docx", ".xlsx")) and edited[name] != first.get(name)}
    assert changed, "the progress edit changed no document"
    assert not any("/" in name or "合并打印" in name for name in changed), "a print set changed: count its parts"
    new = set((cache / "pdf").glob("*.pdf")) - entries
    assert len(new) == len(changed), (sorted(changed), len(new))
    assert "作战图集.docx" in changed
    assert len(asked) == len(changed), f"{len(asked)} conversions for {len(changed)} changed documents"
    for name in edited:
        if name.endswith(".pdf") and not name.endswith("（合并打印）.pdf"):
            source = next((name[:-4] + s for s in (".docx", ".xlsx") if name[:-4] + s in edited), None)
            if source is not None and source not in changed:
                assert edited[name] == first[name], f"{name} changed although its document did not"
    shown = [name for name in changed if name.endswith(".docx")
             and any("已复核" in t for t in pdf_texts(out / (name[:-5] + ".pdf")))]
    assert shown, "no converted PDF shows the edited progress"
