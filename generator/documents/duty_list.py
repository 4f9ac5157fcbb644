"""安全生产职责清单: the duties grouped by department/post (清单化)."""
from __future__ import annotations

from generator.documents.base import Artifact, Inputs, Options, TemplateSource
from generator.model.values import format_date
from generator.writers.docx import RenderJob

TEMPLATE = "职责清单.docx"
KIND = "安全生产职责清单"

# The data dictionary of the template (`wuhua templates`, README).
VARIABLES = [
    ("title", "标题", "title"),
    ("subtitle", "副标题（单位名称和日期）", "subtitle"),
    ("groups", "按部门/岗位分组的职责（用 {%tr for g in groups %} 逐组输出）", "groups"),
    ("g.post", "部门/岗位", "groups.0.post"),
    ("g.person", "责任人", "groups.0.person"),
    ("g.duties", "本部门/岗位的职责（用 {%tr for d in g.duties %} 逐项输出）", "groups.0.duties"),
    ("d.number", "序号（全表连续编号）", "groups.0.duties.0.number"),
    ("d.duty", "安全生产职责", "groups.0.duties.0.duty"),
    ("d.requirement", "履职要求/频次", "groups.0.duties.0.requirement"),
    ("d.basis", "依据", "groups.0.duties.0.basis"),
    ("note", "部门数、职责数说明，排在表格上方", "note"),
]


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
        "note": f"本清单共列{len(groups)}个部门（岗位）的{number}项职责。",
    }


def artifacts(inputs: Inputs, ws: TemplateSource, options: Options) -> list[Artifact]:
    if not inputs.duties:
        return []
    template = ws.template(TEMPLATE)
    return [Artifact("安全生产职责清单.docx",
                     RenderJob(template, context(inputs, options), inputs.office.fonts, "安全生产职责清单"),
                     title="安全生产职责清单")]
