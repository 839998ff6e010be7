"""The monthly summary's files, opened again (python-docx, openpyxl) and checked
against the database's counts, on SQLite and PostgreSQL: the DOCX in ND30's layout
with the counts adding up, the late list, the ranks and the signer's block; the XLSX
with one row per assignment whose columns tally to the directive counts judged at
month end."""
from __future__ import annotations

import io
from collections import Counter
from datetime import date

from docx import Document
from openpyxl import load_workbook

from engine.domain.calendar import end_of_day
from engine.domain.status import BUCKETS, bucket_label
from engine.usecases.queries import list_directives
from tests.conftest import user
from tests.persistence.helpers import at
from tests.persistence.monthly_fixtures import september_story
from engine.usecases.monthly_report import monthly_summary
from web.exports.monthly_report_docx import to_docx
from web.exports.monthly_report_files import write_file
from web.exports.monthly_report_text import Letterhead

HEAD = Letterhead("Ủy ban nhân dân tỉnh An Giang", "Văn phòng UBND tỉnh", "An Giang", date(2025, 10, 6),
                  "Chánh Văn phòng", "Nguyễn Văn A")


def _month_end_counts(services) -> dict[str, int]:
    services.clock.set(end_of_day(date(2025, 9, 30)))
    (row,) = list_directives(services, user(services, "admin"))
    return {code: row[code] for code in BUCKETS} | {"total": row["total"]}


def _xlsx(services, login: str) -> bytes:
    out = io.BytesIO()
    write_file(services, user(services, login), "2025-09", None, ".xlsx", out)
    return out.getvalue()


def test_the_docx_and_xlsx_agree_with_the_database(any_services):
    services = any_services
    september_story(services)
    expected = _month_end_counts(services)
    services.clock.set(at(2025, 10, 6, 9))

    book = load_workbook(io.BytesIO(_xlsx(services, "theodoi")))
    assert book.sheetnames == ["Nhiệm vụ", "Tổng hợp", "Quá hạn", "Xếp hạng"]
    rows = list(book["Nhiệm vụ"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == expected["total"] == 7                     # one row per assignment
    tally = Counter(r[8] for r in rows)
    assert tally == Counter({bucket_label(c): n for c, n in expected.items() if c != "total" and n})
    late = [r for r in rows if r[8] == bucket_label("open_late")]
    assert [(r[3], r[5], r[7].date(), r[9]) for r in late] == [("2", "Sở Tài chính", date(2025, 9, 15), 15)]
    header, *count_rows = [r for r in book["Tổng hợp"].iter_rows(values_only=True) if r and r[0]][:3]
    province = count_rows[-1]
    assert province[0] == "Toàn tỉnh" and province[1] == expected["total"]
    assert list(province[2:2 + len(BUCKETS)]) == [expected[c] for c in BUCKETS]
    assert sum(province[2:2 + len(BUCKETS)]) == province[1]
    ranks = list(book["Xếp hạng"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2], r[3]) for r in ranks] == [(1, "Sở Khoa học và Công nghệ", 1, 1),
                                                         (2, "Sở Tài chính", 0, 1)]

    doc = Document(io.BytesIO(to_docx(monthly_summary(services, user(services, "theodoi"), "2025-09"), HEAD)))
    text = "\n".join(p.text for p in doc.paragraphs)
    heading = doc.tables[0]
    left, right = (c.text for c in heading.rows[0].cells)
    assert "VĂN PHÒNG UBND TỈNH" in left and "Số: …/BC-…" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert "An Giang, ngày 06 tháng 10 năm 2025" in right
    assert "tháng 09/2025" in text and "Số liệu tính đến hết ngày 30/09/2025" in text
    assert "Tổng số 7 nhiệm vụ: 01/07 đã hoàn thành đúng hạn" in text
    counts = doc.tables[1]
    assert [c.text for c in counts.rows[0].cells] == ["Văn bản", "Tổng số", *[bucket_label(c) for c in BUCKETS]]
    totals = [c.text for c in counts.rows[-1].cells]
    assert totals[0] == "Toàn tỉnh" and int(totals[1]) == expected["total"]
    assert [int(v) for v in totals[2:]] == [expected[c] for c in BUCKETS]
    assert "1. Sở Tài chính: 1 nhiệm vụ" in text
    signature = doc.tables[-1]
    assert "Nơi nhận:" in signature.rows[0].cells[0].text
    assert "CHÁNH VĂN PHÒNG" in signature.rows[0].cells[1].text and "Nguyễn Văn A" in signature.rows[0].cells[1].text
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert doc.styles["Normal"].font.name == "Times New Roman"
