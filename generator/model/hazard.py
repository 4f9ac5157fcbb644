"""隐患排查治理台账: hazards tracked from discovery to close-out (task 11, 清单化)."""
from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import field_validator

from generator.model.base import InputModel, optional_date, optional_text, required_text
from generator.model.values import normalize_text, parse_date


class Level(str, Enum):
    MAJOR = "重大"
    GENERAL = "一般"


class Source(str, Enum):
    SELF = "自查"
    INSPECTION = "检查"
    REPORT = "举报"


class HazardStatus(str, Enum):
    RECTIFYING = "整改中"
    RECTIFIED = "已整改"
    ACCEPTED = "已验收"
    CLOSED = "已销号"


# Order of the workflow 排查 → 整改 → 验收 → 销号: a later step implies the earlier ones.
STEP = {HazardStatus.RECTIFYING: 0, HazardStatus.RECTIFIED: 1, HazardStatus.ACCEPTED: 2, HazardStatus.CLOSED: 3}

LEVEL_ALIASES = {"重大事故隐患": Level.MAJOR, "重大隐患": Level.MAJOR, "一般事故隐患": Level.GENERAL,
                 "一般隐患": Level.GENERAL}
SOURCE_ALIASES = {"企业自查": Source.SELF, "自查自改": Source.SELF, "监督检查": Source.INSPECTION,
                  "执法检查": Source.INSPECTION, "督导检查": Source.INSPECTION, "联合检查": Source.INSPECTION,
                  "群众举报": Source.REPORT, "举报核查": Source.REPORT}
STATUS_ALIASES = {"未整改": HazardStatus.RECTIFYING, "正在整改": HazardStatus.RECTIFYING,
                  "整改完成": HazardStatus.RECTIFIED, "已完成整改": HazardStatus.RECTIFIED,
                  "验收通过": HazardStatus.ACCEPTED, "销号": HazardStatus.CLOSED, "已闭环": HazardStatus.CLOSED}

LEVEL_ALLOWED = "可用的等级：重大、一般"
SOURCE_ALLOWED = "可用的来源：自查、检查、举报"
STATUS_ALLOWED = "可用的状态：" + "、".join(s.value for s in HazardStatus)


def _choice(enum, aliases):
    def parse(v):
        text = normalize_text(required_text(v))
        if text in aliases:
            return aliases[text]
        if text not in {e.value for e in enum}:
            raise ValueError("不在允许的取值中")
        return text
    return parse




def _funds(v):
    """万元; clerks write 3.5, "3.5万元" or leave it empty."""
    if v is None or v == "":
        return None
    if isinstance(v, str):
        text = normalize_text(v).removesuffix("万元").removesuffix("万").strip()
        try:
            v = float(text)
        except ValueError:
            raise ValueError("整改资金应为数字（单位：万元），如 3.5") from None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
        raise ValueError("整改资金应为不小于 0 的数字（单位：万元）")
    return float(v)


class Hazard(InputModel):
    number: str                        # 隐患编号
    enterprise: str                    # 企业
    industry: str                      # 行业
    place: str = ""                    # 部位
    description: str                   # 隐患描述
    level: Level                       # 等级
    source: Source                     # 来源
    found: dt.date                     # 发现日期
    measures: str = ""                 # 整改措施
    funds: float | None = None         # 整改资金（万元）
    unit: str = ""                     # 责任单位
    person: str = ""                   # 责任人
    deadline: dt.date | None = None    # 整改时限
    interim: str = ""                  # 临时管控措施
    status: HazardStatus               # 状态
    acceptor: str = ""                 # 验收人
    accepted: dt.date | None = None    # 验收日期
    closed: dt.date | None = None      # 销号日期

    _req = field_validator("number", "enterprise", "industry", "description", mode="before")(required_text)
    _opt = field_validator("place", "measures", "unit", "person", "interim", "acceptor",
                           mode="before")(optional_text)
    _found = field_validator("found", mode="before")(parse_date)
    _dates = field_validator("deadline", "accepted", "closed", mode="before")(optional_date)
    _level = field_validator("level", mode="before")(_choice(Level, LEVEL_ALIASES))
    _source = field_validator("source", mode="before")(_choice(Source, SOURCE_ALIASES))
    _status = field_validator("status", mode="before")(_choice(HazardStatus, STATUS_ALIASES))
    _money = field_validator("funds", mode="before")(_funds)

    @property
    def major(self) -> bool:
        return self.level == Level.MAJOR

    @property
    def civil_explosives(self) -> bool:
        return "民爆" in self.industry or "爆破" in self.industry

    def closed_by(self, day: dt.date) -> bool:
        return self.closed is not None and self.closed <= day

    @property
    def is_open(self) -> bool:
        """Not yet closed out (销号): still on the enterprise's public list."""
        return self.status != HazardStatus.CLOSED

    @property
    def rectified(self) -> bool:
        return STEP[self.status] >= STEP[HazardStatus.RECTIFIED]

    def overdue_days(self, as_of: dt.date) -> int:
        """Days past the deadline while rectification is still under way; 0 when not overdue."""
        if self.status != HazardStatus.RECTIFYING or self.deadline is None or self.deadline >= as_of:
            return 0
        return (as_of - self.deadline).days

    @property
    def progress_text(self) -> str:
        """进展/结果 as the public notice shows it."""
        if self.status == HazardStatus.RECTIFYING:
            return "整改中"
        if self.status == HazardStatus.RECTIFIED:
            return "已整改，待验收"
        if self.status == HazardStatus.ACCEPTED:
            who = f"（{self.acceptor}" + (f"，{self.accepted.year}年{self.accepted.month}月{self.accepted.day}日）"
                                         if self.accepted else "）") if self.acceptor else ""
            return f"已验收{who}，待销号"
        return "已销号"


def enterprises(hazards: list[Hazard]) -> list[str]:
    """In the order they first appear in the ledger: the clerk's order."""
    return list(dict.fromkeys(h.enterprise for h in hazards))


def open_major(hazards: list[Hazard], enterprise: str | None = None) -> list[Hazard]:
    return [h for h in hazards if h.major and h.is_open and (enterprise is None or h.enterprise == enterprise)]
