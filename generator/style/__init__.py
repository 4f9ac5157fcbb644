"""The one style layer for the official format (GB/T 9704-2012).

Every document is built on `base_document()` and every rendered document passes
through `apply_fonts()`: page, margins, type and page numbers are defined here and
nowhere else.
"""
from generator.style.fonts import apply_fonts
from generator.style.package import base_document
from generator.style.page import Page, sect_pr

__all__ = ["Page", "apply_fonts", "base_document", "sect_pr"]
