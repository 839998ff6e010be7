"""The monthly summary as a workbook (openpyxl): «Nhiệm vụ», one row per assignment
with its column at month end and at the previous month's end; «Tổng hợp», the counts
per directive and for the province with the change since last month; «Quá hạn», the
late list by agency; «Xếp hạng», the agencies' on-time rates and ranks."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from engine.domain.status import BUCKETS
from engine.usecases.monthly_summary import CountRow, MonthlySummary
from web.exports.monthly_report_text import as_of_phrase, column_label, headings

ASSIGNMENT_HEADINGS = ["STT", "Số văn bản", "Trích yếu văn bản", "Nhiệm vụ", "Nội dung", "Cơ quan chủ trì",
                       "Thời hạn", "Hạn (đang áp dụng)", "Phân loại", "Số ngày quá hạn", "Phân loại tháng trước"]


def _safe(value):
    """Text a spreadsheet would read as a formula stays text."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value


def _sheet(book, title: str, header: list[str], rows):
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    return sheet


def _count_rows(summary: MonthlySummary):
    def one(label: str, row: CountRow):
        return [label, row.total, *[row.counts[c] for c in BUCKETS], row.previous_total,
                *[row.delta(c) for c in BUCKETS]]
    rows = [one(row.label or row.title, row) for row in summary.directives]
    rows.append(one("Toàn tỉnh" if summary.directive_id is None else "Cộng", summary.province))
    return rows


def to_xlsx(summary: MonthlySummary) -> bytes:
    book = Workbook()
    book.remove(book.active)
    assignments = _sheet(book, "Nhiệm vụ", ASSIGNMENT_HEADINGS, (
        [n, a.directive_number or "", a.directive_title, a.task_ref, a.task_summary, a.agency_name,
         a.deadline_text or "", a.due_date, column_label(a.column), a.days_late or None,
         column_label(a.previous_column)] for n, a in enumerate(summary.assignments, start=1)))
    for cell in assignments["H"][1:]:
        cell.number_format = "DD/MM/YYYY"
    deltas = [f"Tăng/giảm: {h}" for h in headings()]
    counts = _sheet(book, "Tổng hợp", ["Văn bản", "Tổng số", *headings(), "Tổng số tháng trước", *deltas],
                    _count_rows(summary))
    counts.append([])
    counts.append([f"Tháng {summary.month_label}. {as_of_phrase(summary)}."])
    _sheet(book, "Quá hạn", ["Cơ quan chủ trì", "Số văn bản", "Nhiệm vụ", "Nội dung", "Hạn", "Số ngày quá hạn"],
           ([agency, a.directive_number or "", a.task_ref, a.task_summary, a.due_date, a.days_late]
            for agency, late in summary.late_by_agency for a in late))
    ranks = _sheet(book, "Xếp hạng", ["Hạng", "Cơ quan", "Đúng hạn", "Đến hạn hoặc đã hoàn thành", "Tỷ lệ đúng hạn"],
           ([r.rank, r.agency_name, r.on_time, r.judged, round(r.rate, 4)] for r in summary.rates))
    for cell in ranks["E"][1:]:
        cell.number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
