"""安全生产职责清单: the duties grouped by department/post (清单化)."""
from __future__ import annotations

from generator.documents.base import Artifact, Inputs, Options, TemplateSource
from generator.model.values import format_date
from generator.writers.docx import render_template

TEMPLATE = "职责清单.docx"


def context(inputs: Inputs, options: Options) -> dict:
    groups: dict[str, dict] = {}
    number = 0
    for duty in inputs.duties:
        group = groups.setdefault(duty.post, {"post": duty.post, "person": duty.person, "duties": []})
        if duty.person and not group["person"]:
            group["person"] = duty.person
        number += 1
        group["duties"].append({"number": number, "duty": duty.duty, "requirement": duty.requirement,
                                "basis": duty.basis})
    office = inputs.office
    date = office.date or options.as_of
    return {
        "title": "安全生产职责清单",
        "subtitle": f"{office.name}　　{format_date(date)}",
        "groups": list(groups.values()),
        "note": f"共{len(groups)}个部门（岗位）、{number}项职责。",
    }


def artifacts(inputs: Inputs, ws: TemplateSource, options: Options) -> list[Artifact]:
    if not inputs.duties:
        return []
    template = ws.template(TEMPLATE)
    return [Artifact("安全生产职责清单.docx",
                     lambda: render_template(template, context(inputs, options), inputs.office.fonts,
                                             title="安全生产职责清单"),
                     title="安全生产职责清单")]
