"""Tabular inputs, YAML or Excel alike, as records whose every value knows its place.

Both formats use the same Chinese headers; headers match after folding spaces and
full-width characters, and through each column's aliases.
"""
from __future__ import annotations

import functools
import re

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from collections.abc import Iterable

from pydantic import BaseModel, ValidationError

from generator.errors import Collector, Location, problem
from generator.model.values import normalize_text
from generator.readers import excel_source
from generator.readers.text import describe_characters, illegal_characters, strip_illegal
from generator.readers.yaml_source import LDict, LList, load_yaml


@dataclass(frozen=True)
class Column:
    key: str                         # model field
    label: str                       # the header clerks see
    aliases: tuple[str, ...] = ()
    required: bool = False           # the header must be present
    allowed: str = ""                # shown when the value is wrong
    phone: bool = False              # a telephone number: Excel drops a leading 0 typed into a number cell

    def matches(self, header: str) -> bool:
        h = header_key(header)
        return h == header_key(self.label) or h in {header_key(a) for a in self.aliases}


@functools.lru_cache(maxsize=4096, typed=True)     # called for every header cell against every column
def header_key(text: str) -> str:
    folded = normalize_text(str(text)).lower()
    for ch in " \t\u3000:：*＊\n":
        folded = folded.replace(ch, "")
    return folded.replace("（", "(").replace("）", ")").replace("【", "[").replace("】", "]")


@dataclass
class Record:
    values: dict[str, Any]
    where: dict[str, Location]
    origin: Location
    extra: dict[str, Any] = field(default_factory=dict)

    def loc(self, key: str) -> Location:
        return self.where.get(key, self.origin)


_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_CJK = "\u4e00-\u9fff"
_HALF_WIDTH = re.compile(rf"(?<=[{_CJK}])[,;:?!()]|[,;:?!()](?=[{_CJK}])")


def full_width_punctuation(value: str, location: Location, label: str, collector: Collector) -> str:
    """GB/T 15834: Chinese text takes full-width punctuation. Commas and parentheses
    typed half-width next to a Chinese character are changed, each place named in a
    warning so the clerk can correct the source too."""
    places = [m.start() for m in _HALF_WIDTH.finditer(value)]
    if not places:
        return value
    fixed = _HALF_WIDTH.sub(lambda m: _FULL_WIDTH[m.group(0)], value)
    shown = "、".join(f"“{value[max(0, i - 4):i + 5]}”" for i in places[:5]) + ("等" if len(places) > 5 else "")
    collector.warn(problem(location, f"中文里的半角标点已改为全角（{len(places)} 处：{shown}）", label))
    return fixed


def clean(value, location: Location, label: str, collector: Collector):
    """Drop characters XML cannot hold (with a warning); Excel numbers that are whole stay whole."""
    if isinstance(value, str):
        bad = illegal_characters(value)
        if bad:
            collector.warn(problem(location, f"含有无法写入文档的控制字符（{describe_characters(bad)}），已删除",
                                   label))
            value = strip_illegal(value)
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = full_width_punctuation(value, location, label, collector)
        return value if value.strip() else None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (LList, list)):
        return [clean(v, location, label, collector) for v in value]
    return value


def records_from_yaml_items(items, shown: Path, columns: list[Column], collector: Collector,
                            *, what: str, passthrough: Iterable[str] = ()) -> list[Record]:
    """A YAML list of mappings -> records. Keys in `passthrough` are kept raw in `extra`."""
    records = []
    if not isinstance(items, list):
        line = getattr(items, "line", None)
        collector.add(problem(Location(shown, line=line), f"{what}应为列表（每项以“- ”开头）"))
        return records
    keep = {header_key(k): k for k in passthrough}
    for index, item in enumerate(items):
        line = items.lines[index] if isinstance(items, LList) else None
        origin = Location(shown, line=line)
        if not isinstance(item, dict):
            collector.add(problem(origin, f"{what}的每一项应为“字段: 值”的形式", None, item))
            continue
        values, where, extra = {}, {}, {}
        for key, value in item.items():
            loc = Location(shown, line=item.lines.get(key, line) if isinstance(item, LDict) else line)
            if header_key(key) in keep:
                extra[keep[header_key(key)]] = value
                continue
            column = next((c for c in columns if c.matches(key)), None)
            if column is None:
                names = "、".join(c.label for c in columns)
                collector.add(problem(loc, f"未知的字段。可用的字段：{names}", str(key)))
                continue
            values[column.key] = clean(value, loc, column.label, collector)
            where[column.key] = loc
        records.append(Record(values, where, origin, extra))
    return records


