"""Render a .docx template with docxtpl, safely, and return deterministic bytes.

Safety: autoescape is on, and every value is finalized so that nothing in the data
can act as markup — not XML (& < >), not docxtpl's own brace escapes ("{_{"), not
Jinja syntax (data is never evaluated as a template).
"""
from __future__ import annotations

import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from markupsafe import Markup, escape

from generator.errors import TemplateProblem
from generator.model import FontSettings
from generator.style import apply_fonts
from generator.writers.built import document_bytes


def _finalize(value):
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    # Braces as character references: docxtpl turns "{_{" back into "{{" after
    # rendering, which would alter text such as "{_{" typed by a clerk.
    text = str(escape(str(value)))
    return Markup(text.replace("{", "&#123;").replace("}", "&#125;"))


@lru_cache(maxsize=1)
def jinja_env() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, finalize=_finalize, undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=True)


@contextmanager
def template_problems(template: Path):
    """A broken template file or Jinja errors become a clerk-readable TemplateProblem
    naming the template."""
    try:
        yield
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError) as exc:
        raise TemplateProblem(template, "不是有效的 Word 模板（.docx 文件已损坏或格式不对），"
                                        "请删除它以使用内置模板，或用 Word 重新另存为 .docx") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(template, f"使用了未提供的变量（{exc.message}）。请对照内置模板检查标签拼写") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(template, f"标签语法错误（{exc.message}）。在 Word 中编辑时请保持 "
                                        "{{ … }}、{%tr … %}、{%p … %} 完整，不要拆分或改动其中的符号") from exc


def render_template(template: Path, context: dict, fonts: FontSettings, *,
                    title: str = "") -> bytes:
    with template_problems(template):
        tpl = DocxTemplate(str(template))
        tpl.render(context, jinja_env=jinja_env(), autoescape=True)
    apply_fonts(tpl.docx, fonts)
    return document_bytes(tpl, title)


@dataclass(frozen=True)
class RenderJob:
    """A document made from a template: callable like any Artifact.render, and
    recognised by writers.batch, which renders many jobs of one template fast."""

    template: Path
    context: dict
    fonts: FontSettings
    title: str = ""

    def __call__(self) -> bytes:
        return render_template(self.template, self.context, self.fonts, title=self.title)
