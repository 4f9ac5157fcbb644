"""Enterprises supervised by the office (企业名单): who gets a poster, a hazard notice, …"""
from __future__ import annotations

from pydantic import field_validator

from generator.model.base import InputModel, optional_text, required_text
from generator.model.criteria import IndustryClass, parse_industry_class, trade_sector


class Enterprise(InputModel):
    name: str                  # 企业名称
    industry: str              # 行业 as the clerk wrote it: 民爆生产, 冶金, 机械, …
    region: str = ""           # 地区
    leader: str = ""           # 主要负责人
    phone: str = ""            # 联系电话 (the enterprise's own hazard-report line)
    safety_contact: str = ""   # 安全管理人员
    address: str = ""

    _req = field_validator("name", "industry", mode="before")(required_text)
    _opt = field_validator("region", "leader", "phone", "safety_contact", "address",
                           mode="before")(optional_text)

    @field_validator("industry")
    @classmethod
    def _known_industry(cls, v):
        parse_industry_class(v)   # raises with the allowed words
        return v

    @property
    def industry_class(self) -> IndustryClass:
        return parse_industry_class(self.industry)

    @property
    def sector(self) -> str | None:
        """The 工贸 sub-industry (冶金, 机械, …), which picks the criteria's articles."""
        return trade_sector(self.industry) if self.industry_class is IndustryClass.INDUSTRY_TRADE else None
