"""Administration in the browser's test client (/admin): users (create — who must
change the password at first sign-in, on the web, while the API refuses —, edit,
deactivate, reset), agencies (add, rename, cease with a successor that takes the open
tasks), the calendar (a make-up Saturday moves a due day), each change audited; bad
input (duplicate login, malformed e-mail, unknown agency, bad date) is refused with a
message and stores nothing. Also: one's own e-mail on /account, landing pages by role."""
from __future__ import annotations

import base64
import re
from datetime import date

from sqlalchemy import text

from engine.usecases.inbox import InboxFilter, inbox
from tests.conftest import Browser, user
from tests.web.task_helpers import accepted_task, start_task

NEW_PASSWORD = "mat-khau-moi-2025"


def _count(services, table: str, where: str = "1=1", **params) -> int:
    with services.database.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table} WHERE {where}"), params).scalar()


def _actions(services) -> list[str]:
    with services.database.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT action FROM audit_log ORDER BY seq"))]


def _new_user_form(**changes) -> dict:
    form = {"login": "cv2.noivu", "name": "Trần Thị Mai", "email": "mai@noivu.angiang.gov.vn",
            "agency": "so-noi-vu", "roles": ["officer"], "password": "tam-thoi-123"}
    form.update(changes)
    return form


def _api(client, login: str, password: str):
    token = base64.b64encode(f"{login}:{password}".encode()).decode()
    return client.get("/api/v1/steps", headers={"Authorization": f"Basic {token}"})


def test_a_new_user_must_change_the_password_before_anything_else(app, browser, services):
    browser.login("admin")
    response = browser.post("/admin/users/new", _new_user_form())
    assert response.status_code == 302 and response.location.endswith("/admin/users/cv2.noivu")
    created = user(services, "cv2.noivu")
    assert created.must_change_password and created.roles == {"officer"} and created.agency_code == "so-noi-vu"
    assert "user.created" in _actions(services)

    newcomer = Browser(app.test_client())
    signed_in = newcomer.login("cv2.noivu", "tam-thoi-123")
    assert signed_in.location.endswith("/account/password")
    for path in ("/", "/tasks", "/account", "/notifications"):
        assert newcomer.get(path).location.endswith("/account/password"), path
    refused = _api(app.test_client(), "cv2.noivu", "tam-thoi-123")
    assert refused.status_code == 403 and "đổi mật khẩu" in refused.get_json()["error"]
    page = newcomer.get("/account/password").get_data(as_text=True)
    assert "quản trị hệ thống đặt" in page
    changed = newcomer.post("/account/password", {"current": "tam-thoi-123", "new": NEW_PASSWORD,
                                                  "confirm": NEW_PASSWORD}, token_from="/account/password")
    assert changed.status_code == 302 and changed.location.endswith("/")
    assert not user(services, "cv2.noivu").must_change_password
    assert newcomer.get("/tasks").status_code == 200
    assert _api(app.test_client(), "cv2.noivu", NEW_PASSWORD).status_code == 200


def test_bad_user_input_is_refused_and_nothing_is_stored(browser, services):
    browser.login("admin")
    users, rows = _count(services, "users"), _count(services, "audit_log")
    for form, message in [(_new_user_form(login="cv.noivu"), "Tên đăng nhập «cv.noivu» đã có người dùng"),
                          (_new_user_form(email="mai@"), "Địa chỉ thư điện tử không hợp lệ: «mai@»"),
                          (_new_user_form(agency="khong-co"), "Không tìm thấy cơ quan «khong-co»"),
                          (_new_user_form(login="Có Dấu"), "Tên đăng nhập «Có Dấu» không hợp lệ"),
                          (_new_user_form(roles=[]), "Hãy chọn ít nhất một vai trò"),
                          (_new_user_form(password="ngan"), "ít nhất 8 ký tự")]:
        response = browser.post("/admin/users/new", form, token_from="/admin/users/new")
        assert response.status_code == 400 and message in response.get_data(as_text=True), message
    assert (_count(services, "users"), _count(services, "audit_log")) == (users, rows)
    edit = browser.post("/admin/users/cv.khcn", {"name": "X", "email": "sai dia chi", "agency": "so-khoa-hoc-va-cong-nghe",
                                                 "roles": ["officer"]}, token_from="/admin/users/cv.khcn")
    assert edit.status_code == 400 and "sai dia chi" in edit.get_data(as_text=True)
    assert user(services, "cv.khcn").email == "cv.khcn@chidao.test"


