"""The directive annotation format (corpus/SCHEMA.md) as a marshmallow schema: what
``chidao directive import`` and the extraction review accept."""
from __future__ import annotations

import re

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from engine.domain.deadlines import KINDS

_DAY_MONTH_OR_YEAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class DeadlineSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    kind = fields.String(load_default="none", validate=validate.OneOf(KINDS))
    value = fields.String(allow_none=True, load_default=None)
    before = fields.Boolean(load_default=False)
    text = fields.String(allow_none=True, load_default=None)
    applies_to = fields.String(allow_none=True, load_default=None)


class DocumentSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    number = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=100))
    type = fields.String(load_default="CV", validate=validate.Length(min=1, max=20))
    issuer = fields.String(load_default="", allow_none=True, validate=validate.Length(max=300))
    date = fields.String(allow_none=True, load_default=None)
    signer = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=200))
    title = fields.String(required=True, validate=validate.Length(min=1))
    monitor = fields.String(allow_none=True, load_default=None)
    authority = fields.String(allow_none=True, load_default=None)
    reporting_rule = fields.String(allow_none=True, load_default=None)

    @validates_schema
    def _date_shape(self, data, **_):
        value = data.get("date")
        if value and not _DAY_MONTH_OR_YEAR.match(value):
            raise ValidationError("phải có dạng YYYY-MM-DD, YYYY-MM hoặc YYYY", "date")


class TaskSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    ref = fields.String(required=True, validate=validate.Length(min=1, max=60))
    lead = fields.List(fields.String(), load_default=list)
    coordinating = fields.List(fields.String(), load_default=list)
    coordinating_groups = fields.List(fields.String(), load_default=list)
    deadline = fields.Nested(DeadlineSchema, load_default=lambda: {"kind": "none"})
    additional_deadlines = fields.List(fields.Nested(DeadlineSchema), load_default=list)
    product = fields.String(allow_none=True, load_default=None)
    reporting = fields.String(allow_none=True, load_default=None)
    summary = fields.String(required=True, validate=validate.Length(min=1))
    content = fields.String(allow_none=True, load_default=None)
    note = fields.String(allow_none=True, load_default=None)


class DirectiveImportSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    source = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=300))
    document = fields.Nested(DocumentSchema, required=True)
    tasks = fields.List(fields.Nested(TaskSchema), required=True)
    text = fields.String(allow_none=True, load_default=None)


_VIETNAMESE = {
    "Missing data for required field.": "thiếu trường bắt buộc",
    "Field may not be null.": "không được để trống",
    "Not a valid string.": "phải là chuỗi ký tự",
    "Not a valid list.": "phải là danh sách",
    "Not a valid boolean.": "phải là true/false",
    "Invalid input type.": "sai kiểu dữ liệu",
    "Shorter than minimum length 1.": "không được để trống",
    "Unknown field.": "trường không có trong lược đồ",
}


def _say(message: str, lang: str) -> str:
    if lang == "en":
        return message
    if message.startswith("Must be one of:"):
        return "phải là một trong:" + message.removeprefix("Must be one of:")
    if message.startswith("Longer than maximum length "):
        return f"tối đa {message.removeprefix('Longer than maximum length ').rstrip('.')} ký tự"
    return _VIETNAMESE.get(message, message)


def flatten_errors(messages, prefix: str = "", lang: str = "vi") -> list[str]:
    """marshmallow's nested error dict → readable "tasks.3.summary: ..." lines."""
    out = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            out.extend(flatten_errors(value, f"{prefix}{key}.", lang))
    elif isinstance(messages, list):
        for item in messages:
            if isinstance(item, (dict, list)):
                out.extend(flatten_errors(item, prefix, lang))
            else:
                out.append(f"{prefix.rstrip('.')}: {_say(str(item), lang)}")
    else:
        out.append(f"{prefix.rstrip('.')}: {_say(str(messages), lang)}")
    return out
