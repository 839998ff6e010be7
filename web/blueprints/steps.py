"""Step forms: ``GET /steps/<id>`` shows the form the engine describes for a pending
step (or who completed it and when); ``POST /steps/<id>`` completes it through the
engine, which validates every field. Errors come back next to their fields with the
user's input kept and nothing changed; a step someone else completed first is a 409
naming who and when."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.domain.errors import Conflict, DomainError
from engine.domain.form_validation import FormInvalid
from engine.domain.users import ROLES
from engine.usecases.step_view import step_page
from engine.usecases.steps import Upload, complete_step
from web.auth import requires_role
from web.blueprints.task_labels import LABELS
from web.context import actor, lang, services

bp = Blueprint("steps", __name__)

ACTING_ROLES = ("officer", "leader", "coordinator", "monitor", "authority")
EVIDENCE_ERRORS = ("evidence.too_large", "evidence.empty", "evidence.bad_extension", "evidence.bad_content",
                   "evidence.mismatch", "evidence.macros")


@bp.context_processor
def labels():
    return LABELS


def submitted_values() -> dict:
    """The posted fields of the form (a field posted several times, e.g. checkboxes, as
    a list); the page's own hidden inputs start with an underscore and stay here."""
    values = {}
    for name in request.form:
        if name == "csrf_token" or name.startswith("_"):
            continue
        posted = request.form.getlist(name)
        values[name] = posted if len(posted) > 1 else posted[0]
    return values


def submitted_files() -> list[Upload]:
    uploads = []
    for name in request.files:
        for item in request.files.getlist(name):
            if item and item.filename:
                filename = item.filename.replace("\\", "/").rsplit("/", 1)[-1]   # no client-side folders
                uploads.append(Upload(filename, item.mimetype or "application/octet-stream", item.read()))
    return uploads


def render_step(view: dict, values: dict | None = None, errors: dict | None = None, error: str | None = None,
                status: int = 200):
    if view.get("completed"):
        return render_template("steps/completed.html", s=view), (409 if status >= 400 else 200)
    values = values if values is not None else view["initial"]
    return render_template("steps/form.html", s=view, values=values, errors=errors or {}, error=error), status


@bp.get("/steps/<step_id>")
@requires_role(*ROLES)
def show(step_id: str):
    return render_step(step_page(services(), actor(), step_id, lang()))


@bp.post("/steps/<step_id>")
@requires_role(*ACTING_ROLES)
def complete(step_id: str):
    values = submitted_values()
    try:
        outcome = complete_step(services(), actor(), step_id, values, submitted_files(), lang())
    except FormInvalid as err:
        return render_step(step_page(services(), actor(), step_id, lang()), values,
                           errors=err.field_messages(lang()), status=400,
                           error=_("Biểu mẫu có lỗi; hãy sửa các trường được đánh dấu."))
    except Conflict as err:
        return render_conflict(step_id, err)
    except DomainError as err:
        if err.http_status != 400:
            raise
        errors = {"evidence": err.message(lang())} if err.key in EVIDENCE_ERRORS else {}
        return render_step(step_page(services(), actor(), step_id, lang()), values, errors=errors,
                           error=err.message(lang()), status=400)
    flash(_("Đã hoàn thành bước «%(title)s».", title=request.form.get("_title", "")[:200]), "success")
    if request.form.get("_next") == "task":
        return redirect(url_for("tasks.page", instance_id=outcome.instance_id))
    return redirect(url_for("inbox.index"))


def render_conflict(step_id: str, err: Conflict):
    """409: someone else completed the step first (or moved the task meanwhile). Someone
    who may not see the task still gets 403/404 from step_page."""
    view = step_page(services(), actor(), step_id, lang())
    if view.get("completed"):
        return render_template("steps/completed.html", s=view), 409
    return render_step(view, submitted_values(), error=err.message(lang()), status=409)
