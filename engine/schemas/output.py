"""Output shapes for --json and the REST API."""
from __future__ import annotations

from marshmallow import Schema, fields


class TaskRowSchema(Schema):
    id = fields.Integer()
    directive_id = fields.Integer()
    number = fields.String(allow_none=True)
    directive_title = fields.String()
    ref = fields.String()
    summary = fields.String()
    product = fields.String(allow_none=True)
    agency_code = fields.String()
    agency_name = fields.String()
    officer_login = fields.String(allow_none=True)
    phase = fields.String()
    status = fields.String()
    status_label = fields.String()
    overdue = fields.Boolean()
    days_late = fields.Integer()
    days_suspended = fields.Integer()
    due_date = fields.Date(allow_none=True)
    original_due_date = fields.Date(allow_none=True)
    accept_due = fields.Date(allow_none=True)
    deadline_kind = fields.String()
    percent = fields.Integer(allow_none=True)
    escalation = fields.String(allow_none=True)


class StepRowSchema(Schema):
    id = fields.String()
    name = fields.String()
    title = fields.String()
    form = fields.String()
    role = fields.String()
    agency_code = fields.String()
    agency_name = fields.String()
    assignee_login = fields.String(allow_none=True)
    due_date = fields.Date(allow_none=True)
    urgency = fields.String()
    days_late = fields.Integer()
    optional = fields.Boolean()
    period = fields.String(allow_none=True)
    instance_id = fields.Integer()
    ref = fields.String()
    summary = fields.String()
    number = fields.String(allow_none=True)
    directive_id = fields.Integer()


class AuditEntrySchema(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    actor_login = fields.String()
    actor_name = fields.String()
    agency_code = fields.String()
    action = fields.String()
    instance_id = fields.Integer(allow_none=True)
    task_id = fields.Integer(allow_none=True)
    directive_id = fields.Integer(allow_none=True)
    step_id = fields.String(allow_none=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)
    hash = fields.String()


class DirectiveFactsSchema(Schema):
    """What identifies a directive in any listing."""

    id = fields.Integer()
    number = fields.String(allow_none=True)
    doc_type = fields.String()
    title = fields.String()
    issuer = fields.String()
    issued_on = fields.Date(allow_none=True)
    issued_month = fields.String(allow_none=True)   # "YYYY-MM" when the directive prints no day


class DirectiveRowSchema(DirectiveFactsSchema):
    total = fields.Integer()
    done_on_time = fields.Integer()
    done_late = fields.Integer()
    open_on_time = fields.Integer()
    open_late = fields.Integer()
    recurring = fields.Integer()
    not_accepted = fields.Integer()
    suspended = fields.Integer()
    cancelled = fields.Integer()
