"""A workspace: inputs/ (the clerk's data), templates/ (own overrides), output/.

Reading it yields one `Inputs` bundle, validated as a whole: every problem of every
file is collected before anything is reported.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Collector, Problem
from generator.model import Department, Duty, Office, Plan
from generator.readers.files import find_input
from generator.readers.office import read_office
from generator.readers.organization import read_departments, read_duties
from generator.readers.plan import read_plan
from generator.resources import builtin_templates, sample_inputs
# 手册化 (issue 4): criteria, enterprises, handbooks.
from generator.model.criteria import Criteria
from generator.model.enterprise import Enterprise
from generator.model.handbook import Handbook
from generator.readers.criteria import read_criteria
from generator.readers.enterprises import read_enterprises
from generator.readers.handbook import read_handbook

# Input file stems (a .yaml or an .xlsx of that name); Chinese, because clerks open this folder.
OFFICE = "单位"
PLAN = "实施方案"
DEPARTMENTS = "部门"
DUTIES = "职责清单"
CRITERIA_DIR = "判定标准"     # one file per criteria document: 民爆.yaml, 工贸.yaml, …
ENTERPRISES = "企业名单"
HANDBOOK_DIR = "手册"         # one .yaml per handbook


@dataclass
class Inputs:
    folder: Path
    office: Office
    plan: Plan | None = None
    departments: list[Department] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    is_sample: bool = False
    criteria: list[Criteria] = field(default_factory=list)
    enterprises: list[Enterprise] = field(default_factory=list)
    handbooks: list[Handbook] = field(default_factory=list)


@dataclass
class Workspace:
    root: Path

    @property
    def inputs_dir(self) -> Path:
        return self.root / "inputs"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def has_inputs(self) -> bool:
        return self.inputs_dir.is_dir()

    def template(self, name: str) -> Path:
        """The workspace's own templates/NAME overrides the built-in one."""
        own = self.root / "templates" / name
        return own if own.is_file() else builtin_templates() / name


def shown_path(path: Path) -> Path:
    """Paths in messages: relative to where the clerk stands, when that is shorter."""
    try:
        return Path(os.path.relpath(path))
    except ValueError:
        return path


def read_inputs(folder: Path, *, is_sample: bool = False) -> Inputs:
    """Read and validate every input in `folder`; raise InputError listing all problems."""
    collector = Collector()
    base = shown_path(folder) if not is_sample else Path("（内置示例）inputs")

    def find(stem, **kw):
        return find_input(folder, stem, collector, base, **kw)

    office = None
    office_path = find(OFFICE, required=True, what="单位信息")
    if office_path is not None:
        office = read_office(office_path, base / office_path.name, collector)

    departments: list[Department] = []
    dept_path = find(DEPARTMENTS)
    if dept_path is not None:
        departments = read_departments(dept_path, base / dept_path.name, collector)

    plan = None
    plan_path = find(PLAN)
    if plan_path is not None:
        plan = read_plan(plan_path, base / plan_path.name, collector,
                         departments if dept_path is not None else None)

    duties: list[Duty] = []
    duty_path = find(DUTIES)
    if duty_path is not None:
        duties = read_duties(duty_path, base / duty_path.name, collector)

    criteria, enterprises, handbooks = _read_handbook_inputs(folder, base, collector)

    collector.raise_if_any()
    assert office is not None
    return Inputs(folder=folder, office=office, plan=plan, departments=departments, duties=duties,
                  warnings=collector.warnings, is_sample=is_sample,
                  criteria=criteria, enterprises=enterprises, handbooks=handbooks)


def _read_handbook_inputs(folder: Path, base: Path, collector: Collector):
    """判定标准/, 企业名单, 手册/ (issue 4)."""
    from generator.errors import Location, problem
    from generator.readers.files import TABLE_EXTENSIONS

    criteria: list[Criteria] = []
    by_industry: dict = {}
    criteria_dir = folder / CRITERIA_DIR
    stems = sorted({p.stem for p in criteria_dir.glob("*") if p.is_file()}) if criteria_dir.is_dir() else []
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
    handbook_dir = folder / HANDBOOK_DIR
    if handbook_dir.is_dir():
        for path in sorted(handbook_dir.iterdir()):
            if path.is_file() and path.suffix.lower() in TABLE_EXTENSIONS[:2] and not path.name.startswith((".", "~")):
                handbook = read_handbook(path, base / HANDBOOK_DIR / path.name, collector)
                if handbook is not None:
                    handbooks.append(handbook)
    return criteria, enterprises, handbooks


def read_workspace(ws: Workspace) -> Inputs:
    if ws.has_inputs:
        return read_inputs(ws.inputs_dir)
    return read_inputs(sample_inputs(), is_sample=True)
