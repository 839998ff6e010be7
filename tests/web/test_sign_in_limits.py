"""Failed sign-ins are limited per account, with a wait that doubles, and only loosely
per client address, on real time (the application clock stays fixed, as CHIDAO_NOW
keeps it in the demo); X-Forwarded-For counts only behind a trusted proxy; the API's
HTTP Basic check follows the same rules; an unknown login costs the same hashing work
as a known one."""
from __future__ import annotations

import base64
import hashlib
from html import unescape

from config.settings import Settings
from engine.clock import FixedClock
from tests.conftest import PASSWORD, Browser
from tests.real_time import use_manual_time


def _fail(browser, login: str, times: int = 5) -> None:
    for _ in range(times):
        assert browser.login(login, "sai-mat-khau").status_code == 401


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_another_user_signs_in_after_five_failures_of_someone_else_from_the_same_address(browser, real_time):
    _fail(browser, "cv.khcn")
    assert browser.login("cv.khcn").status_code == 429           # that account waits…
    assert browser.login("ld.khcn").status_code == 302           # …its colleague at the same address does not


def test_failures_with_logins_that_do_not_exist_lock_nobody_else(browser, real_time):
    for login in ("a1", "a2", "a3", "a4", "a5", "a6"):
        assert browser.login(login, "sai").status_code == 401
    assert browser.login("cv.khcn").status_code == 302


def test_a_locked_account_stays_locked_for_its_window_then_unlocks_while_the_demo_clock_stands_still(
        browser, services, real_time):
    assert isinstance(services.clock, FixedClock)
    demo_now = services.clock.now()
    _fail(browser, "cv.khcn")
    locked = browser.login("cv.khcn")                             # even the right password waits now
    assert locked.status_code == 429 and locked.headers["Retry-After"] == "60"
    assert "Nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau 60 giây." in _text(locked)
    real_time.advance(59)
    assert browser.login("cv.khcn").status_code == 429            # still inside its window
    real_time.advance(2)
    assert browser.login("cv.khcn").status_code == 302            # the window is over: in
    assert services.clock.now() == demo_now                       # and the application clock never moved


def test_each_further_failure_doubles_the_wait(browser, real_time):
    _fail(browser, "cv.khcn")
    waits = []
    for _ in range(3):
        response = browser.login("cv.khcn", "sai")
        assert response.status_code == 429
        waits.append(int(response.headers["Retry-After"]))
        real_time.advance(waits[-1] + 0.01)
        assert browser.login("cv.khcn", "sai").status_code == 401   # one more try, one more failure
    assert waits == [60, 120, 240]
    response = browser.login("cv.khcn")
    assert response.status_code == 429 and "thử lại sau 8 phút" in _text(response)


def test_a_success_forgets_the_accounts_failures(browser, real_time):
    _fail(browser, "cv.khcn", 4)
    assert browser.login("cv.khcn").status_code == 302
    browser.post("/logout", token_from="/")
    _fail(browser, "cv.khcn", 4)
    assert browser.login("cv.khcn").status_code == 302


def test_the_limit_per_address_is_loose_and_counts_every_login(browser, services):
    use_manual_time(services, signin_address_limit="8 per 10 minutes")
    for login in ("a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"):
        assert browser.login(login, "sai").status_code == 401
    response = browser.login("cv.khcn")
    assert response.status_code == 429 and "thử lại sau 10 phút" in _text(response)
    other = browser.client.application.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert Browser(other).login("cv.khcn").status_code == 302    # another address is not held back


def _proxied_app(services, tmp_path, trusted: int):
    from web.app import create_app

    settings = Settings.from_env({"CHIDAO_DATA_DIR": str(tmp_path / "data"), "CHIDAO_SECRET_KEY": "test-secret",
                                  "CHIDAO_DATABASE_URL": str(services.database.engine.url),
                                  "CHIDAO_TRUSTED_PROXIES": str(trusted)})
    return create_app(services=services, settings=settings, testing=True)


