"""Moving running tasks onto another version of their process, in the browser
(``/processes/<key>/migrate``): choose the instances (all of a version, or narrowed by
directive, lead agency and phase), see the dry run (each instance: can move, or why
not), run it a batch per request with a progress bar (each instance its own
transaction), see each instance's result, and revert a run or one migration
(``/processes/<key>/migrations/<run>``). The migration itself is the engine's
(engine/usecases/migration.py); process owners and administrators only."""
from __future__ import annotations

import re
import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.bpmn.steps import PHASE_PRIORITY
from engine.domain.errors import DomainError
from engine.usecases.migration import MIGRATED, revert_migration, revert_run
from engine.usecases.migration_plan import MigrationSelection
from engine.usecases.migration_screen import (
    MAX_BATCH, migrate_batch, preview_batch, run_entries, select_instances, selection_choices)
from engine.usecases.process_catalog import list_processes
from web.auth import requires_role
from web.blueprints.processes import labels
from web.context import actor, lang, services

bp = Blueprint("process_migration", __name__)
bp.context_processor(labels)
EDITORS = ("process_owner", "admin")
RUN_ID = re.compile(r"[0-9a-f]{32}")


def _number(raw: str | None) -> int | None:
    raw = (raw or "").strip().lstrip("v")
    return int(raw) if raw.isdigit() else None


def _versions(key: str, form) -> MigrationSelection:
    source = _number(form.get("from"))
    if source is None:
        abort(400)
    return MigrationSelection(source, _number(form.get("to")), process_key=key)


def _ids(form) -> list[int]:
    raw = [part.strip() for part in (form.get("ids") or "").split(",") if part.strip()]
    if not all(part.isdigit() for part in raw):
        abort(400)
    return [int(part) for part in raw]


def _run_id(raw: str) -> str:
    if not RUN_ID.fullmatch(raw or ""):
        raise DomainError("migration.bad_run")
    return raw


@bp.get("/processes/<key>/migrate")
@requires_role(*EDITORS)
def choose(key: str):
    process = next((p for p in list_processes(services(), actor()) if p.key == key), None)
    if process is None:
        abort(404)
    source = _number(request.args.get("from"))
    context = {"process": process, "phases": PHASE_PRIORITY, "args": request.args, "max_batch": MAX_BATCH}
    if source is None:
        return render_template("processes/migrate.html", **context)
    selection = MigrationSelection(
        source, _number(request.args.get("to")), process_key=key,
        directive_id=_number(request.args.get("directive")), agency_code=request.args.get("agency") or None,
        phases=tuple(p for p in request.args.getlist("phase") if p))
    try:
        choices = selection_choices(services(), actor(), key, source)
        chosen = select_instances(services(), actor(), selection)
    except DomainError as err:
        return render_template("processes/migrate.html", error=err.message(lang()), **context), err.http_status
    return render_template("processes/migrate.html", choices=choices, chosen=chosen, run_id=uuid.uuid4().hex,
                           **context)


@bp.post("/processes/<key>/migrate/preview")
@requires_role(*EDITORS)
def preview(key: str):
    """One batch of the dry run, as table rows."""
    items = preview_batch(services(), actor(), _versions(key, request.form), _ids(request.form))
    return render_template("processes/_preview_rows.html", items=items, lang=lang())


@bp.post("/processes/<key>/migrate/run")
@requires_role(*EDITORS)
def run(key: str):
    """One batch of the migration, as table rows of what happened to each instance."""
    outcomes = migrate_batch(services(), actor(), _versions(key, request.form), _ids(request.form),
                             request.form.get("reason"), _run_id(request.form.get("run_id", "")))
    return render_template("processes/_run_rows.html", outcomes=outcomes, migrated=MIGRATED, lang=lang(),
                           key=key)


@bp.get("/processes/<key>/migrations/<run_id>")
@requires_role(*EDITORS)
def run_page(key: str, run_id: str):
    entries = run_entries(services(), actor(), _run_id(run_id))
    return render_template("processes/migration_run.html", key=key, run_id=run_id, entries=entries)


@bp.post("/processes/<key>/migrations/<run_id>/revert")
@requires_role(*EDITORS)
def revert_all(key: str, run_id: str):
    outcomes = revert_run(services(), actor(), _run_id(run_id), request.form.get("reason"))
    done = sum(1 for o in outcomes if o.reverted)
    flash(_("Đã hoàn tác %(done)s/%(total)s lần chuyển.", done=done, total=len(outcomes)))
    for outcome in outcomes:
        if not outcome.reverted:
            flash(_("Nhiệm vụ #%(id)s: %(reason)s", id=outcome.instance_id,
                    reason="; ".join(outcome.messages(lang()))), "error")
    return redirect(url_for("process_migration.run_page", key=key, run_id=run_id))


@bp.post("/processes/<key>/migrations/<run_id>/revert/<int:migration_id>")
@requires_role(*EDITORS)
def revert_one(key: str, run_id: str, migration_id: int):
    _run_id(run_id)
    try:
        outcome = revert_migration(services(), actor(), migration_id, request.form.get("reason"))
    except DomainError as err:
        flash(err.message(lang()), "error")
    else:
        flash(_("Đã đưa nhiệm vụ #%(id)s về phiên bản cũ.", id=outcome.instance_id))
    return redirect(url_for("process_migration.run_page", key=key, run_id=run_id))
