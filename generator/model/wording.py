"""The wording of a document kind whose layout is computed (summary, 公示, ledgers,
handbooks, posters, 作战图): its headings, fixed sentences and columns as a clerk may
reword them in templates/文字/<kind>.yaml.

A `WordingSpec` (declared by the document module) names every text, its built-in
value, its meaning and the variables it may use with a sample value. A `Wording` is
the spec with the values in use (built-in, or the workspace's file as read and checked
by readers/wording.py). Texts are Jinja strings, rendered strictly: a name the text
uses but the document does not pass is a bug, never an empty string on paper.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import jinja2

FOLDER = "文字"


@dataclass(frozen=True)
class Text:
    """One text of a kind: a Jinja string, or (columns=True) an ordered list of
    (column id, heading) pairs chosen among the kind's `column_ids`."""

    key: str
    default: str | tuple[tuple[str, str], ...]
    meaning: str
    variables: tuple[str, ...] = ()
    column_ids: tuple[str, ...] = ()

    @property
    def columns(self) -> bool:
        return bool(self.column_ids)


@dataclass(frozen=True)
class WordingSpec:
    name: str                      # file stem: templates/文字/<name>.yaml
    kind: str                      # what the clerk gets (shown by `wuhua templates`)
    texts: tuple[Text, ...]
    variables: dict = field(default_factory=dict)   # name -> (meaning, sample value)

    @property
    def file(self) -> str:
        return f"{FOLDER}/{self.name}.yaml"

    def text(self, key: str) -> Text:
        for t in self.texts:
            if t.key == key:
                return t
        raise KeyError(key)

    def builtin(self) -> Wording:
        return Wording(self, {t.key: t.default for t in self.texts})

    def sample(self, names) -> dict:
        return {n: self.variables[n][1] for n in names}

    def __hash__(self) -> int:
        return hash(self.name)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    # Sandboxed: the strings come from a file anyone in the office may edit.
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)


@lru_cache(maxsize=512)
def _compiled(source: str) -> jinja2.Template:
    return environment().from_string(source)


@dataclass(frozen=True)
class Wording:
    spec: WordingSpec
    values: dict
    source: str = ""               # the workspace file it came from ("" = built-in)

    def text(self, key: str, /, **context) -> str:
        """The text `key` with its variables filled in."""
        entry = self.spec.text(key)
        missing = [n for n in entry.variables if n not in context]
        if missing:   # a document module passes every variable it declares
            raise TypeError(f"{self.spec.name}.{key}: missing {missing}")
        return _compiled(self.values[key]).render(**context)

    def columns(self, key: str) -> list[tuple[str, str]]:
        """(column id, heading) in the clerk's order."""
        return [tuple(pair) for pair in self.values[key]]

    def __hash__(self) -> int:
        return hash((self.spec.name, self.source))


def builtin_yaml(spec: WordingSpec) -> str:
    """The built-in file a clerk edits: every text with its meaning and variables as comments."""
    import json

    def quoted(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    lines = [f"# {spec.kind}：文字模板（templates/{spec.file}）",
             "# 修改引号中的文字即可改变文档中的措辞；{{ 名称 }} 处填入数据，只能使用每项注释中列出的变量。",
             "# 删除某一项即恢复内置文字；改完运行 wuhua check 检查。",
             ""]
    for t in spec.texts:
        lines.append(f"# {t.meaning}")
        if t.variables:
            lines.append("#   可用变量：" + "；".join(f"{{{{ {n} }}}} {spec.variables[n][0]}（例：{spec.variables[n][1]}）"
                                             for n in t.variables))
        if t.columns:
            lines.append("#   每行“列名: 表头文字”；可删除、调整顺序、改表头。可用的列名："
                         + "、".join(t.column_ids))
            lines.append(f"{t.key}:")
            lines.extend(f"  - {column}: {quoted(heading)}" for column, heading in t.default)
        else:
            lines.append(f"{t.key}: {quoted(t.default)}")
        lines.append("")
    return "\n".join(lines)


def scaled_widths(columns: list[tuple[str, str]], widths: dict[str, int], total: int) -> list[int]:
    """Widths of the chosen columns, stretched to fill `total` (twips) as the full set did."""
    chosen = [widths[c] for c, _ in columns]
    out = [w * total // sum(chosen) for w in chosen]
    out[-1] += total - sum(out)
    return out
