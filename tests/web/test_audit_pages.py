"""The audit pages (/audit): an auditor searches the whole log by actor, agency,
directive, task, action and dates, newest first, a page at a time; exports the result
(XLSX read back with openpyxl and compared with the database rows; CSV with a BOM);
exports one task's history as DOCX and PDF with the chain status; runs the chain check
(which names a deleted row, and is remembered). Bad filters are refused with a message."""
from __future__ import annotations

import csv
import re
import io
from datetime import date

import pdfplumber
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import text

from engine.usecases.setup import set_calendar_day
from tests.conftest import user
from tests.web.task_helpers import accepted_task


def _rows(services, where: str = "1=1", **params) -> list[tuple]:
    with services.database.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            f"SELECT seq, id, actor_login, action, instance_id FROM audit_log WHERE {where} ORDER BY id DESC"),
            params)]


def _calendar_changes(services, count: int) -> None:
    admin = user(services, "admin")
    for n in range(count):
        set_calendar_day(services, admin, date(2025, 10, 1 + n % 28), n % 2 == 0, f"Thay đổi {n}")


def test_an_auditor_searches_by_task_and_actor_newest_first(browser, services):
    instance_id = accepted_task(services)
    browser.login("thanhtra")
    page = browser.get(f"/audit?task={instance_id}").get_data(as_text=True)
    expected = _rows(services, "instance_id = :i", i=instance_id)
    shown = [int(seq) for seq in re.findall(r'<tr id="audit-row-\d+">\s*<td>(\d+)</td>', page)]
    assert shown == [seq for seq, *_ in expected] and len(shown) == 2
    assert f'href="/tasks/{instance_id}"' in page and "Hoàn thành bước" in page
    by_leader = browser.get("/audit?actor=ld.khcn").get_data(as_text=True)
    assert by_leader.count('<tr id="audit-row-') == len(_rows(services, "actor_login = 'ld.khcn'")) == 1
    by_action = browser.get("/audit?action=instance.started&agency=van-phong-ubnd-tinh").get_data(as_text=True)
    assert by_action.count('<tr id="audit-row-') == 1


def test_pages_are_cut_by_id_and_link_both_ways(browser, services):
    _calendar_changes(services, 60)
    everything = _rows(services, "action = 'calendar.changed'")
    browser.login("thanhtra")
    first = browser.get("/audit?action=calendar.changed").get_data(as_text=True)
    assert first.count('<tr id="audit-row-') == 50 and 'rel="prev"' not in first
    older = re.search(r'href="([^"]*before=\d+[^"]*)"', first).group(1).replace("&amp;", "&")
    second = browser.get(older).get_data(as_text=True)
    assert second.count('<tr id="audit-row-') == 10 and f'id="audit-row-{everything[-1][1]}"' in second
    newer = re.search(r'href="([^"]*after=\d+[^"]*)"', second).group(1).replace("&amp;", "&")
    back = browser.get(newer).get_data(as_text=True)
    assert back.count('<tr id="audit-row-') == 50 and f'id="audit-row-{everything[0][1]}"' in back


def test_bad_filters_are_refused_with_a_message(browser, services):
    browser.login("thanhtra")
    for query, message in [("from=31/02/2025", "ngày không hợp lệ «31/02/2025»"),
                           ("agency=khong-co", "Không tìm thấy cơ quan «khong-co»"),
                           ("actor=ai-do", "Không tìm thấy người dùng «ai-do»"),
                           ("task=abc", "Nhiệm vụ số"),
                           ("from=10/06/2025&to=01/06/2025", "phải sau 10/06/2025")]:
        response = browser.get(f"/audit?{query}")
        page = response.get_data(as_text=True).replace("&#34;", '"')
        assert response.status_code == 400 and message in page, query
        assert 'id="audit-row-' not in page
    english = browser.get("/audit?lang=en&from=31/02/2025").get_data(as_text=True)
    assert "invalid date «31/02/2025»" in english


def test_the_xlsx_export_holds_the_rows_of_the_search(browser, services):
    accepted_task(services)
    _calendar_changes(services, 3)
    browser.login("thanhtra")
    response = browser.get("/audit/export.xlsx?actor=admin")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header[:4] == ["Số thứ tự", "Mã dòng", "Thời điểm", "Tên đăng nhập"]
    expected = _rows(services, "actor_login = 'admin'")
    assert [(r[0], r[1], r[3], r[7], r[9] or None) for r in rows] == expected
    everything = load_workbook(io.BytesIO(browser.get("/audit/export.xlsx").data)).active
    assert everything.max_row - 1 == len(_rows(services))


def test_the_csv_export_starts_with_a_bom_for_excel(browser, services):
    accepted_task(services)
    browser.login("theodoi")
    response = browser.get("/audit/export.csv?action=step.completed")
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == "Số thứ tự" and len(rows) == 2 and rows[1][7] == "step.completed"
    assert rows[1][8] == "Hoàn thành bước"


def test_a_tasks_history_as_docx_and_pdf_with_the_chain_status(browser, services):
    instance_id = accepted_task(services)
    browser.login("thanhtra")
    docx = browser.get(f"/audit/tasks/{instance_id}/history.docx")
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.data))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert f"Lịch sử xử lý nhiệm vụ số {instance_id}" in body
    assert "2 dòng của nhiệm vụ khớp mã băm" in body and "chưa được kiểm chứng" in body
    assert "Xây dựng cơ sở dữ liệu thử nghiệm" in cells and "Lãnh đạo Sở KH&CN" in cells
    pdf = browser.get(f"/audit/tasks/{instance_id}/history.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
        words = " ".join(page.extract_text() or "" for page in doc.pages)
    assert f"Lịch sử xử lý nhiệm vụ số {instance_id}" in words and "Hoàn thành bước" in words
    assert browser.get(f"/audit/tasks/{instance_id}/history.odt").status_code == 400
    assert browser.get("/audit/tasks/9999/history.pdf").status_code == 404


def test_the_chain_check_names_a_deleted_row_and_is_remembered(browser, services):
    accepted_task(services)
    browser.login("thanhtra")
    checked = browser.post("/audit/verify", token_from="/audit").get_data(as_text=True)
    assert "Nguyên vẹn: đã kiểm chứng" in checked
    removed_seq, removed_id = _rows(services)[-3][:2]
    with services.database.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": removed_id})
    broken = browser.post("/audit/verify", token_from="/audit").get_data(as_text=True)
    assert "Chuỗi bị phá vỡ" in broken
    assert f"Thiếu 1 dòng ở giữa chuỗi: số {removed_seq}–{removed_seq}" in broken
    later = browser.get("/audit").get_data(as_text=True)
    assert "Lần kiểm chứng gần nhất" in later and "thanhtra" in later and "1 vấn đề" in later
    assert _rows(services, "action = 'audit.verified'")[0][2] == "thanhtra"    # the check is on record


def test_only_auditors_monitors_and_admins_read_the_log(browser, services):
    instance_id = accepted_task(services)
    browser.login("cv.khcn")
    for path in ("/audit", "/audit/export.xlsx", f"/audit/tasks/{instance_id}/history.pdf"):
        assert browser.get(path).status_code == 403, path
    assert browser.post("/audit/verify", token_from="/").status_code == 403
