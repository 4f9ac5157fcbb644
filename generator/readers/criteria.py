"""判定标准/*.yaml|*.xlsx: one major-hazard criteria document per file.

YAML: header fields, then either 条目 (a flat list) or 分组 (groups, each with its
条目). Excel: a sheet 基本信息 (字段 | 值) and a sheet 条目 (分组 | 分组导语 | 序号 |
内容 | 注 | 释义), optionally a sheet 自查 (分组 | 序号 | 检查内容 | 检查方法 | 判定 |
整改要求).
"""
from __future__ import annotations

from pathlib import Path

from generator.errors import Collector, Location, problem
from generator.model.criteria import CheckRow, Criteria, CriteriaGroup, CriteriaItem
from generator.model.values import cn_number
from generator.readers import excel_source
from generator.readers.records import (Column, Record, key_value_record, records_from_sheet,
                                       records_from_yaml_items, to_model)
from generator.readers.office import _single
from generator.readers.yaml_source import load_mapping

HEADER_COLUMNS = [
    Column("title", "标题", ("名称", "标准名称"), required=True),
    Column("doc_number", "文号", ("发文字号", "文件编号")),
    Column("issuer", "发布机关", ("发布单位", "发文机关")),
    Column("date", "发布日期", ("日期", "印发日期")),
    Column("lead_in", "导语", ("引言",)),
    Column("industry", "适用行业", ("行业",), required=True, allowed="民爆 或 工贸"),
    Column("verified", "已核对", ("已核实", "核对"), allowed="是/否；与正式文件逐字核对无误后填“是”"),
    Column("remark", "说明", ("备注",)),
]

GROUP_COLUMNS = [
    Column("title", "标题", ("分组", "条")),
    Column("lead_in", "导语", ("分组导语",)),
    Column("sectors", "适用", ("适用行业", "分组适用"), allowed="留空表示全部企业"),
]

ITEM_COLUMNS = [
    Column("group", "分组", ("条",)),
    Column("group_lead_in", "分组导语"),
    Column("group_sectors", "分组适用"),
    Column("label", "序号", ("编号",)),
    Column("text", "内容", ("情形", "条目内容"), required=True),
    Column("notes", "注", ("注释", "备注")),
    Column("explanation", "释义", ("解读", "说明")),
]

CHECK_COLUMNS = [
    Column("group", "分组", ("条",)),
    Column("label", "序号", ("编号", "条目序号")),
    Column("content", "检查内容", ("检查项目",), required=True),
    Column("method", "检查方法", ("方法",)),
    Column("judgement", "判定", ("判定标准", "判定依据")),
    Column("requirement", "整改要求", ("整改措施",)),
]


def read_criteria(path: Path, shown: Path, collector: Collector) -> Criteria | None:
    if path.suffix.lower() == ".xlsx":
        return _from_workbook(path, shown, collector)
    return _from_yaml(path, shown, collector)


# --- YAML --------------------------------------------------------------------

def _from_yaml(path: Path, shown: Path, collector: Collector) -> Criteria | None:
    data = load_mapping(path, shown, collector, what="判定标准", example="标题: 民用爆炸物品行业重大事故隐患判定标准")
    if data is None:
        return None
    header = _single(data, shown, HEADER_COLUMNS, collector, what="判定标准", passthrough=("条目", "分组"))
    if header is None:
        return None
    groups: list[CriteriaGroup] = []
    if "分组" in header.extra:
        for record in records_from_yaml_items(header.extra["分组"], shown, GROUP_COLUMNS, collector,
                                              what="分组", passthrough=("条目",)):
            items = _yaml_items(record.extra.get("条目"), shown, record.origin, collector)
            group = to_model(CriteriaGroup, record, GROUP_COLUMNS, collector, items=items)
            if group is not None:
                groups.append(group)
    if "条目" in header.extra:
        items = _yaml_items(header.extra["条目"], shown, header.origin, collector)
        groups.insert(0, CriteriaGroup(items=items))
    return _criteria(header, groups, shown, collector)


