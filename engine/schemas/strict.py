"""Strict marshmallow fields for everything callers send: a string must be a JSON
string a database can store (no NUL, control character or lone surrogate) and, where
asked, more than white space; a truth value must be ``true`` or ``false``, not
``"yes"`` or ``1``; an integer must be a JSON integer. The OpenAPI document describes
them as the plain types they extend."""
from __future__ import annotations

from marshmallow import ValidationError, fields

from engine.domain.input_limits import forbidden_character

FORBIDDEN_PREFIX = "Forbidden character "
BLANK = "May not be blank."


class Text(fields.String):
    def __init__(self, *, blank: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.blank = blank

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        bad = forbidden_character(text)
        if bad:
            raise ValidationError(f"{FORBIDDEN_PREFIX}{bad}.")
        if not self.blank and not text.strip():
            raise ValidationError(BLANK)
        return text


class Flag(fields.Boolean):
    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):      # 1 == True, so the truthy sets cannot tell
            raise self.make_error("invalid", input=value)
        return value


class WholeNumber(fields.Integer):
    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)
