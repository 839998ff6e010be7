"""Who gets what: every role (and an officer and a leader of another agency) against
every kind of page — inbox, notifications, account, task page and its diagram, step
form, evidence, directives, task list, dashboard, directive entry and import, the
audit log and its exports, administration (users, agencies, calendar), the monthly
summary and its files, and the REST API — with the status each must get. Acting on
someone else's step is refused and changes nothing. Signed-out visitors go to the login page (the API answers 401).

One task of Sở KH&CN (coordinating: Sở Tài chính) is set up with a monthly report and
an evidence file, so that every URL below names something real."""
from __future__ import annotations

import base64
import re

import pytest
from sqlalchemy import text

from engine.domain.passwords import hash_password
from engine.domain.users import SYSTEM, User
from engine.usecases.directives import import_directive
from engine.usecases.inbox import InboxFilter, inbox
from engine.usecases.steps import Upload, complete_step
from tests.conftest import PASSWORD, Browser, small_directive, user

# who plays each role: the task is Sở KH&CN's; Sở Tài chính coordinates; VP UBND monitors;
# UBND tỉnh is the authority
PLAYERS = {
    "officer": "cv.khcn",
    "leader": "ld.khcn",
    "coordinator": "pp.taichinh",
    "monitor": "theodoi",
    "authority": "chutich",
    "process_owner": "quytrinh",
    "auditor": "thanhtra",
    "admin": "admin",
    "officer of another agency": "cv.noivu",
    "leader of another agency": "ld.noivu",
}
OUTSIDERS = {"officer of another agency", "leader of another agency"}
DASHBOARD = {"leader", "leader of another agency", "monitor", "authority", "auditor", "admin"}
ENTRY = {"monitor", "admin"}
AUDIT = {"monitor", "auditor", "admin"}          # the audit log's readers
ADMIN = {"admin"}
PROCESS_READERS = {"process_owner", "admin", "auditor"}
PROCESS_EDITORS = {"process_owner", "admin"}
URGERS = {"monitor"}                             # urging: choose, preview, issue
URGING_READERS = {"monitor", "leader", "leader of another agency", "auditor", "admin"}  # letters issued or received
REPORT_READERS = {"leader", "leader of another agency", "monitor", "authority", "auditor", "admin"}


