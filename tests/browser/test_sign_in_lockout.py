"""The lock-out journey in Debian's chromium: an officer mistypes their password five
times and is told, in Vietnamese (and English after the switch), how long to wait; a
colleague at the same address signs in meanwhile; when the wait is over on real time
(a ManualTime moved on — the application clock stays fixed, as with CHIDAO_NOW) the
officer signs in."""
from __future__ import annotations

import pytest

from engine.clock import FixedClock
from tests.conftest import PASSWORD
from tests.real_time import use_manual_time

pytestmark = pytest.mark.browser


def _try(page, url: str, login: str, password: str) -> str:
    page.goto(f"{url}/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form button[type=submit]")
    alert = page.locator("p.error-message")
    return alert.inner_text() if alert.count() else ""


def test_an_officer_locked_out_waits_while_a_colleague_signs_in(chromium, live_server, person, shots):
    manual = use_manual_time(live_server.services)
    assert isinstance(live_server.services.clock, FixedClock)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    try:
        for _ in range(5):
            assert "Sai tên đăng nhập hoặc mật khẩu" in _try(page, live_server.url, "cv.khcn", "doan-bua")
        message = _try(page, live_server.url, "cv.khcn", PASSWORD)
        assert message == "Nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau 60 giây."
        assert "/login" in page.url
        shots.take(page, "cv.khcn-locked")

        colleague = person("ld.khcn")                 # same browser address, another account: not held back
        assert colleague.page.locator("h1").first.inner_text()
        colleague.shot("signed-in-meanwhile")

        page.goto(f"{live_server.url}/login?lang=en")
        assert _try(page, live_server.url, "cv.khcn", PASSWORD).startswith("Too many wrong passwords. Try again in")

        manual.advance(61)
        assert _try(page, live_server.url, "cv.khcn", PASSWORD) == ""
        assert "/login" not in page.url
        shots.take(page, "cv.khcn-in-after-the-wait")
    finally:
        context.close()
