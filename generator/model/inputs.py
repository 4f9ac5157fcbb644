"""The whole validated bundle of one workspace's inputs: what every document kind
is made from. Readers fill it (generator.workspace.read_inputs); nothing here reads."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem
from generator.model.criteria import Criteria
from generator.model.enterprise import Enterprise
from generator.model.handbook import Handbook
from generator.model.hazard import Hazard
from generator.model.issuing import Issuing
from generator.model.office import Office
from generator.model.organization import Department, Duty
from generator.model.plan import Plan
from generator.model.progress import Progress
from generator.model.summary import SummaryText


@dataclass
class Inputs:
    folder: Path
    office: Office
    plan: Plan | None = None
    departments: list[Department] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    progress: Progress | None = None
    hazards: list[Hazard] = field(default_factory=list)
    has_hazard_ledger: bool = False
    summaries: dict[str, SummaryText] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    is_sample: bool = False
    criteria: list[Criteria] = field(default_factory=list)
    enterprises: list[Enterprise] = field(default_factory=list)
    handbooks: list[Handbook] = field(default_factory=list)
    issuing: Issuing | None = None      # 发文.yaml: 版头, 版记, 印发通知
