"""The inputs of 手册化 in a workspace: criteria (判定标准/), the enterprise list
(企业名单) and handbooks (手册/), read into the workspace's one Collector."""
from __future__ import annotations

from pathlib import Path

from generator.errors import Collector, Location, problem
from generator.model.criteria import Criteria
from generator.model.enterprise import Enterprise
from generator.model.handbook import Handbook
from generator.readers.criteria import read_criteria
from generator.readers.enterprises import read_enterprises
from generator.readers.files import TABLE_EXTENSIONS, find_input, visible_files
from generator.readers.handbook import read_handbook

CRITERIA_DIR = "判定标准"     # one file per criteria document: 民爆.yaml, 工贸.yaml, …
ENTERPRISES = "企业名单"
HANDBOOK_DIR = "手册"         # one .yaml per handbook

__all__ = ["read_handbook_inputs"]


def read_handbook_inputs(folder: Path, base: Path, collector: Collector):
    """判定标准/, 企业名单, 手册/ of a workspace's inputs folder."""
    criteria: list[Criteria] = []
    by_industry: dict = {}
    criteria_dir = folder / CRITERIA_DIR
    files = visible_files(criteria_dir)
    stems = sorted({p.stem for p in files if p.suffix.lower() in TABLE_EXTENSIONS})
    for other in files:
        if other.suffix.lower() not in TABLE_EXTENSIONS:
            hint = "；Word 文件请用 wuhua import-criteria 导入" if other.suffix.lower() == ".docx" else ""
            collector.warn(problem(Location(base / CRITERIA_DIR / other.name),
                                   f"不是 .yaml 或 .xlsx，未读取{hint}"))
    for stem in stems:
        path = find_input(criteria_dir, stem, collector, base / CRITERIA_DIR)
        if path is None:
            continue
        item = read_criteria(path, base / CRITERIA_DIR / path.name, collector)
        if item is None:
            continue
        if item.industry in by_industry:
            collector.add(problem(Location(base / CRITERIA_DIR / path.name),
                                  f"适用行业“{item.industry.value}”已有判定标准 {by_industry[item.industry]}，"
                                  "每个行业只能有一份，请删除或改名（如移出 判定标准 文件夹）其中一份"))
            continue
        by_industry[item.industry] = item.source
        criteria.append(item)

    enterprises: list[Enterprise] = []
    enterprise_path = find_input(folder, ENTERPRISES, collector, base)
    if enterprise_path is not None:
        enterprises = read_enterprises(enterprise_path, base / enterprise_path.name, collector,
                                       criteria_for={c.industry for c in criteria} if criteria else None)

    handbooks: list[Handbook] = []
    for path in visible_files(folder / HANDBOOK_DIR):
        if path.suffix.lower() in (".yaml", ".yml"):
            handbook = read_handbook(path, base / HANDBOOK_DIR / path.name, collector)
            if handbook is not None:
                handbooks.append(handbook)
    return criteria, enterprises, handbooks