def expected_pages(role: str) -> dict[str, int]:
    """GET path template → status for ``role``."""
    sees_task = 403 if role in OUTSIDERS else 200
    report_of_directive = 403 if role in OUTSIDERS or role not in REPORT_READERS else 200
    return {
        "/": 200,
        "/notifications": 200,
        "/account": 200,
        "/tasks/{instance}": sees_task,
        "/tasks/{instance}/diagram.bpmn": sees_task,
        "/steps/{step}": sees_task,
        "/evidence/{evidence}": 404 if role in OUTSIDERS else 200,     # as an unknown file: no oracle
        "/directives": 200,
        "/directives/{directive}": sees_task,
        "/tasks": 200,
        "/dashboard": 200 if role in DASHBOARD else 403,
        "/directives/new": 200 if role in ENTRY else 403,
        "/directives/import": 200 if role in ENTRY else 403,
        # a scan read in the background by the monitor: theirs alone, not even an admin's
        "/directives/import/jobs/{job}/status": 200 if role == "monitor" else 404 if role in ENTRY else 403,
        "/directives/import/jobs/{job}/pages/1": 200 if role == "monitor" else 404 if role in ENTRY else 403,
        "/api/v1/tasks": 200,
        "/api/v1/tasks/{instance}": sees_task,
        "/api/v1/steps": 200,
        "/api/v1/steps/{step}": sees_task,
        "/api/v1/directives": 200,
        "/account/password": 200,
        "/audit": 200 if role in AUDIT else 403,
        "/audit?actor=ld.khcn&from=01/06/2025": 200 if role in AUDIT else 403,
        "/audit/export.xlsx": 200 if role in AUDIT else 403,
        "/audit/export.csv?action=step.completed": 200 if role in AUDIT else 403,
        "/audit/tasks/{instance}/history.pdf": 200 if role in AUDIT else 403,
        "/audit/tasks/{instance}/history.docx": 200 if role in AUDIT else 403,
        "/admin": 200 if role in ADMIN else 403,
        "/admin/users": 200 if role in ADMIN else 403,
        "/admin/users/new": 200 if role in ADMIN else 403,
        "/admin/users/cv.khcn": 200 if role in ADMIN else 403,
        "/admin/agencies": 200 if role in ADMIN else 403,
        "/admin/agencies/so-khoa-hoc-va-cong-nghe": 200 if role in ADMIN else 403,
        "/admin/calendar": 200 if role in ADMIN else 403,
        "/admin/calendar?month=08/2025": 200 if role in ADMIN else 403,
        "/api/v1/openapi.json": 200,
        "/api/v1/docs": 200,
        "/tasks/{instance}/path.json": sees_task,
        "/processes": 200 if role in PROCESS_READERS else 403,
        "/processes/directive_task/v1": 200 if role in PROCESS_READERS else 403,
        "/processes/directive_task/v1/diagram.bpmn": 200 if role in PROCESS_READERS else 403,
        "/processes/directive_task/edit": 200 if role in PROCESS_EDITORS else 403,
        "/processes/directive_task/draft.bpmn": 200 if role in PROCESS_EDITORS else 403,
        "/processes/directive_task/deploy": 302 if role in PROCESS_EDITORS else 403,   # no draft yet: to the editor
        "/processes/directive_task/migrate": 200 if role in PROCESS_EDITORS else 403,
        "/urging": 200 if role in URGERS else 403,
        "/urging?directive={directive}&agency=so-khoa-hoc-va-cong-nghe": 200 if role in URGERS else 403,
        # the task is not late: the monitor is sent back to the choice (preview) or refused (draft DOCX)
        "/urging/preview?assignment={instance}": 302 if role in URGERS else 403,
        "/urging/preview.docx?assignment={instance}": 400 if role in URGERS else 403,
        "/urgings": 200 if role in URGING_READERS else 403,
        "/urgings?directive={directive}": 200 if role in URGING_READERS else 403,
        "/urgings/1": 404 if role in URGING_READERS else 403,
        "/urgings/1/letter.docx": 404 if role in URGING_READERS else 403,
        # the monthly summary: its readers; one directive's only for those who see it
        "/reports/monthly": 200 if role in REPORT_READERS else 403,
        "/reports/monthly?month=2025-06&directive={directive}": report_of_directive,
        "/reports/monthly/file?month=2025-05&format=docx": 200 if role in REPORT_READERS else 403,
        "/reports/monthly/file?month=2025-06&directive={directive}&format=xlsx": report_of_directive,
        "/api/v1/reports/monthly?month=2025-06": 200 if role in REPORT_READERS else 403,
        "/api/v1/reports/monthly?month=2025-06&directive={directive}": report_of_directive,
        "/api/v1/reports/monthly/file?month=2025-06&format=xlsx": 200 if role in REPORT_READERS else 403,
    }


PUBLIC = {"/api/v1/openapi.json", "/api/v1/docs"}     # describe the API, hold no data


@pytest.fixture
def world(services):
    """The task, its officer's pending completion report, a monthly report with evidence."""
    with services.uow() as uow:
        uow.users.add(User(login="pp.taichinh", name="Phối hợp Sở Tài chính", agency_code="so-tai-chinh",
                           roles=frozenset({"coordinator"}), email="pp.taichinh@chidao.test"), hash_password(PASSWORD))
        uow.commit()
    directive_id = import_directive(services, SYSTEM, small_directive()).directive_id
    leader, officer = user(services, "ld.khcn"), user(services, "cv.khcn")
    (accept,) = inbox(services, leader, InboxFilter(forms=("accept",))).rows
    complete_step(services, leader, accept["id"], {"decision": "accept", "officer": "cv.khcn"})
    (monthly,) = inbox(services, officer, InboxFilter(forms=("monthly_report",))).rows
    complete_step(services, officer, monthly["id"], {"percent": 10, "done": "Đã khảo sát"},
                  [Upload("khao-sat.pdf", "application/pdf", b"%PDF-1.4 bien ban khao sat")])
    (completion,) = inbox(services, officer, InboxFilter(forms=("completion_report",))).rows
    with services.database.engine.connect() as conn:
        evidence = conn.execute(text("SELECT sha256 FROM evidence_files")).scalar_one()
    return {"instance": completion["instance_id"], "step": completion["id"], "evidence": evidence,
            "directive": directive_id, "job": _read_scan(services, "theodoi")}


