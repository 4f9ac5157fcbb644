"""手册/*.yaml: a handbook's text, chapter by chapter (see model/handbook.py).

    标题: 重大事故隐患自查自改手册
    单位: 某民爆器材有限公司
    章:
      - 标题: 检查频次
        内容:
          - 一段文字
          - 列表: [第一项, 第二项]
        节:
          - 标题: …
"""
from __future__ import annotations

from pathlib import Path

from generator.errors import Collector, Location, problem
from generator.model.criteria import parse_industry_class
from generator.model.handbook import (CriteriaBlock, FormBlock, Handbook, ImageBlock, ListBlock,
                                      PageBreak, Paragraph, Post, PostsBlock, RhythmBlock, Section,
                                      TableBlock)
from generator.model.values import parse_bool, parse_date, format_date
from generator.readers.records import clean
from generator.readers.yaml_source import LDict, LList, load_yaml

TOP_KEYS = ("标题", "单位", "编制单位", "日期", "页眉", "行业", "自动编号", "前言", "章")
SECTION_KEYS = ("标题", "内容", "节")
BLOCK_KINDS = ("段落", "列表", "编号", "表格", "图片", "记录表", "分页", "判定标准", "岗位责任", "检查频次")


class _Reader:
    def __init__(self, path: Path, shown: Path, collector: Collector):
        self.path, self.shown, self.collector = path, shown, collector

    def at(self, node, key=None, index=None) -> Location:
        line = getattr(node, "line", None)
        if key is not None and isinstance(node, LDict):
            line = node.lines.get(key, line)
        if index is not None and isinstance(node, LList) and index < len(node.lines):
            line = node.lines[index]
        return Location(self.shown, line=line)

    def error(self, where: Location, message: str, field: str | None = None, *value) -> None:
        self.collector.add(problem(where, message, field, *value))

    def text(self, node, key, *, required=False) -> str:
        value = node.get(key) if isinstance(node, dict) else None
        value = clean(value, self.at(node, key), key, self.collector)
        if isinstance(value, (dict, list)):
            self.error(self.at(node, key), "应为一段文字", key)
            return ""
        if value is None:
            if required:
                self.error(self.at(node, key), "必填，不能为空", key)
            return ""
        return str(value).strip()

    def texts(self, node, key) -> tuple[str, ...]:
        value = node.get(key) if isinstance(node, dict) else None
        if value is None:
            return ()
        if not isinstance(value, list):
            value = [value]
        out = []
        for i, v in enumerate(value):
            v = clean(v, self.at(value, index=i) if isinstance(value, LList) else self.at(node, key), key,
                      self.collector)
            if isinstance(v, (dict, list)):
                self.error(self.at(node, key), "列表的每一项应为一段文字", key)
            elif v is not None:
                out.append(str(v).strip())
        return tuple(out)

    def unknown_keys(self, node, allowed, what) -> None:
        for key in node:
            if key not in allowed:
                self.error(self.at(node, key), f"{what}中未知的字段。可用的字段：{'、'.join(allowed)}", str(key))

    def industry(self, node, key):
        value = node.get(key)
        if value in (None, "", "全部"):
            return None
        try:
            return parse_industry_class(value)
        except ValueError as exc:
            self.error(self.at(node, key), str(exc), key, value)
            return None

    # --- structure -----------------------------------------------------------

    def handbook(self, data) -> Handbook | None:
        if not isinstance(data, dict):
            self.error(Location(self.shown, line=1), "手册应为“字段: 值”的形式，第一行如“标题: 全员安全生产岗位责任手册”")
            return None
        self.unknown_keys(data, TOP_KEYS, "手册")
        title = self.text(data, "标题", required=True)
        date_text = self.text(data, "日期")
        if date_text:
            try:
                date_text = format_date(parse_date(date_text))
            except ValueError:
                pass   # "2025年6月" is a fine cover date as written
        numbered = True
        if "自动编号" in data:
            try:
                numbered = parse_bool(data["自动编号"])
            except ValueError as exc:
                self.error(self.at(data, "自动编号"), str(exc), "自动编号", data["自动编号"])
        chapters = data.get("章")
        if not isinstance(chapters, list) or not chapters:
            self.error(self.at(data, "章" if "章" in data else None), "缺少“章”：手册至少要有一章（“章:”下每章以“- 标题: …”开头）")
            chapters = []
        return Handbook(
            title=title, source=self.path, organization=self.text(data, "单位"),
            compiler=self.text(data, "编制单位"), date_text=date_text, header=self.text(data, "页眉"),
            industry=self.industry(data, "行业"), numbered=numbered,
            foreword=self.blocks(data.get("前言"), data, "前言"),
            chapters=tuple(s for s in (self.section(c, chapters, i, 1) for i, c in enumerate(chapters)) if s))

    def section(self, node, parent, index, depth) -> Section | None:
        if not isinstance(node, dict):
            self.error(self.at(parent, index=index), "每一章（节）应以“- 标题: …”开头，内容写在“内容:”下")
            return None
        self.unknown_keys(node, SECTION_KEYS, "章节")
        children = node.get("节") or []
        if not isinstance(children, list):
            self.error(self.at(node, "节"), "“节”应为列表（每节以“- 标题: …”开头）")
            children = []
        if children and depth >= 3:
            self.error(self.at(node, "节"), "章节最多三级（章、节、小节）")
            children = []
        return Section(title=self.text(node, "标题", required=True),
                       blocks=self.blocks(node.get("内容"), node, "内容"),
                       children=tuple(s for s in (self.section(c, children, i, depth + 1)
                                                  for i, c in enumerate(children)) if s))

    def blocks(self, raw, parent, key) -> tuple:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raw = LList([raw])
            raw.lines = [parent.lines.get(key, parent.line) if isinstance(parent, LDict) else None]
        out = []
        for index, node in enumerate(raw):
            block = self.block(node, raw, index)
            if block is not None:
                out.append(block)
        return tuple(out)

    def block(self, node, parent, index):
        where = self.at(parent, index=index)
        if isinstance(node, (str, int, float)):
            text = clean(str(node), where, "内容", self.collector)
            return Paragraph(text.strip()) if text else None
        if not isinstance(node, dict) or len(node) != 1 or next(iter(node)) not in BLOCK_KINDS:
            shown = "、".join(str(k) for k in node) if isinstance(node, dict) else str(node)
            self.error(where, f"无法识别的内容块。每块是一段文字，或以下列之一开头：{'、'.join(BLOCK_KINDS)}",
                       "内容", shown)
            return None
        kind = next(iter(node))
        value = node[kind]
        if kind == "段落":
            text = self.text(node, kind)
            return Paragraph(text) if text else None
        if kind in ("列表", "编号"):
            return ListBlock(self.texts(node, kind), numbered=kind == "编号")
        if kind == "分页":
            return PageBreak()
        if kind in ("判定标准", "检查频次"):
            industry = self.industry(node, kind)
            return CriteriaBlock(industry) if kind == "判定标准" else RhythmBlock(industry)
        if not isinstance(value, dict) and kind != "岗位责任" and kind != "图片":
            self.error(self.at(node, kind), f"“{kind}”下应为“字段: 值”", kind)
            return None
        return getattr(self, {"表格": "table", "图片": "image", "记录表": "form", "岗位责任": "posts"}[kind])(
            value, node, kind)

    def _rows(self, value, key) -> tuple[tuple[str, ...], ...]:
        rows = value.get(key) or []
        out = []
        for i, row in enumerate(rows if isinstance(rows, list) else []):
            if not isinstance(row, list):
                self.error(self.at(rows, index=i), "表格的每一行应为列表，如 [内容1, 内容2]", key)
                continue
            out.append(tuple("" if c is None else str(clean(c, self.at(rows, index=i), key, self.collector) or "")
                             for c in row))
        return tuple(out)

    def _widths(self, value) -> tuple[float, ...]:
        raw = value.get("列宽")
        if raw is None:
            return ()
        try:
            widths = tuple(float(w) for w in raw)
            if any(w <= 0 for w in widths):
                raise ValueError
            return widths
        except (TypeError, ValueError):
            self.error(self.at(value, "列宽"), "列宽应为正数的列表（相对比例），如 [1, 4, 2]", "列宽", raw)
            return ()

    def table(self, value, node, kind) -> TableBlock | None:
        self.unknown_keys(value, ("标题", "表头", "行", "列宽"), "表格")
        header = self.texts(value, "表头")
        rows = self._rows(value, "行")
        width = len(header) or max((len(r) for r in rows), default=0)
        for i, row in enumerate(rows):
            if header and len(row) != len(header):
                self.error(self.at(value, "行"), f"第{i + 1}行有{len(row)}列，表头有{len(header)}列，应一致", "行")
        widths = self._widths(value)
        if widths and len(widths) != width:
            self.error(self.at(value, "列宽"), f"列宽有{len(widths)}项，表格有{width}列，应一致", "列宽")
            widths = ()
        if not width:
            self.error(self.at(node, kind), "表格没有表头也没有行", kind)
            return None
        return TableBlock(header, rows, widths, self.text(value, "标题"))

    def image(self, value, node, kind) -> ImageBlock | None:
        spec = value if isinstance(value, dict) else {"文件": value}
        if isinstance(value, dict):
            self.unknown_keys(value, ("文件", "宽度", "说明"), "图片")
        name = str(spec.get("文件") or "").strip()
        where = self.at(value if isinstance(value, dict) else node, "文件" if isinstance(value, dict) else kind)
        path = (self.path.parent / name) if name else None
        if path is None or not path.is_file():
            self.error(where, "找不到图片文件（路径相对于手册文件所在的文件夹）", "文件", name)
            return None
        if path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".gif", ".bmp"):
            self.error(where, "图片应为 .png 或 .jpg", "文件", name)
            return None
        width = spec.get("宽度")
        try:
            width = float(str(width).lower().replace("mm", "").replace("毫米", "")) if width is not None else None
        except ValueError:
            self.error(self.at(value, "宽度"), "宽度应为毫米数，如 120", "宽度", width)
            width = None
        caption = self.text(value, "说明") if isinstance(value, dict) else ""
        return ImageBlock(path, width, caption)

    def form(self, value, node, kind) -> FormBlock | None:
        self.unknown_keys(value, ("标题", "表头", "行数", "列宽", "填写项", "签字", "说明"), "记录表")
        header = self.texts(value, "表头")
        if not header:
            self.error(self.at(node, kind), "记录表需要“表头”", "表头")
            return None
        rows = value.get("行数", 12)
        if not isinstance(rows, int) or not 1 <= rows <= 60:
            self.error(self.at(value, "行数"), "行数应为 1 到 60 的整数", "行数", rows)
            rows = 12
        widths = self._widths(value)
        if widths and len(widths) != len(header):
            self.error(self.at(value, "列宽"), f"列宽有{len(widths)}项，表头有{len(header)}列，应一致", "列宽")
            widths = ()
        return FormBlock(self.text(value, "标题", required=True), header, rows, widths,
                         self.texts(value, "填写项"), self.texts(value, "签字"), self.text(value, "说明"))

    def posts(self, value, node, kind) -> PostsBlock | None:
        if not isinstance(value, list):
            self.error(self.at(node, kind), "“岗位责任”下应为岗位列表（每个岗位以“- 岗位: …”开头）", kind)
            return None
        posts = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.error(self.at(value, index=i), "每个岗位应以“- 岗位: …”开头", "岗位")
                continue
            self.unknown_keys(item, ("岗位", "责任人", "职责", "考核", "奖惩"), "岗位")
            assessment = []
            for j, a in enumerate(item.get("考核") or []):
                if not isinstance(a, dict):
                    self.error(self.at(item["考核"], index=j), "考核的每一项应有“内容”“标准”“分值”", "考核")
                    continue
                self.unknown_keys(a, ("内容", "标准", "分值"), "考核")
                assessment.append((self.text(a, "内容", required=True), self.text(a, "标准"), self.text(a, "分值")))
            posts.append(Post(self.text(item, "岗位", required=True), self.text(item, "责任人"),
                              self.texts(item, "职责"), tuple(assessment), self.texts(item, "奖惩")))
        return PostsBlock(tuple(posts))


def read_handbook(path: Path, shown: Path, collector: Collector) -> Handbook | None:
    data = load_yaml(path, shown, collector)
    if data is None:
        return None
    return _Reader(path, shown, collector).handbook(data)
