"""Handbooks (手册化): chapters → sections → blocks, as a clerk writes them in YAML.

Blocks are plain text, lists, tables, images and blank record forms, plus three that
are filled from other inputs when the handbook is rendered: the major-hazard criteria
(判定标准), the posts of an enterprise (岗位责任) and the self-check rhythm of task 10
(检查频次).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.model.criteria import IndustryClass


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class ListBlock:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class TableBlock:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()     # relative; empty means equal
    title: str = ""


@dataclass(frozen=True)
class ImageBlock:
    path: Path
    width_mm: float | None = None
    caption: str = ""


@dataclass(frozen=True)
class FormBlock:
    """A blank record form printed on its own page, to be filled in by hand."""

    title: str
    header: tuple[str, ...]
    rows: int = 12
    widths: tuple[float, ...] = ()
    fields: tuple[str, ...] = ()       # lines above the table: "检查日期：", "带队负责人："
    signatures: tuple[str, ...] = ()   # lines under the table: "检查人签字："
    note: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class CriteriaBlock:
    """Every criteria document of the industry (None: all), item by item, with
    explanation and self-check table."""

    industry: IndustryClass | None = None


@dataclass(frozen=True)
class Post:
    name: str
    person: str = ""
    duties: tuple[str, ...] = ()
    assessment: tuple[tuple[str, str, str], ...] = ()   # (考核内容, 考核标准, 分值)
    rewards: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostsBlock:
    posts: tuple[Post, ...]


@dataclass(frozen=True)
class RhythmBlock:
    """The check rhythm of task 10, for the handbook's industry."""

    industry: IndustryClass | None = None


Block = (Paragraph | ListBlock | TableBlock | ImageBlock | FormBlock | PageBreak | CriteriaBlock
         | PostsBlock | RhythmBlock)


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple = ()
    children: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Handbook:
    title: str
    source: Path
    organization: str = ""         # cover: the enterprise or office it is for
    compiler: str = ""             # cover: 编制单位
    date_text: str = ""            # cover: "2025年6月"
    header: str = ""               # running header; defaults to the title
    industry: IndustryClass | None = None
    numbered: bool = True          # headings numbered 一、（一）1. automatically
    foreword: tuple = ()           # blocks before chapter one
    chapters: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def running_header(self) -> str:
        return self.header or self.title

    def blocks(self):
        """Every block, depth first (to know which inputs the handbook draws on)."""
        yield from self.foreword

        def walk(section):
            yield from section.blocks
            for child in section.children:
                yield from walk(child)

        for chapter in self.chapters:
            yield from walk(chapter)