def _from(app, forwarded_for: str) -> Browser:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.9.9.9"               # the proxy
    client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return Browser(client)


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(services, tmp_path):
    use_manual_time(services, signin_address_limit="3 per 10 minutes")
    app = _proxied_app(services, tmp_path, trusted=0)
    for number, login in enumerate(("a1", "a2", "a3")):
        assert _from(app, f"203.0.113.{number}").login(login, "sai").status_code == 401
    # a header anyone can send names no new address: the proxy's own address waits
    assert _from(app, "198.51.100.7").login("cv.khcn").status_code == 429


def test_x_forwarded_for_is_honoured_behind_a_trusted_proxy(services, tmp_path):
    use_manual_time(services, signin_address_limit="3 per 10 minutes")
    app = _proxied_app(services, tmp_path, trusted=1)
    for login in ("a1", "a2", "a3"):
        assert _from(app, "203.0.113.5").login(login, "sai").status_code == 401
    assert _from(app, "203.0.113.5").login("cv.khcn").status_code == 429      # that client waits
    assert _from(app, "198.51.100.7").login("cv.khcn").status_code == 302     # another client behind the proxy
    # with one trusted proxy only the address it added counts, not what the client wrote before it
    assert _from(app, "203.0.113.5, 198.51.100.8").login("ld.khcn").status_code == 302


# ---- the REST API's HTTP Basic check ------------------------------------------------

def _basic(login: str, password: str) -> dict:
    token = base64.b64encode(f"{login}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_api_basic_auth_follows_the_same_rules(app, browser, real_time):
    api = app.test_client()
    for _ in range(5):
        assert api.get("/api/v1/steps", headers=_basic("cv.khcn", "sai")).status_code == 401
    locked = api.get("/api/v1/steps?lang=en", headers=_basic("cv.khcn", PASSWORD))
    assert locked.status_code == 429 and locked.headers["Retry-After"] == "60"
    assert locked.get_json() == {"error": "Too many wrong passwords. Try again in 60 seconds.", "status": 429}
    assert api.get("/api/v1/steps", headers=_basic("ld.khcn", PASSWORD)).status_code == 200   # a colleague is not
    assert browser.login("cv.khcn").status_code == 429            # one count for the web and the API
    real_time.advance(61)
    assert api.get("/api/v1/steps", headers=_basic("cv.khcn", PASSWORD)).status_code == 200


def test_api_failures_of_unknown_logins_lock_nobody_else(app, real_time):
    api = app.test_client()
    for number in range(6):
        assert api.get("/api/v1/steps", headers=_basic(f"khong-co-{number}", "sai")).status_code == 401
    assert api.get("/api/v1/steps", headers=_basic("cv.khcn", PASSWORD)).status_code == 200


# ---- unknown logins cost the same work -----------------------------------------------

def _scrypt_calls(monkeypatch) -> list[tuple]:
    calls: list[tuple] = []
    real = hashlib.scrypt

    def counting(password, *, salt, n, r, p, dklen, **rest):
        calls.append((n, r, p, dklen))
        return real(password, salt=salt, n=n, r=r, p=p, dklen=dklen, **rest)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    return calls


def test_an_unknown_login_costs_the_same_hashing_as_a_wrong_password(browser, services, monkeypatch, real_time):
    from sqlalchemy import text

    with services.database.engine.begin() as conn:
        conn.execute(text("UPDATE users SET active = :no WHERE login = 'cv2.khcn'"), {"no": False})
    calls = _scrypt_calls(monkeypatch)
    work = {}
    for login in ("cv.khcn", "khong-ton-tai", "cv2.khcn"):       # known, unknown, inactive
        calls.clear()
        response = browser.login(login, "sai-mat-khau")
        assert response.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in _text(response)
        work[login] = list(calls)
    assert work["cv.khcn"] and work["cv.khcn"][0][0] >= 2 ** 14   # a real scrypt check…
    assert work["khong-ton-tai"] == work["cv.khcn"]               # …and the very same for an unknown login
    assert work["cv2.khcn"] == work["cv.khcn"]                    # and for a disabled account
