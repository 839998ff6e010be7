"""REST API, version 1 (/api/v1/), JSON in and out through the marshmallow schemas of
engine.schemas. Authentication, CSRF and language: see web.blueprints.api_auth (HTTP
Basic on every request, never the session cookie, so no CSRF token).

GET  /api/v1/tasks                   task list; filters as ``chidao task list``: agency,
                                     status (repeatable), directive, search, limit, offset
GET  /api/v1/tasks/<id>              one task (assignment) with its pending steps
GET  /api/v1/steps                   the caller's pending steps (their inbox)
GET  /api/v1/steps/<id>              one pending step with its form fields
POST /api/v1/steps/<id>/complete     {"values": {...}} → 200; 400 with "fields" per field,
                                     403, 404, 409 naming who completed it first
GET  /api/v1/directives              directives with their per-status counts
POST /api/v1/directives              import one directive (annotation format, SCHEMA.md)
                                     → 201; monitors and administrators only

Errors are {"error": message, "status": code} in the caller's language."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from engine.domain.form_validation import FormInvalid
from engine.schemas.api import ImportResultSchema, StepDetailSchema, StepOutcomeSchema, TaskDetailSchema
from engine.schemas.output import DirectiveRowSchema, StepRowSchema, TaskRowSchema
from engine.usecases.directive_entry import import_payload
from engine.usecases.queries import list_directives, list_steps, list_tasks, step_detail
from engine.usecases.steps import complete_step
from engine.usecases.task_view import task_page
from web.auth import csrf
from web.blueprints.api_auth import api_actor, api_login_required, choose_language, error, json_body
from web.context import lang, services

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
MAX_LIMIT = 500


@bp.before_request
def language():
    choose_language()


def _int_arg(name: str, default: int | None, low: int = 0, high: int | None = None):
    raw = request.args.get(name)
    if raw in (None, ""):
        return default, None
    try:
        value = int(raw)
    except ValueError:
        return None, error(400, "bad_number", name=name)
    value = max(value, low)
    return (min(value, high) if high is not None else value), None


@bp.get("/tasks")
@api_login_required
def tasks():
    statuses = request.args.getlist("status")
    limit, problem = _int_arg("limit", 100, 1, MAX_LIMIT)
    offset, problem = (None, problem) if problem else _int_arg("offset", 0)
    directive, problem = (None, problem) if problem else _int_arg("directive", None)
    if problem:
        return problem
    rows, total = list_tasks(services(), api_actor(), agency=request.args.get("agency") or None,
                             statuses=statuses or None, directive_id=directive,
                             search=(request.args.get("search") or "").strip() or None,
                             limit=limit, offset=offset, lang=lang())
    return jsonify({"total": total, "limit": limit, "offset": offset,
                    "tasks": TaskRowSchema().dump(rows, many=True)})


@bp.get("/tasks/<int:instance_id>")
@api_login_required
def task(instance_id: int):
    return jsonify(TaskDetailSchema().dump(task_page(services(), api_actor(), instance_id, lang())))


@bp.get("/steps")
@api_login_required
def steps():
    return jsonify({"steps": StepRowSchema().dump(list_steps(services(), api_actor()), many=True)})


@bp.get("/steps/<step_id>")
@api_login_required
def step(step_id: str):
    return jsonify(StepDetailSchema().dump(step_detail(services(), api_actor(), step_id, lang())))


@bp.post("/steps/<step_id>/complete")
@api_login_required
def complete(step_id: str):
    body, problem = json_body()
    if problem:
        return problem
    values = body.get("values", body)
    if not isinstance(values, dict):
        return error(400, "not_object")
    try:
        outcome = complete_step(services(), api_actor(), step_id, values, lang=lang())
    except FormInvalid as invalid:
        return jsonify({"error": invalid.message(lang()), "status": 400,
                        "fields": invalid.field_messages(lang())}), 400
    return jsonify(StepOutcomeSchema().dump(outcome))


@bp.get("/directives")
@api_login_required
def directives():
    return jsonify({"directives": DirectiveRowSchema().dump(list_directives(services(), api_actor()), many=True)})


@bp.post("/directives")
@api_login_required
def import_():
    body, problem = json_body()
    if problem:
        return problem
    # "text" and "source" come validated; "issued_on" gives the day a payload printing none lacks
    result = import_payload(services(), api_actor(), body, issued_on=body.get("issued_on"), lang=lang())
    return jsonify(ImportResultSchema().dump(result)), 201
