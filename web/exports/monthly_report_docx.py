"""The monthly summary as a report ready to sign (DOCX, layout of Nghị định 30/2020 by
web/exports/nd30.py): the counts per directive and for the province, what changed
since the previous month (the first assignments that changed and how many more), the
late assignments by agency (each agency's total, its first ones and how many more),
and the agencies' on-time rates and ranks for the year. The lists are the summary's,
bounded (engine.usecases.monthly_summary); the XLSX has every assignment."""
from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from engine.domain.formatting import fmt_day
from engine.domain.status import BUCKETS
from engine.usecases.monthly_summary import CountRow, MonthlySummary
from web.exports.monthly_report_text import (
    Letterhead, as_of_phrase, column_label, headings, percent, quoted_counts, scope_phrase, signed)
from web.exports.nd30 import add_heading_block, add_signature_block, add_title, new_document

TABLE_SIZE = Pt(10)


def _table(doc, header: list[str], rows: list[list]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        _fill(cell, text, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            _fill(cell, "" if value is None else str(value))
    return table


def _fill(cell, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, TABLE_SIZE


def _heading(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True


def _count_cells(row: CountRow) -> list:
    return [row.total, *[row.counts[code] for code in BUCKETS]]


def to_docx(summary: MonthlySummary, head: Letterhead) -> bytes:
    doc = new_document()
    add_heading_block(doc, head.issuer_parent, head.issuer, "…/BC-…", head.place, head.day)
    add_title(doc, "BÁO CÁO")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(f"Kết quả thực hiện nhiệm vụ tại {scope_phrase(summary)}, tháng {summary.month_label}").bold = True
    doc.add_paragraph(f"{as_of_phrase(summary)}.").runs[0].italic = True
    for section in (_counts, _changes, _late, _ranks):
        section(doc, summary)
    add_signature_block(doc, head.recipients, head.signer_title, head.signer_name)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _counts(doc, summary: MonthlySummary) -> None:
    province = summary.province
    _heading(doc, "I. TỔNG HỢP KẾT QUẢ")
    doc.add_paragraph(f"Tổng số {province.total} nhiệm vụ: {quoted_counts(province.counts)}.")
    rows = [[row.label or row.title, *_count_cells(row)] for row in summary.directives]
    rows.append(["Toàn tỉnh" if summary.directive_id is None else "Cộng", *_count_cells(province)])
    _table(doc, ["Văn bản", "Tổng số", *headings()], rows)


def _changes(doc, summary: MonthlySummary) -> None:
    province = summary.province
    _heading(doc, f"II. THAY ĐỔI SO VỚI THÁNG {summary.previous_month[5:]}/{summary.previous_month[:4]}")
    changes = [[label, province.previous[code], province.counts[code], signed(province.delta(code))]
               for code, label in zip(BUCKETS, headings())]
    changes.append(["Tổng số", province.previous_total, province.total, signed(province.total_delta)])
    _table(doc, ["Phân loại", "Tháng trước", "Tháng này", "Tăng/giảm"], changes)
    if not summary.changes_total:
        doc.add_paragraph("Không có nhiệm vụ nào thay đổi phân loại trong tháng.")
        return
    doc.add_paragraph(f"Có {summary.changes_total} nhiệm vụ thay đổi phân loại trong tháng"
                      + (":" if not summary.changes_more else f"; {len(summary.changes)} nhiệm vụ đầu:"))
    _table(doc, ["STT", "Văn bản", "Nhiệm vụ", "Cơ quan chủ trì", "Tháng trước", "Tháng này"],
           [[n, a.directive_number or "", f"{a.task_ref}. {a.task_summary}", a.agency_name,
             column_label(a.previous_column), column_label(a.column)]
            for n, a in enumerate(summary.changes, start=1)])
    _more(doc, summary.changes_more)


def _more(doc, more: int) -> None:
    if more:
        doc.add_paragraph(f"… và {more} nhiệm vụ khác (xem bảng tổng hợp XLSX).").runs[0].italic = True


def _late(doc, summary: MonthlySummary) -> None:
    _heading(doc, "III. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH, THEO CƠ QUAN")
    if not summary.late_by_agency:
        doc.add_paragraph("Không có nhiệm vụ quá hạn.")
    for number, group in enumerate(summary.late_by_agency, start=1):
        doc.add_paragraph(f"{number}. {group.agency_name}: {group.total} nhiệm vụ")
        _table(doc, ["STT", "Văn bản", "Nhiệm vụ", "Hạn", "Số ngày quá hạn"],
               [[n, a.directive_number or "", f"{a.task_ref}. {a.task_summary}", fmt_day(a.due_date), a.days_late]
                for n, a in enumerate(group.tasks, start=1)])
        _more(doc, group.more)


def _ranks(doc, summary: MonthlySummary) -> None:
    _heading(doc, f"IV. TỶ LỆ HOÀN THÀNH ĐÚNG HẠN NĂM {summary.as_of.year} (PHỤC VỤ THI ĐUA)")
    if not summary.rates:
        doc.add_paragraph("Chưa có nhiệm vụ nào đến hạn trong năm.")
        return
    _table(doc, ["Hạng", "Cơ quan", "Đúng hạn", "Đến hạn hoặc đã hoàn thành", "Tỷ lệ"],
           [[r.rank, r.agency_name, r.on_time, r.judged, percent(r.rate)] for r in summary.rates])
