"""The auditor's and the administrator's journeys in Debian's chromium, each person
signing in through the login page, screenshots under test-artifacts/browser/:

- an auditor lands on the audit log, searches it, exports the result as XLSX (read
  back with openpyxl and compared with the database rows), exports a task's history
  and runs the chain check;
- an administrator lands on /admin, creates a user who then signs in and must change
  the password first, ceases an agency with a successor (its open task moves) and sets
  a make-up Saturday, which moves a due day."""
from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import text

from engine.usecases.directives import import_directive
from tests.conftest import PASSWORD, small_directive, user
from tests.web.task_helpers import act

pytestmark = pytest.mark.browser


def _task(services, **directive) -> int:
    import_directive(services, user(services, "admin"), small_directive(**directive))
    with services.uow(write=False) as uow:
        task_id = max(t.id for d in uow.directives.all() for t in uow.directives.tasks_of(d.id))
        return uow.instances.of_task(task_id)[0].id


def test_an_auditor_searches_exports_and_checks_the_chain(person, live_server):
    services = live_server.services
    instance_id = _task(services)
    act(services, "ld.khcn", instance_id, "accept", {"decision": "accept", "officer": "cv.khcn"})
    auditor = person("thanhtra")
    page = auditor.page
    assert page.url.endswith("/audit")
    page.fill("input[name=actor]", "ld.khcn")
    with page.expect_navigation():
        page.click("#audit-filter button[type=submit]")
    assert page.locator("table.audit-rows tbody tr").count() == 1
    assert "Hoàn thành bước" in page.locator("table.audit-rows").inner_text()
    auditor.shot("search-by-actor")

    page.fill("input[name=actor]", "")
    page.fill("input[name=task]", str(instance_id))
    with page.expect_navigation():
        page.click("#audit-filter button[type=submit]")
    with page.expect_download() as download:
        page.click("#export-xlsx")
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    exported = [(r[0], r[3], r[7]) for r in list(sheet.iter_rows(values_only=True))[1:]]
    with services.database.engine.connect() as conn:
        stored = [tuple(r) for r in conn.execute(text(
            "SELECT seq, actor_login, action FROM audit_log WHERE instance_id = :i ORDER BY id DESC"),
            {"i": instance_id})]
    assert exported == stored and len(stored) == 2

    with page.expect_download() as history:
        page.locator("tr:has(a.task-link) .history-links a", has_text="DOCX").first.click()
    document = Document(open(history.value.path(), "rb"))
    assert f"Lịch sử xử lý nhiệm vụ số {instance_id}" in "\n".join(p.text for p in document.paragraphs)

    with page.expect_navigation():
        page.click("#verify-chain")
    assert "Nguyên vẹn: đã kiểm chứng" in page.locator(".chain-box").inner_text()
    assert "Lần kiểm chứng gần nhất" in page.locator(".last-check").inner_text()
    auditor.shot("chain-checked")
    assert auditor.errors == []


def test_an_admin_creates_a_user_ceases_an_agency_and_sets_a_make_up_saturday(person, live_server):
    services = live_server.services
    instance_id = _task(services)
    admin = person("admin")
    page = admin.page
    assert page.url.endswith("/admin")
    admin.shot("landing")

    admin.open("/admin/users/new")
    page.fill("input[name=login]", "cv3.khcn")
    page.fill("input[name=name]", "Phan Thị Cúc")
    page.fill("input[name=email]", "cuc.phan@khcn.angiang.gov.vn")
    page.select_option("select[name=agency]", "so-tai-chinh")
    page.check("input[name=roles][value=officer]")
    page.fill("input[name=password]", PASSWORD)
    admin.shot("new-user")
    with page.expect_navigation():
        page.click("#user-form button[type=submit]")
    assert "Đã tạo người dùng cv3.khcn" in page.locator(".flash").inner_text()

    newcomer = person("cv3.khcn")
    assert newcomer.page.url.endswith("/account/password")
    assert newcomer.open("/tasks").url.endswith("/account/password")       # nothing else first
    newcomer.shot("must-change-password")
    newcomer.page.fill("input[name=current]", PASSWORD)
    newcomer.page.fill("input[name=new]", "mat-khau-rieng-2025")
    newcomer.page.fill("input[name=confirm]", "mat-khau-rieng-2025")
    with newcomer.page.expect_navigation():
        newcomer.page.click("form.password-form button[type=submit]")
    assert not newcomer.page.url.endswith("/account/password")
    assert not user(services, "cv3.khcn").must_change_password

    admin.open("/admin/agencies/so-khoa-hoc-va-cong-nghe")
    assert page.locator("#open-tasks").inner_text() == "1"
    page.fill("input[name=last_day]", "02/06/2025")
    page.select_option("select[name=successor]", "so-tai-chinh")
    with page.expect_navigation():
        page.click("#cease-agency button[type=submit]")
    assert "1 nhiệm vụ đang mở đã chuyển" in page.locator(".flash").inner_text()
    admin.shot("agency-ceased")
    with services.uow(write=False) as uow:
        assert uow.instances.get(instance_id).agency_code == "so-tai-chinh"
    assert "Sở Tài chính" in admin.open(f"/tasks/{instance_id}").content()

    admin.open("/admin/calendar?month=08/2025")
    assert page.get_attribute("#day-2025-08-16", "data-working") == "0"
    page.fill("input[name=day]", "16/08/2025")
    page.check("input[name=kind][value=working]")
    page.fill("input[name=note]", "Làm bù ngày nghỉ lễ Quốc khánh")
    with page.expect_navigation():
        page.click("#set-day button[type=submit]")
    assert page.get_attribute("#day-2025-08-16", "data-working") == "1"
    admin.shot("make-up-saturday")
    moved = _task(services, deadline={"kind": "date", "value": "2025-08-16", "text": "chậm nhất 16/8/2025"},
                  lead=("Sở Nội vụ",), number="100/KH-UBND")
    with services.uow(write=False) as uow:
        assert uow.instances.get(moved).due_date == date(2025, 8, 16)      # not Monday 18/8
    assert "16/08/2025" in admin.open(f"/tasks/{moved}").locator("body").inner_text()
    admin.shot("due-day-on-the-saturday")
    assert admin.errors == [] and newcomer.errors == []
