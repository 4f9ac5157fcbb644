"""A clerk's templates/文字/<kind>.yaml, checked like data: unknown keys and column
names with the closest match, Jinja syntax errors and unknown variables, each at its
line; a key left out keeps the built-in text."""
from __future__ import annotations

import difflib
from pathlib import Path

import jinja2

from generator.errors import Collector, Location, problem
from generator.model.wording import Text, Wording, WordingSpec, environment
from generator.readers.template import Place, _Checker, syntax_message
from generator.readers.yaml_source import load_mapping

HINT = "（wuhua templates 列出每个文字模板的项目和可用的变量）"


def _closest(name: str, names) -> str:
    close = difflib.get_close_matches(name, list(names), 1, 0.4)
    return f"您是否想写“{close[0]}”？" if close else ""


def _check_text(entry: Text, spec: WordingSpec, value, line: int, shown: Path, collector: Collector) -> bool:
    where = Location(shown, line=line)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        collector.add(problem(where, "应为一段文字（用英文双引号括起来）", entry.key))
        return False
    source = str(value)
    try:
        tree = environment().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        collector.add(problem(where, f"标签语法错误：{syntax_message(exc.message or '')}。"
                                     "请保持 {{ 名称 }} 完整", entry.key))
        return False
    before = len(collector.problems)

    def report(place, message):
        collector.add(problem(where, message, entry.key))

    context = spec.sample(entry.variables)
    checker = _Checker(context, lambda _: Place(entry.key, source, 0), report)
    checker.walk(tree, dict(context))
    return len(collector.problems) == before


def _check_columns(entry: Text, value, lines, shown: Path, collector: Collector):
    where = Location(shown, line=lines)
    allowed = "、".join(entry.column_ids)
    if not isinstance(value, list) or not value:
        collector.add(problem(where, f"应为若干行“- 列名: 表头文字”，至少一列。可用的列名：{allowed}", entry.key))
        return None
    out, seen = [], set()
    for i, item in enumerate(value):
        line = value.lines[i] if hasattr(value, "lines") else lines
        at = Location(shown, line=line)
        if not isinstance(item, dict) or len(item) != 1:
            collector.add(problem(at, f"每行应为“- 列名: 表头文字”，如“- {entry.column_ids[0]}: "
                                      f"{entry.column_ids[0]}”。可用的列名：{allowed}", entry.key))
            continue
        (column, heading), = item.items()
        if column not in entry.column_ids:
            collector.add(problem(at, f"没有名为“{column}”的列。{_closest(column, entry.column_ids)}"
                                      f"可用的列名：{allowed}", entry.key))
            continue
        if column in seen:
            collector.add(problem(at, f"列“{column}”出现了两次，请只保留一行", entry.key))
            continue
        if heading is None or isinstance(heading, (dict, list)) or not str(heading).strip():
            collector.add(problem(at, f"列“{column}”的表头文字是空的", entry.key))
            continue
        seen.add(column)
        out.append((column, str(heading).strip()))
    return tuple(out)


def read_wording(path: Path, shown: Path, spec: WordingSpec, collector: Collector) -> Wording | None:
    """The workspace's wording of `spec`, or None with every problem recorded."""
    before = len(collector.problems)
    data = load_mapping(path, shown, collector, what="文字模板", example=f"{spec.texts[0].key}: \"…\"")
    if data is None:
        return None
    keys = [t.key for t in spec.texts]
    values = {t.key: t.default for t in spec.texts}
    for key, value in data.items():
        line = data.lines.get(key)
        if key not in keys:
            collector.add(problem(Location(shown, line=line), f"不认识的项目“{key}”。{_closest(key, keys)}"
                                                               f"可用的项目：{'、'.join(keys)}{HINT}", key))
            continue
        entry = spec.text(key)
        if entry.columns:
            columns = _check_columns(entry, value, line, shown, collector)
            if columns is not None:
                values[key] = columns
        elif _check_text(entry, spec, value, line, shown, collector):
            values[key] = str(value)
    if len(collector.problems) > before:
        return None
    return Wording(spec, values, source=str(shown))


def unknown_file(path: Path, shown: Path, specs, collector: Collector) -> None:
    """A file in templates/文字/ no document reads: most likely a misspelt name."""
    names = [s.name for s in specs]
    collector.add(problem(Location(shown), f"没有名为“{path.stem}”的文字模板，这个文件不会被使用。"
                                           f"{_closest(path.stem, names)}可用的文字模板：{'、'.join(names)}"))
