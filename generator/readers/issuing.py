"""发文.yaml: the office's 版头/版记 and the 印发通知's own fields."""
from __future__ import annotations

from pathlib import Path

from generator.errors import Collector, Location, problem
from generator.model.issuing import EXAMPLE_NUMBER, IssuedDocument, Issuing, Letterhead
from generator.readers.office import _single
from generator.readers.records import Column, to_model
from generator.readers.yaml_source import load_mapping

STEM = "发文"
NOTICE_KEY = "印发通知"

LETTERHEAD_COLUMNS = [
    Column("mark", "发文机关标志", ("版头", "机关标志"), required=True),
    Column("printer", "印发机关", ("印发单位",), required=True),
    Column("urgency", "紧急程度"),
    Column("secrecy", "密级", ("密级和保密期限",)),
]

DOCUMENT_COLUMNS = [
    Column("number", "发文字号", ("文号",), required=True),
    Column("date", "成文日期", ("日期", "发文日期"), allowed="留空则用单位.yaml 的成文日期，再没有则为生成当天"),
    Column("recipients", "主送", ("主送机关",), allowed="留空则主送“部门”表中的全部部门"),
    Column("copies", "抄送", ("抄送机关",)),
    Column("print_date", "印发日期", allowed="留空则与成文日期相同"),
    Column("signer", "签发人"),
]


def read_issuing(path: Path, shown: Path, collector: Collector) -> Issuing | None:
    if path.suffix.lower() not in (".yaml", ".yml"):
        collector.add(problem(Location(shown), f"发文信息请写在 {STEM}.yaml 中（用记事本编辑），不用 Excel 表"))
        return None
    data = load_mapping(path, shown, collector, what="发文信息", example="发文机关标志: 某市工业和信息化局文件")
    if data is None:
        return None
    line_of_notice = getattr(data, "lines", {}).get(NOTICE_KEY)
    notice_raw = data.pop(NOTICE_KEY, None)
    record = _single(data, shown, LETTERHEAD_COLUMNS, collector, what="发文信息")
    letterhead = to_model(Letterhead, record, LETTERHEAD_COLUMNS, collector) if record is not None else None
    notice = None
    if notice_raw is not None:
        if not isinstance(notice_raw, dict):
            collector.add(problem(Location(shown, line=line_of_notice),
                                  f"“{NOTICE_KEY}”下应逐行写“字段: 值”，如“  发文字号: {EXAMPLE_NUMBER}”",
                                  NOTICE_KEY))
        else:
            notice = _document(notice_raw, shown, collector)
    if letterhead is None:
        return None
    return Issuing(letterhead, notice)


def _document(raw: dict, shown: Path, collector: Collector) -> IssuedDocument | None:
    record = _single(raw, shown, DOCUMENT_COLUMNS, collector, what=NOTICE_KEY)
    if record is None:
        return None
    document = to_model(IssuedDocument, record, DOCUMENT_COLUMNS, collector)
    if document is None:
        return None
    # Checks across fields, each at the line of the field the clerk must change.
    if document.date is not None and document.date.year != document.number.year:
        collector.add(problem(record.loc("number"),
                              f"发文字号的年份{document.number.year}与成文日期（{document.date.year}年）不一致："
                              "〔〕中写成文的年份", "发文字号", str(document.number)))
        return None
    if document.print_date is not None and document.date is not None and document.print_date < document.date:
        collector.add(problem(record.loc("print_date"), "印发日期早于成文日期", "印发日期"))
        return None
    return document
