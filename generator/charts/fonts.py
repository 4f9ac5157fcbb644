"""The CJK font charts are drawn with: found in the system's font list, checked
glyph by glyph, never assumed."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from generator.errors import SetupProblem

# Sans faces first: bars and labels read better from a distance; serif and Kai last.
PREFERRED = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Microsoft YaHei", "微软雅黑",
    "SimHei", "黑体", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "PingFang SC", "Heiti SC", "STHeiti",
    "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "宋体",
    "AR PL UMing CN", "AR PL SungtiL GB", "AR PL UKai CN", "Droid Sans Fallback",
)
# Characters every chart uses: the status words and marks, the axis words.
PROBE = "作战图集已完成推进中未启动滞后逾期行动任务年截至月日共项√●○△▲"

INSTALL_HINT = ("找不到可用于图表的中文字体，图表中的汉字会显示为方框，因此未生成作战图集。"
                "请安装中文字体后重试：Debian/Ubuntu 执行 sudo apt-get install fonts-noto-cjk；"
                "Windows 和 macOS 自带中文字体（如微软雅黑、黑体），一般无需安装。"
                "也可用环境变量 WUHUA_CHART_FONT 指定字体文件路径。")


class MissingChartFont(SetupProblem):
    """No installed font can draw the charts' Chinese text."""

    def __init__(self, detail: str = ""):
        super().__init__(INSTALL_HINT + (f"（{detail}）" if detail else ""))


@dataclass(frozen=True)
class ChartFont:
    name: str       # family name matplotlib resolves
    path: str       # the font file (a .ttc holds several faces)


def covers(path, text: str) -> bool:
    """Does the font at `path` (a matplotlib FontPath for .ttc faces) hold every glyph?"""
    from matplotlib import font_manager

    try:
        charmap = font_manager.get_font(path).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    return all(ord(c) in charmap for c in text if not c.isspace())


def find_cjk_font(entries=None, preferred=PREFERRED, probe: str = PROBE) -> ChartFont | None:
    """The first preferred family that is installed and covers `probe`; else any
    installed font that does. `entries` defaults to matplotlib's font list."""
    from matplotlib import font_manager

    if entries is None:
        entries = font_manager.fontManager.ttflist
    regular = sorted(entries, key=lambda e: (abs(_weight(e.weight) - 400), e.style != "normal", e.fname))
    by_name: dict[str, object] = {}
    for entry in regular:
        by_name.setdefault(entry.name, entry)
    ordered = [by_name[n] for n in preferred if n in by_name]
    ordered += [e for n, e in sorted(by_name.items()) if n not in preferred]
    for entry in ordered:
        path = font_manager.FontPath(entry.fname, getattr(entry, "index", 0))
        if covers(path, probe):
            return ChartFont(entry.name, entry.fname)
    return None


def _weight(value) -> int:
    if isinstance(value, int):
        return value
    return {"light": 300, "normal": 400, "regular": 400, "medium": 500, "bold": 700}.get(str(value), 400)


@lru_cache(maxsize=1)
def chart_font() -> ChartFont:
    """The font for every chart; raises MissingChartFont (in Chinese) when none is installed."""
    own = os.environ.get("WUHUA_CHART_FONT")
    if own:
        from matplotlib import font_manager

        if not os.path.isfile(own):
            raise MissingChartFont(f"WUHUA_CHART_FONT 指定的文件不存在：{own}")
        font_manager.fontManager.addfont(own)
        name = font_manager.FontProperties(fname=own).get_name()
        if not covers(own, PROBE):
            raise MissingChartFont(f"WUHUA_CHART_FONT 指定的字体 {name} 缺少中文字形")
        return ChartFont(name, own)
    found = find_cjk_font()
    if found is None:
        raise MissingChartFont()
    return found
