"""Browser-test fixtures: the real app (fresh SQLite database, FixedClock) behind a real
HTTP server in a thread, Debian's chromium driven by Playwright (never a downloaded
browser: tests/browser/ensure_chromium.sh installs the Debian package), one browser
context per person, and screenshots saved under test-artifacts/browser/."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.chromium import launch
from tests.conftest import PASSWORD, make_services

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


class LiveServer:
    """create_app(services) served over HTTP on a free loopback port."""

    def __init__(self, services):
        from web.app import create_app

        self.services = services
        self.app = create_app(services=services)
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="live-server", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(tmp_path):
    services = make_services(f"sqlite:///{tmp_path / 'chidao.db'}", tmp_path)
    with LiveServer(services) as server:
        yield server
    services.database.dispose()


@pytest.fixture(scope="package")
def chromium():
    """One chromium for the browser tests of this package; closed after them, so that
    other tests may start Playwright's sync API again (it refuses to nest)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


class Person:
    """One person at their own browser (own cookies), signing in through the login page."""

    def __init__(self, chromium, server: LiveServer, login: str, shots: "Shots"):
        self.server, self.login, self.shots = server, login, shots
        self.context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN",
                                            accept_downloads=True)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("console", lambda msg: self.errors.append(f"console: {msg.text}")
                     if msg.type == "error" and "favicon" not in msg.text and "404" not in msg.text else None)
        self.page.goto(f"{server.url}/login")
        self.page.fill("input[name=login]", login)
        self.page.fill("input[name=password]", PASSWORD)
        with self.page.expect_navigation():
            self.page.click("form button[type=submit]")
        assert "/login" not in self.page.url, f"{login} could not sign in"

    def open(self, path: str):
        self.page.goto(f"{self.server.url}{path}")
        return self.page

    def shot(self, name: str) -> None:
        self.shots.take(self.page, f"{self.login}-{name}")

    def close(self) -> None:
        self.context.close()


class Shots:
    """Numbered full-page screenshots of one test, kept as artifacts."""

    def __init__(self, test_name: str):
        self.dir = ARTIFACTS / test_name
        self.dir.mkdir(parents=True, exist_ok=True)
        for old in self.dir.glob("*.png"):
            old.unlink()
        self.count = 0

    def take(self, page, name: str) -> Path:
        self.count += 1
        path = self.dir / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shots(request):
    return Shots(request.node.name)


@pytest.fixture
def person(chromium, live_server, shots):
    """person("ld.khcn") → that user signed in at their own browser."""
    people: list[Person] = []

    def sign_in(login: str) -> Person:
        who = Person(chromium, live_server, login, shots)
        people.append(who)
        return who

    yield sign_in
    for who in people:
        who.close()