def test_an_admin_edits_deactivates_and_resets_a_user(app, browser, services):
    instance_id = start_task(services)
    browser.login("admin")
    response = browser.post("/admin/users/cv2.khcn", {"name": "Chuyên viên Hai", "email": "hai@khcn.gov.vn",
                                                      "agency": "so-khoa-hoc-va-cong-nghe",
                                                      "roles": ["officer", "coordinator"]})
    assert response.status_code == 302
    changed = user(services, "cv2.khcn")
    assert (changed.name, changed.email, changed.roles) == ("Chuyên viên Hai", "hai@khcn.gov.vn",
                                                            {"officer", "coordinator"})
    accept = inbox(services, user(services, "ld.khcn"), InboxFilter(forms=("accept",))).rows[0]
    leader = Browser(app.test_client())
    leader.login("ld.khcn")
    assert 'value="cv2.khcn"' in leader.get(f"/steps/{accept['id']}").get_data(as_text=True)
    assert browser.post("/admin/users/cv2.khcn/active", {"active": "0"},
                        token_from="/admin/users/cv2.khcn").status_code == 302
    assert not user(services, "cv2.khcn").active
    assert 'value="cv2.khcn"' not in leader.get(f"/steps/{accept['id']}").get_data(as_text=True)
    assert Browser(app.test_client()).login("cv2.khcn").status_code == 401
    assert browser.post("/admin/users/cv2.khcn/active", {"active": "1"},
                        token_from="/admin/users/cv2.khcn").status_code == 302
    assert browser.post("/admin/users/cv2.khcn/password", {"password": "dat-lai-2025"},
                        token_from="/admin/users/cv2.khcn").status_code == 302
    assert user(services, "cv2.khcn").must_change_password
    again = Browser(app.test_client())
    assert again.login("cv2.khcn", "dat-lai-2025").location.endswith("/account/password")
    short = browser.post("/admin/users/cv2.khcn/password", {"password": "ngan"}, token_from="/admin/users/cv2.khcn")
    assert short.status_code == 400 and "ít nhất 8 ký tự" in short.get_data(as_text=True)
    assert browser.post("/admin/users/admin/active", {"active": "0"}, token_from="/admin/users/admin").status_code == 400
    assert user(services, "admin").active
    for action in ("user.updated", "user.deactivated", "user.reactivated", "user.password_reset"):
        assert action in _actions(services)
    assert instance_id


def test_agencies_added_renamed_and_ceased_with_their_tasks_handed_over(browser, services):
    instance_id = accepted_task(services)
    browser.login("admin")
    page = browser.get("/admin/agencies?q=khoa+hoc").get_data(as_text=True)
    assert "Sở Khoa học và Công nghệ" in page and "@so_ban_nganh" in page
    added = browser.post("/admin/agencies", {"name": "Sở Khoa học, Công nghệ và Chuyển đổi số", "kind": "department",
                                             "groups": ["@so_ban_nganh"], "valid_from": "01/07/2025"})
    assert added.status_code == 302
    code = added.location.rsplit("/", 1)[-1]
    duplicate = browser.post("/admin/agencies", {"name": "sở khoa học và công nghệ", "kind": "department"},
                             token_from="/admin/agencies")
    assert duplicate.status_code == 400 and "Đã có cơ quan «Sở Khoa học và Công nghệ»" in duplicate.get_data(as_text=True)
    renamed = browser.post(f"/admin/agencies/{code}/rename", {"name": "Sở KH, CN và CĐS tỉnh An Giang"},
                           token_from=f"/admin/agencies/{code}")
    assert renamed.status_code == 302
    with services.uow(write=False) as uow:
        agency = uow.agencies.by_code(code)
    assert agency.name == "Sở KH, CN và CĐS tỉnh An Giang"
    assert "Sở Khoa học, Công nghệ và Chuyển đổi số" in agency.aliases

    rows = _count(services, "audit_log")
    for form, message in [({"last_day": "31/02/2025", "successor": code}, "ngày không hợp lệ «31/02/2025»"),
                          ({"last_day": "01/06/2025", "successor": "khong-co"}, "Không tìm thấy cơ quan «khong-co»"),
                          ({"last_day": "30/06/2026", "successor": code}, "chưa đến")]:
        refused = browser.post("/admin/agencies/so-khoa-hoc-va-cong-nghe/cease", form,
                               token_from="/admin/agencies/so-khoa-hoc-va-cong-nghe")
        assert refused.status_code == 400 and message in refused.get_data(as_text=True), message
    assert _count(services, "audit_log") == rows
    ceased = browser.post("/admin/agencies/so-khoa-hoc-va-cong-nghe/cease",
                          {"last_day": "01/06/2025", "successor": code},
                          token_from="/admin/agencies/so-khoa-hoc-va-cong-nghe")
    assert ceased.status_code == 400 and "không hoạt động vào ngày 02/06/2025" in ceased.get_data(as_text=True)
    ceased = browser.post("/admin/agencies/so-khoa-hoc-va-cong-nghe/cease",
                          {"last_day": "02/06/2025", "successor": "so-tai-chinh"},
                          token_from="/admin/agencies/so-khoa-hoc-va-cong-nghe")
    assert ceased.status_code == 302
    with services.uow(write=False) as uow:
        moved = uow.instances.get(instance_id)
        source = uow.agencies.by_code("so-khoa-hoc-va-cong-nghe")
    assert moved.agency_code == "so-tai-chinh" and moved.officer_login is None
    assert (source.valid_to, source.successor) == (date(2025, 6, 2), "so-tai-chinh")
    actions = _actions(services)
    assert {"agency.added", "agency.renamed", "agency.ceased", "agency.transferred"} <= set(actions)


