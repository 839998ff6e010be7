"""Evidence downloads: ``GET /evidence/<sha256>?instance=<id>`` sends a file to
someone who may see a task it was uploaded to (403 otherwise, 404 for an unknown
file), always as an attachment so no upload is ever rendered by the browser."""
from __future__ import annotations

from io import BytesIO

from flask import Blueprint, request, send_file

from engine.domain.input_limits import parse_id
from engine.domain.users import ROLES
from engine.usecases.evidence import evidence_file
from web.auth import requires_role
from web.context import actor, services

bp = Blueprint("evidence", __name__)

# content types a browser could run or render as a page: sent as opaque bytes
_ACTIVE_TYPES = ("text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml",
                 "text/javascript", "application/javascript")


@bp.get("/evidence/<sha256>")
@requires_role(*ROLES)
def download(sha256: str):
    record, data = evidence_file(services(), actor(), sha256.lower(), request.args.get("instance", type=parse_id))
    mimetype = record.content_type or "application/octet-stream"
    if mimetype.split(";")[0].strip().lower() in _ACTIVE_TYPES:
        mimetype = "application/octet-stream"
    response = send_file(BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=record.filename,
                         max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
