from pydantic import BaseModel, ConfigDict, field_validator

from generator.model.values import normalize_text


class InputModel(BaseModel):
    """Base of every input model: unknown keys are errors, text is trimmed."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def required_text(value):
    if value is None or (isinstance(value, str) and not normalize_text(value)):
        raise ValueError("必填，不能为空")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def optional_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


__all__ = ["InputModel", "field_validator", "optional_text", "required_text"]
