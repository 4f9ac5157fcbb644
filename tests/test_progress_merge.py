"""Progress bar and print-file merging, without LibreOffice."""
import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from generator.progress_bar import ProgressBar
from generator.writers.pdfmerge import Part, merge, report


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_shows_counts_and_time_left_on_a_terminal():
    term = Terminal()
    with ProgressBar(10, "转换 PDF", stream=term) as bar:
        for i in range(3):
            bar.advance(failed=(i == 1))
        shown = bar.line()
    assert "3/10" in shown and "剩余约" in shown and "失败 1" in shown
    assert "3/10" in term.getvalue()
    assert term.getvalue().endswith("\r")          # the bar is cleared at the end


def test_progress_is_silent_when_quiet_or_not_a_terminal():
    for stream, quiet in ((Terminal(), True), (io.StringIO(), False)):
        with ProgressBar(5, "转换 PDF", stream=stream, quiet=quiet) as bar:
            bar.advance(5)
        assert stream.getvalue() == ""


def _pdf(path: Path, pages: int) -> Path:
    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(width=595, height=842)
    with open(path, "wb") as f:
        w.write(f)
    return path


def test_merge_keeps_order_bookmarks_and_per_document_numbering(tmp_path):
    parts = [Part("办公室任务清单", _pdf(tmp_path / "a.pdf", 3)),
             Part("安全生产科任务清单 & <附>", _pdf(tmp_path / "b.pdf", 2))]
    target = tmp_path / "合集.pdf"
    counted = merge(parts, target, title="合集")
    reader = PdfReader(str(target))
    assert len(reader.pages) == 5
    assert [(o.title, reader.get_destination_page_number(o)) for o in reader.outline] == \
        [("办公室任务清单", 0), ("安全生产科任务清单 & <附>", 3)]
    assert reader.page_labels == ["1", "2", "3", "1", "2"]
    assert [p.pages for p in counted] == [3, 2]
    text = report("合集", counted, target)
    assert "2 份文档，共 5 页" in text and "3 页" in text


def test_duplex_merge_starts_every_document_on_a_front_page(tmp_path):
    parts = [Part("甲", _pdf(tmp_path / "a.pdf", 1)), Part("乙", _pdf(tmp_path / "b.pdf", 3)),
             Part("丙", _pdf(tmp_path / "c.pdf", 2))]
    target = tmp_path / "双面.pdf"
    merge(parts, target, duplex=True)
    reader = PdfReader(str(target))
    assert len(reader.pages) == 2 + 4 + 2
    assert [reader.get_destination_page_number(o) for o in reader.outline] == [0, 2, 6]
