"""Inputs written for the clerk to edit (an imported criteria notice): YAML in the
order given, Chinese as is, a comment on top."""
from __future__ import annotations

import yaml


def yaml_bytes(data: dict, comment: list[str] = ()) -> bytes:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    head = "".join(f"# {line}\n" for line in comment)
    return (head + body).encode("utf-8")
