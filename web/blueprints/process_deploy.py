"""Deploying a draft (``/processes/<key>/deploy``): the review — what changes against
the version in force, drawn on both diagrams and listed element by element, and what
the deployment checks say — and the deployment with its required change note. A
refusal (no note, a diagram the checks refuse, a draft changed since the review)
re-shows the review with the reason, and nothing is stored."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.bpmn.diagram_problems import DiagramRefused
from engine.domain.errors import DomainError, NotFound
from engine.usecases.process_deploy import MAX_NOTE_CHARS, review_draft, deploy_draft
from web.auth import requires_role
from web.blueprints.processes import labels
from web.context import actor, lang, services

bp = Blueprint("process_deploy", __name__)
bp.context_processor(labels)
EDITORS = ("process_owner", "admin")


def _review_page(key: str, status: int = 200, error: str | None = None, problem=None, note: str = ""):
    review = review_draft(services(), actor(), key)
    problems = [problem] if problem is not None else review.problems
    return render_template("processes/review.html", r=review, problems=[p.to_dict(lang()) for p in problems],
                           marks=review.diff.marked_ids(), error=error, note=note,
                           max_note=MAX_NOTE_CHARS), status


@bp.get("/processes/<key>/deploy")
@requires_role(*EDITORS)
def review(key: str):
    try:
        return _review_page(key)
    except NotFound as err:
        if err.key != "draft.none":
            raise
        flash(err.message(lang()), "error")
        return redirect(url_for("process_editor.edit", key=key))


@bp.post("/processes/<key>/deploy")
@requires_role(*EDITORS)
def deploy(key: str):
    note = request.form.get("note", "")
    try:
        deployment = deploy_draft(services(), actor(), key, note, request.form.get("draft_sha256", ""))
    except DiagramRefused as err:
        return _review_page(key, 400, err.message(lang()), err.problem, note)
    except NotFound as err:
        if err.key != "draft.none":
            raise
        flash(err.message(lang()), "error")
        return redirect(url_for("process_editor.edit", key=key))
    except DomainError as err:
        return _review_page(key, err.http_status, err.message(lang()), note=note)
    flash(_("Đã triển khai phiên bản %(version)s của quy trình «%(key)s».", version=deployment.version, key=key))
    return redirect(url_for("processes.version", key=key, number=deployment.version))
