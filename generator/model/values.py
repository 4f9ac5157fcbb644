"""Parsing of the free-form values clerks type: dates, deadlines, frequencies, lists.

Every function raises ValueError with a Chinese message that says what is allowed,
so a reader can attach the file and cell and show it as is.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

DATE_FORMS = "2025-06-10、2025/6/10、2025.6.10、2025年6月10日或 Excel 日期单元格"

_DATE_RE = re.compile(
    r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$"
)

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def normalize_text(value: str) -> str:
    """Fold full-width ASCII to half-width and trim, for matching (never for display)."""
    return unicodedata.normalize("NFKC", value).strip()


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = _DATE_RE.match(normalize_text(value))
        if m:
            y, mo, d = (int(g) for g in m.groups())
            return _checked_date(y, mo, d, value)
    raise ValueError(f"无法识别的日期，可用的写法：{DATE_FORMS}")


def _checked_date(y: int, mo: int, d: int, raw) -> dt.date:
    if not 1 <= mo <= 12:
        raise ValueError(f"日期不存在：没有{mo}月（月份应为1～12）")
    last = calendar.monthrange(y, mo)[1]
    if not 1 <= d <= last:
        raise ValueError(f"日期不存在：{y}年{mo}月只有{last}天")
    return dt.date(y, mo, d)


def format_date(value: dt.date) -> str:
    """GB/T 9704 date: Arabic numerals, full year, no leading zeros."""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 29 -> 二十九 (enough for headings and items)."""
    digits = "零一二三四五六七八九"
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


def parse_cn_number(text: str) -> int:
    """一 -> 1, 十二 -> 12, 二十九 -> 29; Arabic digits pass through."""
    text = normalize_text(text)
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        raise ValueError(f"不是数字：{text}")
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[text]


def parse_int(value, *, minimum: int | None = None) -> int:
    if isinstance(value, bool):
        raise ValueError("应为整数")
    if isinstance(value, int):
        n = value
    elif isinstance(value, float) and value.is_integer():
        n = int(value)
    elif isinstance(value, str):
        s = normalize_text(value).rstrip(".、")
        try:
            n = parse_cn_number(s)
        except ValueError:
            raise ValueError("应为整数，如 1、2、3") from None
    else:
        raise ValueError("应为整数，如 1、2、3")
    if minimum is not None and n < minimum:
        raise ValueError(f"应不小于 {minimum}")
    return n


_LIST_SPLIT = re.compile(r"[、，,；;／/\n]+")


def parse_list(value) -> list[str]:
    """'安全生产科、民爆管理科' or a YAML list -> ['安全生产科', '民爆管理科']."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = []
        for v in value:
            items.extend(parse_list(v))
        return items
    text = str(value)
    return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()]


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = normalize_text(str(value)).lower()
    if text in {"是", "真", "已核对", "已核实", "yes", "y", "true", "1", "√", "✓"}:
        return True
    if text in {"否", "假", "未核对", "未核实", "no", "n", "false", "0", "×", "x", ""}:
        return False
    raise ValueError("应为“是”或“否”")


_HALF = re.compile(r"^(\d{4})\s*(?:[Hh]\s*([12])|年\s*(上|下)\s*半年)$")
_QUARTER = re.compile(r"^(\d{4})\s*(?:[Qq]\s*([1-4])|年\s*第?\s*([一二三四1-4])\s*季度)$")
_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?$")
_YEAR = re.compile(r"^(\d{4})\s*年?(?:度|全年)?$")

PERIOD_FORMS = ("半年“2025H1”“2025年下半年”、季度“2025Q3”“2025年第三季度”、"
                "月份“2025-06”“2025年6月”、全年“2025年”，或具体日期如 2025-06-10")


def parse_period(value) -> tuple[dt.date, dt.date, str]:
    """A reporting period -> (first day, last day, label as clerks write it)."""
    if isinstance(value, (dt.date, dt.datetime)):
        d = parse_date(value)
        return d, d, format_date(d)
    if isinstance(value, int) and 1900 < value < 2200:
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"无法识别的期间，可用的写法：{PERIOD_FORMS}")
    text = normalize_text(value)
    if (half := parse_half_year(text)) is not None:
        year, first = half
        start = dt.date(year, 1 if first else 7, 1)
        end = dt.date(year, 6, 30) if first else dt.date(year, 12, 31)
        return start, end, f"{year}年{'上' if first else '下'}半年"
    if (m := _QUARTER.match(text)):
        year = int(m.group(1))
        q = int(m.group(2)) if m.group(2) else parse_cn_number(m.group(3))
        start = dt.date(year, 3 * q - 2, 1)
        end_month = 3 * q
        return start, dt.date(year, end_month, calendar.monthrange(year, end_month)[1]), f"{year}年第{cn_number(q)}季度"
    if (m := _MONTH.match(text)):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"日期不存在：没有{month}月")
        return (dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]),
                f"{year}年{month}月")
    if (m := _YEAR.match(text)):
        year = int(m.group(1))
        return dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年"
    try:
        d = parse_date(text)
    except ValueError:
        raise ValueError(f"无法识别的期间，可用的写法：{PERIOD_FORMS}") from None
    return d, d, format_date(d)


def parse_half_year(text: str) -> tuple[int, bool] | None:
    """"2025H1", "2025 h2", "2025年上半年" -> (2025, True|False); anything else None."""
    m = _HALF.match(normalize_text(str(text)))
    if not m:
        return None
    return int(m.group(1)), (m.group(2) == "1") if m.group(2) else (m.group(3) == "上")


def half_year_label(year: int, first: bool) -> str:
    return f"{year}年{'上' if first else '下'}半年"


def parse_percent(value) -> float | None:
    """60, "60%", "60％" or an Excel percentage cell (0.6) -> 60.0; blank -> None."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and 0 < value <= 1 and not value.is_integer():
        value = value * 100  # an Excel cell formatted as a percentage holds 0.6
    if isinstance(value, str):
        try:
            value = float(normalize_text(value).rstrip("%"))
        except ValueError:
            raise ValueError("应为 0～100 的数字，如 60 或 60%") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise ValueError("应为 0～100 之间的数字，如 60 或 60%")
    return float(value)
