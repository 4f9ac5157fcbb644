"""Major-hazard criteria (重大事故隐患判定标准): the poster's and handbook's content.

A criteria document is a lead-in followed by numbered items, either in one flat list
(civil explosives: 一、二、…) or in groups (industry and trade: 第三条 … （一）（二）…).
Labels are kept as written, because published lists have gaps and their numbers are
what workers and inspectors quote.
"""
from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import Field, field_validator

from generator.model.base import InputModel, optional_date, optional_text, required_text
from generator.model.values import parse_bool


class IndustryClass(str, Enum):
    """Which criteria an enterprise posts: the ministries publish one list per class."""

    CIVIL_EXPLOSIVES = "民爆"
    INDUSTRY_TRADE = "工贸"


# The sub-industries of 应急管理部令第10号, and the trades clerks write for them.
TRADE_WORDS = ("工贸", "冶金", "钢铁", "有色", "建材", "水泥", "玻璃", "陶瓷", "机械", "装备", "汽车",
               "轻工", "食品", "造纸", "家具", "皮革", "印刷", "纺织", "服装", "烟草", "商贸")
INDUSTRY_CLASS_FORMS = "民爆（民爆生产、民爆销售、爆破作业）或工贸（" + "、".join(TRADE_WORDS[1:]) + "等）"


# The industry-specific articles of the 工贸 criteria are per sub-industry (第四条
# 冶金 … 第十条 商贸); an enterprise posts the general groups and its own sector's.
SECTORS = ("冶金", "有色", "建材", "机械", "轻工", "纺织", "烟草", "商贸")
_SECTOR_WORDS = {
    "冶金": ("冶金", "钢铁", "炼铁", "炼钢", "轧钢"), "有色": ("有色", "铝", "铜", "铅", "锌"),
    "建材": ("建材", "水泥", "玻璃", "陶瓷", "砖瓦"), "机械": ("机械", "装备", "汽车", "铸造", "农机"),
    "轻工": ("轻工", "食品", "造纸", "纸业", "家具", "皮革", "印刷", "酿酒"), "纺织": ("纺织", "棉纺", "服装", "印染"),
    "烟草": ("烟草", "卷烟"), "商贸": ("商贸", "贸易", "仓储", "批发", "零售"),
}


def trade_sector(text: str) -> str | None:
    """"轻工（食品）" -> 轻工; None when the text names no sub-industry."""
    for sector, words in _SECTOR_WORDS.items():
        if any(word in text for word in words):
            return sector
    return None


def parse_industry_class(value) -> IndustryClass:
    text = str(value or "").strip()
    for cls in IndustryClass:
        if text == cls.value:
            return cls
    if any(word in text for word in ("民爆", "民用爆炸", "爆破器材", "炸药", "雷管", "爆破")):
        return IndustryClass.CIVIL_EXPLOSIVES
    if any(word in text for word in TRADE_WORDS):
        return IndustryClass.INDUSTRY_TRADE
    raise ValueError(f"无法识别的行业，可用的值：{INDUSTRY_CLASS_FORMS}")


class CheckRow(InputModel):
    """One line of a self-check table (检查内容 | 检查方法 | 判定 | 整改要求)."""

    content: str
    method: str = ""
    judgement: str = ""
    requirement: str = ""

    _req = field_validator("content", mode="before")(required_text)
    _opt = field_validator("method", "judgement", "requirement", mode="before")(optional_text)


class CriteriaItem(InputModel):
    label: str                         # as printed: "一", "十三", "（一）"
    text: str
    notes: tuple[str, ...] = ()        # 注1, 注2 … (text without the "注1：" prefix)
    explanation: str = ""              # 释义, for the handbook
    checks: tuple[CheckRow, ...] = ()  # 自查表, for the handbook

    _req = field_validator("label", "text", mode="before")(required_text)
    _opt = field_validator("explanation", mode="before")(optional_text)

    @property
    def marker(self) -> str:
        """The label as it leads the item: "一、" or "（一）"."""
        return self.label if self.label.startswith(("（", "(")) else f"{self.label}、"


class CriteriaGroup(InputModel):
    title: str = ""                    # "第三条" or "管理类"; empty for a flat list
    lead_in: str = ""                  # the article's own sentence, e.g. "工贸企业有下列情形之一的…"
    sectors: tuple[str, ...] = ()      # 适用: the sub-industries it concerns; empty: every enterprise
    items: tuple[CriteriaItem, ...] = ()

    _opt = field_validator("title", "lead_in", mode="before")(optional_text)

    @field_validator("sectors", mode="before")
    @classmethod
    def _sectors(cls, v):
        from generator.model.values import parse_list

        names = parse_list(v)
        unknown = [n for n in names if n not in SECTORS]
        if unknown:
            raise ValueError(f"无法识别的适用行业“{'、'.join(unknown)}”，可用的值：{'、'.join(SECTORS)}（留空表示全部企业）")
        return tuple(names)


class Criteria(InputModel):
    title: str
    doc_number: str = ""
    issuer: str = ""
    date: dt.date | None = None
    lead_in: str = ""
    industry: IndustryClass
    verified: bool = False
    remark: str = ""                   # printed small under the items (gaps, source)
    groups: tuple[CriteriaGroup, ...] = Field(default_factory=tuple)
    source: str = ""                   # the input file, as shown in messages

    _req = field_validator("title", mode="before")(required_text)
    _opt = field_validator("doc_number", "issuer", "lead_in", "remark", mode="before")(optional_text)

    _date = field_validator("date", mode="before")(optional_date)

    @field_validator("industry", mode="before")
    @classmethod
    def _industry(cls, v):
        return parse_industry_class(v)

    @field_validator("verified", mode="before")
    @classmethod
    def _verified(cls, v):
        return False if v is None else parse_bool(v)

    @property
    def items(self) -> list[CriteriaItem]:
        return [item for group in self.groups for item in group.items]

    def for_sector(self, sector: str | None) -> Criteria:
        """The groups an enterprise of `sector` posts: the general ones and its own."""
        if not any(g.sectors for g in self.groups):
            return self
        return self.model_copy(update={"groups": tuple(g for g in self.groups
                                                       if not g.sectors or sector in g.sectors)})

    @property
    def is_sample(self) -> bool:
        return not self.verified

    @property
    def source_line(self) -> str:
        """（工业和信息化部　工信部安全〔2024〕234号　2024年12月3日）"""
        from generator.model.values import format_date

        parts = [p for p in (self.issuer, self.doc_number, format_date(self.date) if self.date else "") if p]
        return "　".join(parts)
