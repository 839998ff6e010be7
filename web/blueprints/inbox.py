"""The inbox (home page ``/``): the signed-in user's pending steps, most urgent first,
with filters and counts. Filtering works as a plain GET form; with htmx the same URL
answers with the results fragment only."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from engine.usecases.inbox import URGENCIES, inbox, parse_filter, urgency_label
from web.auth import requires_role
from web.context import actor, lang, services

bp = Blueprint("inbox", __name__)


def _fragment_requested() -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")


@bp.get("/")
@requires_role()
def index():
    flt, errors = parse_filter(request.args.to_dict(flat=False), lang())
    view = inbox(services(), actor(), flt, lang())
    template = "inbox/_inbox.html" if _fragment_requested() else "inbox/index.html"
    response = render_template(template, view=view, errors=errors, urgencies=URGENCIES,
                               urgency_label=lambda code: urgency_label(code, lang()))
    return response, (400 if errors else 200), {"Vary": "HX-Request"}


@bp.app_template_global()
def inbox_url(params: dict, **changes) -> str:
    """The inbox URL with the current filter ``params`` changed by ``changes`` (None
    removes a parameter); any change but paging goes back to page 1."""
    merged = dict(params)
    if any(name != "page" for name in changes):
        merged.pop("page", None)
    for name, value in changes.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    return url_for("inbox.index", **merged)
