"""Manual entry of a directive (/directives/new): document facts and any number of task
rows; «Kiểm tra» shows the "6 rõ" check (errors block the launch, gaps must be
acknowledged), «Khởi động» launches through the engine's import, which stores all or
nothing. Monitors and administrators only."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.usecases.directive_entry import (ENTRY_ROLES, EntryRefused, check_directive, enter_directive,
                                             entry_choices)
from web.auth import requires_role
from web.blueprints.directive_labels import LABELS
from web.context import actor, lang, services
from web.directive_form import MAX_ROWS, document_to_form, entry_from_form, row_indexes, task_to_form

bp = Blueprint("directive_entry", __name__)
START_ROWS = 3


@bp.context_processor
def labels():
    return LABELS


def _render(choices, document: dict, rows: list[dict], check=None, error: str | None = None, status: int = 200):
    return render_template("directives/new.html", choices=choices, doc=document, rows=rows, check=check,
                           error=error, body=request.form.get("body", "")), status


def _posted_rows() -> list[dict]:
    form = request.form
    return [task_to_form(task) for task in entry_from_form(form)["tasks"]] if row_indexes(form) else []


@bp.get("/directives/new")
@requires_role(*ENTRY_ROLES)
def new():
    choices = entry_choices(services(), actor())
    return _render(choices, document_to_form({}), [task_to_form({}) for _ in range(START_ROWS)])


@bp.post("/directives/new")
@requires_role(*ENTRY_ROLES)
def submit():
    action = request.form.get("action", "preview")
    entry = entry_from_form(request.form)
    rows = _posted_rows()
    document = {**entry["document"]}
    if action == "add_row":
        rows = rows[:MAX_ROWS - 1] + [task_to_form({})]
        return _render(entry_choices(services(), actor()), document, rows)
    if action == "launch":
        try:
            result = enter_directive(services(), actor(), entry, acknowledge_gaps=bool(request.form.get("acknowledge")),
                                     body=request.form.get("body", ""), source_name=None, lang=lang())
        except EntryRefused as refused:
            return _render(refused.check.choices, document, rows, refused.check, refused.message(lang()), 400)
        flash(_("Đã khởi động văn bản: %(tasks)s nhiệm vụ, %(instances)s lượt giao cho cơ quan chủ trì.",
                tasks=result.tasks, instances=result.instances), "success")
        for warning in result.warnings:
            flash(warning, "warning")
        return redirect(url_for("directives.page", directive_id=result.directive_id))
    check = check_directive(services(), actor(), entry)
    return _render(check.choices, document, rows, check)
