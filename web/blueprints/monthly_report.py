"""The «Báo cáo tháng» page (/reports/monthly) for leaders, monitors, the authority,
auditors and administrators: choose a month and a directive (or the whole province),
see the counts as of the month's end with the change since the previous month, the
late list by agency (the first engine.usecases.monthly_summary.LATE_SHOWN_PER_AGENCY of
each, and how many more) and the agencies' ranks, and download the DOCX (ready to
sign) or the XLSX (one row per assignment, streamed). A mistake (a bad month, an unknown directive)
is shown on the page, in the user's language, with the form kept."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from engine.domain.calendar import local_date
from engine.domain.errors import DomainError
from engine.domain.status import BUCKETS, bucket_label
from engine.usecases.monthly_report import READERS, monthly_summary, previous_month
from engine.usecases.queries import directive_choices
from web.auth import requires_role
from web.context import actor, lang, services
from web.exports.monthly_report_files import format_of, send, to_temporary_file

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
    handle, summary = to_temporary_file(services(), actor(), request.args.get("month"),
                                        request.args.get("directive") or None, suffix)
    return send(handle, summary, suffix)
