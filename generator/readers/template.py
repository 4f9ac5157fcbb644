"""A Word template a clerk edited (templates/*.docx), checked like data before anything
is rendered: every problem located by paragraph or table cell, all at once.

docxtpl renders the whole document.xml as one Jinja template, so its own errors say
neither where the broken tag is nor what names exist. Here the tags are taken from
the document as Word shows it (paragraph by paragraph, cell by cell, runs joined, so
a tag Word split over several runs is read whole), and put one per line into a
skeleton template with the same control flow. A syntax error's line is then a tag,
and a tag is a place in the document. Names are checked statically against the
context the document kind will pass (the real data of the workspace), so an unknown
name is found even inside a loop that happens to be empty, and the message lists the
names that exist there and the closest one.
"""
from __future__ import annotations

import difflib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

from generator.errors import Collector, Location, problem

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# docxtpl's own markers: {%tr …%} row, {%tc …%} cell, {%p …%} paragraph, {%r …%} run, {{r …}}, {{p …}}
_DOCXTPL_PREFIX = re.compile(r"^\{([{%])\s*(?:tr|tc|p|r)\s+")
_SPECIAL = re.compile(r"^\{%\s*(colspan|cellbg)\s+(.*?)\s*%\}$", re.S)
LOOP_ATTRIBUTES = ("index", "index0", "revindex", "revindex0", "first", "last", "length", "cycle", "depth",
                   "depth0", "previtem", "nextitem", "changed")
EDIT_HINT = "在 Word/WPS 中编辑时请保持 {{ … }}、{%tr … %}、{%p … %} 完整，不要拆分或改动其中的符号"


@dataclass(frozen=True)
class Place:
    """Where a piece of text sits in the document, as a clerk finds it in Word."""

    name: str          # "第3段" / "表格1 第4行第2列" / "页眉"
    text: str
    order: int


def places(path: Path) -> list[Place]:
    """Every paragraph of the body and every table cell (and headers and footers
    holding tags) with its text as Word shows it, in document order. Read from the
    XML directly: python-docx's cell grid refuses tables whose merged cells docxtpl
    templates leave irregular."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    def text(element) -> str:
        return "\n".join(Paragraph(p, None).text for p in element.iter(qn("w:p")))

    document = docx.Document(str(path))
    out: list[Place] = []
    body_paragraph = table_number = 0
    for block in document.element.body:
        if block.tag == qn("w:p"):
            body_paragraph += 1
            out.append(Place(f"第{body_paragraph}段", text(block), len(out)))
        elif block.tag == qn("w:tbl"):
            table_number += 1
            for r, row in enumerate(block.iter(qn("w:tr")), start=1):
                for c, cell in enumerate(row.iter(qn("w:tc")), start=1):
                    out.append(Place(f"表格{table_number} 第{r}行第{c}列", text(cell), len(out)))
    for s, section in enumerate(document.sections, start=1):
        for kind, part in (("页眉", section.header), ("页脚", section.footer)):
            if part.is_linked_to_previous:
                continue
            words = text(part._element)  # the header part's own root: no public accessor
            if "{" in words:
                out.append(Place(kind if len(document.sections) == 1 else f"第{s}节{kind}", words, len(out)))
    return out


def _shown(text: str, limit: int = 30) -> str:
    text = text.replace("\n", "↵").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _skeleton_line(tag: str) -> str:
    """The tag as plain Jinja: docxtpl's markers removed, colspan/cellbg as expressions."""
    special = _SPECIAL.match(tag)
    if special:
        return "{{ " + special.group(2) + " }}"
    return _DOCXTPL_PREFIX.sub(lambda m: "{" + m.group(1) + " ", tag)


class _Scope:
    """What a name stands for while walking the skeleton: a sample value from the
    context the document will be rendered with, or UNKNOWN where it cannot be known."""


UNKNOWN = _Scope()


def _available(value) -> list[str]:
    return sorted(value) if isinstance(value, dict) else []


