from pydantic import field_validator

from generator.model.base import InputModel, optional_text, required_text
from generator.model.values import normalize_text, parse_list


class Department(InputModel):
    name: str                       # 部门名称
    aliases: tuple[str, ...] = ()   # 简称/别名 that tasks may use
    head: str = ""                  # 负责人
    leader: str = ""                # 分管领导
    phone: str = ""
    duty_summary: str = ""          # 主要职责

    _name = field_validator("name", mode="before")(required_text)
    _texts = field_validator("head", "leader", "phone", "duty_summary", mode="before")(optional_text)

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases(cls, v):
        return tuple(parse_list(v))

    def names(self) -> set[str]:
        return {normalize_text(self.name), *(normalize_text(a) for a in self.aliases)}


class Duty(InputModel):
    post: str          # 部门/岗位
    person: str = ""   # 责任人
    duty: str          # 安全生产职责
    requirement: str = ""  # 履职要求/频次
    basis: str = ""    # 依据

    _req = field_validator("post", "duty", mode="before")(required_text)
    _opt = field_validator("person", "requirement", "basis", mode="before")(optional_text)
