"""The process versions (``/processes``): every process with its versions — who
deployed each, when, the change note, instances running on it — one version's page
with its diagram, where its instances wait (counts on the diagram, from the
pending-step table) and its parameters, and its XML as a download. Process owners and
administrators edit from here; auditors read."""
from __future__ import annotations

from flask import Blueprint, Response, render_template
from flask_login import current_user

from engine.domain.access import can_edit_processes
from engine.domain.forms import FORMS
from engine.usecases.process_catalog import list_processes, version_file, version_page
from web.auth import requires_role
from web.blueprints.task_labels import phase_label
from web.context import actor, lang, services
from web.process_labels import (fact_label, fact_value, kind_label, parameter_label, parameter_texts,
                                 rederived_label)

bp = Blueprint("processes", __name__)
READERS = ("process_owner", "admin", "auditor")


@bp.context_processor
def labels():
    return {"kind_label": kind_label, "fact_label": fact_label, "parameter_label": parameter_label,
            "fact_value": lambda fact, value: fact_value(fact, value, lang()), "phase_label": phase_label,
            "form_title": lambda code: FORMS[code].title(lang()) if code in FORMS else (code or "—"),
            "rederived_label": rederived_label,
            "can_edit": current_user.is_authenticated and can_edit_processes(actor())}


@bp.get("/processes")
@requires_role(*READERS)
def index():
    return render_template("processes/index.html", processes=list_processes(services(), actor()))


@bp.get("/processes/<key>/v<int:number>")
@requires_role(*READERS)
def version(key: str, number: int):
    page = version_page(services(), actor(), key, number)
    waiting = {s.element_id: s.waiting for s in page.steps if s.waiting}
    texts = {p.name: p for p in parameter_texts()}
    return render_template("processes/version.html", page=page, waiting=waiting, texts=texts)


def diagram_download(filename: str, xml: str) -> Response:
    """A diagram as a file to save, never a page: an attachment the browser does not
    sniff or render, under a sandboxing policy (fetch still reads it for the viewer)."""
    response = Response(xml, mimetype="application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/processes/<key>/v<int:number>/diagram.bpmn")
@requires_role(*READERS)
def version_xml(key: str, number: int):
    found = version_file(services(), actor(), key, number)
    return diagram_download(found.filename, found.xml)
