"""Charts for the 作战图集 and the wall chart (matplotlib, Agg, deterministic PNGs).

`fonts.chart_font()` finds a CJK font that is really installed; without one,
drawing raises `MissingChartFont` naming the package to install, rather than
printing boxes in place of Chinese characters.
"""
from generator.charts.fonts import MissingChartFont, chart_font

__all__ = ["MissingChartFont", "chart_font", "usable_font"]


def usable_font():
    """chart_font(), answered from the chart cache when an earlier run found it
    (charts.cache.known_font): checking for a font need not load matplotlib."""
    from generator.charts.cache import cache_dir, known_font

    return known_font(cache_dir())
