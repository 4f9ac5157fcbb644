"""Proof a set of files: convert what is not PDF yet, measure, check, draw the sheets."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.proof import checks, official
from generator.proof.checks import Finding, Limits
from generator.proof.measure import read_pdf

SOURCES = (".docx", ".xlsx")
PROOFABLE = SOURCES + (".pdf",)
SHEET_FOLDER = "校样"


@dataclass
class Report:
    file: Path
    pages: int = 0
    official: bool = False
    findings: list[Finding] = field(default_factory=list)
    error: str = ""
    sheet: Path | None = None


def worth_proofing(folder: Path, found: list[Path]) -> list[Path]:
    """Of the files found in a folder: not a PDF that sits beside its own .docx/.xlsx
    (the source is proofed, freshly converted), nothing in the contact sheets' folder."""
    found = [f for f in found if SHEET_FOLDER not in f.relative_to(folder).parts]
    stems = {f.with_suffix("") for f in found if f.suffix.lower() in SOURCES}
    return [f for f in found if not (f.suffix.lower() == ".pdf" and f.with_suffix("") in stems)]


def proof(files: list[Path], sheets: Path | None, limits: Limits | None = None, *, workers=None, timeout=None,
          warn=None, quiet: bool = True, cache: bool = True) -> list[Report]:
    """`cache`: documents whose exact bytes were converted before (build --pdf, an
    earlier proof) are measured on that PDF instead of converting again (pdf_cache)."""
    from generator.printing import convert_docs, Doc

    limits = limits or Limits()
    reports = [Report(f) for f in files]
    with tempfile.TemporaryDirectory(prefix="wuhua-proof-") as tmp:
        pdfs: dict[Path, Path] = {}
        todo = [r.file for r in reports if r.file.suffix.lower() in SOURCES]
        if todo:
            docs = [Doc(f, Path(tmp) / f"{i:04d}.pdf", "", "") for i, f in enumerate(todo)]
            for doc, conv in zip(docs, convert_docs(docs, quiet=quiet, workers=workers, timeout=timeout, warn=warn,
                                                          cache=cache)):
                if conv.ok:
                    pdfs[doc.source] = doc.target
                else:
                    next(r for r in reports if r.file == doc.source).error = conv.error or "无法转换为 PDF"
        for r in reports:
            if r.error:
                continue
            pdf = r.file if r.file.suffix.lower() == ".pdf" else pdfs[r.file]
            _check(r, pdf, limits)
            if sheets is not None and r.pages:
                _sheet(r, pdf, sheets)
    return reports


def _check(report: Report, pdf: Path, limits: Limits) -> None:
    from generator.proof import source_text

    try:
        pages = read_pdf(pdf)
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        report.error = f"无法读取 PDF（{type(exc).__name__}），文件可能已损坏"
        return
    suffix = report.file.suffix.lower()
    report.pages = len(pages)
    found = checks.general(pages, limits, spreadsheet=suffix == ".xlsx", from_pdf=suffix == ".pdf")
    if suffix == ".xlsx":
        found += source_text.clipped_cells(report.file, pages)
    elif official.is_official(pages):
        report.official = True
        found += official.check(pages)
    report.findings = sorted(found, key=lambda f: (f.page or 0))


def sheet_name(file: Path) -> str:
    return f"{file.stem}（{file.suffix.lower().lstrip('.')}）.png"


def _sheet(report: Report, pdf: Path, folder: Path) -> None:
    from generator.proof.contact_sheet import sheet, thumbnails

    marked = {f.page for f in report.findings if f.page}
    report.sheet = sheet(f"{report.file.name}：{report.pages} 页", thumbnails(pdf), marked,
                         folder / sheet_name(report.file))
