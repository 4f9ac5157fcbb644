from pydantic import BaseModel, ConfigDict, field_validator

from generator.model.values import normalize_text, parse_date


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


def optional_date(value):
    """A date field a clerk may leave blank."""
    return None if value in (None, "") else parse_date(value)


__all__ = ["InputModel", "field_validator", "optional_date", "optional_text", "required_text"]
