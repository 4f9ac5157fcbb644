"""Which input files a workspace holds, and the formats we refuse with a reason."""
from __future__ import annotations

from pathlib import Path

from generator.errors import Collector, Location, problem

TABLE_EXTENSIONS = (".yaml", ".yml", ".xlsx")

_REFUSED = {
    ".xls": "这是旧版 Excel 97-2003 文件（.xls），请在 Excel/WPS 中“另存为”Excel 工作簿（*.xlsx）",
    ".et": "这是 WPS 表格专用格式（.et），请在 WPS 中“另存为”Excel 工作簿（*.xlsx）",
    ".ett": "这是 WPS 表格模板（.ett），请在 WPS 中“另存为”Excel 工作簿（*.xlsx）",
    ".csv": "不支持 CSV 文件（其编码和日期格式因软件而异，容易读错），请在 Excel/WPS 中另存为 .xlsx",
    ".xlsm": "含宏的工作簿（.xlsm）不予读取，请另存为不含宏的 .xlsx",
    ".json": "不支持 JSON，请改用 .yaml 或 .xlsx",
    ".txt": "不支持 .txt，请改用 .yaml 或 .xlsx",
    ".docx": "这里需要 .yaml 或 .xlsx 数据文件，而不是 Word 文档",
}


def is_office_temporary(path: Path) -> bool:
    """Word/Excel/WPS lock files (~$name.docx), LibreOffice's (.~lock.name#) and our
    own half-written files (.~wuhua-*): never inputs, never documents to convert."""
    return path.name.startswith(("~$", ".~"))


def office_lock_of(path: Path) -> Path | None:
    """The lock file Word/WPS/Excel keeps beside a document it has open: “~$” plus the
    name (WPS, short names) or plus the name less its first one or two characters
    (Word, longer names). None when there is none (or the folder cannot be read)."""
    try:
        siblings = [p for p in path.parent.iterdir() if p.name.startswith("~$")]
    except OSError:
        return None
    name = path.name.casefold()
    for lock in sorted(siblings):
        rest = lock.name[2:].casefold()
        if rest and name.endswith(rest) and len(rest) >= len(name) - 2:
            return lock
    return None


def unique_paths(files: list[Path]) -> list[Path]:
    """Each file once (the same file named twice, or through a folder and by name), in order."""
    seen, out = set(), []
    for f in files:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            out.append(f)
    return out


def visible_files(folder: Path) -> list[Path]:
    """Files a clerk put in a folder: not lock files, not hidden ones."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not is_office_temporary(p) and not p.name.startswith("."))


def find_input(folder: Path, stem: str, collector: Collector, shown_base: Path,
               *, required: bool = False, what: str = "") -> Path | None:
    """inputs/STEM.yaml or inputs/STEM.xlsx; other extensions of that name are refused."""
    candidates = sorted(p for p in folder.glob(f"{stem}.*") if p.is_file() and not is_office_temporary(p))
    usable = [p for p in candidates if p.suffix.lower() in TABLE_EXTENSIONS]
    for p in candidates:
        reason = _REFUSED.get(p.suffix.lower())
        if reason and not usable:
            collector.add(problem(Location(shown_base / p.name), reason))
    if len(usable) > 1:
        collector.add(problem(Location(shown_base / usable[0].name),
                              f"同一份数据有多个文件（{'、'.join(p.name for p in usable)}），"
                              "请只保留一个，以免不知道用的是哪一个"))
        return None
    if usable:
        return usable[0]
    if required and not any(_REFUSED.get(p.suffix.lower()) for p in candidates):
        collector.add(problem(Location(shown_base / f"{stem}.yaml"),
                              f"缺少{what or stem}文件：请提供 {stem}.yaml 或 {stem}.xlsx"))
    return None