def _read_scan(services, owner: str) -> str:
    """A background reading job of ``owner``'s, finished, with one page image."""
    from engine.domain.extraction_job import ExtractionJob, JobStatus, PageImage

    now = services.clock.now()
    job = ExtractionJob("job-of-the-monitor-0123456789", owner, "scan.pdf", JobStatus.QUEUED, created_at=now,
                        updated_at=now)
    with services.uow() as uow:
        uow.extraction_jobs.add(job, b"%PDF-1.4 scan")
        uow.extraction_jobs.finish(job.id, {"document": {"lines": [{"text": "1. Sở Y tế", "page": 1}]},
                                            "proposal": {"document": {}, "tasks": [], "problems": []}},
                                   [PageImage(1, b"\xff\xd8\xff\xe0 jpeg", 10, 14)], now)
        uow.commit()
    return job.id


def _api_headers(login: str) -> dict:
    token = base64.b64encode(f"{login}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _get(browser: Browser, login: str, path: str) -> int:
    if path.startswith("/api/"):
        return browser.client.get(path, headers=_api_headers(login)).status_code
    return browser.get(path).status_code


@pytest.mark.parametrize("role", list(PLAYERS))
def test_every_page_answers_each_role_as_it_should(app, world, role):
    login = PLAYERS[role]
    browser = Browser(app.test_client())
    assert browser.login(login).status_code == 302
    wrong = []
    for template, expected in expected_pages(role).items():
        path = template.format(**world)
        got = _get(browser, login, path)
        if got != expected:
            wrong.append(f"{path}: expected {expected}, got {got}")
    assert wrong == [], f"{role} ({login}): " + "; ".join(wrong)


@pytest.mark.parametrize("role", [r for r in PLAYERS if r != "officer"])
def test_nobody_but_the_officer_completes_the_officers_step(app, services, world, role):
    login = PLAYERS[role]
    browser = Browser(app.test_client())
    browser.login(login)
    form = {"result": "Xong", "product": "Cơ sở dữ liệu"}
    response = browser.post(f"/steps/{world['step']}", form, token_from="/")
    assert response.status_code == 403, (role, response.status_code)
    api = browser.client.post(f"/api/v1/steps/{world['step']}/complete", json={"values": form},
                              headers=_api_headers(login))
    assert api.status_code == 403, (role, api.status_code)
    with services.uow(write=False) as uow:
        assert uow.steps.pending(world["step"]) is not None          # nothing changed


def test_signed_out_visitors_go_to_the_login_page(app, world):
    browser = Browser(app.test_client())
    for template in expected_pages("admin"):
        path = template.format(**world)
        response = browser.client.get(path)
        if path in PUBLIC:
            assert response.status_code == 200, path
        elif path.startswith("/api/"):
            assert response.status_code == 401, path
        else:
            assert response.status_code == 302 and "/login" in response.location, path
    token = browser.csrf("/login")
    for path in (f"/steps/{world['step']}", "/notifications/read-all", "/account/preferences", "/logout",
                 "/account/tokens", "/account/tokens/1/revoke"):
        response = browser.client.post(path, data={"csrf_token": token})
        assert response.status_code == 302 and "/login" in response.location, path


def test_every_form_on_every_page_carries_a_csrf_token(app, world):
    """Each POST form of each page an admin, a monitor, a leader and an officer see."""
    checked = 0
    for login in ("admin", "theodoi", "ld.khcn", "cv.khcn"):
        browser = Browser(app.test_client())
        browser.login(login)
        for template, _ in expected_pages("admin").items():
            path = template.format(**world)
            if path.startswith("/api/"):
                continue
            page = browser.get(path)
            if page.status_code != 200 or "text/html" not in page.content_type:
                continue
            for form in re.findall(r"<form\b[^>]*>.*?</form>", page.get_data(as_text=True), re.S | re.I):
                opening = form.split(">", 1)[0]
                if re.search(r'method\s*=\s*"?post', opening, re.I):
                    assert 'name="csrf_token"' in form, f"{path} as {login}: {opening}>"
                    checked += 1
    assert checked > 10


def test_every_post_route_refuses_a_missing_csrf_token(app, services, world):
    """All POST routes of the app, found in its URL map (new ones included), as an
    admin: without the token nothing gets through. The API, which never reads the
    session cookie (HTTP Basic), is the one exemption."""
    browser = Browser(app.test_client())
    browser.login("admin")
    adapter = app.url_map.bind("localhost")
    checked = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.rule.startswith("/api/") or rule.rule == "/login":
            continue
        arguments = {name: 1 for name in rule.arguments}       # the token is checked before any view runs
        if "step_id" in rule.arguments:
            arguments["step_id"] = world["step"]
        path = adapter.build(rule.endpoint, arguments, method="POST")
        response = browser.client.post(path, data={"anything": "1"})
        assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True), (path, response.status_code)
        checked.append(path)
    assert len(checked) >= 8
    with services.uow(write=False) as uow:
        assert uow.steps.pending(world["step"]) is not None


