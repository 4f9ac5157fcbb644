import re
import datetime as dt

from pydantic import Field, field_validator

from generator.model.base import InputModel, optional_date, optional_text, required_text
from generator.model.values import parse_bool


class FontSettings(InputModel):
    """GB/T 9704 defaults; local rules differ, so each is a setting of the office."""

    body: str = "仿宋_GB2312"
    title: str = "方正小标宋简体"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    heading3: str = "仿宋_GB2312"
    heading3_bold: bool = True
    page_number: str = "宋体"
    latin: str = "Times New Roman"

    _text = field_validator("body", "title", "heading1", "heading2", "heading3",
                            "page_number", "latin", mode="before")(required_text)
    _bool = field_validator("heading3_bold", mode="before")(parse_bool)


_AREA_LEVELS = "省市州盟县区旗"
_AREA_IN_NAME = re.compile(rf"^[^{_AREA_LEVELS}]{{1,8}}?([{_AREA_LEVELS}])")


class Office(InputModel):
    name: str                     # 单位名称, e.g. 某市工业和信息化局
    issuer: str = ""              # 发文机关署名 (defaults to the name)
    recipient: str = ""           # 主送机关
    short_name: str = ""          # 简称, used in file names and headers
    region: str = ""              # 地区
    hotline: str = ""             # 隐患举报电话 (task 27)
    # 全国安全生产举报投诉电话, printed beside the local number on posters; a clerk may
    # clear it (empty value) where local rules print only the local line.
    national_hotline: str = "12350"
    contact: str = ""             # 联系人
    contact_phone: str = ""       # 联系人电话, printed with 联系人 in a report's 附注
    address: str = ""
    date: dt.date | None = None   # 成文日期; None means the day of the build
    fonts: FontSettings = Field(default_factory=FontSettings)

    _name = field_validator("name", mode="before")(required_text)
    _texts = field_validator("issuer", "recipient", "short_name", "region", "hotline", "national_hotline",
                             "contact", "contact_phone", "address", mode="before")(optional_text)

    _date = field_validator("date", mode="before")(optional_date)

    @property
    def self_reference(self) -> str:
        """How a report names its own office: 我局, 我委, 我办 …, else 我单位. A
        委员会 is 我委 and an 办公室 我办, as they call themselves (经济和信息化委员会 ->
        我委); else the office's 简称 decides (区经信委 -> 我委)."""
        for name in (self.name, self.short_name):
            for suffix, word in (("委员会", "委"), ("管委会", "委"), ("办公室", "办"), ("中心", "中心")):
                if name.endswith(suffix):
                    return f"我{word}"
            if name[-1:] and name[-1] in "局委办厅处":
                return f"我{name[-1]}"
        return "我单位"

    @property
    def area(self) -> str:
        """How a report names the office's whole jurisdiction: 全市, 全县, 全区 … from 地区
        (else from the office's name: 清河县工业和信息化局 -> 全县), else 本地区."""
        if self.region and self.region[-1] in _AREA_LEVELS:
            return f"全{self.region[-1]}"
        m = _AREA_IN_NAME.match(self.name)
        return f"全{m.group(1)}" if m else "本地区"

    @property
    def signature(self) -> str:
        return self.issuer or self.name
