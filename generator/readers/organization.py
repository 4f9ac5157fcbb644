"""部门 and 职责清单: plain tables, YAML or Excel."""
from __future__ import annotations

import re
from pathlib import Path

from generator.errors import Collector, problem
from generator.model import Department, Duty
from generator.readers.records import Column, UniqueKeys, read_table, to_model

DEPARTMENT_COLUMNS = [
    Column("name", "部门名称", ("部门", "科室", "单位名称", "名称"), required=True),
    Column("aliases", "简称", ("别名", "简称/别名")),
    Column("head", "负责人", ("科长", "部门负责人")),
    Column("leader", "分管领导", ("分管局领导",)),
    Column("phone", "联系电话", ("电话", "手机"), phone=True),
    Column("duty_summary", "主要职责", ("职责",)),
]

DUTY_COLUMNS = [
    Column("post", "部门/岗位", ("部门", "岗位", "部门岗位", "部门或岗位", "职务", "部门(岗位)"), required=True),
    Column("person", "责任人", ("姓名", "负责人")),
    Column("duty", "安全生产职责", ("职责", "职责内容", "安全职责", "主要职责"), required=True),
    Column("requirement", "履职要求/频次", ("履职要求", "频次", "履职频次", "工作要求", "履职要求(频次)")),
    Column("basis", "依据", ("职责依据", "文件依据", "依据文件")),
]


def read_departments(path: Path, shown: Path, collector: Collector) -> list[Department]:
    records = read_table(path, shown, DEPARTMENT_COLUMNS, collector, what="部门", yaml_key="部门")
    departments: list[Department] = []
    names = UniqueKeys(collector, "部门名称", "部门名称或简称")
    for record in records:
        if _section_row(record):
            collector.warn(problem(record.loc("name"), "是分组标题行（如“一、局机关科室”），不是部门，已跳过",
                                   "部门名称", record.values["name"]))
            continue
        dept = to_model(Department, record, DEPARTMENT_COLUMNS, collector)
        if dept is None:
            continue
        for name in dept.names():
            names.add(name, record.loc("name"))
        departments.append(dept)
    return departments


_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）])")


def _section_row(record) -> bool:
    """A heading such as “一、局机关科室” in the name column with the rest of the row empty."""
    name = record.values.get("name")
    rest = [v for k, v in record.values.items() if k != "name"]
    return isinstance(name, str) and bool(_SECTION.match(name)) and all(v is None for v in rest)


def read_duties(path: Path, shown: Path, collector: Collector) -> list[Duty]:
    records = read_table(path, shown, DUTY_COLUMNS, collector, what="职责清单", yaml_key="职责")
    duties = [to_model(Duty, r, DUTY_COLUMNS, collector) for r in records]
    return [d for d in duties if d is not None]
