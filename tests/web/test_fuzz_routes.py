"""A bounded, deterministic fuzz of every route of the app (the web pages and the REST
API), on SQLite and on PostgreSQL: path segments, query parameters, form fields and
JSON bodies carrying NUL and control characters, integers past the database's range,
non-finite and malformed numbers, wrong types, impossible dates, huge and deeply
nested values. No answer may be a server error; every API error is JSON with its
status and a message; no page error is a bare traceback.

Which values go where is drawn from one seeded random generator, so every run sends
the same ~1,500 requests per database."""
from __future__ import annotations

import io
import json
import random
import re
from urllib.parse import quote

import pytest

from engine.usecases.api_tokens import create_api_token
from tests.conftest import Browser, small_directive, user
from tests.web.directive_helpers import FIXTURES
from tests.web.task_helpers import accepted_task, pending

SEED = 16
TEXTS = ["\x00", "a\x00b", "\x01\x7f", "", " ", "x" * 5000, "<script>alert(1)</script>", "../../etc/passwd",
         "%", "ü\u202e", "2025-13-45", "0001-01-01", "31/12/99999", "1/1/" + "9" * 30]
NUMBERS = ["99999999999999999999", "2147483648", "-2147483649", "9223372036854775808", "-1", "0", "1e999",
           "NaN", "1.5", "0x10", "１２", "9" * 5000]
VALUES = TEXTS + NUMBERS
JSON_VALUES = [["approve"], {"a": 1}, True, False, None, 10**30, -1, 1.5, 1e308, "x\x00", "\ud800", "", " ",
               "x" * 100_000, [], {}, [[[[["deep"]]]]], "0001-01-01", "2147483648"]
RAW_BODIES = [b"[" * 5000 + b"]" * 5000, b'{"a": 1e999}', b'{"a": NaN}', b'{"a": -Infinity}', b"\xff\xfe{}",
              b"", b"[]", b'"text"', b"null", b"\xef\xbb\xbf{}", b'{"a": "\\ud800"}', b'{"a": "\\u0000"}',
              b'{"a": ' + b"9" * 5000 + b"}"]
QUERY_NAMES = ["search", "q", "offset", "limit", "page", "status", "directive", "agency", "bucket", "urgency",
               "kind", "due_from", "due_to", "scope", "instance", "unread", "lang", "next", "\x00"]


class Fuzzer:
    def __init__(self, app, rng: random.Random):
        self.app, self.rng = app, rng
        self.sent = 0
        self.failures: list[str] = []

    def check(self, response, method: str, path: str, note: str = "") -> None:
        self.sent += 1
        where = f"{method} {path[:120]!r} {note[:120]}"
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {where}")
        elif path.startswith("/api/") and response.status_code >= 400 and "/docs" not in path:
            body = response.get_json(silent=True)
            if not (isinstance(body, dict) and body.get("status") == response.status_code and body.get("error")):
                self.failures.append(f"not a JSON error ({response.status_code}) {where}")
        elif response.status_code >= 400 and "Traceback" in response.get_data(as_text=True):
            self.failures.append(f"traceback {where}")

    def pick(self, values, count: int) -> list:
        return self.rng.sample(values, min(count, len(values)))


def _fill(rule, real: dict[str, str], bad: str | None = None, which: str | None = None) -> str:
    path = rule.rule
    for name in rule.arguments:
        value = quote(bad, safe="") if name == which else real.get(name, "1")
        path = re.sub(rf"<(?:[^:>]+:)?{name}>", value, path)
    return path


def _forms(html: str) -> list[tuple[str, list[str]]]:
    """(action, field names) of each POST form on a page."""
    found = []
    for form in re.findall(r"<form\b[^>]*method=\"?post[^>]*>.*?</form>", html, re.S | re.I):
        action = re.search(r'action="([^"]*)"', form)
        names = sorted(set(re.findall(r'name="([^"{}]+)"', form)) - {"csrf_token"})
        if action:
            found.append((action.group(1).replace("&amp;", "&"), names))
    return found


def _world(app, services) -> dict:
    instance_id = accepted_task(services)
    admin = Browser(app.test_client())
    admin.login("admin")
    text = (FIXTURES / "cv_an_giang_chuyen_doi_so.txt").read_bytes()
    upload = admin.post("/directives/import", {"file": (io.BytesIO(text), "cv.txt")},
                        content_type="multipart/form-data")
    draft = upload.location.rsplit("/", 1)[-1]
    return {"instance_id": str(instance_id), "directive_id": "1", "draft_id": draft, "key": "0",
            "step_id": pending(services, instance_id, "monthly_report").id, "notification_id": "1",
            "token_id": "1", "sha256": "0" * 64}