def _working(page: str, day: str) -> str:
    return re.search(rf'id="day-{day}"[^>]*data-working="(\d)"', page, re.S).group(1)


def test_a_make_up_saturday_moves_a_due_day(browser, services):
    browser.login("admin")
    month = browser.get("/admin/calendar?month=08/2025").get_data(as_text=True)
    september = browser.get("/admin/calendar?month=09/2025").get_data(as_text=True)
    assert _working(month, "2025-08-16") == "0" and _working(september, "2025-09-02") == "0"  # Saturday; National Day
    assert "Quốc khánh" in september
    refused = browser.post("/admin/calendar", {"day": "16/13/2025", "kind": "working"}, token_from="/admin/calendar")
    assert refused.status_code == 400 and "«16/13/2025»" in refused.get_data(as_text=True)
    assert _count(services, "calendar_overrides") == 0
    saved = browser.post("/admin/calendar", {"day": "16/08/2025", "kind": "working", "note": "Làm bù ngày 2/9"},
                         token_from="/admin/calendar")
    assert saved.status_code == 302
    page = browser.get("/admin/calendar?month=08/2025").get_data(as_text=True)
    assert "Làm bù ngày 2/9" in page and _working(page, "2025-08-16") == "1"
    instance_id = start_task(services, deadline={"kind": "date", "value": "2025-08-16", "text": "chậm nhất 16/8/2025"})
    with services.uow(write=False) as uow:
        assert uow.instances.get(instance_id).due_date == date(2025, 8, 16)     # a Saturday, worked
    cleared = browser.post("/admin/calendar", {"day": "16/08/2025", "kind": "default"}, token_from="/admin/calendar")
    assert cleared.status_code == 302 and _count(services, "calendar_overrides") == 0
    assert _actions(services).count("calendar.changed") == 2
    assert browser.get("/admin/calendar?month=13/2025").status_code == 400


def test_each_user_edits_their_own_email(browser, services):
    browser.login("cv.noivu")
    page = browser.get("/account").get_data(as_text=True)
    assert "đề nghị quản trị" not in page
    bad = browser.post("/account/email", {"email": "khong-phai-thu"}, token_from="/account")
    assert bad.status_code == 400 and "Địa chỉ thư điện tử không hợp lệ" in bad.get_data(as_text=True)
    assert user(services, "cv.noivu").email == "cv.noivu@chidao.test"
    assert browser.post("/account/email", {"email": "bao.vo@noivu.gov.vn"}, token_from="/account").status_code == 302
    assert user(services, "cv.noivu").email == "bao.vo@noivu.gov.vn"
    assert "user.email_changed" in _actions(services)


def test_people_land_where_their_work_is(app, services):
    def lands(login: str) -> str:
        return Browser(app.test_client()).login(login).location

    assert lands("thanhtra").endswith("/audit")
    assert lands("admin").endswith("/admin")
    assert lands("ld.khcn").endswith("/dashboard") and lands("theodoi").endswith("/dashboard")
    assert lands("cv.khcn").endswith("/")
    start_task(services)                                   # the leader now has a step to accept
    assert lands("ld.khcn").endswith("/")
    auditor = Browser(app.test_client())
    auditor.login("thanhtra")
    menu = auditor.get("/audit").get_data(as_text=True)
    assert 'class="nav-audit"' in menu and 'class="nav-admin"' not in menu and ">Việc cần làm<" not in menu
