"""The «Báo cáo tháng» page (/reports/monthly) for leaders, monitors, the authority,
auditors and administrators: choose a month and a directive (or the whole province),
see the counts as of the month's end with the change since the previous month, the
late list by agency and the agencies' ranks, and download the DOCX (ready to sign)
or the XLSX (one row per assignment). A mistake (a bad month, an unknown directive)
is shown on the page, in the user's language, with the form kept."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from engine.domain.calendar import local_date
from engine.domain.errors import DomainError
from engine.domain.status import BUCKETS, bucket_label
from engine.usecases.monthly_report import READERS, monthly_summary, previous_month
from engine.usecases.queries import directive_choices
from web.auth import requires_role
from web.context import actor, lang, services
from web.exports.monthly_report_files import file_name, format_of, render

bp = Blueprint("monthly_report", __name__)


def default_month() -> str:
    """The month that ended last (the one leaders report on)."""
    today = local_date(services().clock.now())
    year, month = previous_month(today.year, today.month)
    return f"{year:04d}-{month:02d}"


@bp.get("/reports/monthly")
@requires_role(*READERS)
def index():
    month = (request.args.get("month") or default_month()).strip()[:20]
    directive = (request.args.get("directive") or "").strip()[:20]
    choices = directive_choices(services(), actor())
    summary, error, status = None, None, 200
    try:
        summary = monthly_summary(services(), actor(), month, directive or None)
    except DomainError as err:
        error, status = err.message(lang()), err.http_status
    return render_template("reports/monthly.html", summary=summary, error=error, month=month, directive=directive,
                           choices=choices, buckets=BUCKETS,
                           bucket_label=lambda code: bucket_label(code, lang()) if code else None), status


@bp.get("/reports/monthly/file")
@requires_role(*READERS)
def download():
    suffix = format_of("report." + (request.args.get("format") or "")[:10])
    who = actor()
    summary = monthly_summary(services(), who, request.args.get("month"), request.args.get("directive") or None)
    data, media = render(summary, suffix, who, services().clock.now())
    return Response(data, mimetype=media,
                    headers={"Content-Disposition": f'attachment; filename="{file_name(summary, suffix)}"'})
