"""Print-ready PDFs: convert documents with the LibreOffice pool, merge each batch
into one file with a bookmark per document, and report documents and page counts."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.progress_bar import ProgressBar
from generator.writers import pdf as pdfpool
from generator.writers.atomic import write_bytes
from generator.writers.pdfmerge import Part, merge, page_count, report

MERGED_SUFFIX = "（打印合集）"


@dataclass(frozen=True)
class Doc:
    source: Path          # .docx
    target: Path          # .pdf
    title: str = ""
    group: str = ""


@dataclass
class PrintResult:
    converted: list[pdfpool.Conversion] = field(default_factory=list)
    merged: list[tuple[Path, list[Part]]] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    unwritten: list[tuple[Path, str]] = field(default_factory=list)   # merged files that could not be written
    incomplete: list[tuple[Path, list[Doc]]] = field(default_factory=list)  # merged files missing documents

    @property
    def failed(self) -> list[pdfpool.Conversion]:
        return [c for c in self.converted if not c.ok]


def build_docs(inputs, ws, options, target: Path, suffixes: tuple[str, ...]) -> list[Doc]:
    """The documents a build wrote that convert to PDF, each with its batch."""
    from generator.build import destinations, plan_artifacts

    artifacts = plan_artifacts(inputs, ws, options)
    return [Doc(path, path.with_suffix(".pdf"), a.title, a.group)
            for a, path in zip(artifacts, destinations(artifacts, target), strict=True)
            if a.path.lower().endswith(suffixes)]


def docs_title(path: Path) -> str:
    """A document's title for bookmarks: its core title, else the file name."""
    try:
        if path.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook
            title = load_workbook(str(path), read_only=True).properties.title
        else:
            from docx import Document
            title = Document(str(path)).core_properties.title
    except Exception:  # noqa: BLE001 - any unreadable file keeps its name
        title = ""
    return title or path.stem


COLD_WARNING = ("未找到可驱动 LibreOffice 的 Python（python3-uno），改为逐个启动 LibreOffice 转换："
                "较慢，目录不会更新。安装：sudo apt-get install python3-uno")


def convert_docs(docs: list[Doc], *, quiet: bool, workers: int | None = None,
                 timeout: float | None = None, warn=None) -> list[pdfpool.Conversion]:
    jobs = [(d.source, d.target) for d in docs]
    with pdfpool.Pool(workers=workers, timeout=timeout) as pool:
        if not pool.warm and warn:
            warn(COLD_WARNING)
        with ProgressBar(len(jobs), "转换 PDF", quiet=quiet) as bar:
            return pool.convert(jobs, lambda c: bar.advance(failed=not c.ok))


def lacking_lines(missing: list[Doc]) -> str:
    """A merged file's report names every document it should hold but does not."""
    if not missing:
        return ""
    lines = [f"！缺少 {len(missing)} 份文档（未能转换为 PDF，不在合并文件中）："]
    lines += [f"  - {d.title or d.source.stem}（{d.source.name}）" for d in missing]
    return "\n".join(lines) + "\n"


def print_batches(docs: list[Doc], converted: list[pdfpool.Conversion], folder: Path, *,
                  duplex: bool = False, merged_name: str | None = None) -> PrintResult:
    """Merge each group (or everything, when merged_name is given) into one PDF."""
    result = PrintResult(converted=converted)
    ok = {c.source: c for c in converted if c.ok}
    groups: dict[str, list[Doc]] = {}
    lacking: dict[str, list[Doc]] = {}
    for d in docs:
        key = merged_name if merged_name else d.group
        if key and d.source in ok:
            groups.setdefault(key, []).append(d)
        elif key:
            lacking.setdefault(key, []).append(d)
    for name, members in groups.items():
        parts = [Part(d.title or d.source.stem, d.target, ok[d.source].pages or 0) for d in members]
        target = folder / (name if name.lower().endswith(".pdf") else f"{name}{MERGED_SUFFIX}.pdf")
        try:
            counted = merge(parts, target, title=target.stem, duplex=duplex)
        except OSError as exc:
            result.unwritten.append((target, exc.strerror or str(exc)))
            continue
        result.merged.append((target, counted))
        text = report(target.stem, counted, target) + lacking_lines(lacking.get(name, []))
        if lacking.get(name):
            result.incomplete.append((target, lacking[name]))
        result.reports.append(text)
        write_bytes(target.with_suffix(".txt"), text.replace("\n", "\r\n").encode("utf-8-sig"))
    for c in converted:
        if c.ok and not c.pages:
            c.pages = page_count(c.target)
    return result