def _element(value):
    """A loop variable's sample: the keys of every element merged, so a name that
    exists in any row is accepted."""
    if isinstance(value, (list, tuple)) and value:
        if all(isinstance(v, dict) for v in value):
            merged: dict = {}
            for v in value:
                for k, x in v.items():
                    if k not in merged or merged[k] in (None, "", [], {}):
                        merged[k] = x
            return merged
        return value[0]
    return UNKNOWN


class _Checker:
    def __init__(self, context: dict, where, report):
        self.where = where          # line number -> Place
        self.report = report        # (place, message)
        self.reported: set = set()  # (line, name): said once, whichever context found it
        self.context = context

    def walk(self, node, scope: dict) -> None:
        if isinstance(node, nodes.For):
            iterable = self.value(node.iter, scope)
            inner = dict(scope)
            self.bind(node.target, _element(iterable) if iterable is not UNKNOWN else UNKNOWN, inner)
            inner["loop"] = {name: UNKNOWN for name in LOOP_ATTRIBUTES}
            for child in node.body:
                self.walk(child, inner)
            for child in node.else_:
                self.walk(child, scope)
            if node.test is not None:
                self.value(node.test, inner)
            return
        if isinstance(node, nodes.Assign):
            value = self.value(node.node, scope)
            self.bind(node.target, value, scope)
            return
        if isinstance(node, nodes.Expr):
            self.value(node, scope)
            return
        if isinstance(node, nodes.If):
            self.value(node.test, scope)
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr) and not isinstance(node, nodes.Output):
                continue
            self.walk(child, scope)

    def bind(self, target, value, scope: dict) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, UNKNOWN, scope)

    def value(self, node, scope: dict):
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in jinja_globals():
                return UNKNOWN
            names = sorted(n for n in scope if n != "loop")
            dotted = [f"{n}.{k}" for n in names if isinstance(scope[n], dict) for k in scope[n]]
            close = difflib.get_close_matches(node.name, names + [d.split(".", 1)[1] for d in dotted], 1, 0.5)
            close = [next((d for d in dotted if d.endswith("." + c)), c) for c in close]
            self.unknown(node.lineno, node.name, names, node.name, close)
            return UNKNOWN
        if isinstance(node, nodes.Getattr):
            base = self.value(node.node, scope)
            return self.attribute(node, base, node.attr)
        if isinstance(node, nodes.Getitem):
            base = self.value(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.attribute(node, base, node.arg.value)
            self.value(node.arg, scope)
            return UNKNOWN
        if isinstance(node, nodes.Const):
            return node.value
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.value(child, scope)
            elif isinstance(child, nodes.Keyword):
                self.value(child.value, scope)
        return UNKNOWN

    def attribute(self, node, base, attr: str):
        if base is UNKNOWN:
            return UNKNOWN
        if not isinstance(base, dict):
            if base is not None and not hasattr(base, attr):
                self.unknown(node.lineno, f"{_expression_prefix(node)}.{attr}", [], attr, [])
            return UNKNOWN
        if attr in base:
            return base[attr]
        prefix = _expression_prefix(node)
        self.unknown(node.lineno, f"{prefix}.{attr}" if prefix else attr,
                     [f"{prefix}.{k}" if prefix else k for k in _available(base)], attr,
                     [f"{prefix}.{k}" if prefix else k for k in _closest(attr, _available(base))])
        return UNKNOWN

    def unknown(self, lineno: int, name: str, available: list[str], bare: str, close: list[str] | None = None):
        key = (lineno, name)
        if key in self.reported:
            return
        self.reported.add(key)
        if close is None:
            close = difflib.get_close_matches(bare, available, 1)
        message = f"使用了不存在的变量“{name}”。"
        if close:
            message += f"您是否想写 {close[0]}？"
        if available:
            message += f"这里可用的变量：{'、'.join(available)}"
        message += "（wuhua templates 列出每个模板可用的变量及其含义）"
        self.report(self.where(lineno), message)


def _closest(name: str, names: list[str]) -> list[str]:
    """The one name a clerk most likely meant: by spelling, else the one it starts like."""
    close = difflib.get_close_matches(name, names, 1, 0.5)
    if not close:
        close = [n for n in names if n and (name.startswith(n) or n.startswith(name))][:1]
    return close


_SYNTAX = [
    (re.compile(r"Encountered unknown tag '([^']+)'"), "不认识的标签“{0}”"),
    (re.compile(r"unexpected end of template", re.I), "标签没有闭合（缺少 endfor 或 endif）"),
    (re.compile(r"unexpected '([^']+)'"), "多余或位置不对的“{0}”"),
    (re.compile(r"expected token '([^']+)', got '([^']+)'"), "这里应为“{0}”，却是“{1}”"),
]


def syntax_message(detail: str) -> str:
    for pattern, words in _SYNTAX:
        m = pattern.search(detail)
        if m:
            return f"{words.format(*m.groups())}（{detail}）"
    return detail


def _expression_prefix(node) -> str:
    """`t` for t.leader_name, `l.groups` for l.groups.titel: how the clerk wrote it."""
    inner = node.node
    parts = []
    while isinstance(inner, (nodes.Getattr, nodes.Getitem)):
        parts.append(inner.attr if isinstance(inner, nodes.Getattr) else "…")
        inner = inner.node
    if isinstance(inner, nodes.Name):
        parts.append(inner.name)
        return ".".join(reversed(parts))
    return ""


def jinja_globals() -> set[str]:
    return set(jinja2.Environment().globals)


def check_template(path: Path, shown: Path, contexts: list[dict], collector: Collector) -> bool:
    """Record every problem of one template; True when it is clean."""
    before = len(collector.problems)

    def add(place: Place | None, message: str) -> None:
        if place is None:
            collector.add(problem(Location(shown), message))
        else:
            collector.add(problem(Location(shown, place=f"{place.name}（“{_shown(place.text)}”）", order=place.order),
                                  message))

    try:
        with zipfile.ZipFile(path) as z:
            z.getinfo("word/document.xml")
        found = places(path)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        add(None, "不是有效的 Word 模板（.docx 文件已损坏或格式不对），请删除它以使用内置模板，"
                  f"或用 Word 重新另存为 .docx（{type(exc).__name__}）")
        return False

    lines: list[str] = []
    line_places: list[Place] = []
    for place in found:
        text = place.text
        opened = text.count("{{") + text.count("{%")
        closed = text.count("}}") + text.count("%}")
        if opened != closed:
            add(place, f"标签不完整：“{{{{”“{{%”与“}}}}”“%}}”没有成对出现。{EDIT_HINT}")
            continue
        for tag in _TAG.findall(text):
            lines.append(_skeleton_line(tag))
            line_places.append(place)
    broken = len(collector.problems) > before

    def where(lineno: int) -> Place | None:
        return line_places[lineno - 1] if 0 < lineno <= len(line_places) else None

    # Same delimiters and syntax as the renderer's environment (writers.docx.jinja_env).
    source = "\n".join(lines)
    try:
        tree = jinja2.Environment().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        if not broken:  # else most likely a consequence of the incomplete tag already named
            add(where(exc.lineno), f"标签语法错误：{syntax_message(exc.message or '')}。{EDIT_HINT}")
        return False
    # Each context separately: a name that only some documents have (a department's
    # list has a department, the year's list has none) fails the others at build time.
    reported: set = set()
    for context in contexts or [{}]:
        checker = _Checker(context, where, add)
        checker.reported = reported
        checker.walk(tree, dict(context))
    return len(collector.problems) == before


def template_names(path: Path) -> list[str]:
    """The variables a template uses, as written (for `wuhua templates`)."""
    names = []
    for place in places(path):
        for tag in _TAG.findall(place.text):
            for name in re.findall(r"[A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)+", tag):
                if name not in names:
                    names.append(name)
    return names
