"""企业名单.xlsx|.yaml: the enterprises the office supervises."""
from __future__ import annotations

from pathlib import Path

from generator.errors import Collector, problem
from generator.model.enterprise import Enterprise
from generator.readers.records import Column, UniqueKeys, read_table, to_model

ENTERPRISE_COLUMNS = [
    Column("name", "企业名称", ("企业", "单位名称", "名称"), required=True),
    Column("industry", "行业", ("所属行业", "行业类别"), required=True,
           allowed="民爆企业写“民爆生产”“民爆销售”等，工贸企业写“冶金”“建材”“机械”“轻工”等"),
    Column("region", "地区", ("所在地区", "县区", "区县")),
    Column("leader", "主要负责人", ("负责人", "法定代表人")),
    Column("phone", "联系电话", ("电话", "举报电话", "手机"), phone=True),
    Column("safety_contact", "安全管理人员", ("安全负责人", "联系人")),
    Column("address", "地址", ("企业地址", "通讯地址")),
]


def read_enterprises(path: Path, shown: Path, collector: Collector, *, criteria_for=None) -> list[Enterprise]:
    """`criteria_for`: the industry classes that have criteria; an enterprise of
    another class is a problem at its 行业 cell (it would get no poster)."""
    records = read_table(path, shown, ENTERPRISE_COLUMNS, collector, what="企业名单", yaml_key="企业")
    enterprises: list[Enterprise] = []
    names = UniqueKeys(collector, "企业名称", "企业名称")
    for record in records:
        enterprise = to_model(Enterprise, record, ENTERPRISE_COLUMNS, collector)
        if enterprise is None:
            continue
        if not names.add(enterprise.name, record.loc("name")):
            continue
        if criteria_for is not None and enterprise.industry_class not in criteria_for:
            cls = enterprise.industry_class.value
            collector.add(problem(record.loc("industry"), f"属于{cls}行业，但 判定标准/ 文件夹中没有适用行业为"
                                  f"“{cls}”的判定标准，无法生成海报", "行业", enterprise.industry))
        enterprises.append(enterprise)
    return enterprises
