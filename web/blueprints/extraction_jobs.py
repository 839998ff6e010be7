"""Following a scan being read in the background: the job page (progress while OCR
runs — it polls the status as JSON, or reloads itself without JavaScript; the reason
and a "start again" button when reading failed or the worker stopped), and, once the
proposal is ready, the review draft made from it (once, whichever web worker asks
first). Also the page images the review page shows beside the proposed tasks. Monitors
and administrators only, and each sees only the jobs of their own uploads."""
from __future__ import annotations

from flask import Blueprint, jsonify, make_response, redirect, render_template, url_for

from engine.domain import review_draft as drafts
from engine.domain.extraction_job import JobStatus
from engine.extraction.reading import Document
from engine.usecases.directive_entry import ENTRY_ROLES
from engine.usecases.extraction_jobs import job_status, page_image, record_draft, restart_job
from web.auth import requires_role
from web.blueprints.extraction_review import store
from web.context import actor, services

bp = Blueprint("extraction_jobs", __name__)


def _draft_of(job) -> str:
    """The review draft of a finished job, made the first time anyone asks."""
    if job.draft_id:
        return job.draft_id
    document = Document.from_dict(job.result["document"])
    draft = drafts.from_proposal(job.result["proposal"], document.text, job.filename, lines=document.line_map(),
                                 notes=[n.text for n in document.notes], job_id=job.id, pages=job.pages)
    made = store().create(actor().login, draft)
    kept = record_draft(services(), actor(), job.id, made)
    if kept != made:
        store().delete(made)           # another request made it first
    return kept


def _state(job) -> dict:
    now = services().clock.now()
    return {"status": job.status.value, "pages_done": job.pages_done, "pages_total": job.pages_total,
            "percent": job.percent, "error": job.error, "stalled": job.stalled(now),
            "url": url_for("extraction_jobs.page", job_id=job.id)}


@bp.get("/directives/import/jobs/<job_id>")
@requires_role(*ENTRY_ROLES)
def page(job_id: str):
    job = job_status(services(), actor(), job_id)
    if job.status is JobStatus.DONE:
        return redirect(url_for("extraction_review.review", draft_id=_draft_of(job)))
    return render_template("directives/reading.html", job=job, state=_state(job))


@bp.get("/directives/import/jobs/<job_id>/status")
@requires_role(*ENTRY_ROLES)
def status(job_id: str):
    return jsonify(_state(job_status(services(), actor(), job_id)))


@bp.post("/directives/import/jobs/<job_id>/restart")
@requires_role(*ENTRY_ROLES)
def restart(job_id: str):
    restart_job(services(), actor(), job_id)
    return redirect(url_for("extraction_jobs.page", job_id=job_id))


@bp.get("/directives/import/jobs/<job_id>/pages/<int:number>")
@requires_role(*ENTRY_ROLES)
def image(job_id: str, number: int):
    found = page_image(services(), actor(), job_id, number)
    response = make_response(found.jpeg)
    response.headers["Content-Type"] = "image/jpeg"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
