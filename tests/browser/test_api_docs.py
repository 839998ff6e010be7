"""In chromium: an officer creates a personal API token on the account page, opens the
API documentation (Swagger UI, served from the app under its Content-Security-Policy),
sees every operation, authorizes with the token and runs GET /api/v1/steps from the
page. Screenshots go to test-artifacts/browser/."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_token_then_api_docs_in_the_browser(person, live_server):
    officer = person("cv.khcn")
    page = officer.open("/account")
    page.fill("#token-name", "Thử trong trình duyệt")
    with page.expect_navigation():
        page.click("form[action='/account/tokens'] button[type=submit]")
    secret = page.inner_text("#new-token").strip()
    assert secret.startswith("chidao_")
    officer.shot("token-created")

    page = officer.open("/api/v1/docs")
    page.wait_for_selector(".opblock-summary", timeout=20_000)
    summaries = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/v1/tasks", "/api/v1/steps/{step_id}/complete", "/api/v1/directives"} <= {s.strip() for s in summaries}
    assert len(summaries) == 9
    officer.shot("api-docs")

    page.click("button.authorize")
    page.locator(".auth-container").filter(has_text="bearer").locator("input").fill(secret)
    page.locator(".auth-container").filter(has_text="bearer").locator("button.authorize").click()
    page.click("button.btn-done")
    block = page.locator(".opblock-get").filter(has=page.locator(".opblock-summary-path", has_text="/api/v1/steps")).first
    block.locator(".opblock-summary").click()
    block.locator("button.try-out__btn").click()
    block.locator("button.execute").click()
    cell = block.locator(".live-responses-table tbody .response-col_status").first
    cell.wait_for(timeout=10_000)
    status = cell.inner_text().strip()
    officer.shot("api-docs-tried")
    assert status == "200"
    assert [e for e in officer.errors if "Content Security Policy" in e or "pageerror" in e] == []
