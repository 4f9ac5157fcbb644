"""隐患台账 (.xlsx or .yaml): one row per hazard, checked against the workflow
排查 → 整改 → 验收 → 销号 as well as field by field."""
from __future__ import annotations

import difflib
from pathlib import Path

from generator.errors import Collector, problem
from generator.model.hazard import (LEVEL_ALLOWED, SOURCE_ALLOWED, STATUS_ALLOWED, STEP, Hazard,
                                    HazardStatus)
from generator.model.values import DATE_FORMS, format_date, normalize_text
from generator.readers.records import Column, Record, UniqueKeys, read_table, to_model

DATE_ALLOWED = f"可用的写法：{DATE_FORMS}"

COLUMNS = [
    Column("number", "隐患编号", ("编号", "序号"), required=True),
    Column("enterprise", "企业", ("企业名称", "单位", "单位名称", "生产经营单位"), required=True),
    Column("industry", "行业", ("所属行业", "行业领域"), required=True),
    Column("place", "部位", ("隐患部位", "场所", "位置")),
    Column("description", "隐患描述", ("隐患内容", "隐患情况", "存在问题"), required=True),
    Column("level", "等级", ("隐患等级", "级别"), required=True, allowed=LEVEL_ALLOWED),
    Column("source", "来源", ("隐患来源", "发现方式"), required=True, allowed=SOURCE_ALLOWED),
    Column("found", "发现日期", ("排查日期", "发现时间", "检查日期"), required=True, allowed=DATE_ALLOWED),
    Column("measures", "整改措施", ("治理措施",)),
    Column("funds", "整改资金", ("整改资金(万元)", "资金", "治理资金")),
    Column("unit", "责任单位", ("整改责任单位",)),
    Column("person", "责任人", ("整改责任人",)),
    Column("deadline", "整改时限", ("整改期限", "完成时限"), allowed=DATE_ALLOWED),
    Column("interim", "临时管控措施", ("管控措施", "临时措施", "应急措施")),
    Column("status", "状态", ("整改状态", "完成情况", "治理状态"), required=True, allowed=STATUS_ALLOWED),
    Column("acceptor", "验收人",),
    Column("accepted", "验收日期", ("验收时间",), allowed=DATE_ALLOWED),
    Column("closed", "销号日期", ("销号时间",), allowed=DATE_ALLOWED),
]

LABEL = {c.key: c.label for c in COLUMNS}


def read_hazards(path: Path, shown: Path, collector: Collector,
                 enterprises: list[str] | None = None) -> list[Hazard]:
    """`enterprises`: the names in 企业名单 (None when there is none, or it has problems of
    its own); a hazard's 企业 is then checked against it."""
    records = read_table(path, shown, COLUMNS, collector, what="隐患台账", yaml_key="隐患", sheet="隐患台账")
    hazards: list[Hazard] = []
    numbers = UniqueKeys(collector, LABEL["number"], "隐患编号")
    for record in records:
        hazard = to_model(Hazard, record, COLUMNS, collector)
        if hazard is None:
            continue
        numbers.add(hazard.number, record.loc("number"))
        for p in workflow_problems(hazard, record):
            collector.add(p)
        if enterprises is not None:
            unlisted_enterprise(hazard, record, enterprises, collector)
        hazards.append(hazard)
    return hazards


def workflow_problems(h: Hazard, record: Record):
    """The rules of the close-out workflow, each reported at the cell that breaks it."""
    def at(key, message, value=None):
        if value is None:
            return problem(record.loc(key), message, LABEL[key])
        return problem(record.loc(key), message, LABEL[key], value)

    step = STEP[h.status]
    if h.major and h.deadline is None:
        yield at("deadline", "重大事故隐患必须确定整改时限（“五定”：措施、资金、时限、责任人、预案）")
    if h.major and not h.person:
        yield at("person", "重大事故隐患必须明确整改责任人")
    if step >= STEP[HazardStatus.ACCEPTED]:
        if not h.acceptor:
            yield at("acceptor", f"状态为“{h.status.value}”，但没有验收人"
                     + ("：未经验收不能销号" if h.status == HazardStatus.CLOSED else ""))
        if h.accepted is None:
            yield at("accepted", f"状态为“{h.status.value}”，但没有验收日期")
    if h.status == HazardStatus.CLOSED and h.closed is None:
        yield at("closed", "状态为“已销号”，但没有销号日期")
    if h.closed is not None and h.status != HazardStatus.CLOSED:
        yield at("status", f"已填写销号日期（{format_date(h.closed)}），状态应为“已销号”", h.status.value)
    elif h.accepted is not None and step < STEP[HazardStatus.ACCEPTED]:
        yield at("status", f"已填写验收日期（{format_date(h.accepted)}），状态应为“已验收”或“已销号”",
                 h.status.value)
    if h.accepted is not None and h.accepted < h.found:
        yield at("accepted", f"验收日期早于发现日期（{format_date(h.found)}）", format_date(h.accepted))
    if h.closed is not None:
        if h.closed < h.found:
            yield at("closed", f"销号日期早于发现日期（{format_date(h.found)}）", format_date(h.closed))
        elif h.accepted is not None and h.closed < h.accepted:
            yield at("closed", f"销号日期早于验收日期（{format_date(h.accepted)}）：应先验收、后销号",
                     format_date(h.closed))
    if h.deadline is not None and h.deadline < h.found:
        yield at("deadline", f"整改时限早于发现日期（{format_date(h.found)}）", format_date(h.deadline))


def unlisted_enterprise(h: Hazard, record: Record, enterprises: list[str], collector: Collector) -> None:
    """A hazard of an enterprise 企业名单 does not list. Still open, it would get a public
    notice and a 督办台账 row under a name the office does not know (a misspelling, or an
    enterprise removed from the list): refused. Closed out, it is history the clerk keeps
    (the enterprise may have closed down): warned, so a misspelling is still seen."""
    if normalize_text(h.enterprise) in {normalize_text(e) for e in enterprises}:
        return
    close = difflib.get_close_matches(h.enterprise, enterprises, 3, 0.7)
    hint = f"企业名单中最接近的名称：{'、'.join(close)}" if close else "企业名单中没有相近的名称"
    if h.is_open:
        collector.add(problem(record.loc("enterprise"),
                              f"“{h.enterprise}”不在企业名单中（{hint}）；隐患尚未销号，会生成这家企业的公示和督办台账行。"
                              "请改成企业名单中的名称，或把这家企业加入企业名单", LABEL["enterprise"], h.enterprise))
    else:
        collector.warn(problem(record.loc("enterprise"),
                               f"“{h.enterprise}”不在企业名单中（{hint}）；隐患已销号，只计入统计。"
                               "如是名称写法不同，请改成企业名单中的名称", LABEL["enterprise"], h.enterprise))
