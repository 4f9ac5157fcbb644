"""What output/ holds, as the 生成 page shows it: grouped by document kind (the
manifest says which kind made each file), each document with its PDF beside it, and
the sets a clerk downloads together (one kind, or one batch folder such as all
department lists). Only files under output/ are ever named here."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.writers import manifest as mf

# Manifest kinds (the document modules' names) as the clerk calls them, in build order.
KIND_LABELS = {
    "duty_list": "职责清单", "task_list": "任务清单", "task_ledger": "任务台账", "battlemap": "作战图",
    "handbook": "手册", "poster": "判定标准海报", "summary": "半年工作总结", "hazard_notice": "重大事故隐患公示",
    "duty_calendar": "机制化工作日历",
}
OTHER = "other"
OTHER_LABEL = "其他文件"


@dataclass
class OutputFile:
    path: str                  # POSIX, relative to output/
    size: int
    kind: str
    pdf: str | None = None     # the PDF made from this document, when there is one

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower().lstrip(".")

    @property
    def folder(self) -> str:
        return self.path.split("/", 1)[0] if "/" in self.path else ""

    @property
    def previewable(self) -> bool:
        return self.suffix in ("pdf", "docx", "xlsx")


@dataclass
class KindGroup:
    kind: str
    label: str
    files: list[OutputFile] = field(default_factory=list)

    @property
    def folders(self) -> list[str]:
        return sorted({f.folder for f in self.files if f.folder})

    def in_folder(self, folder: str) -> list[OutputFile]:
        return [f for f in self.files if f.folder == folder]

    @property
    def top(self) -> list[OutputFile]:
        return [f for f in self.files if not f.folder]


def visible_files(out: Path) -> list[Path]:
    """Every file the clerk would see in output/: not our hidden ones (manifest, lock,
    half-written .~wuhua- files) nor Word's ~$ owner files."""
    if not out.is_dir():
        return []
    return sorted(p for p in out.rglob("*") if p.is_file() and not any(part.startswith((".", "~$"))
                                                                      for part in p.relative_to(out).parts))


def label_of(kind: str) -> str:
    return KIND_LABELS.get(kind, OTHER_LABEL if kind == OTHER else kind)


def listing(out: Path) -> list[KindGroup]:
    manifest = mf.load(out)
    present = {p.relative_to(out).as_posix(): p for p in visible_files(out)}
    pdf_of: dict[str, str] = {}
    for rel, entry in manifest.files.items():
        if rel in present and rel.lower().endswith(".pdf") and len(entry.sources) == 1 and entry.sources[0] in present:
            pdf_of[entry.sources[0]] = rel
    for rel in present:   # a PDF beside its document (made by `wuhua pdf`, not in the manifest)
        twin = str(Path(rel).with_suffix(".pdf").as_posix())
        if not rel.lower().endswith(".pdf") and twin in present and rel not in pdf_of:
            pdf_of[rel] = twin
    attached = set(pdf_of.values())

    def kind_of(rel: str) -> str:
        entry = manifest.files.get(rel)
        if entry is None:
            return OTHER
        if entry.kind == "pdf" and entry.sources:
            source = manifest.files.get(entry.sources[0])
            return source.kind if source else OTHER
        return entry.kind

    groups: dict[str, KindGroup] = {}
    for rel, path in present.items():
        if rel in attached:
            continue
        kind = kind_of(rel)
        if kind == "pdf":
            kind = OTHER
        group = groups.setdefault(kind, KindGroup(kind, label_of(kind)))
        group.files.append(OutputFile(rel, path.stat().st_size, kind, pdf_of.get(rel)))
    order = list(KIND_LABELS)
    return sorted(groups.values(), key=lambda g: (order.index(g.kind) if g.kind in order else len(order), g.kind))


def members(out: Path, *, kind: str | None = None, folder: str | None = None) -> list[str]:
    """The files of one set (relative paths, each document followed by its PDF);
    empty for a kind or folder output/ does not have."""
    chosen = []
    for group in listing(out):
        if kind is not None and group.kind != kind:
            continue
        for f in group.files:
            if folder is not None and f.folder != folder:
                continue
            chosen.append(f.path)
            if f.pdf:
                chosen.append(f.pdf)
    return chosen
