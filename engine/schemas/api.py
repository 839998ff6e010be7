"""Output shapes the REST API adds to engine.schemas.output: one task (an instance) with
its "6 rõ", status and pending steps; one pending step with its form; the outcome of
completing a step; the result of importing a directive; the lists that wrap rows;
errors. Dates are ISO 8601."""
from __future__ import annotations

from marshmallow import Schema, fields

from engine.schemas.output import DirectiveFactsSchema, DirectiveRowSchema, StepRowSchema, TaskRowSchema


class StatusSchema(Schema):
    code = fields.String()
    label = fields.String()
    overdue = fields.Boolean()
    days_late = fields.Integer()
    days_suspended = fields.Integer()


class ReportPeriodSchema(Schema):
    """One monthly report period of a task: filed (late or not), waiting, or missed."""

    period = fields.String()
    status = fields.String()
    due_date = fields.Date(allow_none=True)
    filed_at = fields.DateTime(allow_none=True)
    filed_late = fields.Boolean()
    missed = fields.Boolean()
    days_missed = fields.Integer()


class AgencyRefSchema(Schema):
    code = fields.String()
    name = fields.String()


class UserRefSchema(Schema):
    login = fields.String()
    name = fields.String()


class TaskDefSchema(Schema):
    id = fields.Integer()
    ref = fields.String()
    summary = fields.String()
    content = fields.String(allow_none=True)
    product = fields.String(allow_none=True)
    reporting = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    deadline_text = fields.String(allow_none=True)
    deadline_kind = fields.String()


class DirectiveBriefSchema(DirectiveFactsSchema):
    signer = fields.String(allow_none=True)


class PendingStepSchema(Schema):
    id = fields.String()
    name = fields.String()
    title = fields.String()
    form = fields.String()
    role = fields.String()
    role_label = fields.String()
    agency = fields.String(allow_none=True)
    agency_name = fields.String(allow_none=True)
    assignee = fields.String(allow_none=True)
    assignee_name = fields.String(allow_none=True)
    due = fields.Date(allow_none=True)
    optional = fields.Boolean()
    can_act = fields.Boolean()
    period = fields.String(allow_none=True)


class TaskDetailSchema(Schema):
    id = fields.Integer()
    phase = fields.String()
    closed = fields.Boolean()
    status = fields.Nested(StatusSchema)
    escalation = fields.String(allow_none=True)
    percent = fields.Integer(allow_none=True)
    outcome = fields.String(allow_none=True)
    due_date = fields.Date(allow_none=True)
    original_due_date = fields.Date(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    completed_on_time = fields.Boolean(allow_none=True)
    deadline_kind = fields.String()
    accept_due = fields.Date(allow_none=True)
    suspended_at = fields.DateTime(allow_none=True)
    monthly = fields.List(fields.Nested(ReportPeriodSchema))
    task = fields.Nested(TaskDefSchema)
    directive = fields.Nested(DirectiveBriefSchema)
    lead = fields.Nested(AgencyRefSchema)
    coordinating = fields.List(fields.Nested(AgencyRefSchema))
    monitor = fields.Nested(AgencyRefSchema)
    authority = fields.Nested(AgencyRefSchema)
    officer = fields.Nested(UserRefSchema, allow_none=True)
    waiting = fields.List(fields.Nested(PendingStepSchema))
    actions = fields.List(fields.Nested(PendingStepSchema))


class StepDetailSchema(Schema):
    id = fields.String()
    name = fields.String()
    title = fields.String()
    role = fields.String()
    agency = fields.String(allow_none=True)
    assignee = fields.String(allow_none=True)
    due = fields.String(allow_none=True)
    optional = fields.Boolean()
    period = fields.String(allow_none=True)
    instance_id = fields.Integer()
    task_ref = fields.String()
    task = fields.String()
    directive = fields.String()
    can_act = fields.Boolean()
    form = fields.Dict()


class StepOutcomeSchema(Schema):
    instance_id = fields.Integer()
    step_id = fields.String()
    phase = fields.String()
    new_steps = fields.List(fields.String())


class ImportResultSchema(Schema):
    directive_id = fields.Integer()
    tasks = fields.Integer()
    instances = fields.Integer()
    warnings = fields.List(fields.String())


class TaskListSchema(Schema):
    total = fields.Integer(metadata={"description": "Tasks matching the filters, all pages"})
    limit = fields.Integer()
    offset = fields.Integer()
    tasks = fields.List(fields.Nested(TaskRowSchema))


class StepListSchema(Schema):
    steps = fields.List(fields.Nested(StepRowSchema))


class DirectiveListSchema(Schema):
    directives = fields.List(fields.Nested(DirectiveRowSchema))


class ErrorSchema(Schema):
    """Every error answer of the API."""

    error = fields.String(required=True, metadata={"description": "What went wrong, in the caller's language"})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status, repeated"})


class FormErrorSchema(ErrorSchema):
    """A step's values were refused: a message per field."""

    per_field = fields.Dict(keys=fields.String(), values=fields.String(), required=True, data_key="fields")