def _fuzz_pages(fuzzer: Fuzzer, app, browsers: dict, real: dict) -> None:
    """Every GET route as each browser: bad path segments, then bad query values;
    the POST forms its pages show, with bad field values."""
    forms: dict[str, tuple[Browser, list[str]]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.rule.startswith(("/api/", "/static")):
            continue
        for login, browser in browsers.items():
            for name in rule.arguments:
                for bad in fuzzer.pick(VALUES, 5):
                    path = _fill(rule, real, bad, name)
                    fuzzer.check(browser.client.get(path), "GET", path, login)
            path = _fill(rule, real)
            page = browser.client.get(path)
            fuzzer.check(page, "GET", path, login)
            if page.status_code == 200 and "text/html" in page.content_type:
                for action, names in _forms(page.get_data(as_text=True)):
                    forms.setdefault(action.split("?")[0], (browser, names))
            for name in fuzzer.pick(QUERY_NAMES, 6):
                for bad in fuzzer.pick(VALUES, 3):
                    fuzzer.check(browser.client.get(path, query_string={name: bad}), "GET", path, f"{name}={bad!r}")
    for action, (browser, names) in sorted(forms.items()):
        if action in ("/logout",):
            continue
        token = browser.csrf("/account")
        for _ in range(6):
            data = {name: fuzzer.rng.choice(VALUES) for name in names}
            data[fuzzer.rng.choice(names or ["x"])] = "\x00"
            data["csrf_token"] = token
            fuzzer.check(browser.client.post(action, data=data), "POST", action, json.dumps(data)[:100])


def _mutations(payload, rng: random.Random, count: int):
    """``payload`` with one leaf (or one container) replaced by a bad JSON value."""
    places = []

    def walk(value, path):
        places.append(path)
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))

    walk(payload, ())
    for _ in range(count):
        place = rng.choice(places[1:])
        mutated = json.loads(json.dumps(payload))
        target = mutated
        for key in place[:-1]:
            target = target[key]
        target[place[-1]] = rng.choice(JSON_VALUES)
        yield mutated


def _fuzz_api(fuzzer: Fuzzer, app, tokens: dict, real: dict) -> None:
    client = app.test_client()
    bodies = {"/api/v1/steps/<step_id>/complete": {"values": {"percent": 10, "done": "Đã khảo sát", "problems": ""}},
              "/api/v1/directives": small_directive(number="55/KH-UBND")}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("api_docs."):
            continue
        method = "POST" if "POST" in rule.methods else "GET"
        for login, secret in tokens.items():
            headers = {"Authorization": f"Bearer {secret}"}
            for name in rule.arguments:
                for bad in fuzzer.pick(VALUES, 8):
                    path = _fill(rule, real, bad, name)
                    fuzzer.check(client.open(path, method=method, headers=headers, json={}), method, path, login)
            path = _fill(rule, real)
            for name in fuzzer.pick(QUERY_NAMES, 8):
                for bad in fuzzer.pick(VALUES, 4):
                    response = client.open(path, method=method, headers=headers, query_string={name: bad}, json={})
                    fuzzer.check(response, method, path, f"{name}={bad!r}")
            if method == "POST":
                for body in _mutations(bodies[rule.rule], fuzzer.rng, 40):
                    fuzzer.check(client.post(path, headers=headers, json=body), method, path, repr(body)[:100])
                for raw in RAW_BODIES:
                    response = client.post(path, headers=headers, data=raw, content_type="application/json")
                    fuzzer.check(response, method, path, repr(raw[:40]))


def test_no_route_answers_a_server_error(any_services):
    from web.app import create_app

    app = create_app(services=any_services, testing=True)
    app.config["PROPAGATE_EXCEPTIONS"] = False       # a failure is an answer to count, not a raised error
    real = _world(app, any_services)
    browsers = {}
    for login in ("admin", "cv.khcn"):
        browsers[login] = Browser(app.test_client())
        browsers[login].login(login)
    tokens = {login: create_api_token(any_services, user(any_services, login), "fuzz").secret
              for login in ("admin", "cv.khcn", "theodoi")}
    fuzzer = Fuzzer(app, random.Random(SEED))
    _fuzz_pages(fuzzer, app, browsers, real)
    _fuzz_api(fuzzer, app, tokens, real)
    assert fuzzer.sent > 1000
    assert fuzzer.failures == [], f"{len(fuzzer.failures)} of {fuzzer.sent}:\n" + "\n".join(fuzzer.failures[:40])
