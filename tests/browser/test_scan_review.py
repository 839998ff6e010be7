"""A scanned directive imported in Debian's chromium: the monitor uploads a scanned PDF
(two pages, no text layer), the upload returns at once and the page shows the OCR's
progress until the proposal is ready, then the review page shows the page images beside
the proposed tasks — hovering a task outlines its lines on the page image; the monitor
fixes one task's lead agency, saves it and launches the directive. Screenshots go to
test-artifacts/browser/."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from engine.domain.calendar import LOCAL_TZ
from tests.browser.conftest import LiveServer, Person
from tests.conftest import make_services

pytestmark = pytest.mark.browser
SCAN = Path(__file__).parents[1] / "extraction" / "fixtures" / "scans" / "tb_an_giang_ket_luan_ngap_ung.pdf"


@pytest.fixture
def server_after_the_notice(tmp_path):
    """The app a week after the notice of 03/11/2025 was issued."""
    services = make_services(f"sqlite:///{tmp_path / 'chidao.db'}", tmp_path,
                             now=datetime(2025, 11, 10, 9, 0, tzinfo=LOCAL_TZ))
    with LiveServer(services) as server:
        yield server
    services.database.dispose()


def test_a_scan_is_read_in_the_background_reviewed_beside_its_pages_and_launched(chromium, server_after_the_notice,
                                                                                   shots):
    monitor = Person(chromium, server_after_the_notice, "theodoi", shots)
    page = monitor.open("/directives/import")
    page.set_input_files("input[name=file]", str(SCAN))
    with page.expect_navigation():
        page.click("form.entry button[type=submit]")
    assert "/directives/import/jobs/" in page.url
    page.wait_for_selector("#reading-progress")
    monitor.shot("reading")
    seen = set()
    for _ in range(600):                                   # the bar moves, then the review page opens
        if "/directives/import/jobs/" not in page.url:
            break
        try:
            label = page.evaluate("() => { const l = document.getElementById('reading-label');"
                                  " return l ? l.textContent.trim() : null; }")
        except PlaywrightError:                            # the review page is opening
            label = None
        if label:
            seen.add(label)
        page.wait_for_timeout(200)
    assert "/directives/import/jobs/" not in page.url, seen
    assert any(re.search(r"Đã đọc [0-2]/2 trang", text) for text in seen), seen
    page.wait_for_selector("#pages figure.page img")
    images = page.locator("#pages figure.page img")
    assert images.count() == 2
    page.wait_for_function("() => [...document.querySelectorAll('#pages img')].every(i => i.complete && i.naturalWidth > 0)")
    card = page.locator(".task-card", has=page.locator(".ref", has_text=re.compile(r"^II\.2\.2$")))
    card.hover()
    active = page.locator("#pages .ocr-box.active")
    assert active.count() >= 2 and active.first.is_visible()
    monitor.shot("review-beside-the-page")
    page.screenshot(path=str(shots.dir / "review-viewport.png"))        # what the monitor sees
    assert "Long Xuyên" in card.locator("textarea[name=lead]").input_value()
    card.locator("textarea[name=lead]").fill("Sở Xây dựng")
    with page.expect_navigation():
        card.locator("button[value=save]").click()
    card = page.locator(".task-card", has=page.locator(".ref", has_text=re.compile(r"^II\.2\.2$")))
    assert card.locator("textarea[name=lead]").input_value().strip() == "Sở Xây dựng"
    acknowledge = page.locator("#launch input[name=acknowledge]")
    if acknowledge.count():
        acknowledge.check()
    monitor.shot("before-launch")
    with page.expect_navigation():
        page.click("#launch button.button")
    monitor.shot("launched")
    assert "Đã khởi động văn bản" in page.locator(".flash").first.inner_text(), page.content()[:2000]
    assert "412/TB-VPUBND" in page.content()
    with server_after_the_notice.services.uow(write=False) as uow:
        (directive,) = uow.directives.all()
        tasks = {t.ref: t for t in uow.directives.tasks_of(directive.id)}
    assert tasks["II.2.2"].lead == ["Sở Xây dựng"] and len(tasks) == 9
    assert monitor.errors == []
