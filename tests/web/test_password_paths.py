"""Every way a password is set goes through the one policy (engine.usecases.account.
set_password): the account page, `chidao user add`, `chidao init`'s admin; only the
demo loader seeds its shared password, on purpose."""
from __future__ import annotations

from html import unescape

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from engine.domain.errors import DomainError
from engine.domain.form_validation import FormInvalid
from engine.domain.password_policy import DEMO_PASSWORD
from engine.domain.users import SYSTEM, User
from engine.usecases.users import create_user
from tests.conftest import PASSWORD

WEAK = {  # new password → words of the Vietnamese reason shown next to the field
    "12345678": "mật khẩu phổ biến",
    "aaaaaaaa": "lặp lại một ký tự",
    "        ": "lặp lại một ký tự",
    "password": "mật khẩu phổ biến",
    DEMO_PASSWORD: "mật khẩu dùng chung của bản minh họa",
    "thanhtra": "trùng với tên đăng nhập",
    "Thanh tra viên": "họ tên của người dùng",
}


def _hash_of(services, login: str) -> str:
    with services.uow(write=False) as uow:
        return uow.users.password_hash(login)


def test_the_account_page_refuses_each_weak_password_with_the_reason(browser, services):
    browser.login("thanhtra")                                    # «Thanh tra viên»
    before = _hash_of(services, "thanhtra")
    for new, reason in WEAK.items():
        response = browser.post("/account/password", {"current": PASSWORD, "new": new, "confirm": new},
                                token_from="/account")
        page = unescape(response.get_data(as_text=True))
        assert response.status_code == 400, new
        assert '<p class="field-error" id="err-new">' in page and reason in page, new
    assert _hash_of(services, "thanhtra") == before              # nothing changed


def test_the_account_page_says_why_in_english_too(browser):
    browser.login("thanhtra")
    browser.post("/account/preferences", {"language": "en", "digest": "0"}, token_from="/account")
    response = browser.post("/account/password", {"current": PASSWORD, "new": "12345678", "confirm": "12345678"},
                            token_from="/account")
    assert response.status_code == 400 and "This is a common password" in unescape(response.get_data(as_text=True))


def test_creating_a_user_applies_the_policy(services):
    newcomer = User(login="cv3.khcn", name="Trần Văn Ba", agency_code="so-khoa-hoc-va-cong-nghe",
                    roles=frozenset({"officer"}))
    with pytest.raises(FormInvalid) as refused:
        create_user(services, SYSTEM, newcomer, "cv3.khcn")
    assert refused.value.errors["password"].key == "password.is_login"
    with services.uow(write=False) as uow:
        assert uow.users.by_login("cv3.khcn") is None            # nothing stored
    create_user(services, SYSTEM, newcomer, "sao-khuya-dem-trang")
    assert _hash_of(services, "cv3.khcn").startswith("scrypt$")


@pytest.fixture
def cli(tmp_path, monkeypatch):
    from web.cli import common, main

    monkeypatch.setenv("CHIDAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CHIDAO_NOW", "2025-06-02T09:00:00+07:00")
    monkeypatch.setenv("CHIDAO_MAIL_ENABLED", "0")

    def run(*args):
        monkeypatch.setattr(common, "_services", None)
        monkeypatch.setattr(common, "_ready", False)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run, monkeypatch


def test_cli_user_add_refuses_a_weak_password_in_one_line(cli):
    run, monkeypatch = cli
    monkeypatch.setenv("CHIDAO_ADMIN_PASSWORD", "quan-tri-he-thong-an-giang")
    assert run("init").exit_code == 0
    for weak in ("12345678", "aaaaaaaa", "password", DEMO_PASSWORD, "cv.taichinh"):
        result = run("user", "add", "cv.taichinh", "--name", "Cán bộ Tài chính", "--agency", "so-tai-chinh",
                     "--role", "officer", "--password", weak)
        assert result.exit_code == 1 and result.output.count("\n") == 1 and "mật khẩu" in result.output.lower(), weak
    result = run("user", "add", "cv.taichinh", "--name", "Cán bộ Tài chính", "--agency", "so-tai-chinh",
                 "--role", "officer", "--password", "lua-thom-mua-noi-7")
    assert result.exit_code == 0, result.output


def test_init_refuses_a_weak_admin_password(cli):
    run, monkeypatch = cli
    monkeypatch.setenv("CHIDAO_ADMIN_PASSWORD", "12345678")
    result = run("init")
    assert result.exit_code == 1 and "mật khẩu phổ biến" in result.output


def test_the_demo_seeds_its_shared_password_explicitly(services):
    from web.demo import _users

    created = _users(services, seed_admin=True)
    assert created > 10
    with services.database.engine.connect() as conn:
        hashes = dict(conn.execute(text("SELECT login, password_hash FROM users WHERE login IN "
                                        "('chuyenvien.khcn', 'admin', 'cv.khcn')")).all())
    from engine.domain.passwords import check_password

    assert check_password(DEMO_PASSWORD, hashes["chuyenvien.khcn"]) and check_password(DEMO_PASSWORD, hashes["admin"])
    assert not check_password(DEMO_PASSWORD, hashes["cv.khcn"])   # an existing user keeps theirs
