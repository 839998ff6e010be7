"""The audit search written out: XLSX (openpyxl, write-only so a long export stays
small in memory) and CSV (UTF-8 with a byte-order mark, so Excel reads the
Vietnamese right)."""
from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from web.exports.audit_table import cells, headers

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
_CELL_MAX = 32_000     # Excel keeps at most 32,767 characters in a cell


def _safe(value):
    """Text that a spreadsheet would read as a formula is kept as text."""
    if isinstance(value, str):
        if value[:1] in ("=", "+", "-", "@"):
            value = "'" + value
        return value[:_CELL_MAX]
    return value


def to_xlsx(views, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    bold = Font(bold=True)
    row = []
    for text in headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        row.append(cell)
    sheet.append(row)
    for view in views:
        sheet.append([_safe(v) for v in cells(view)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(views) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    for view in views:
        writer.writerow([_safe(v) for v in cells(view)])
    return "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")
