"""Directive list (counts in the form leaders use, each linking to the matching task
list), one directive's page (document facts, text, tasks and their assignments), and
the task list with its filters. Any signed-in user; what each one sees follows the
engine's visibility rules (own agency, directives it monitors or signs off; auditors
and administrators everything)."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from engine.domain.input_limits import parse_id, parse_page
from engine.domain.status import BUCKETS, STATUSES, bucket_label
from engine.domain.users import ROLES
from engine.usecases.directive_entry import may_enter
from engine.usecases.directive_view import directive_page, task_list_view
from engine.usecases.queries import directives_page
from web.auth import requires_role
from web.blueprints.directive_labels import LABELS
from web.context import actor, lang, services

bp = Blueprint("directives", __name__)
PAGE_SIZE = 50


@bp.context_processor
def labels():
    return LABELS | {"bucket_label": lambda code: bucket_label(code, lang()), "buckets": BUCKETS}


@bp.get("/directives")
@requires_role(*ROLES)
def index():
    page_no = request.args.get("page", 1, type=parse_page)
    rows, total = directives_page(services(), actor(), PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
    return render_template("directives/index.html", rows=rows, can_enter=may_enter(actor()), page=page_no,
                           total=total, pages=max(1, -(-total // PAGE_SIZE)))


@bp.get("/directives/<int:directive_id>")
@requires_role(*ROLES)
def page(directive_id: int):
    view = directive_page(services(), actor(), directive_id, lang())
    return render_template("directives/page.html", v=view, d=view["directive"])


def _task_filters() -> dict:
    args = request.args
    statuses = [s for s in args.getlist("status") if s in STATUSES]
    bucket = args.get("bucket") if args.get("bucket") in BUCKETS else None
    return {"statuses": statuses or None, "bucket": bucket, "agency": args.get("agency") or None,
            "directive_id": args.get("directive", type=parse_id), "search": (args.get("q") or "").strip()[:200] or None}


@bp.get("/tasks")
@requires_role(*ROLES)
def task_list():
    filters = _task_filters()
    page_no = request.args.get("page", 1, type=parse_page)
    view = task_list_view(services(), actor(), **filters, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE,
                          lang=lang())
    return render_template("directives/tasks.html", v=view, filters=filters, page=page_no,
                           pages=max((view["total"] + PAGE_SIZE - 1) // PAGE_SIZE, 1), page_url=_page_url)


def _page_url(number: int) -> str:
    args = request.args.to_dict(flat=False)
    args["page"] = [str(number)]
    return url_for("directives.task_list", **args)