@pytest.mark.parametrize("role", list(PLAYERS))
def test_the_new_post_routes_refuse_whoever_may_not_use_them(app, services, world, role):
    """The audit, administration and urging POSTs, with a valid token: only their readers
    (verify), admins and monitors (issuing an urging letter) get past the role check;
    nothing changes otherwise."""
    login = PLAYERS[role]
    browser = Browser(app.test_client())
    browser.login(login)
    rows = _audit_rows(services)
    posts = {"/audit/verify": AUDIT, "/admin/users/new": ADMIN, "/admin/users/cv.khcn": ADMIN,
             "/admin/users/cv.khcn/active": ADMIN, "/admin/users/cv.khcn/password": ADMIN,
             "/admin/agencies": ADMIN, "/admin/agencies/so-noi-vu/rename": ADMIN,
             "/admin/agencies/so-noi-vu/cease": ADMIN, "/admin/calendar": ADMIN, "/urging/issue": URGERS}
    for path, allowed in posts.items():
        if role in allowed:
            continue
        response = browser.post(path, {"name": "X", "day": "06/09/2025", "kind": "working"}, token_from="/account")
        assert response.status_code == 403, (role, path, response.status_code)
    assert _audit_rows(services) == rows


def _audit_rows(services) -> int:
    with services.database.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM audit_log")).scalar()


def _process_posts(world) -> list[tuple[str, dict]]:
    """Each POST of the process owner's screens, with input that an editor could send."""
    from tests.diagram_edits import default_xml, set_parameter

    edited = set_parameter(default_xml(), "deadline_monitor", "10 working_days")
    return [
        ("/processes/directive_task/draft", {"xml": edited}),
        ("/processes/directive_task/check", {"xml": edited}),
        ("/processes/directive_task/draft/discard", {}),
        ("/processes/directive_task/deploy", {"note": "Thay đổi", "draft_sha256": "0" * 64}),
        ("/processes/directive_task/migrate/preview", {"from": "1", "ids": str(world["instance"])}),
        ("/processes/directive_task/migrate/run", {"from": "1", "ids": str(world["instance"]), "run_id": "0" * 32}),
        (f"/processes/directive_task/migrations/{'0' * 32}/revert", {}),
        (f"/processes/directive_task/migrations/{'0' * 32}/revert/1", {}),
    ]


@pytest.mark.parametrize("role", [r for r in PLAYERS if r not in PROCESS_EDITORS])
def test_only_process_editors_post_to_the_process_screens(app, services, world, role):
    """Everyone else gets 403 on every POST of the editor and the deployment, with a
    valid CSRF token, and nothing is stored."""
    import io

    browser = Browser(app.test_client())
    browser.login(PLAYERS[role])
    token = browser.csrf("/account")
    for path, data in _process_posts(world):
        response = browser.client.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 403, (role, path, response.status_code)
    upload = browser.client.post("/processes/directive_task/draft/upload", content_type="multipart/form-data",
                                 data={"csrf_token": token, "diagram": (io.BytesIO(b"<x/>"), "so-do.bpmn")})
    assert upload.status_code == 403
    with services.database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM diagram_drafts")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM process_versions")).scalar_one() == 1
