"""总结/2025H2.yaml: the clerk's own text for one half-year summary; the file name
says which half year."""
from __future__ import annotations

from pathlib import Path

from generator.errors import Collector, Location, problem
from generator.readers.files import visible_files
from generator.model.issuing import EXAMPLE_NUMBER
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
    Column("number", "发文字号", ("文号",), allowed="留空则不加版头、版记"),
    Column("signers", "签发人", allowed="有发文字号时必填（上行文），多人用顿号分隔"),
    Column("copies", "抄送", ("抄送机关",)),
    Column("print_date", "印发日期", allowed="留空则与成文日期相同"),
]

PERIOD_FORMS = "文件名应为半年，如 2025H2.yaml 或 2025年下半年.yaml"


def read_summaries(folder: Path, shown_base: Path, collector: Collector, *,
                   letterhead: bool = False) -> dict[str, SummaryText]:
    """Every 总结/*.yaml, by half-year code (2025H2). `letterhead`: the workspace has a
    发文.yaml, whose 版头/版记 a summary with a 发文字号 is printed with."""
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
        if text is not None and _issuing_fields(text, record, letterhead, collector):
            out[half.code] = text
    return out


def _issuing_fields(text: SummaryText, record, letterhead: bool, collector: Collector) -> bool:
    """The 上行文 fields checked together, each problem at the line to change."""
    ok = True
    if text.number is None:
        for key, name in (("signers", "签发人"), ("copies", "抄送"), ("print_date", "印发日期")):
            if getattr(text, key):
                collector.add(problem(record.loc(key), f"写了{name}但没有发文字号：版头、版记只在有发文字号时印出，"
                                      f"请补上发文字号（如 {EXAMPLE_NUMBER}），或删去{name}", name))
                ok = False
        return ok
    if not letterhead:
        collector.add(problem(record.loc("number"), "有发文字号时要印版头和版记，请先在 inputs/发文.yaml 中写明"
                              "发文机关标志和印发机关（见 README“发文.yaml”一节），或删去发文字号", "发文字号",
                              str(text.number)))
        ok = False
    if not text.signers:
        collector.add(problem(record.loc("number"), "工作总结是上行文，有发文字号时必须写签发人"
                              "（GB/T 9704 7.2.6），如“签发人: 张三”", "签发人"))
        ok = False
    if text.date is not None and text.date.year != text.number.year:
        collector.add(problem(record.loc("number"), f"发文字号的年份{text.number.year}与成文日期（{text.date.year}年）"
                              "不一致：〔〕中写成文的年份", "发文字号", str(text.number)))
        ok = False
    if text.print_date is not None and text.date is not None and text.print_date < text.date:
        collector.add(problem(record.loc("print_date"), "印发日期早于成文日期", "印发日期"))
        ok = False
    return ok
