"""Evidence downloads: ``GET /evidence/<sha256>?instance=<id>`` sends a file to
someone who may see a task it was uploaded to, and answers 404 with the same body for
an unknown file and for one the reader may not see. Always as an attachment, with the
type its content shows (an accepted document or image kind, else opaque bytes,
whatever type was recorded at upload, so rows stored before content checks are served
safely too), ``nosniff`` and a sandboxing CSP: no upload is ever run or rendered by
the browser as a page of this site."""
from __future__ import annotations

from io import BytesIO

from flask import Blueprint, request, send_file

from engine.domain.input_limits import parse_id
from engine.domain.users import ROLES
from engine.files.evidence_kinds import served_type
from engine.usecases.evidence import evidence_file
from web.auth import requires_role
from web.context import actor, services

bp = Blueprint("evidence", __name__)

SANDBOX_CSP = "sandbox; default-src 'none'"


@bp.get("/evidence/<sha256>")
@requires_role(*ROLES)
def download(sha256: str):
    record, data = evidence_file(services(), actor(), sha256.lower(), request.args.get("instance", type=parse_id))
    response = send_file(BytesIO(data), mimetype=served_type(data), as_attachment=True,
                         download_name=record.filename, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX_CSP
    return response
