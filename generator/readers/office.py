"""单位.yaml: the office that issues the documents, and its font rules."""
from __future__ import annotations

from pathlib import Path

from generator.errors import Collector
from generator.model import FontSettings, Office
from generator.readers.records import Column, Record, records_from_yaml_items, to_model
from generator.readers.yaml_source import LList, load_mapping

OFFICE_COLUMNS = [
    Column("name", "单位名称", ("单位", "机关名称"), required=True),
    Column("issuer", "发文机关署名", ("署名", "发文机关")),
    Column("recipient", "主送机关", ("主送",)),
    Column("short_name", "简称"),
    Column("region", "地区", ("行政区域",)),
    Column("hotline", "隐患举报电话", ("举报电话", "联系电话", "电话")),
    Column("national_hotline", "全国举报电话", ("全国隐患举报电话", "全国安全生产举报电话"),
           allowed="默认 12350；留空则不印"),
    Column("contact", "联系人"),
    Column("contact_phone", "联系人电话", ("联系人手机", "联系人联系电话")),
    Column("address", "地址", ("通讯地址",)),
    Column("date", "成文日期", ("日期", "发文日期"), allowed="留空则为生成当天"),
]

FONT_COLUMNS = [
    Column("body", "正文", ("正文字体",)),
    Column("title", "标题", ("标题字体", "公文标题")),
    Column("heading1", "一级标题", ("一级标题字体",)),
    Column("heading2", "二级标题", ("二级标题字体",)),
    Column("heading3", "三级标题", ("三级标题字体",)),
    Column("heading3_bold", "三级标题加粗", allowed="是/否"),
    Column("page_number", "页码", ("页码字体",)),
    Column("latin", "西文", ("西文字体", "数字字体")),
]


def read_office(path: Path, shown: Path, collector: Collector) -> Office | None:
    data = load_mapping(path, shown, collector, what="单位信息", example="单位名称: 某市工业和信息化局")
    if data is None:
        return None
    fonts_raw = data.pop("字体", None) if "字体" in data else None
    record = _single(data, shown, OFFICE_COLUMNS, collector)
    fonts = FontSettings()
    if fonts_raw is not None:
        font_record = _single(fonts_raw, shown, FONT_COLUMNS, collector)
        if font_record is not None:
            fonts = to_model(FontSettings, font_record, FONT_COLUMNS, collector) or fonts
    if record is None:
        return None
    return to_model(Office, record, OFFICE_COLUMNS, collector, fonts=fonts)


def _single(mapping, shown, columns, collector, *, what: str = "单位信息", passthrough=()) -> Record | None:
    """A YAML mapping of 字段: 值 as one record (other inputs with a header use it too)."""
    items = LList([mapping])
    items.lines = [getattr(mapping, "line", None)]
    records = records_from_yaml_items(items, shown, columns, collector, what=what, passthrough=passthrough)
    return records[0] if records else None
