"""The directive annotation format (corpus/SCHEMA.md) as a marshmallow schema: what
``chidao directive import``, the REST API and the extraction review accept. Types are
strict (engine.schemas.strict): every text a string without NUL or control
characters, titles and summaries more than white space, a directive's date a real day
within the years input_limits allows."""
from __future__ import annotations

import re
from datetime import date

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from engine.domain.deadlines import KINDS
from engine.domain.input_limits import MAX_YEAR, MIN_YEAR, plausible_year
from engine.schemas.strict import BLANK, FORBIDDEN_PREFIX, Flag, Text

_DAY_MONTH_OR_YEAR = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
LONG_TEXT = 20_000          # a summary, content or note
DOCUMENT_TEXT = 5_000_000   # the directive's full text


class DeadlineSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    kind = Text(load_default="none", validate=validate.OneOf(KINDS))
    value = Text(allow_none=True, load_default=None, validate=validate.Length(max=20))
    before = Flag(load_default=False)
    text = Text(allow_none=True, load_default=None, validate=validate.Length(max=2000))
    applies_to = Text(allow_none=True, load_default=None, validate=validate.Length(max=2000))


_SHAPE = "Must look like YYYY-MM-DD, YYYY-MM or YYYY."
_NO_SUCH_DAY = "That day does not exist."
_YEARS = f"The year must be from {MIN_YEAR} to {MAX_YEAR}."


def _issue_date(value: str | None) -> None:
    """A directive's date: YYYY-MM-DD, YYYY-MM or YYYY (a year alone needs the day given
    beside it: --issued-on), a day that exists, a plausible year."""
    if not value:
        return
    match = _DAY_MONTH_OR_YEAR.match(value)
    if not match:
        raise ValidationError(_SHAPE)
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        date(year, month, day)
    except ValueError:
        raise ValidationError(_NO_SUCH_DAY) from None
    if not plausible_year(year):
        raise ValidationError(_YEARS)


class DocumentSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    number = Text(allow_none=True, load_default=None, validate=validate.Length(max=100))
    type = Text(load_default="CV", blank=False, validate=validate.Length(min=1, max=20))
    issuer = Text(load_default="", allow_none=True, validate=validate.Length(max=300))
    date = Text(allow_none=True, load_default=None, validate=_issue_date)
    signer = Text(allow_none=True, load_default=None, validate=validate.Length(max=200))
    title = Text(required=True, blank=False, validate=validate.Length(min=1, max=2000))
    monitor = Text(allow_none=True, load_default=None, validate=validate.Length(max=300))
    authority = Text(allow_none=True, load_default=None, validate=validate.Length(max=300))
    reporting_rule = Text(allow_none=True, load_default=None, validate=validate.Length(max=LONG_TEXT))


class TaskSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    ref = Text(required=True, blank=False, validate=validate.Length(min=1, max=60))
    lead = fields.List(Text(validate=validate.Length(max=300)), load_default=list, validate=validate.Length(max=500))
    coordinating = fields.List(Text(validate=validate.Length(max=300)), load_default=list,
                               validate=validate.Length(max=500))
    coordinating_groups = fields.List(Text(validate=validate.Length(max=300)), load_default=list,
                                      validate=validate.Length(max=50))
    deadline = fields.Nested(DeadlineSchema, load_default=lambda: {"kind": "none"})
    additional_deadlines = fields.List(fields.Nested(DeadlineSchema), load_default=list,
                                       validate=validate.Length(max=50))
    product = Text(allow_none=True, load_default=None, validate=validate.Length(max=LONG_TEXT))
    reporting = Text(allow_none=True, load_default=None, validate=validate.Length(max=LONG_TEXT))
    summary = Text(required=True, blank=False, validate=validate.Length(min=1, max=LONG_TEXT))
    content = Text(allow_none=True, load_default=None, validate=validate.Length(max=LONG_TEXT))
    note = Text(allow_none=True, load_default=None, validate=validate.Length(max=LONG_TEXT))


class DirectiveImportSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    source = Text(allow_none=True, load_default=None, validate=validate.Length(max=300))
    document = fields.Nested(DocumentSchema, required=True)
    tasks = fields.List(fields.Nested(TaskSchema), required=True, validate=validate.Length(max=2000))
    text = Text(allow_none=True, load_default=None, validate=validate.Length(max=DOCUMENT_TEXT))
    # the day when the document prints only its month, its year or nothing (the REST API's
    # counterpart of the CLI's --issued-on; read, and refused when bad, by issue_day)
    issued_on = Text(allow_none=True, load_default=None, validate=validate.Length(max=20))


_VIETNAMESE = {
    "Missing data for required field.": "thiếu trường bắt buộc",
    "Field may not be null.": "không được để trống",
    "Not a valid string.": "phải là chuỗi ký tự",
    "Not a valid list.": "phải là danh sách",
    "Not a valid boolean.": "phải là true/false",
    "Invalid input type.": "sai kiểu dữ liệu",
    "Shorter than minimum length 1.": "không được để trống",
    "Unknown field.": "trường không có trong lược đồ",
    "Not a valid integer.": "phải là số nguyên",
    "Not a valid mapping type.": "phải là một đối tượng",
    BLANK: "không được chỉ có khoảng trắng",
    _SHAPE: "phải có dạng YYYY-MM-DD, YYYY-MM hoặc YYYY",
    _NO_SUCH_DAY: "ngày không tồn tại",
    _YEARS: f"năm phải từ {MIN_YEAR} đến {MAX_YEAR}",
}


def _say(message: str, lang: str) -> str:
    if lang == "en":
        return message
    if message.startswith("Must be one of:"):
        return "phải là một trong:" + message.removeprefix("Must be one of:")
    if message.startswith(FORBIDDEN_PREFIX):
        return f"chứa ký tự không được phép {message.removeprefix(FORBIDDEN_PREFIX).rstrip('.')}"
    if message.startswith("Must be greater than or equal to ") or message.startswith("Must be less than"):
        return _range_vi(message)
    if message.startswith("Longer than maximum length "):
        return f"tối đa {message.removeprefix('Longer than maximum length ').rstrip('.')} ký tự"
    return _VIETNAMESE.get(message, message)


def _range_vi(message: str) -> str:
    """marshmallow's Range messages ("Must be greater than or equal to 1 and less than
    or equal to 500.") in Vietnamese."""
    numbers = re.findall(r"-?\d+", message)
    if len(numbers) == 2:
        return f"phải từ {numbers[0]} đến {numbers[1]}"
    side = "≥" if "greater" in message else "≤"
    return f"phải {side} {numbers[0]}" if numbers else message


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
