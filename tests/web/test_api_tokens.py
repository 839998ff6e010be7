"""Personal API tokens: created on the account page (the secret shown once, only its
SHA-256 stored), used as ``Authorization: Bearer`` on the API, listed with their
name, creation, last use and expiry, revoked by their owner; creating and revoking
are audited; a wrong, revoked, expired token or one of a deactivated user gets 401."""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import timedelta
from html import unescape

from sqlalchemy import text

from engine.clock import FixedClock
from tests.conftest import START, Browser, user
from tests.web.directive_helpers import basic


def _create(browser: Browser, name: str, expires_on: str = ""):
    return browser.post("/account/tokens", {"name": name, "expires_on": expires_on}, token_from="/account")


def _secret(response) -> str:
    match = re.search(r'id="new-token">([^<]+)<', response.get_data(as_text=True))
    assert match, "no secret on the page"
    return match.group(1)


def _bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def _rows(services, sql: str) -> list:
    with services.database.engine.connect() as conn:
        return list(conn.execute(text(sql)))


def test_a_token_is_shown_once_stored_hashed_and_works_on_the_api(browser, app, services):
    browser.login("ld.khcn")
    created = _create(browser, "Phần mềm báo cáo của Sở", "31/12/2025")
    assert created.status_code == 201 and created.headers["Cache-Control"] == "no-store"
    secret = _secret(created)
    assert secret.startswith("chidao_") and len(secret) >= 40
    assert "Hãy sao chép ngay: mã chỉ hiện một lần này." in unescape(created.get_data(as_text=True))
    assert secret not in browser.get("/account").get_data(as_text=True)        # once only
    ((digest, hint, name),) = _rows(services, "SELECT digest, hint, name FROM api_tokens")
    assert digest == hashlib.sha256(secret.encode()).hexdigest() and secret not in (digest, hint)
    assert secret.startswith(hint) and name == "Phần mềm báo cáo của Sở"
    api = app.test_client()
    steps = api.get("/api/v1/steps", headers=_bearer(secret))
    assert steps.status_code == 200 and steps.get_json() == {"steps": []}
    page = unescape(browser.get("/account").get_data(as_text=True))
    assert "Phần mềm báo cáo của Sở" in page and "31/12/2025" in page and "chưa dùng" not in page
    assert "09:00 02/06/2025" in page                      # created and last used, local time


def test_wrong_tokens_are_refused_and_basic_still_works(app, browser):
    api = app.test_client()
    wrong = api.get("/api/v1/steps", headers=_bearer("chidao_" + "x" * 43))
    assert wrong.status_code == 401 and wrong.get_json()["error"] == "Mã truy cập API không đúng, đã hết hạn hoặc đã bị thu hồi."
    english = api.get("/api/v1/steps?lang=en", headers=_bearer("not-a-token"))
    assert english.get_json() == {"error": "The API token is wrong, expired or revoked.", "status": 401}
    assert api.get("/api/v1/steps", headers=_bearer("chidao_" + "x" * 5000)).status_code == 401
    assert api.get("/api/v1/steps", headers=basic("ld.khcn")).status_code == 200


def test_revoking_a_token_ends_it_and_both_are_audited(browser, app, services):
    browser.login("cv.khcn")
    secret = _secret(_create(browser, "Tích hợp thử"))
    (token_id,) = [r[0] for r in _rows(services, "SELECT id FROM api_tokens")]
    revoked = browser.post(f"/account/tokens/{token_id}/revoke", token_from="/account")
    assert revoked.status_code == 302
    assert "Đã thu hồi mã truy cập «Tích hợp thử»." in unescape(browser.get("/account").get_data(as_text=True))
    assert app.test_client().get("/api/v1/steps", headers=_bearer(secret)).status_code == 401
    audit = _rows(services, "SELECT action, actor_login FROM audit_log WHERE action LIKE 'api_token.%' ORDER BY id")
    assert [tuple(r) for r in audit] == [("api_token.created", "cv.khcn"), ("api_token.revoked", "cv.khcn")]
    again = browser.post(f"/account/tokens/{token_id}/revoke", token_from="/account")
    assert again.status_code == 404


def test_nobody_revokes_someone_elses_token(app, services):
    owner, other = Browser(app.test_client()), Browser(app.test_client())
    owner.login("cv.khcn")
    other.login("cv.noivu")
    secret = _secret(_create(owner, "Của Sở KH&CN"))
    (token_id,) = [r[0] for r in _rows(services, "SELECT id FROM api_tokens")]
    refused = other.post(f"/account/tokens/{token_id}/revoke", token_from="/account")
    assert refused.status_code == 404
    assert "Của Sở KH&CN" not in unescape(other.get("/account").get_data(as_text=True))
    assert app.test_client().get("/api/v1/steps", headers=_bearer(secret)).status_code == 200


def test_an_expired_token_or_a_deactivated_users_token_is_refused(browser, app, services):
    browser.login("cv.khcn")
    secret = _secret(_create(browser, "Hết hạn sớm", START.strftime("%d/%m/%Y")))
    api = app.test_client()
    assert api.get("/api/v1/steps", headers=_bearer(secret)).status_code == 200     # through its last day
    services.clock = FixedClock(START + timedelta(days=1))
    assert api.get("/api/v1/steps", headers=_bearer(secret)).status_code == 401
    assert "đã hết hạn" in unescape(browser.get("/account").get_data(as_text=True))
    services.clock = FixedClock(START)
    with services.uow() as uow:
        uow.users.update(replace(user(services, "cv.khcn"), active=False))
        uow.commit()
    assert api.get("/api/v1/steps", headers=_bearer(secret)).status_code == 401


def test_bad_token_forms_change_nothing(browser, services):
    browser.login("cv.khcn")
    blank = _create(browser, "   ")
    assert blank.status_code == 400
    assert "Hãy đặt tên cho mã truy cập" in unescape(blank.get_data(as_text=True))
    past = _create(browser, "Tích hợp", "01/01/2020")
    assert past.status_code == 400
    page = unescape(past.get_data(as_text=True))
    assert "Ngày hết hạn phải từ 02/06/2025 đến" in page and 'value="Tích hợp"' in page
    assert "không hợp lệ «31/02/2026»" in unescape(_create(browser, "Tích hợp", "31/02/2026").get_data(as_text=True))
    assert _rows(services, "SELECT id FROM api_tokens") == []
    assert _rows(services, "SELECT id FROM audit_log WHERE action LIKE 'api_token.%'") == []


def test_last_use_is_written_at_most_once_a_minute(browser, app, services):
    browser.login("cv.khcn")
    secret = _secret(_create(browser, "Đồng bộ"))
    api = app.test_client()
    api.get("/api/v1/steps", headers=_bearer(secret))
    services.clock = FixedClock(START + timedelta(seconds=30))
    api.get("/api/v1/steps", headers=_bearer(secret))
    (first,) = [r[0] for r in _rows(services, "SELECT last_used_at FROM api_tokens")]
    services.clock = FixedClock(START + timedelta(minutes=2))
    api.get("/api/v1/steps", headers=_bearer(secret))
    (later,) = [r[0] for r in _rows(services, "SELECT last_used_at FROM api_tokens")]
    assert str(first).startswith("2025-06-02 02:00:00") and str(later).startswith("2025-06-02 02:02:00")
