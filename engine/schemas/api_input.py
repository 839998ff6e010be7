"""What REST API requests may send besides the directive annotation format: the
query parameters of each list and the body that completes a step. Strict types
(engine.schemas.strict); the OpenAPI document is generated from these schemas."""
from __future__ import annotations

from marshmallow import EXCLUDE, INCLUDE, Schema, fields, validate

from engine.domain.input_limits import MAX_ID, MAX_OFFSET
from engine.domain.status import STATUSES
from engine.schemas.strict import Text

MAX_LIMIT = 500
MAX_SEARCH = 200


class LanguageQuerySchema(Schema):
    """Every API request may pick the language of its messages."""

    class Meta:
        unknown = EXCLUDE

    lang = Text(validate=validate.OneOf(("vi", "en")),
                metadata={"description": "Language of messages (default: Accept-Language, then the user's own)"})


class TaskQuerySchema(LanguageQuerySchema):
    agency = Text(validate=validate.Length(min=1, max=120),
                  metadata={"description": "Lead agency code, e.g. so-khoa-hoc-va-cong-nghe"})
    status = fields.List(Text(metadata={"enum": list(STATUSES)}), load_default=list,
                         metadata={"description": "Derived status; repeat the parameter for several"})
    directive = fields.Integer(validate=validate.Range(min=1, max=MAX_ID), metadata={"description": "Directive id"})
    search = Text(validate=validate.Length(max=MAX_SEARCH), metadata={"description": "Words of the task or directive"})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=MAX_LIMIT))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_OFFSET))


class FormValue(fields.Raw):
    """One form field's value: text, a number (percent), or a list of texts
    (coordinating agencies); the step's form checks it."""


class StepCompletionSchema(Schema):
    """``{"values": {...}}``, or the form's fields directly at the top level."""

    class Meta:
        unknown = INCLUDE

    values = fields.Dict(keys=Text(validate=validate.Length(max=100)), values=FormValue(),
                         metadata={"description": "The step form's fields (GET /steps/{step_id} lists them)"})
