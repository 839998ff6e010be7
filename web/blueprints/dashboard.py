"""The dashboard (/dashboard) for monitors, authorities, agency leaders, auditors and
administrators: counts by status across what the user sees (the province, or one
agency), overdue assignments per agency, the authority's list (assignments escalated
to the authority), for monitors the «cần đôn đốc» list (late, not urged lately) and a Chart.js chart fed from data- attributes (no inline script)."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from engine.usecases.directive_view import dashboard
from engine.usecases.urging import needs_urging
from engine.domain.urging import RECENT_URGING_DAYS
from web.auth import requires_role
from web.blueprints.directive_labels import LABELS
from web.context import actor, lang, services

bp = Blueprint("dashboard", __name__)
DASHBOARD_ROLES = ("monitor", "authority", "leader", "auditor", "admin")
STATUS_COLOURS = {
    "awaiting_acceptance": "#2e90fa", "acceptance_late": "#155eef", "on_track": "#12b76a", "due_soon": "#f79009", "overdue": "#d92d20",
    "no_deadline": "#98a2b3", "awaiting_confirmation": "#7a5af8", "done_on_time": "#067647",
    "done_late": "#b42318", "returned": "#dc6803", "suspended": "#667085", "cancelled": "#d0d5dd",
    "refused": "#eaecf0",
}


@bp.context_processor
def labels():
    return LABELS


@bp.get("/dashboard")
@requires_role(*DASHBOARD_ROLES)
def index():
    view = dashboard(services(), actor(), agency=request.args.get("agency") or None, lang=lang())
    chart = {
        "status": {"labels": [s["label"] for s in view["by_status"]], "counts": [s["count"] for s in view["by_status"]],
                   "colours": [STATUS_COLOURS[s["code"]] for s in view["by_status"]]},
        "overdue": {"labels": [a["name"] for a in view["overdue_by_agency"][:15]],
                    "counts": [a["count"] for a in view["overdue_by_agency"][:15]]},
    }
    to_urge = needs_urging(services(), actor(), lang())
    return render_template("dashboard/index.html", v=view, chart=chart, to_urge=to_urge,
                           urging_days=RECENT_URGING_DAYS)
