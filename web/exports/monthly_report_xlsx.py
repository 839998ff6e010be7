"""The monthly summary as a workbook (openpyxl, write-only: each row goes to disk as it
is appended, so a million rows take bounded memory): «Nhiệm vụ», one row per
assignment with its column at month end and at the previous month's end, streamed from
the database; «Tổng hợp», the counts per directive and for the province with the
change since last month; «Quá hạn», every late assignment by agency, streamed;
«Xếp hạng», the agencies' on-time rates and ranks."""
from __future__ import annotations

from typing import BinaryIO, Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from engine.domain.status import BUCKETS
from engine.usecases.monthly_report import MonthlyRows
from engine.usecases.monthly_summary import CountRow, MonthlySummary
from web.exports.monthly_report_text import as_of_phrase, column_label, headings

ASSIGNMENT_HEADINGS = ["STT", "Số văn bản", "Trích yếu văn bản", "Nhiệm vụ", "Nội dung", "Cơ quan chủ trì",
                       "Thời hạn", "Hạn (đang áp dụng)", "Phân loại", "Số ngày quá hạn", "Phân loại tháng trước"]
LATE_HEADINGS = ["Cơ quan chủ trì", "Số văn bản", "Nhiệm vụ", "Nội dung", "Hạn", "Số ngày quá hạn"]
BOLD = Font(bold=True)


def _safe(value):
    """Text a spreadsheet would read as a formula stays text."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value


class _Sheet:
    """A write-only sheet: a bold header, then rows; cells of the columns in ``formats``
    get that number format."""

    def __init__(self, book: Workbook, title: str, header: list[str], formats: dict[int, str] | None = None):
        self.sheet = book.create_sheet(title)
        self.formats = formats or {}
        self.sheet.append([self._cell(text, font=BOLD) for text in header])

    def _cell(self, value, font=None, number_format=None):
        cell = WriteOnlyCell(self.sheet, value=value)
        if font is not None:
            cell.font = font
        if number_format is not None:
            cell.number_format = number_format
        return cell

    def append(self, values: list) -> None:
        self.sheet.append([self._cell(_safe(v), number_format=self.formats[i]) if i in self.formats and v is not None
                           else _safe(v) for i, v in enumerate(values)])

    def extend(self, rows: Iterable[list]) -> None:
        for values in rows:
            self.append(values)


def _count_rows(summary: MonthlySummary):
    def one(label: str, row: CountRow):
        return [label, row.total, *[row.counts[c] for c in BUCKETS], row.previous_total,
                *[row.delta(c) for c in BUCKETS]]
    rows = [one(row.label or row.title, row) for row in summary.directives]
    rows.append(one("Toàn tỉnh" if summary.directive_id is None else "Cộng", summary.province))
    return rows


def write_xlsx(rows: MonthlyRows, target: BinaryIO) -> None:
    """The workbook of ``rows`` written to ``target`` (a file open for binary writing)."""
    summary = rows.summary
    book = Workbook(write_only=True)
    _Sheet(book, "Nhiệm vụ", ASSIGNMENT_HEADINGS, {7: "DD/MM/YYYY"}).extend(
        [n, a.directive_number or "", a.directive_title, a.task_ref, a.task_summary, a.agency_name,
         a.deadline_text or "", a.due_date, column_label(a.column), a.days_late or None,
         column_label(a.previous_column)] for n, a in enumerate(rows.assignments, start=1))
    deltas = [f"Tăng/giảm: {h}" for h in headings()]
    counts = _Sheet(book, "Tổng hợp", ["Văn bản", "Tổng số", *headings(), "Tổng số tháng trước", *deltas])
    counts.extend(_count_rows(summary))
    counts.append([])
    counts.append([f"Tháng {summary.month_label}. {as_of_phrase(summary)}."])
    _Sheet(book, "Quá hạn", LATE_HEADINGS, {4: "DD/MM/YYYY"}).extend(
        [a.agency_name, a.directive_number or "", a.task_ref, a.task_summary, a.due_date, a.days_late]
        for a in rows.late)
    _Sheet(book, "Xếp hạng", ["Hạng", "Cơ quan", "Đúng hạn", "Đến hạn hoặc đã hoàn thành", "Tỷ lệ đúng hạn"],
           {4: "0.0%"}).extend([r.rank, r.agency_name, r.on_time, r.judged, round(r.rate, 4)] for r in summary.rates)
    book.save(target)
