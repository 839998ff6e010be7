"""The monthly summary in the REST API: what may be asked (a month «YYYY-MM», a
directive, for the file the format) and the JSON answer (engine.usecases.monthly_summary
dumped as it is: counts per column with the previous month's and the change, the
late list by agency — each agency's total and its first LATE_SHOWN_PER_AGENCY — the
ranks, the first CHANGES_SHOWN assignments that changed with their total; every
assignment is the XLSX's)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from engine.domain.input_limits import MAX_ID
from engine.schemas.api_input import LanguageQuerySchema
from engine.schemas.strict import Text


class MonthlyReportQuerySchema(LanguageQuerySchema):
    month = Text(required=True, validate=validate.Length(min=1, max=20),
                 metadata={"description": "The month, YYYY-MM (e.g. 2025-09); not after the current month",
                           "pattern": r"^\d{4}-\d{2}$"})
    directive = fields.Integer(validate=validate.Range(min=1, max=MAX_ID),
                               metadata={"description": "One directive's id; without it, the whole province"})


class MonthlyReportFileQuerySchema(MonthlyReportQuerySchema):
    format = Text(required=True, validate=validate.OneOf(("docx", "xlsx")),
                  metadata={"description": "docx: the report ready to sign; xlsx: one row per assignment"})


def _counts():
    return fields.Dict(keys=fields.String(), values=fields.Integer())


class CountRowSchema(Schema):
    directive_id = fields.Integer(allow_none=True)
    label = fields.String()
    title = fields.String()
    total = fields.Integer()
    counts = _counts()
    previous_total = fields.Integer()
    previous = _counts()
    total_delta = fields.Integer()
    deltas = _counts()


class MonthlyAssignmentSchema(Schema):
    instance_id = fields.Integer()
    directive_id = fields.Integer()
    directive_number = fields.String(allow_none=True)
    task_ref = fields.String()
    task_summary = fields.String()
    agency_code = fields.String()
    agency_name = fields.String()
    deadline_kind = fields.String()
    due_date = fields.Date(allow_none=True)
    column = fields.String()
    days_late = fields.Integer()
    previous_column = fields.String(allow_none=True)


class AgencyLateSchema(Schema):
    agency_code = fields.String()
    agency_name = fields.String()
    total = fields.Integer(metadata={"description": "The agency's late assignments, all of them"})
    tasks = fields.List(fields.Nested(MonthlyAssignmentSchema),
                        metadata={"description": "The first of them, most days late first"})


class AgencyRateSchema(Schema):
    rank = fields.Integer()
    agency_code = fields.String()
    agency_name = fields.String()
    on_time = fields.Integer()
    judged = fields.Integer()
    rate = fields.Float()


class MonthlyReportSchema(Schema):
    month = fields.String()
    previous_month = fields.String()
    as_of = fields.Date()
    directive_id = fields.Integer(allow_none=True)
    columns = fields.List(fields.String())
    province = fields.Nested(CountRowSchema)
    directives = fields.List(fields.Nested(CountRowSchema))
    late_by_agency = fields.List(fields.Nested(AgencyLateSchema))
    rates = fields.List(fields.Nested(AgencyRateSchema))
    changes = fields.List(fields.Nested(MonthlyAssignmentSchema),
                          metadata={"description": "The first assignments that changed column, by directive and task"})
    changes_total = fields.Integer(metadata={"description": "How many assignments changed column"})
