"""Sessions are revocable: signing out and changing the password end the user's other
sessions, and a session cookie copied before either no longer opens a page after it."""
from __future__ import annotations

from tests.conftest import PASSWORD, Browser

NEW = "trau-cay-ruong-som-mai"


def _second_browser(app) -> Browser:
    return Browser(app.test_client())


def _signed_in(browser: Browser) -> bool:
    return browser.get("/").status_code == 200


def test_a_cookie_captured_before_sign_out_no_longer_works_after_it(app, browser):
    browser.login("cv.khcn")
    captured = browser.client.get_cookie("session").value
    assert browser.post("/logout", token_from="/").status_code == 302
    thief = _second_browser(app)
    thief.client.set_cookie("session", captured)
    response = thief.get("/")
    assert response.status_code == 302 and "/login" in response.location


def test_sign_out_ends_the_users_other_sessions_too(app, browser):
    browser.login("cv.khcn")
    phone = _second_browser(app)
    phone.login("cv.khcn")
    colleague = _second_browser(app)
    colleague.login("ld.khcn")
    browser.post("/logout", token_from="/")
    assert not _signed_in(phone)
    assert _signed_in(colleague)                      # nobody else's session ends
    assert phone.login("cv.khcn").status_code == 302 and _signed_in(phone)   # signing in again works


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, browser):
    browser.login("cv.khcn")
    before_change = browser.client.get_cookie("session").value
    phone = _second_browser(app)
    phone.login("cv.khcn")
    response = browser.post("/account/password", {"current": PASSWORD, "new": NEW, "confirm": NEW},
                            token_from="/account")
    assert response.status_code == 302
    # the session that changed it goes on
    assert "Đã đổi mật khẩu." in browser.get("/account").get_data(as_text=True) and _signed_in(browser)
    assert not _signed_in(phone)                      # the other one has ended
    thief = _second_browser(app)
    thief.client.set_cookie("session", before_change)
    assert not _signed_in(thief)                      # and so has the cookie this browser had before


def test_a_failed_password_change_ends_no_session(app, browser):
    browser.login("cv.khcn")
    phone = _second_browser(app)
    phone.login("cv.khcn")
    response = browser.post("/account/password", {"current": PASSWORD, "new": "12345678", "confirm": "12345678"},
                            token_from="/account")
    assert response.status_code == 400
    assert _signed_in(browser) and _signed_in(phone)
