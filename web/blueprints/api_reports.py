"""REST API of the monthly summary, a blueprint nested in the API's (web.blueprints.api
registers it, so its prefix, language choice and error answers apply):

GET /api/v1/reports/monthly        ?month=YYYY-MM[&directive=ID] → the summary as JSON (the
                                   counts; the late list and the changes bounded, with totals)
GET /api/v1/reports/monthly/file   ?month=YYYY-MM[&directive=ID]&format=docx|xlsx → the file
                                   (the XLSX: one row per assignment)

For leaders, monitors, the authority, auditors and administrators (403 otherwise);
a bad month is 400, an unknown directive 404."""
from __future__ import annotations

from flask import Blueprint

from engine.domain.status import BUCKETS
from engine.schemas.monthly_report import MonthlyReportFileQuerySchema, MonthlyReportQuerySchema, MonthlyReportSchema
from engine.usecases.monthly_report import monthly_summary
from engine.usecases.monthly_summary import MonthlySummary
from web.api_operation import operation
from web.blueprints.api_auth import api_actor, api_login_required
from web.context import services
from web.exports.monthly_report_files import send, to_temporary_file
from web.exports.monthly_report_text import DOCX_TYPE, XLSX_TYPE

reports_api = Blueprint("reports", __name__)


def summary_view(summary: MonthlySummary) -> dict:
    """The summary as the JSON answer (and the web page) show it."""
    return {"month": summary.month, "previous_month": summary.previous_month, "as_of": summary.as_of,
            "directive_id": summary.directive_id, "columns": list(BUCKETS), "province": summary.province,
            "directives": summary.directives, "rates": summary.rates, "changes": summary.changes,
            "changes_total": summary.changes_total, "late_by_agency": summary.late_by_agency}


@reports_api.get("/reports/monthly")
@api_login_required
@operation("The monthly summary for leaders, counted as of the month's end", query=MonthlyReportQuerySchema,
           response=MonthlyReportSchema, errors=(403, 404),
           description="Per directive and for the province: the counts per column (they add up to the total) "
                       "with the previous month's and the change, the late assignments by agency (each "
                       "agency's total and its first ones), each agency's on-time rate and rank for the year, "
                       "the assignments that changed column (their total and the first ones). Every "
                       "assignment, one row each: the XLSX file.")
def monthly_report(query: dict):
    return summary_view(monthly_summary(services(), api_actor(), query["month"], query.get("directive")))


@reports_api.get("/reports/monthly/file")
@api_login_required
@operation("The monthly summary as a file: DOCX ready to sign or XLSX with one row per assignment",
           query=MonthlyReportFileQuerySchema, errors=(403, 404), files=(DOCX_TYPE, XLSX_TYPE))
def monthly_report_file(query: dict):
    suffix = "." + query["format"]
    handle, summary = to_temporary_file(services(), api_actor(), query["month"], query.get("directive"), suffix)
    return send(handle, summary, suffix)
