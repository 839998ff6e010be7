"""A process owner's journey in Debian's chromium: signed in, they land on the process
versions; in the editor they change the monitor's escalation offset and the form of
the sign-off step in the properties panel, write a bad due expression and see the
server's check mark the step with its message, fix it, see the changes drawn on the
diagram and listed on the review, deploy with a change note, migrate the running tasks
of the old version after a dry run, and a task page then shows the new version.
Screenshots of every stage go to test-artifacts/browser/."""
from __future__ import annotations

import time

import pytest

from tests.web.task_helpers import accepted_task

pytestmark = pytest.mark.browser
KEY = "directive_task"


def panel_entry(page, entry_id: str):
    return page.locator(f'[data-editor-panel] [data-entry-id="{entry_id}"]')


def select_element(page, element_id: str):
    page.locator(f'[data-editor-canvas] g.djs-element[data-element-id="{element_id}"]').first.click(force=True)
    page.wait_for_selector('[data-editor-panel] [data-entry-id="chidao-form"]')


def saved_draft(services, login: str = "quytrinh", seconds: float = 10):
    """The draft the server holds, once it arrives (a beacon is sent after the page is gone)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with services.uow(write=False) as uow:
            draft = uow.drafts.get(KEY, login)
        if draft is not None:
            return draft
        time.sleep(0.1)
    return None


def wait_saved(page):
    page.wait_for_selector('[data-editor-status][data-state="saved"]', timeout=15_000)


def test_process_owner_edits_deploys_and_migrates(person, live_server):
    running = [accepted_task(live_server.services), accepted_task(live_server.services, number="98/KH-UBND")]
    owner = person("quytrinh")
    page = owner.page
    assert page.url.endswith("/processes")
    assert page.locator(f"#process-{KEY} tr.version-row").count() == 1
    owner.shot("versions")

    page = owner.open(f"/processes/{KEY}/edit")
    page.wait_for_selector("[data-process-editor][data-state=ready]", timeout=30_000)
    page.wait_for_selector("[data-editor-ok]:not([hidden])", timeout=15_000)
    owner.shot("editor-opened")

    # the escalation offset, on the process (shown while nothing is selected)
    offset = panel_entry(page, "chidao-param-deadline_monitor").locator("input")
    assert offset.input_value() == "7 working_days"
    offset.fill("10 working_days")
    wait_saved(page)

    # the sign-off step's form
    select_element(page, "sign_off")
    panel_entry(page, "chidao-form").locator("select").select_option("completion_review")
    wait_saved(page)

    # a bad expression: the server's check marks the step with its message
    panel_entry(page, "chidao-due").locator("input").fill('case.get("due_date"')
    problem = page.locator('[data-editor-problems] li.problem[data-element="sign_off"]')
    problem.wait_for(timeout=15_000)
    assert "cú pháp" in problem.inner_text()
    assert page.locator('[data-editor-canvas] g.djs-element[data-element-id="sign_off"].chidao-problem').count() == 1
    assert page.locator("[data-editor-canvas] .problem-bubble").count() == 1
    assert "cú pháp" in panel_entry(page, "chidao-due").locator(".bio-properties-panel-error").inner_text()
    owner.shot("editor-bad-expression")

    # fixed: the mark goes
    panel_entry(page, "chidao-due").locator("input").fill("")
    page.wait_for_selector("[data-editor-ok]:not([hidden])", timeout=15_000)
    assert page.locator("[data-editor-canvas] .chidao-problem").count() == 0
    wait_saved(page)

    # the changes against the version in force, drawn in the editor
    page.click("[data-editor-changes]")
    page.wait_for_selector("[data-editor-changes-summary]:not([hidden])", timeout=15_000)
    assert page.locator('[data-editor-canvas] g.djs-element[data-element-id="sign_off"].chidao-changed').count() == 1
    owner.shot("editor-changes")

    # the review: the changes listed and drawn, then deployed with a note
    with page.expect_navigation():
        page.click("[data-editor-deploy]")
    assert page.url.endswith(f"/processes/{KEY}/deploy")
    page.wait_for_selector('[data-role="after"][data-state=ready]', timeout=30_000)
    parameter = page.locator('li[data-parameter="deadline_monitor"]').inner_text()
    assert "7 working_days" in parameter and "10 working_days" in parameter
    step = page.locator('ul.changed > li[data-element="sign_off"]').inner_text()
    assert "Thẩm định kết quả (completion_review)" in step
    assert page.locator('[data-role="after"] g.djs-element[data-element-id="sign_off"].chidao-changed').count() == 1
    owner.shot("review")
    page.fill("textarea[name=note]", "Đôn đốc sau 10 ngày làm việc; bước xác nhận dùng biểu mẫu thẩm định")
    with page.expect_navigation():
        page.click("form.deploy-form button[type=submit]")
    assert page.url.endswith(f"/processes/{KEY}/v2")
    assert "Đã triển khai phiên bản 2" in page.locator(".flash").inner_text()
    owner.shot("deployed")

    # the running tasks of v1: a dry run first, then the migration in batches, each one's result
    with page.expect_navigation():
        page.locator("p.older-running a.migrate-link").click()
    assert "2 nhiệm vụ của v1, chuyển sang v2" in page.locator("[data-migration] h2").inner_text()
    page.click("[data-migration-preview]")
    page.wait_for_selector("[data-migration-run-box]:not([hidden])", timeout=30_000)
    rows = page.locator("[data-migration-preview-table] tr.preview-row")
    assert rows.count() == 2 and page.locator("tr.preview-row[data-possible='1']").count() == 2
    assert "Chuyển được" in rows.first.inner_text()
    assert "2 nhiệm vụ chuyển được, 0 không chuyển được" in page.locator("[data-migration-summary]").inner_text()
    owner.shot("dry-run")
    page.click("[data-migration-run]")
    page.wait_for_selector("[data-migration-done]:not([hidden])", timeout=60_000)
    assert page.locator("[data-migration-results] tr[data-status='migrated']").count() == 2
    assert page.locator("[data-migration-progress] progress").get_attribute("value") == "2"
    owner.shot("migrated")
    with page.expect_navigation():
        page.click("[data-migration-done] a")
    assert page.locator("table.migration-entries tr.migrated").count() == 2
    owner.shot("migration-run")

    # a task page now shows the new version, its history says so
    page = owner.open(f"/tasks/{running[0]}")
    page.wait_for_selector("#bpmn-diagram[data-path=ready]", timeout=30_000)
    assert "phiên bản 2" in page.locator(".diagram-section h2").inner_text()
    assert "v1 → v2" in page.locator(".timeline").inner_text()
    owner.shot("task-on-v2")
    assert owner.errors == [], owner.errors


def test_closing_the_editor_loses_nothing(person, live_server):
    """A change made just before the tab is closed, before the autosave's delay, is kept
    (sent as the page goes) and the editor reopens on it."""
    owner = person("quytrinh")
    page = owner.open(f"/processes/{KEY}/edit")
    page.wait_for_selector("[data-process-editor][data-state=ready]", timeout=30_000)
    panel_entry(page, "chidao-param-deadline_authority").locator("input").fill("45 days")
    page.wait_for_selector('[data-process-editor][data-unsaved="true"]')   # changed, the autosave not yet due
    page.close(run_before_unload=True)
    assert saved_draft(live_server.services), "the closing page's beacon did not arrive"
    page = owner.context.new_page()
    owner.page = page
    page.goto(f"{live_server.url}/processes/{KEY}/edit")
    page.wait_for_selector("[data-process-editor][data-state=ready]", timeout=30_000)
    assert panel_entry(page, "chidao-param-deadline_authority").locator("input").input_value() == "45 days"
    assert "Bản nháp của bạn" in page.locator(".editor-origin").inner_text()
    owner.shot("reopened")
