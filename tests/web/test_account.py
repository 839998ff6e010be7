"""The account page: preferences (language, daily digest) and changing one's password,
with errors next to the fields, nothing changed on bad input, CSRF, and a limit on
guessing the current password."""
from __future__ import annotations

from html import unescape

from sqlalchemy import text

from tests.conftest import PASSWORD, user

NEW = "mat-khau-moi-2025"


def _audit_actions(services) -> list[str]:
    with services.database.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT action FROM audit_log ORDER BY id"))]


def test_account_page_shows_who_and_csrf_protected_forms(browser):
    browser.login("ld.khcn")
    page = unescape(browser.get("/account").get_data(as_text=True))
    assert "Lãnh đạo Sở KH&CN" in page and "Sở Khoa học và Công nghệ" in page
    assert "Lãnh đạo đơn vị, Đơn vị phối hợp" in page
    assert page.count('name="csrf_token"') == 5          # preferences, e-mail, password, new API token, sign-out


def test_preferences_change_language_and_digest(browser, services):
    browser.login("cv.khcn")
    response = browser.post("/account/preferences", {"language": "en", "digest": "1"}, token_from="/account")
    assert response.status_code == 302
    saved = user(services, "cv.khcn")
    assert (saved.language, saved.digest) == ("en", True)
    page = browser.get("/account").get_data(as_text=True)
    assert '<html lang="en">' in page and "Preferences saved." in page
    assert 'value="1" checked' in page
    assert "user.preferences_changed" in _audit_actions(services)
    # the preference is what the next sign-in uses
    browser.post("/logout", token_from="/")
    browser.login("cv.khcn")
    assert '<html lang="en">' in browser.get("/").get_data(as_text=True)


def test_bad_preferences_change_nothing(browser, services):
    browser.login("cv.khcn")
    response = browser.post("/account/preferences", {"language": "fr", "digest": "1"}, token_from="/account")
    assert response.status_code == 400
    assert "lựa chọn không hợp lệ «fr»" in unescape(response.get_data(as_text=True))
    saved = user(services, "cv.khcn")
    assert (saved.language, saved.digest) == ("vi", False)
    no_token = browser.client.post("/account/preferences", data={"language": "en", "digest": "1"})
    assert no_token.status_code == 400 and user(services, "cv.khcn").language == "vi"


def test_password_errors_are_shown_next_to_fields_and_change_nothing(browser, services):
    browser.login("cv.khcn")
    cases = [
        ({"current": "sai-mat-khau", "new": NEW, "confirm": NEW}, "err-current", "Mật khẩu hiện tại không đúng"),
        ({"current": PASSWORD, "new": "ngan", "confirm": "ngan"}, "err-new", "ít nhất 8 ký tự"),
        ({"current": PASSWORD, "new": NEW, "confirm": NEW + "x"}, "err-confirm", "không khớp"),
        ({"current": PASSWORD, "new": PASSWORD, "confirm": PASSWORD}, "err-new", "phải khác mật khẩu hiện tại"),
    ]
    for form, field_id, message in cases:
        response = browser.post("/account/password", form, token_from="/account")
        page = unescape(response.get_data(as_text=True))
        assert response.status_code == 400, form
        assert f'<p class="field-error" id="{field_id}">' in page and message in page, form
    assert "user.password_changed" not in _audit_actions(services)
    browser.post("/logout", token_from="/")
    assert browser.login("cv.khcn").status_code == 302        # the old password still works


def test_password_change_takes_effect(browser, services):
    browser.login("cv.khcn")
    response = browser.post("/account/password", {"current": PASSWORD, "new": NEW, "confirm": NEW},
                            token_from="/account")
    assert response.status_code == 302
    assert "Đã đổi mật khẩu." in browser.get("/account").get_data(as_text=True)
    with services.uow(write=False) as uow:
        stored = uow.users.password_hash("cv.khcn")
    assert stored.startswith("scrypt$") and NEW not in stored
    assert "user.password_changed" in _audit_actions(services)
    browser.post("/logout", token_from="/")
    assert browser.login("cv.khcn", PASSWORD).status_code == 401
    assert browser.login("cv.khcn", NEW).status_code == 302


def test_guessing_the_current_password_is_limited(browser):
    browser.login("cv.khcn")
    for _ in range(5):
        assert browser.post("/account/password", {"current": "doan-mo", "new": NEW, "confirm": NEW},
                            token_from="/account").status_code == 400
    response = browser.post("/account/password", {"current": PASSWORD, "new": NEW, "confirm": NEW},
                            token_from="/account")
    assert response.status_code == 429 and "thử lại sau" in response.get_data(as_text=True)


def test_password_change_without_csrf_is_refused(browser):
    browser.login("cv.khcn")
    response = browser.client.post("/account/password", data={"current": PASSWORD, "new": NEW, "confirm": NEW})
    assert response.status_code == 400
    browser.post("/logout", token_from="/")
    assert browser.login("cv.khcn", PASSWORD).status_code == 302
