"""REST API, version 1 (/api/v1/), JSON in and out through the marshmallow schemas of
engine.schemas, each operation declared with web.api_operation.operation (which the
OpenAPI document at /api/v1/openapi.json is generated from; the page /api/v1/docs
browses it). Authentication, CSRF and language: see web.blueprints.api_auth (HTTP
Basic or a personal API token on every request, never the session cookie, so no
CSRF token).

GET  /api/v1/tasks                   task list; filters as ``chidao task list``: agency,
                                     status (repeatable), directive, search, limit, offset
GET  /api/v1/tasks/<id>              one task (assignment) with its pending steps
GET  /api/v1/steps                   the caller's pending steps (their inbox)
GET  /api/v1/steps/<id>              one pending step with its form fields
POST /api/v1/steps/<id>/complete     {"values": {...}} → 200; 400 with "fields" per field,
                                     403, 404, 409 naming who completed it first
GET  /api/v1/directives              directives with their per-status counts
GET  /api/v1/reports/monthly[/file]   the monthly summary, JSON or DOCX/XLSX (web.blueprints.api_reports)
POST /api/v1/directives              import one directive (annotation format, SCHEMA.md)
                                     → 201; monitors and administrators only

Errors are {"error": message, "status": code} in the caller's language."""
from __future__ import annotations

from flask import Blueprint, jsonify

from engine.domain.form_validation import FormInvalid
from engine.schemas.api import (
    DirectiveListSchema, FormErrorSchema, ImportResultSchema, StepDetailSchema, StepListSchema, StepOutcomeSchema,
    TaskDetailSchema, TaskListSchema)
from engine.schemas.api_input import StepCompletionSchema, TaskQuerySchema
from engine.schemas.directive_import import DirectiveImportSchema
from engine.usecases.directive_entry import import_payload
from engine.usecases.queries import list_directives, list_steps, list_tasks, step_detail
from engine.usecases.steps import complete_step
from engine.usecases.task_view import task_page
from web.api_operation import operation
from web.auth import csrf
from web.blueprints.api_auth import api_actor, api_login_required, choose_language
from web.blueprints.api_reports import reports_api
from web.context import lang, services

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.register_blueprint(reports_api)


@bp.before_request
def language():
    choose_language()


@bp.errorhandler(FormInvalid)
def form_invalid(invalid: FormInvalid):
    answer = {"error": invalid.message(lang()), "status": 400, "per_field": invalid.field_messages(lang())}
    return jsonify(FormErrorSchema().dump(answer)), 400


@bp.get("/tasks")
@api_login_required
@operation("Tasks the caller may see, filtered and paged", query=TaskQuerySchema, response=TaskListSchema)
def tasks(query: dict):
    rows, total = list_tasks(services(), api_actor(), agency=query.get("agency"), statuses=query["status"] or None,
                             directive_id=query.get("directive"), search=(query.get("search") or "").strip() or None,
                             limit=query["limit"], offset=query["offset"], lang=lang())
    return {"total": total, "limit": query["limit"], "offset": query["offset"], "tasks": rows}


@bp.get("/tasks/<int:instance_id>")
@api_login_required
@operation("One task (an assignment to one lead agency) with its pending steps", response=TaskDetailSchema,
           errors=(403, 404))
def task(instance_id: int):
    return task_page(services(), api_actor(), instance_id, lang())


@bp.get("/steps")
@api_login_required
@operation("The caller's pending steps (their inbox)", response=StepListSchema)
def steps():
    return {"steps": list_steps(services(), api_actor())}


@bp.get("/steps/<step_id>")
@api_login_required
@operation("One pending step with its form's fields", response=StepDetailSchema, errors=(403, 404))
def step(step_id: str):
    return step_detail(services(), api_actor(), step_id, lang())


@bp.post("/steps/<step_id>/complete")
@api_login_required
@operation("Complete a pending step with its form's values", body=StepCompletionSchema,
           response=StepOutcomeSchema, errors=(403, 404, 409, 415),
           description="The values go under \"values\" or at the top level. A refused value answers 400 "
                       "with a message per field in \"fields\"; a step someone else completed first, 409 "
                       "naming who and when.")
def complete(step_id: str, body: dict):
    values = body["values"] if "values" in body else body
    return complete_step(services(), api_actor(), step_id, values, lang=lang())


@bp.get("/directives")
@api_login_required
@operation("Directives the caller may see, with their per-status counts", response=DirectiveListSchema)
def directives():
    return {"directives": list_directives(services(), api_actor())}


@bp.post("/directives")
@api_login_required
@operation("Import one directive (the annotation format); monitors and administrators",
           body=DirectiveImportSchema, response=ImportResultSchema, status=201, errors=(403, 415))
def import_(body: dict):
    # "text" and "source" come validated; "issued_on" gives the day a payload printing none lacks
    return import_payload(services(), api_actor(), body, issued_on=body.get("issued_on"), lang=lang())
