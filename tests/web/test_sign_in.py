"""Signing in and out, CSRF on the login form, the login rate limit (more in
test_sign_in_limits.py), the session cookie's flags and expiry, safe redirects after
sign-in, hashed passwords."""
from __future__ import annotations

import time
from datetime import timedelta

from flask.sessions import SecureCookieSessionInterface
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import text

from config.settings import Settings
from engine.domain.passwords import check_password, hash_password
from tests.conftest import PASSWORD, Browser


def test_login_required_redirects_to_login(browser):
    response = browser.get("/")
    assert response.status_code == 302
    assert "/login" in response.location


def test_login_and_inbox(browser):
    response = browser.login("cv.khcn")
    assert response.status_code == 302
    page = browser.get("/")
    assert page.status_code == 200
    assert "Việc cần làm" in page.get_data(as_text=True)


def test_wrong_password_is_refused_in_vietnamese(browser):
    response = browser.login("cv.khcn", "sai")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_rejected(browser):
    response = browser.client.post("/login", data={"login": "cv.khcn", "password": "x"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_login_attempts_are_rate_limited(browser):
    for _ in range(5):
        assert browser.login("cv.khcn", "sai").status_code == 401
    response = browser.login("cv.khcn")          # even the right password waits now
    assert response.status_code == 429
    assert "thử lại sau" in response.get_data(as_text=True)


# ---- session cookie, expiry, redirects ---------------------------------------------


def _session_cookie_header(response) -> str:
    (header,) = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    return header


def test_session_cookie_is_httponly_lax_and_expires(browser, app):
    response = browser.login("cv.khcn")
    header = _session_cookie_header(response)
    attributes = [part.strip().lower() for part in header.split(";")]
    assert "httponly" in attributes and "samesite=lax" in attributes
    assert "secure" not in attributes                      # plain HTTP by default (CHIDAO_SECURE_COOKIES=0)
    assert any(a.startswith("expires=") for a in attributes)   # a permanent session with a lifetime
    assert app.permanent_session_lifetime == timedelta(minutes=480)


def test_session_cookie_is_secure_behind_https(services, tmp_path):
    from web.app import create_app

    settings = Settings.from_env({"CHIDAO_DATA_DIR": str(tmp_path / "data"), "CHIDAO_SECRET_KEY": "test-secret",
                                  "CHIDAO_SECURE_COOKIES": "1", "CHIDAO_SESSION_MINUTES": "30",
                                  "CHIDAO_DATABASE_URL": str(services.database.engine.url)})
    app = create_app(services=services, settings=settings, testing=True)
    browser = Browser(app.test_client(use_cookies=True))
    browser.client.environ_base["wsgi.url_scheme"] = "https"
    response = browser.login("cv.khcn")
    assert response.status_code == 302
    attributes = [part.strip().lower() for part in _session_cookie_header(response).split(";")]
    assert "secure" in attributes and "httponly" in attributes
    assert app.permanent_session_lifetime == timedelta(minutes=30)


class _SignedLongAgo(TimestampSigner):
    """Signs as if it were ``AGE`` seconds ago."""

    AGE = 0

    def get_timestamp(self) -> int:
        return int(time.time()) - self.AGE


def _resign(app, cookie_value: str, age_seconds: int) -> str:
    interface: SecureCookieSessionInterface = app.session_interface
    current = interface.get_signing_serializer(app)
    data = current.loads(cookie_value)
    _SignedLongAgo.AGE = age_seconds
    old = URLSafeTimedSerializer(app.secret_key, salt=interface.salt, serializer=interface.serializer,
                                 signer=_SignedLongAgo,
                                 signer_kwargs={"key_derivation": interface.key_derivation,
                                                "digest_method": interface.digest_method})
    return old.dumps(data)


def test_expired_session_leads_back_to_login(browser, app):
    browser.login("cv.khcn")
    value = browser.client.get_cookie("session").value
    lifetime = int(app.permanent_session_lifetime.total_seconds())
    # the same session signed a little within its lifetime still works…
    browser.client.set_cookie("session", _resign(app, value, lifetime - 60))
    assert browser.get("/").status_code == 200
    # …and signed longer ago than the lifetime it is refused: back to the login page
    browser.client.set_cookie("session", _resign(app, value, lifetime + 60))
    response = browser.get("/")
    assert response.status_code == 302 and "/login" in response.location


def test_tampered_session_is_refused(browser):
    browser.login("cv.khcn")
    value = browser.client.get_cookie("session").value
    browser.client.set_cookie("session", value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    assert browser.get("/").status_code == 302


def test_logout_needs_post_with_csrf_and_ends_the_session(browser):
    browser.login("cv.khcn")
    assert browser.get("/logout").status_code == 405
    assert browser.client.post("/logout").status_code == 400
    assert browser.get("/").status_code == 200
    assert browser.post("/logout", token_from="/").status_code == 302
    assert browser.get("/").status_code == 302


def test_return_to_next_page_only_within_the_site(browser):
    token = browser.csrf("/login")
    for target, expected in (("/notifications", "/notifications"), ("//evil.example/x", "/"),
                             ("https://evil.example/", "/"), ("/\\evil.example", "/")):
        response = browser.client.post(f"/login?next={target}", data={"login": "cv.khcn", "password": PASSWORD,
                                                                      "csrf_token": token})
        assert response.status_code == 302 and response.location == expected, target
        browser.post("/logout", token_from="/")
        token = browser.csrf("/login")


def test_signed_in_user_visiting_login_goes_home(browser):
    browser.login("cv.khcn")
    response = browser.get("/login")
    assert response.status_code == 302 and response.location == "/"


def test_language_chosen_on_login_page_is_kept(browser):
    browser.get("/login?lang=en")
    browser.login("cv.khcn")
    assert '<html lang="en">' in browser.get("/").get_data(as_text=True)


# ---- passwords and the rate limit ----------------------------------------------------

def test_passwords_are_stored_hashed(services):
    with services.database.engine.connect() as conn:
        stored = [r[0] for r in conn.execute(text("SELECT password_hash FROM users"))]
    assert stored and all(h.startswith("scrypt$") and PASSWORD not in h for h in stored)
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second and check_password(PASSWORD, first) and check_password(PASSWORD, second)  # salted
    assert not check_password("sai", first)


def test_unknown_and_inactive_users_cannot_sign_in(browser, services):
    assert browser.login("khong-ton-tai").status_code == 401
    with services.database.engine.begin() as conn:
        conn.execute(text("UPDATE users SET active = :no WHERE login = 'cv2.khcn'"), {"no": False})
    response = browser.login("cv2.khcn")
    assert response.status_code == 401
