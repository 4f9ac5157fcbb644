"""发文.yaml: what an office prints above and below a document it issues (GB/T 9704
版头 and 版记), and the fields of one issued document (发文字号, 主送, 抄送 …).

Nothing here is guessed: a 发文字号 that does not read 机关代字〔年份〕序号 is
refused with what was expected, because a wrongly printed number on a red-headed
document cannot be taken back once it is sent.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pydantic import field_validator

from generator.model.base import InputModel, optional_date, optional_text, required_text
from generator.model.values import normalize_text

EXAMPLE_NUMBER = "某工信发〔2025〕3号"

URGENCIES = ("特急", "加急")
# The 发文机关标志 is one line across the 156 mm type area, at 2号 (22 pt) or larger:
# smaller than the title it would not read as a letterhead. 156 mm hold 20 characters
# of 22 pt; style/letterhead.py leaves 5 % room, so 19.
MARK_MAX_CHARS = 19.0
SECRECY_LEVELS = ("绝密", "机密", "秘密")

_NUMBER = re.compile(r"^(?P<code>[^〔〕\s]+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$")
# Brackets clerks type instead of 六角括号 (GB/T 9704 7.2.5): named in the message.
_WRONG_BRACKETS = re.compile(r"[\[\]［］()（）【】{}｛｝〈〉<>《》]")


@dataclass(frozen=True)
class DocNumber:
    """发文字号: 机关代字, 年份, 发文顺序号."""

    code: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.serial}号"


def parse_doc_number(value) -> DocNumber:
    """A 发文字号 as GB/T 9704 7.2.5 writes it, else ValueError saying what is wrong."""
    text = normalize_text(optional_text(value)).replace(" ", "").replace("\u3000", "")
    if not text:
        raise ValueError(f"必填，例如 {EXAMPLE_NUMBER}")
    m = _NUMBER.match(text)
    if m:
        return DocNumber(m["code"], int(m["year"]), int(m["serial"]))
    hint = f"应为“机关代字〔年份〕序号号”，例如 {EXAMPLE_NUMBER}"
    if _WRONG_BRACKETS.search(text):
        reason = "年份要用六角括号〔〕括起来（不用 [ ]、（ ）、【 】）"
    elif not re.search(r"\d{4}", text):
        reason = "缺少四位数的年份"
    elif not re.search(r"〔\d{4}〕", text):
        reason = "年份要用六角括号〔〕括起来"
    elif text.startswith("〔"):
        reason = "缺少机关代字（写在〔年份〕之前，如“某工信发”）"
    elif "第" in text.split("〕", 1)[-1]:
        reason = "序号前不加“第”字"
    elif re.search(r"〕0\d*", text):
        reason = "序号不编虚位（写 3，不写 03 或 003），也不能是 0"
    elif not re.search(r"〕\d+", text):
        reason = "缺少发文顺序号（〔年份〕之后的数字）"
    elif not text.endswith("号"):
        reason = "序号后要写“号”字"
    else:
        reason = "格式不对"
    raise ValueError(f"{reason}；{hint}")


def mark_width(text: str) -> float:
    """Width in characters of its own size: CJK one, digits and Latin about half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def names(value) -> tuple[str, ...]:
    """抄送/主送 lists: a YAML list, or one line separated by ，、,；"""
    if value is None or value == "":
        return ()
    items = value if isinstance(value, (list, tuple)) else re.split(r"[，,、；;\n]", str(value))
    out = []
    for item in items:
        name = normalize_text(optional_text(item)).strip().rstrip("。.")
        if name:
            out.append(name)
    return tuple(out)


class Letterhead(InputModel):
    """The office's 版头 and 版记: the same on every document it issues."""

    mark: str                     # 发文机关标志, e.g. 某市工业和信息化局文件
    printer: str                  # 印发机关 (usually the 办公室 of the office)
    urgency: str = ""             # 紧急程度
    secrecy: str = ""             # 密级和保密期限, e.g. 秘密★1年

    _required = field_validator("mark", "printer", mode="before")(required_text)

    @field_validator("urgency", mode="before")
    @classmethod
    def _urgency(cls, v):
        text = optional_text(v)
        if text and text not in URGENCIES:
            raise ValueError(f"只能是{'或'.join(URGENCIES)}，不需要时留空")
        return text

    @field_validator("secrecy", mode="before")
    @classmethod
    def _secrecy(cls, v):
        text = optional_text(v).replace("*", "★")
        if text and not any(text == level or text.startswith(level + "★") for level in SECRECY_LEVELS):
            raise ValueError("只能是绝密、机密或秘密，可加保密期限如“秘密★1年”，不需要时留空")
        return text

    @field_validator("mark", mode="after")
    @classmethod
    def _one_line(cls, v):
        if "\n" in v:
            raise ValueError("发文机关标志只能写一行")
        width = mark_width(v)
        if width > MARK_MAX_CHARS:
            raise ValueError(f"发文机关标志太长（约{width:g}个字宽）：一行最多{MARK_MAX_CHARS:g}个字才能不小于二号字；"
                             "请用规范化简称")
        return v


class IssuedDocument(InputModel):
    """One document the office issues: its own number, date and recipients."""

    number: DocNumber             # 发文字号
    date: dt.date | None = None   # 成文日期; None: 单位.yaml's, else the day of the build
    recipients: tuple[str, ...] = ()   # 主送机关; empty: every department in 部门
    copies: tuple[str, ...] = ()       # 抄送机关
    print_date: dt.date | None = None  # 印发日期; None: the 成文日期
    signer: str = ""              # 签发人 (上行文 only)

    model_config = InputModel.model_config | {"arbitrary_types_allowed": True}

    _number = field_validator("number", mode="before")(lambda v: v if isinstance(v, DocNumber)
                                                       else parse_doc_number(v))
    _dates = field_validator("date", "print_date", mode="before")(optional_date)
    _lists = field_validator("recipients", "copies", mode="before")(names)
    _signer = field_validator("signer", mode="before")(optional_text)


@dataclass(frozen=True)
class Issuing:
    """The whole of 发文.yaml."""

    letterhead: Letterhead
    notice: IssuedDocument | None = None     # 印发通知 of the year's task lists


__all__ = ["DocNumber", "IssuedDocument", "Issuing", "Letterhead", "parse_doc_number"]
