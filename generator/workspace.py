"""A workspace: inputs/ (the clerk's data), templates/ (own overrides), output/.

Reading it yields one `Inputs` bundle, validated as a whole: every problem of every
file is collected before anything is reported.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from generator.resources import builtin_templates, sample_inputs

if TYPE_CHECKING:
    from generator.model.inputs import Inputs

# Input file stems (a .yaml or an .xlsx of that name); Chinese, because clerks open this folder.
OFFICE = "单位"
PLAN = "实施方案"
DEPARTMENTS = "部门"
DUTIES = "职责清单"
PROGRESS = "进展"
HAZARDS = "隐患台账"   # 总结/ (folder of the clerk's half-year texts) is read by readers/summary.py


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

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def template(self, name: str) -> Path:
        """The workspace's own templates/NAME overrides the built-in one."""
        own = self.templates_dir / name
        return own if own.is_file() else builtin_templates() / name

    def wording(self, spec):
        """The wording of a computed document: the workspace's templates/文字/<kind>.yaml
        (checked; InputError with every problem), else the built-in one."""
        from generator.errors import Collector
        from generator.readers.wording import read_wording

        own = self.templates_dir / spec.file
        if not own.is_file():
            return spec.builtin()
        collector = Collector()
        found = read_wording(own, shown_path(own), spec, collector)
        collector.raise_if_any()
        return found

    def is_own(self, template: Path) -> bool:
        """A template the clerk may have edited (checked before use), not a built-in one."""
        return Path(template).parent.resolve() == self.templates_dir.resolve()


def shown_path(path: Path) -> Path:
    """Paths in messages: relative to where the clerk stands, when that is shorter."""
    try:
        relative = Path(os.path.relpath(path))
    except ValueError:
        return path
    return path if relative.parts[:1] == ("..",) else relative


def read_inputs(folder: Path, *, is_sample: bool = False, cache: bool = True) -> Inputs:
    """Read and validate every input in `folder`; raise InputError listing all problems.
    With `cache`, the result of an earlier read of exactly the same files (inputs_cache)."""
    from generator.inputs_cache import cached_inputs

    return cached_inputs(folder, is_sample, lambda: _read_inputs(folder, is_sample=is_sample), use=cache)


def _read_inputs(folder: Path, *, is_sample: bool = False) -> Inputs:
    # Readers and the model (pydantic) load here, not at import: `wuhua --help` and
    # commands that never read inputs start without them.
    from generator.errors import Collector, Location, problem
    from generator.model import Department, Duty
    from generator.model.hazard import Hazard
    from generator.model.inputs import Inputs
    from generator.readers.files import find_input
    from generator.readers.handbook_inputs import ENTERPRISES, read_handbook_inputs  # 手册化
    from generator.readers.hazard import read_hazards
    from generator.readers.office import read_office
    from generator.readers.organization import read_departments, read_duties
    from generator.readers.plan import read_plan
    from generator.readers.progress import read_progress
    from generator.readers.issuing import STEM as ISSUING, read_issuing
    from generator.readers.summary import read_summaries

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
    before = len(collector.problems)
    if plan_path is not None:
        plan = read_plan(plan_path, base / plan_path.name, collector,
                         departments if dept_path is not None else None)
    # Other files are checked against the plan only when the plan itself is clean,
    # so one mistake in it is reported once, not again for every reference to it.
    plan_for_checks = plan if len(collector.problems) == before else None

    duties: list[Duty] = []
    duty_path = find(DUTIES)
    if duty_path is not None:
        duties = read_duties(duty_path, base / duty_path.name, collector)

    progress = None
    progress_path = find(PROGRESS)
    if progress_path is not None:
        progress = read_progress(progress_path, base / progress_path.name, collector, plan_for_checks,
                                 departments or None)

    # 企业名单 before the hazard ledger, whose 企业 it checks (only when the list is clean,
    # so one mistake in it is not reported again for every hazard).
    before = len(collector.problems)
    criteria, enterprises, handbooks = read_handbook_inputs(folder, base, collector)
    listed = ([e.name for e in enterprises] if find_input(folder, ENTERPRISES, Collector(), base) is not None
              and len(collector.problems) == before else None)

    hazards: list[Hazard] = []
    hazard_path = find(HAZARDS)
    if hazard_path is not None:
        hazards = read_hazards(hazard_path, base / hazard_path.name, collector, listed)
    summaries = read_summaries(folder, base, collector, letterhead=find(ISSUING) is not None)
    issuing = None
    issuing_path = find(ISSUING)
    if issuing_path is not None:
        issuing = read_issuing(issuing_path, base / issuing_path.name, collector)

    if office is None and not collector.problems and office_path is not None:
        collector.add(problem(Location(base / office_path.name),
                              "单位信息为空：至少要写“单位名称: 某市工业和信息化局”", "单位名称"))
    collector.raise_if_any()
    return Inputs(folder=folder, office=office, plan=plan, departments=departments, duties=duties,
                  progress=progress, hazards=hazards, has_hazard_ledger=hazard_path is not None,
                  summaries=summaries, warnings=collector.warnings, is_sample=is_sample,
                  criteria=criteria, enterprises=enterprises, handbooks=handbooks,
                  issuing=issuing)


def read_workspace(ws: Workspace, *, cache: bool = True) -> Inputs:
    if ws.has_inputs:
        return read_inputs(ws.inputs_dir, cache=cache)
    return read_inputs(sample_inputs(), is_sample=True, cache=cache)
