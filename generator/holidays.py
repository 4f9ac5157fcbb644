"""Weekends and official PRC holidays (with adjusted working days), for flagging
obligations that fall on a day off. Backed by `chinesecalendar`, which knows the
State Council's schedule only up to the year of its release."""
from __future__ import annotations

import datetime as dt

try:
    import chinese_calendar as _cc
except ImportError:  # pragma: no cover - a broken installation; weekends still work
    _cc = None

HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def covers(year: int) -> bool:
    if _cc is None:
        return False
    try:
        _cc.is_workday(dt.date(year, 6, 1))
        return True
    except NotImplementedError:
        return False


def day_off(day: dt.date) -> str | None:
    """'周六', '周日', '国庆节' … when the day is not a working day; None otherwise."""
    if covers(day.year):
        on_holiday, name = _cc.get_holiday_detail(day)
        if not on_holiday:
            return None
        if name:
            return HOLIDAY_NAMES.get(name, name) + "假期"
    elif day.weekday() < 5:
        return None
    return "周六" if day.weekday() == 5 else "周日" if day.weekday() == 6 else "休息日"


def previous_workday(day: dt.date) -> dt.date:
    d = day
    while day_off(d):
        d -= dt.timedelta(days=1)
    return d


def coverage_note(year: int) -> str | None:
    if covers(year):
        return None
    return (f"节假日数据尚未包含{year}年（国务院办公厅通常在上一年年底公布放假安排），"
            "本日历只标注了周末；公布后请升级 chinesecalendar 重新生成。")