def records_from_sheet(sheet: excel_source.Sheet, shown: Path, columns: list[Column],
                       collector: Collector, *, unread: tuple[str, ...] | None = None) -> list[Record]:
    """`unread`: when given, a filled column whose header is none of `columns` (nor one
    of these headers, which the tool itself writes) is said at its header, because its
    cells would otherwise be dropped without a word."""
    header_row, mapping = _find_header(sheet, columns)
    sheet_loc = Location(shown, sheet=sheet.title)
    if header_row is None:
        wanted = "、".join(c.label for c in columns if c.required)
        hidden = "、".join(f"“{t}”" for t in sheet.hidden)
        note = f"（已隐藏的工作表{hidden}未读取：如数据在其中，请在 Excel/WPS 中取消隐藏）" if hidden else ""
        collector.add(problem(sheet_loc, f"前10行中找不到表头。表头应包含：{wanted}{note}"))
        return []
    missing = [c for c in columns if c.required and c not in mapping.values()]
    for c in missing:
        collector.add(problem(Location(shown, sheet=sheet.title, cell=f"第{header_row}行"),
                              f"表头缺少“{c.label}”列" + (f"（也可写作：{'、'.join(c.aliases)}）" if c.aliases else "")))
    if unread is not None:
        _say_unread_columns(sheet, shown, columns, header_row, mapping, unread, collector)
    records = []
    for row_number, cells in sheet.rows:
        if row_number <= header_row:
            continue
        values, where = {}, {}
        for index, cell in enumerate(cells):
            column = mapping.get(index)
            if column is None:
                continue
            loc = Location(shown, sheet=sheet.title, cell=cell.coordinate)
            if column.phone:
                _check_phone_cell(cell.value, loc, column.label, collector)
            values[column.key] = clean(cell.value, loc, column.label, collector)
            where[column.key] = loc
        if all(v is None for v in values.values()):
            continue
        first = cells[0].coordinate if cells else f"A{row_number}"
        records.append(Record(values, where, Location(shown, sheet=sheet.title, cell=first)))
    return records


def _check_phone_cell(value, location: Location, label: str, collector: Collector) -> None:
    """A telephone number typed into a number cell: Excel has already dropped the
    leading 0 of its area code (0438… is kept as 438…), so what prints is not the
    number the clerk typed. An 11-digit number starting with 1 (a mobile) loses
    nothing and is left alone; any other number is said at its cell."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    digits = str(int(value)) if float(value).is_integer() else str(value)
    if len(digits) == 11 and digits.startswith("1"):
        return
    collector.warn(problem(location, f"电话号码是数字格式的单元格，将印作“{digits}”：Excel 会去掉数字开头的 0"
                                     "（区号的 0）。请把该单元格设为“文本”格式后重新输入，或在区号后加“-”",
                           label, digits))


def _say_unread_columns(sheet, shown, columns, header_row, mapping, known, collector) -> None:
    header = next(cells for r, cells in sheet.rows if r == header_row)
    skip = {header_key(k) for k in known}
    labels = "、".join(c.label for c in columns)
    for index, cell in enumerate(header):
        if index in mapping or cell.value in (None, "") or header_key(str(cell.value)) in skip:
            continue
        filled = sum(1 for r, cells in sheet.rows if r > header_row and index < len(cells)
                     and cells[index].value not in (None, ""))
        if not filled:
            continue
        loc = Location(shown, sheet=sheet.title, cell=cell.coordinate)
        same = next((i for i, c in mapping.items() if c.matches(str(cell.value))), None)
        if same is not None:
            collector.warn(problem(loc, f"与 {header[same].coordinate} 的表头重复，只读取了那一列；"
                                        f"这一列的 {filled} 个单元格未读取", "表头", cell.value))
        else:
            collector.warn(problem(loc, f"不是可识别的列，这一列的 {filled} 个单元格未读取（可识别的列：{labels}）；"
                                        "如需印出，请把内容移到相应的列", "表头", cell.value))


def _find_header(sheet, columns):
    best = (None, {})
    for row_number, cells in sheet.rows[:10]:
        mapping = {}
        for index, cell in enumerate(cells):
            if cell.value is None:
                continue
            column = next((c for c in columns if c.matches(str(cell.value))), None)
            if column is not None and column not in mapping.values():
                mapping[index] = column
        if len(mapping) > len(best[1]):
            best = (row_number, mapping)
    return best if best[1] else (None, {})


def read_table(path: Path, shown: Path, columns: list[Column], collector: Collector, *,
               what: str, yaml_key: str | None = None, sheet: str | None = None) -> list[Record]:
    """Read a table input whichever its format; the extension decides."""
    if path.suffix.lower() == ".xlsx":
        wb = excel_source.open_workbook(path, shown, collector)
        if wb is None:
            return []
        ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
        sheet_data = excel_source.read_sheet(ws)
        records = records_from_sheet(sheet_data, shown, columns, collector, unread=())
        check_unread_sheets(wb, {ws.title}, shown, columns, collector, what=what)
        return records
    data = load_yaml(path, shown, collector)
    if data is None:
        return []
    if isinstance(data, dict):
        if yaml_key and yaml_key in data:
            data = data[yaml_key]
        elif len(data) == 1:
            data = next(iter(data.values()))
    return records_from_yaml_items(data, shown, columns, collector, what=what)


def table_header_row(sheet: excel_source.Sheet, columns: list[Column]) -> int | None:
    """The row holding every required column's header (within the first 10 rows), if any."""
    required = [c for c in columns if c.required]
    for row_number, cells in sheet.rows[:10]:
        found = {c for c in required for cell in cells
                 if cell.value is not None and c.matches(str(cell.value))}
        if required and len(found) == len(required):
            return row_number
    return None


