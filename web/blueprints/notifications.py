"""In-app notifications: the list at ``/notifications`` (filtered by kind with
``?kind=``, the choices being the kinds the user has), marking one or all read
(POST with CSRF) and the unread count every page header shows."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_login import current_user

from engine.usecases.notifications import DEFAULT_LIMIT, list_notifications, mark_read, unread_count
from flask_babel import gettext as _

from web.auth import requires_role
from web.blueprints.task_labels import effect_label
from web.context import actor, services

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def _limit() -> int:
    try:
        return int(request.args.get("limit", DEFAULT_LIMIT))
    except ValueError:
        return DEFAULT_LIMIT


@bp.get("")
@requires_role()
def index():
    unread_only = request.args.get("unread") == "1"
    kind = request.args.get("kind") or None
    listing = list_notifications(services(), actor(), unread_only=unread_only, limit=_limit(), kind=kind)
    return render_template("notifications/index.html", listing=listing, kind_label=kind_label)


def kind_label(code: str) -> str:
    """A notification kind as the filter names it."""
    return {
        "new_task": _("Nhiệm vụ mới cần tiếp nhận"),
        "assigned": _("Việc mới được giao"),
        "returned": _("Bị trả lại"),
        "review": _("Cần xem xét"),
        "urging": _("Văn bản đôn đốc"),
        "digest": _("Tổng hợp thông báo"),
    }.get(code) or effect_label(code)


def _back():
    target = request.form.get("next") or ""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return redirect(target)
    return redirect(url_for("notifications.index"))


@bp.post("/<int:notification_id>/read")
@requires_role()
def read_one(notification_id: int):
    mark_read(services(), actor(), [notification_id])
    return _back()


@bp.post("/read-all")
@requires_role()
def read_all():
    mark_read(services(), actor(), None)
    return _back()


@bp.app_context_processor
def header_counts() -> dict:
    """``unread_notifications`` for the page header (once per request)."""
    if not getattr(current_user, "is_authenticated", False):
        return {}
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(services(), actor())
    return {"unread_notifications": g.unread_notifications}
