"""The browser editor of a process (``/processes/<key>/edit``): the bpmn-js modeler
with chidao's properties panel, opened on the owner's draft (else the version in
force); the draft saved as they go (a JSON answer, so the page can say "saved");
a BPMN file uploaded as the draft; the draft discarded; and the server's check of the
diagram — the deployment checks, each problem naming its element — as JSON. Only
process owners and administrators."""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.bpmn.diagram_document import MAX_DIAGRAM_BYTES, gunzip_diagram
from engine.domain.errors import DomainError
from engine.domain.formatting import fmt_moment
from engine.usecases.process_editing import check_diagram, discard_draft, open_editor, save_draft
from web.auth import requires_role
from web.blueprints.processes import diagram_download
from web.context import actor, lang, services
from web.editor_catalog import editor_catalog
from web.editor_words import modeler_words

bp = Blueprint("process_editor", __name__)
EDITORS = ("process_owner", "admin")


def _int_or_none(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


@bp.get("/processes/<key>/edit")
@requires_role(*EDITORS)
def edit(key: str):
    document = open_editor(services(), actor(), key)
    return render_template("processes/edit.html", doc=document, catalog=editor_catalog(lang()),
                           words=modeler_words())


@bp.get("/processes/<key>/draft.bpmn")
@requires_role(*EDITORS)
def draft_xml(key: str):
    document = open_editor(services(), actor(), key)
    return diagram_download(f"{key}-draft.bpmn", document.xml)


@bp.post("/processes/<key>/draft")
@requires_role(*EDITORS)
def save(key: str):
    """Autosave: the diagram as the ``xml`` field, or gzipped as the ``xml_gz`` file
    (what the page sends as it closes); answers JSON."""
    packed = request.files.get("xml_gz")
    try:
        data = gunzip_diagram(packed.read(MAX_DIAGRAM_BYTES + 1)) if packed else request.form.get("xml", "")
        draft = save_draft(services(), actor(), key, data, _int_or_none(request.form.get("base_version")))
    except DomainError as err:
        return jsonify({"saved": False, "error": err.message(lang())}), err.http_status
    return jsonify({"saved": True, "sha256": draft.sha256, "saved_at": fmt_moment(draft.updated_at)})


@bp.post("/processes/<key>/draft/upload")
@requires_role(*EDITORS)
def upload(key: str):
    """A .bpmn file from the owner's computer becomes their draft, once it reads as a
    BPMN document (judged by its content, whatever its name or declared type)."""
    upload_file = request.files.get("diagram")
    data = upload_file.read() if upload_file else b""
    try:
        save_draft(services(), actor(), key, data)
    except DomainError as err:
        document = open_editor(services(), actor(), key)
        return render_template("processes/edit.html", doc=document, catalog=editor_catalog(lang()),
                               words=modeler_words(), upload_error=err.message(lang())), 400
    flash(_("Đã nạp tệp «%(name)s» làm bản nháp.", name=upload_file.filename or "diagram.bpmn"))
    return redirect(url_for("process_editor.edit", key=key))


@bp.post("/processes/<key>/draft/discard")
@requires_role(*EDITORS)
def discard(key: str):
    if discard_draft(services(), actor(), key):
        flash(_("Đã bỏ bản nháp; trình soạn thảo mở lại phiên bản đang áp dụng."))
    return redirect(url_for("process_editor.edit", key=key))


@bp.post("/processes/<key>/check")
@requires_role(*EDITORS)
def check(key: str):
    """The deployment checks on the ``xml`` field: {"valid": …, "problems": [{element, message, …}]}."""
    problems = check_diagram(services(), actor(), key, request.form.get("xml", ""))
    return jsonify({"valid": not problems, "problems": [p.to_dict(lang()) for p in problems]})