def check_unread_sheets(wb, read: set[str], shown: Path, columns: list[Column], collector: Collector,
                        *, what: str) -> None:
    """Visible sheets the reader does not read. One with the table's own header (a
    second year's ledger, 任务（续）) would silently lose its rows: refused. Any other
    sheet that holds something (填表说明, a chart's data) is said once, so the clerk
    knows it was not read."""
    read_names = "、".join(f"“{n}”" for n in sorted(read))
    for ws in wb.worksheets:
        if ws.title in read:
            continue
        sheet = excel_source.read_sheet(ws)
        if not sheet.rows:
            continue
        header = table_header_row(sheet, columns)
        if header is not None:
            count = sum(1 for r, _ in sheet.rows if r > header)
            collector.add(problem(Location(shown, sheet=ws.title, place=f"第{header}行（表头）"),
                                  f"这个工作表也有{what}的表头（下面有 {count} 行），但程序只读取工作表{read_names}，"
                                  "这些行不会被读取。请把它们移到该工作表中；不用的工作表请删除，"
                                  "如需留底可另存为其他文件"))
        else:
            collector.warn(problem(Location(shown, sheet=ws.title),
                                   f"该工作表没有{what}的表头，未读取（程序只读取工作表{read_names}）"))


def key_value_record(sheet: excel_source.Sheet, shown: Path, columns: list[Column],
                     collector: Collector) -> Record:
    """A 基本信息 sheet: one field per row, its name in column A and its value in column B."""
    values, where = {}, {}
    for _, cells in sheet.rows:
        if len(cells) < 2 or cells[0].value is None:
            continue
        column = next((c for c in columns if c.matches(str(cells[0].value))), None)
        loc = Location(shown, sheet=sheet.title, cell=cells[1].coordinate)
        if column is None:
            if str(cells[0].value).strip() not in ("字段", "项目"):
                collector.add(problem(Location(shown, sheet=sheet.title, cell=cells[0].coordinate),
                                      "未知的字段。可用的字段：" + "、".join(c.label for c in columns),
                                      str(cells[0].value)))
            continue
        values[column.key] = clean(cells[1].value, loc, column.label, collector)
        where[column.key] = loc
    return Record(values, where, Location(shown, sheet=sheet.title))


class UniqueKeys:
    """Names and numbers that must not repeat in a table: a repeat is reported at its
    own cell, pointing at where the key was first used."""

    def __init__(self, collector: Collector, label: str, what: str):
        self.collector, self.label, self.what = collector, label, what
        self.first: dict[object, Location] = {}

    def add(self, key, where: Location) -> bool:
        """False (and a problem reported) when `key` was seen before."""
        if key in self.first:
            self.collector.add(problem(where, f"{self.what}重复（已在 {self.first[key]} 出现），"
                                              f"每个{self.what}只能登记一次", self.label, key))
            return False
        self.first[key] = where
        return True


# --- records -> models -------------------------------------------------------

_MESSAGES = {
    "missing": "必填，不能为空",
    "string_type": "应为文字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为“是”或“否”",
    "date_parsing": "无法识别的日期",
    "enum": "不在允许的取值中",
    "extra_forbidden": "未知的字段",
    "literal_error": "不在允许的取值中",
}

M = TypeVar("M", bound=BaseModel)


def translate(error: dict) -> str:
    if error["type"] == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if error["type"] in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        return f"不在允许的取值中，可用的值：{expected}".replace("'", "")
    return _MESSAGES.get(error["type"], error["msg"])


def to_model(model: type[M], record: Record, columns: list[Column], collector: Collector, *,
             context: dict | None = None, drop: tuple[str, ...] = (), **fixed) -> M | None:
    """Validate one record; every failing field becomes a located problem."""
    labels = {c.key: c for c in columns}
    data = {k: v for k, v in record.values.items() if v is not None and k not in drop}
    data.update(fixed)
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        for error in exc.errors():
            key = str(error["loc"][0]) if error["loc"] else ""
            column = labels.get(key)
            message = translate(error)
            # A message that already lists what is allowed (the 时限 grammar's) is not told twice.
            if (column and column.allowed and error["type"] != "missing"
                    and column.allowed.split("：", 1)[-1] not in message):
                message += f"（{column.allowed}）"
            label = column.label if column else (key or None)
            if key in record.values and record.values[key] is not None:
                collector.add(problem(record.loc(key), message, label, _display(record.values[key])))
            else:
                collector.add(problem(record.loc(key), message, label))
        return None


def _display(value):
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return value
