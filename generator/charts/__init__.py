"""Charts for the 作战图集 and the wall chart (matplotlib, Agg, deterministic PNGs).

`fonts.chart_font()` finds a CJK font that is really installed; without one,
drawing raises `MissingChartFont` naming the package to install, rather than
printing boxes in place of Chinese characters.
"""
from generator.charts.fonts import MissingChartFont, chart_font

__all__ = ["MissingChartFont", "chart_font"]
