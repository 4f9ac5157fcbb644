"""YAML loading that remembers the line of every key and list item."""
from __future__ import annotations

from pathlib import Path

import yaml

from generator.errors import Collector, Location, problem
from generator.readers.text import decode, describe_characters, illegal_characters, strip_illegal


class LDict(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    lines: dict


class LList(list):
    line: int = 0
    lines: list


class _Loader(yaml.SafeLoader):
    pass


# Dates stay text so that our parser reports an impossible date with its line,
# instead of PyYAML failing on it.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    result = LDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = str(key) if key is not None else ""
        if key in result:
            # The last one would silently win; both lines are named instead.
            loader.duplicates.append((key, result.lines[key], key_node.start_mark.line + 1))
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader, node):
    result = LList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path, shown: Path, collector: Collector):
    """Parse a YAML file; on a syntax error record a located problem and return None."""
    text = decode(path.read_bytes())
    for number, line in enumerate(text.split("\n"), start=1):
        bad = illegal_characters(line)
        if bad:
            collector.warn(problem(Location(shown, line=number),
                                   f"含有无法写入文档的控制字符（{describe_characters(bad)}），已删除"))
    text = strip_illegal(text)
    loader = _Loader(text)
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        hint = "YAML 格式错误"
        detail = f"{exc.problem or ''}"
        if "\t" in text.split("\n")[line - 1] if line else False:
            hint += "：该行含有 Tab 字符，请改用空格缩进"
        elif "mapping values" in detail:
            hint += "：冒号位置不对（冒号后应有一个空格；值中含冒号时请加引号）"
        elif "expected" in detail or "could not find" in detail:
            hint += "：缩进或引号不配对，请检查本行及上一行"
        else:
            hint += f"（{detail}）"
        collector.add(problem(Location(shown, line=line), hint))
    except yaml.YAMLError as exc:
        collector.add(problem(Location(shown), f"YAML 格式错误（{exc}）"))
    else:
        for key, first, second in loader.duplicates:
            collector.add(problem(Location(shown, line=second),
                                  f"字段“{key}”在第{first}行和第{second}行重复出现，请只保留一个", key))
        if loader.duplicates:
            return None
        if data is None:
            collector.add(problem(Location(shown), "文件是空的（或只有注释），没有可读取的内容；"
                                                   "不需要这份输入时请删除该文件"))
        return data
    finally:
        loader.dispose()
    return None


def load_mapping(path: Path, shown: Path, collector: Collector, *, what: str, example: str):
    """A YAML file that must hold “字段: 值” pairs at its top; else a located problem and None."""
    data = load_yaml(path, shown, collector)
    if data is None:
        return None
    if not isinstance(data, dict):
        collector.add(problem(Location(shown, line=1), f"{what}应为“字段: 值”的形式，如“{example}”"))
        return None
    return data
