"""The task page (one tracked assignment of a task to one lead agency), the BPMN XML
of its process version, which the page's bpmn-js viewer fetches and draws, and where
the task stands on that diagram (path.json). All check that the signed-in user may see
the task (engine access rules: 403 otherwise). The XML is sent as plain text, as an
attachment, with ``nosniff`` and a sandboxing CSP, so a browser opening the URL never
renders it as a page (a diagram stored before markup checks could carry a script or a
stylesheet instruction)."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template

from engine.domain.users import ROLES
from engine.usecases.instance_path import instance_path
from engine.usecases.task_view import process_diagram, task_page
from web.auth import requires_role
from web.blueprints.evidence import SANDBOX_CSP
from web.blueprints.task_labels import LABELS
from web.context import actor, lang, services

bp = Blueprint("tasks", __name__)


@bp.context_processor
def labels():
    return LABELS


@bp.get("/tasks/<int:instance_id>")
@requires_role(*ROLES)
def page(instance_id: int):
    view = task_page(services(), actor(), instance_id, lang())
    return render_template("tasks/page.html", t=view)


@bp.get("/tasks/<int:instance_id>/diagram.bpmn")
@requires_role(*ROLES)
def diagram(instance_id: int):
    xml = process_diagram(services(), actor(), instance_id)
    response = Response(xml, mimetype="text/plain")
    response.headers["Content-Disposition"] = f"attachment; filename=quy-trinh-{instance_id}.bpmn"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX_CSP
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.get("/tasks/<int:instance_id>/path.json")
@requires_role(*ROLES)
def path(instance_id: int):
    """Where the task stands on its diagram: the elements passed through, the steps
    waiting for someone, the timers and signals waiting."""
    response = jsonify(instance_path(services(), actor(), instance_id).to_dict())
    response.headers["Cache-Control"] = "private, no-store"
    return response