def _yaml_items(raw, shown: Path, origin: Location, collector: Collector) -> tuple[CriteriaItem, ...]:
    if raw is None:
        collector.add(problem(origin, "缺少“条目”：每条判定情形写成“- 序号: 一”“  内容: …”"))
        return ()
    items = []
    records = records_from_yaml_items(raw, shown, ITEM_COLUMNS, collector, what="条目", passthrough=("自查",))
    for number, record in enumerate(records, start=1):
        checks = []
        if "自查" in record.extra:
            for check in records_from_yaml_items(record.extra["自查"], shown, CHECK_COLUMNS, collector,
                                                 what="自查"):
                row = to_model(CheckRow, check, CHECK_COLUMNS, collector, drop=("group", "label"))
                if row is not None:
                    checks.append(row)
        item = _item(record, number, checks, collector)
        if item is not None:
            items.append(item)
    return tuple(items)


def _item(record: Record, number: int, checks, collector: Collector) -> CriteriaItem | None:
    notes = record.values.get("notes")
    if isinstance(notes, str):
        notes = [line for line in notes.split("\n") if line.strip()]
    notes = tuple(_strip_note_prefix(str(n)) for n in (notes or []) if n is not None)
    label = record.values.get("label")
    label = str(label).strip().rstrip("、.．") if label is not None else cn_number(number)
    return to_model(CriteriaItem, record, ITEM_COLUMNS, collector, drop=("group", "group_lead_in", "group_sectors"),
                    label=label, notes=notes, checks=tuple(checks))


def _strip_note_prefix(text: str) -> str:
    """"注1：…" and "…" are the same note: the number is given by its place."""
    import re

    return re.sub(r"^\s*注\s*[0-9０-９]*\s*[：:]\s*", "", text).strip()


def _criteria(header: Record, groups: list[CriteriaGroup], shown: Path, collector: Collector) -> Criteria | None:
    if not any(g.items for g in groups):
        collector.add(problem(header.origin, "没有任何条目：请在“条目”（或“分组”下的“条目”）中列出判定情形"))
        return None
    return to_model(Criteria, header, HEADER_COLUMNS, collector, groups=tuple(groups), source=str(shown))


# --- Excel -------------------------------------------------------------------

def _from_workbook(path: Path, shown: Path, collector: Collector) -> Criteria | None:
    wb = excel_source.open_workbook(path, shown, collector)
    if wb is None:
        return None
    info = _sheet(wb, ("基本信息", "信息"), shown, collector)
    entries = _sheet(wb, ("条目", "判定情形"), shown, collector)
    if info is None or entries is None:
        return None
    header = _key_value_record(info, shown, collector)
    checks: dict[tuple[str, str], list[CheckRow]] = {}
    if any(name in wb.sheetnames for name in ("自查", "自查表")):
        sheet = excel_source.read_sheet(wb["自查" if "自查" in wb.sheetnames else "自查表"])
        for record in records_from_sheet(sheet, shown, CHECK_COLUMNS, collector):
            row = to_model(CheckRow, record, CHECK_COLUMNS, collector, drop=("group", "label"))
            if row is not None:
                key = (str(record.values.get("group") or ""), str(record.values.get("label") or ""))
                checks.setdefault(key, []).append(row)
    groups: list[tuple[Record, list[CriteriaItem]]] = []
    for record in records_from_sheet(entries, shown, ITEM_COLUMNS, collector):
        title = str(record.values.get("group") or "")
        if not groups or str(groups[-1][0].values.get("group") or "") != title:
            groups.append((record, []))
        label = str(record.values.get("label") or "").strip().rstrip("、.．")
        item = _item(record, len(groups[-1][1]) + 1, checks.get((title, label), []), collector)
        if item is not None:
            groups[-1][1].append(item)
    built = []
    for first, items in groups:
        head = Record({"title": first.values.get("group"), "lead_in": first.values.get("group_lead_in"),
                       "sectors": first.values.get("group_sectors")},
                      {"title": first.loc("group"), "lead_in": first.loc("group_lead_in"),
                       "sectors": first.loc("group_sectors")}, first.origin)
        group = to_model(CriteriaGroup, head, GROUP_COLUMNS, collector, items=tuple(items))
        if group is not None:
            built.append(group)
    return _criteria(header, built, shown, collector)


def _sheet(wb, names, shown, collector):
    for name in names:
        if name in wb.sheetnames:
            return excel_source.read_sheet(wb[name])
    collector.add(problem(Location(shown), f"缺少工作表“{names[0]}”（现有：{'、'.join(wb.sheetnames)}）"))
    return None


def _key_value_record(sheet, shown: Path, collector: Collector) -> Record:
    return key_value_record(sheet, shown, HEADER_COLUMNS, collector)
