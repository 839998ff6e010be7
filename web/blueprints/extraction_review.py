"""Importing a directive file through extraction review: upload (.txt, .docx, .pdf, or a
scan: an image-only PDF or a page picture, read in the background — extraction_jobs
follows it) → the engine's extraction proposal, kept server-side as a draft (web.drafts)
→ the review page shows the proposed tasks beside the source text (and a scan's page
images, the lines read from them outlined) with their source lines, what the extractor
was unsure of and the "6 rõ" check → the reviewer fixes the document facts
and each task (agencies, deadline, product), splits, merges or deletes tasks → launch
through the engine's import, which validates again and stores all or nothing.
Monitors and administrators only; a draft is visible to its uploader only."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.domain import review_draft as drafts
from engine.domain.errors import DomainError
from engine.usecases.directive_entry import (ENTRY_ROLES, EntryRefused, check_directive, enter_directive,
                                             receive_upload)
from web.auth import requires_role
from web.blueprints.directive_labels import LABELS
from web.context import actor, lang, services
from web.directive_form import document_from_form, document_to_form, task_from_form, task_to_form
from web.drafts import DraftStore

bp = Blueprint("extraction_review", __name__)
TASK_OPS = ("save", "split", "merge", "delete")


@bp.context_processor
def labels():
    return LABELS | {"task_to_form": task_to_form}


def store() -> DraftStore:
    return DraftStore(services().settings.data_dir / "drafts", current_app.config["SECRET_KEY"])


@bp.get("/directives/import")
@requires_role(*ENTRY_ROLES)
def upload():
    return render_template("directives/upload.html")


@bp.post("/directives/import")
@requires_role(*ENTRY_ROLES)
def receive():
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        return render_template("directives/upload.html", error=DomainError("review.no_file").message(lang())), 400
    data = upload_file.read(services().evidence_max_bytes + 1)
    if len(data) > services().evidence_max_bytes:
        raise DomainError("evidence.too_large", name=upload_file.filename, size=len(data),
                          max=services().evidence_max_bytes)
    try:
        outcome = receive_upload(services(), actor(), upload_file.filename, data)
    except DomainError as err:
        if err.http_status != 400:
            raise
        return render_template("directives/upload.html", error=err.message(lang())), 400
    if outcome.job_id:
        return redirect(url_for("extraction_jobs.page", job_id=outcome.job_id))
    result = outcome.extraction
    draft = drafts.from_proposal(result.proposal, result.text, result.proposal.get("source"), lines=result.lines,
                                 notes=result.notes)
    draft_id = store().create(actor().login, draft)
    return redirect(url_for("extraction_review.review", draft_id=draft_id))


def _render(draft_id: str, draft: dict, check=None, error: str | None = None, status: int = 200):
    check = check or check_directive(services(), actor(), drafts.to_entry(draft))
    return render_template("directives/review.html", draft_id=draft_id, draft=draft, check=check,
                           doc=document_to_form(draft["document"]), marks=drafts.line_marks(draft),
                           lines=draft["text"].split("\n"), line_info=draft.get("lines") or [],
                           page_boxes=drafts.page_boxes(draft), error=error), status


@bp.get("/directives/import/<draft_id>")
@requires_role(*ENTRY_ROLES)
def review(draft_id: str):
    return _render(draft_id, store().load(draft_id, actor().login))


@bp.post("/directives/import/<draft_id>/document")
@requires_role(*ENTRY_ROLES)
def edit_document(draft_id: str):
    draft = store().load(draft_id, actor().login)
    drafts.update_document(draft, document_from_form(request.form))
    store().save(draft_id, actor().login, draft)
    return redirect(url_for("extraction_review.review", draft_id=draft_id, _anchor="document"))


@bp.post("/directives/import/<draft_id>/tasks/<key>")
@requires_role(*ENTRY_ROLES)
def edit_task(draft_id: str, key: str):
    draft = store().load(draft_id, actor().login)
    op = request.form.get("op", "save")
    if op not in TASK_OPS:
        op = "save"
    drafts.update_task(draft, key, task_from_form(request.form))
    anchor = key
    if op == "split":
        anchor = drafts.split_task(draft, key)
    elif op == "merge":
        drafts.merge_with_next(draft, key)
    elif op == "delete":
        drafts.delete_task(draft, key)
        anchor = "tasks"
    store().save(draft_id, actor().login, draft)
    return redirect(url_for("extraction_review.review", draft_id=draft_id, _anchor=f"task-{anchor}"))


@bp.post("/directives/import/<draft_id>/launch")
@requires_role(*ENTRY_ROLES)
def launch(draft_id: str):
    draft = store().load(draft_id, actor().login)
    try:
        result = enter_directive(services(), actor(), drafts.to_entry(draft),
                                 acknowledge_gaps=bool(request.form.get("acknowledge")), body=draft["text"],
                                 source_name=draft.get("source"), lang=lang())
    except EntryRefused as refused:
        return _render(draft_id, draft, refused.check, refused.message(lang()), 400)
    store().delete(draft_id)
    flash(_("Đã khởi động văn bản: %(tasks)s nhiệm vụ, %(instances)s lượt giao cho cơ quan chủ trì.",
            tasks=result.tasks, instances=result.instances), "success")
    for warning in result.warnings:
        flash(warning, "warning")
    return redirect(url_for("directives.page", directive_id=result.directive_id))


@bp.post("/directives/import/<draft_id>/discard")
@requires_role(*ENTRY_ROLES)
def discard(draft_id: str):
    store().load(draft_id, actor().login)
    store().delete(draft_id)
    flash(_("Đã hủy bản rà soát."), "success")
    return redirect(url_for("directives.index"))
