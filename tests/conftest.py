"""Shared fixtures: a real database (SQLite file per test; PostgreSQL when a test asks
for ``pg_services``), Services on a FixedClock, users of every role, a sample directive
and a signed-in Flask test client."""
from __future__ import annotations

import json
import os
import re
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from config.defaults import DEMO_DIRECTIVES_DIR, WORKFLOWS_DIR, load_agency_entries
from config.settings import Settings
from engine.clock import FixedClock
from engine.domain.calendar import LOCAL_TZ
from engine.domain.passwords import hash_password
from engine.domain.users import SYSTEM, User
from engine.usecases.setup import deploy_process, load_registry
from persistence.database import Database
from persistence.migrate import upgrade
from web.bootstrap import build_services

PASSWORD = "mat-khau-thu"
PG_ADMIN_URL = os.environ.get("CHIDAO_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
_HASH = hash_password(PASSWORD)

# login, name, agency code, roles
PEOPLE = [
    ("ld.khcn", "Lãnh đạo Sở KH&CN", "so-khoa-hoc-va-cong-nghe", {"leader", "coordinator"}),
    ("cv.khcn", "Chuyên viên Sở KH&CN", "so-khoa-hoc-va-cong-nghe", {"officer", "coordinator"}),
    ("cv2.khcn", "Chuyên viên 2 Sở KH&CN", "so-khoa-hoc-va-cong-nghe", {"officer"}),
    ("ld.noivu", "Lãnh đạo Sở Nội vụ", "so-noi-vu", {"leader", "coordinator"}),
    ("cv.noivu", "Chuyên viên Sở Nội vụ", "so-noi-vu", {"officer", "coordinator"}),
    ("ld.taichinh", "Lãnh đạo Sở Tài chính", "so-tai-chinh", {"leader", "coordinator"}),
    ("cv.taichinh", "Chuyên viên Sở Tài chính", "so-tai-chinh", {"officer", "coordinator"}),
    ("theodoi", "Chuyên viên theo dõi VP", "van-phong-ubnd-tinh", {"monitor"}),
    ("chutich", "Chủ tịch UBND tỉnh", "ubnd-tinh-an-giang", {"authority"}),
    ("thanhtra", "Thanh tra viên", "thanh-tra-tinh", {"auditor"}),
    ("quytrinh", "Quản trị quy trình", "van-phong-ubnd-tinh", {"process_owner"}),
    ("admin", "Quản trị hệ thống", "van-phong-ubnd-tinh", {"admin", "process_owner"}),
]

START = datetime(2025, 6, 2, 9, 0, tzinfo=LOCAL_TZ)   # a Monday


def pytest_configure(config):
    # every state dump in the suite is also made in full and compared (engine/bpmn/state.py)
    os.environ.setdefault("CHIDAO_CHECK_STATE_MEMO", "1")


def make_services(url: str, tmp_path: Path, now: datetime = START):
    database = Database.from_url(url)
    settings = Settings.from_env({"CHIDAO_DATA_DIR": str(tmp_path / "data"), "CHIDAO_DATABASE_URL": url,
                                  "CHIDAO_MAIL_ENABLED": "0", "CHIDAO_SECRET_KEY": "test-secret"})
    upgrade(database, settings.audit_key())
    services = build_services(settings, database, clock=FixedClock(now))
    load_registry(services, SYSTEM, load_agency_entries())
    for path in sorted(WORKFLOWS_DIR.glob("*.bpmn")):
        deploy_process(services, SYSTEM, path.read_text(encoding="utf-8"), path.stem)
    with services.uow() as uow:
        for login, name, agency, roles in PEOPLE:
            uow.users.add(User(login=login, name=name, agency_code=agency, roles=frozenset(roles),
                               email=f"{login}@chidao.test"), _HASH)
        uow.commit()
    return services


@pytest.fixture
def services(tmp_path):
    svc = make_services(f"sqlite:///{tmp_path / 'chidao.db'}", tmp_path)
    yield svc
    svc.database.dispose()


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL.replace("postgresql://", "postgresql://", 1), connect_timeout=3):
            return True
    except Exception:   # noqa: BLE001
        return False


@pytest.fixture
def pg_url():
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    import psycopg

    if not _pg_available():
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL} (run .ci/run, which starts it)")
    name = f"chidao_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def pg_services(pg_url, tmp_path):
    svc = make_services(pg_url, tmp_path)
    yield svc
    svc.database.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_services(request, tmp_path):
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        svc = make_services(f"sqlite:///{tmp_path / 'chidao.db'}", tmp_path)
        yield svc
        svc.database.dispose()
    else:
        url = request.getfixturevalue("pg_url")
        svc = make_services(url, tmp_path)
        yield svc
        svc.database.dispose()


def user(services, login: str) -> User:
    with services.uow(write=False) as uow:
        return uow.users.by_login(login)


def sample_payload(name: str = "001_07378020a184ad69.json") -> dict:
    return json.loads((DEMO_DIRECTIVES_DIR / name).read_text(encoding="utf-8"))


def small_directive(deadline: dict | None = None, lead=("Sở Khoa học và Công nghệ",),
                    coordinating=("Sở Tài chính",), number: str = "99/KH-UBND") -> dict:
    """A one-task directive for focused tests."""
    return {
        "document": {"number": number, "type": "KH", "issuer": "UBND tỉnh An Giang", "date": "2025-06-02",
                     "signer": "Hồ Văn Mừng", "title": "Kế hoạch thử nghiệm chidao"},
        "tasks": [{
            "ref": "1", "lead": list(lead), "coordinating": list(coordinating),
            "deadline": deadline or {"kind": "date", "value": "2025-08-15", "text": "chậm nhất 15/8/2025"},
            "product": "Báo cáo kết quả", "summary": "Xây dựng cơ sở dữ liệu thử nghiệm",
        }],
    }


@pytest.fixture
def app(services):
    from web.app import create_app

    application = create_app(services=services, testing=True)
    return application


class Browser:
    """A Flask test client that signs in and carries the CSRF token."""

    def __init__(self, client):
        self.client = client

    def csrf(self, path: str = "/login") -> str:
        page = self.client.get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, login: str, password: str = PASSWORD):
        token = self.csrf("/login")
        return self.client.post("/login", data={"login": login, "password": password, "csrf_token": token})

    def post(self, path: str, data: dict | None = None, token_from: str | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf(token_from or path))
        return self.client.post(path, data=data, **kwargs)

    def __getattr__(self, name):
        return getattr(self.client, name)


@pytest.fixture
def browser(app):
    return Browser(app.test_client())


@pytest.fixture
def smtp():
    """A real SMTP server on a free port: (controller, mailbox)."""
    from tests.smtp_server import start_smtp

    controller, mailbox = start_smtp()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def real_time(services):
    """The services' failed-attempt limits measured on a ManualTime (tests/real_time.py)."""
    from tests.real_time import use_manual_time

    return use_manual_time(services)
