"""总结/2025H2.yaml: the clerk's own text for one half-year summary; the file name
says which half year."""
from __future__ import annotations

from pathlib import Path

from generator.errors import Collector, Location, problem
from generator.readers.files import visible_files
from generator.model.summary import HalfYear, SummaryText
from generator.readers.office import _single
from generator.readers.records import Column, to_model
from generator.readers.yaml_source import load_yaml

FOLDER = "总结"

COLUMNS = [
    Column("recipient", "主送机关", ("主送",)),
    Column("date", "成文日期", ("日期", "报送日期"), allowed="留空则为报送截止日（6月10日或12月10日）"),
    Column("inspections", "督导检查次数", ("检查次数", "开展检查次数", "督导检查")),
    Column("guidance", "实地指导次数", ("实地专项指导服务次数", "指导服务次数", "实地指导")),
    Column("trained", "培训人次", ("参训人次", "培训人数")),
    Column("training_coverage", "培训覆盖率", ("教育培训覆盖率", "培训覆盖率(%)")),
    Column("achievements", "其他成效", ("主要成效补充", "其他工作")),
    Column("problems", "存在的问题", ("问题", "存在问题")),
    Column("plans", "下步工作打算", ("下步工作", "下半年工作打算", "工作打算", "下步工作安排")),
]

PERIOD_FORMS = "文件名应为半年，如 2025H2.yaml 或 2025年下半年.yaml"


def read_summaries(folder: Path, shown_base: Path, collector: Collector) -> dict[str, SummaryText]:
    """Every 总结/*.yaml, by half-year code (2025H2)."""
    out: dict[str, SummaryText] = {}
    directory = folder / FOLDER
    if not directory.is_dir():
        return out
    for path in visible_files(directory):
        shown = shown_base / FOLDER / path.name
        if path.suffix.lower() not in (".yaml", ".yml"):
            collector.add(problem(Location(shown), "总结文字请写在 .yaml 文件中（用记事本编辑），如 2025H2.yaml"))
            continue
        half = HalfYear.parse(path.stem)
        if half is None:
            collector.add(problem(Location(shown), PERIOD_FORMS))
            continue
        if half.code in out:
            collector.add(problem(Location(shown), f"{half.label}的总结文字有多个文件，请只保留一个"))
            continue
        data = load_yaml(path, shown, collector)
        if data is None:
            continue
        if not isinstance(data, dict):
            collector.add(problem(Location(shown, line=1), "总结文字应为“字段: 内容”的形式，如“存在的问题:”"))
            continue
        record = _single(data, shown, COLUMNS, collector)
        if record is None:
            continue
        text = to_model(SummaryText, record, COLUMNS, collector)
        if text is not None:
            out[half.code] = text
    return out
