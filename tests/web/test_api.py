"""REST API v1: HTTP Basic on every request (never the session cookie), the login rate
limit, JSON errors in the caller's language, task and step reads with the engine's
visibility, completing a step (400 per field, 403, 404, 409 naming who), directives."""
from __future__ import annotations

from tests.conftest import small_directive
from tests.web.directive_helpers import basic, directive_numbers, imported, instances_of, signed_in
from tests.web.task_helpers import add_user


def get(client, path, login="ld.khcn", **headers):
    return client.get(path, headers={**basic(login), **headers})


def post(client, path, body, login="ld.khcn", **headers):
    return client.post(path, json=body, headers={**basic(login), **headers})


def accept_step(client, login="ld.khcn") -> dict:
    steps = get(client, "/api/v1/steps", login).get_json()["steps"]
    return next(s for s in steps if s["form"] == "accept")


def test_credentials_are_required_and_answered_in_the_callers_language(app, services):
    client = app.test_client()
    refused = client.get("/api/v1/tasks")
    assert refused.status_code == 401 and "WWW-Authenticate" not in refused.headers
    assert refused.get_json()["error"].startswith("Cần đăng nhập bằng HTTP Basic")
    english = client.get("/api/v1/tasks", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert english.get_json()["error"].startswith("HTTP Basic authentication")
    assert client.get("/api/v1/tasks?lang=en").get_json()["error"].startswith("HTTP Basic authentication")
    wrong = client.get("/api/v1/tasks", headers=basic("ld.khcn", "sai-mat-khau"))
    assert wrong.status_code == 401 and wrong.get_json()["error"] == "Sai tên đăng nhập hoặc mật khẩu."
    assert get(client, "/api/v1/tasks").status_code == 200


def test_a_browser_session_cannot_drive_the_api(app, services):
    browser = signed_in(app, "theodoi")
    assert browser.get("/api/v1/directives").status_code == 401
    forged = browser.client.post("/api/v1/directives", json=small_directive())
    assert forged.status_code == 401 and directive_numbers(services) == []


def test_failed_basic_logins_are_rate_limited(app, services):
    client = app.test_client()
    for _ in range(5):
        assert client.get("/api/v1/steps", headers=basic("ld.khcn", "sai")).status_code == 401
    limited = get(client, "/api/v1/steps")
    assert limited.status_code == 429 and "thử lại sau" in limited.get_json()["error"]


def test_task_list_filters_like_the_cli(app, services):
    first = imported(services)
    second = imported(services, lead=("Sở Nội vụ",), coordinating=(), number="100/KH-UBND")
    khcn, noivu = instances_of(services, first)[0].id, instances_of(services, second)[0].id
    client = app.test_client()
    everything = get(client, "/api/v1/tasks", "thanhtra").get_json()
    assert everything["total"] == 2 and {t["id"] for t in everything["tasks"]} == {khcn, noivu}
    assert everything["tasks"][0]["status"] == "awaiting_acceptance"
    assert [t["id"] for t in get(client, "/api/v1/tasks?agency=so-noi-vu", "thanhtra").get_json()["tasks"]] == [noivu]
    assert [t["id"] for t in get(client, f"/api/v1/tasks?directive={first}", "thanhtra").get_json()["tasks"]] == [khcn]
    statuses = "/api/v1/tasks?status=overdue&status=awaiting_acceptance&limit=1"
    page = get(client, statuses, "thanhtra").get_json()
    assert page["total"] == 2 and len(page["tasks"]) == 1
    assert [t["id"] for t in get(client, "/api/v1/tasks", "cv.khcn").get_json()["tasks"]] == [khcn]
    bad = get(client, "/api/v1/tasks?status=muon", "thanhtra")
    assert bad.status_code == 400 and "«muon»" in bad.get_json()["error"] and "overdue" in bad.get_json()["error"]
    assert get(client, "/api/v1/tasks?limit=abc", "thanhtra").status_code == 400


def test_task_detail_follows_access_rules(app, services):
    instance_id = instances_of(services, imported(services))[0].id
    client = app.test_client()
    detail = get(client, f"/api/v1/tasks/{instance_id}").get_json()
    assert detail["task"]["summary"] == "Xây dựng cơ sở dữ liệu thử nghiệm"
    assert detail["lead"]["code"] == "so-khoa-hoc-va-cong-nghe" and detail["status"]["code"] == "awaiting_acceptance"
    assert detail["directive"]["issued_on"] == "2025-06-02" and detail["due_date"] == "2025-08-15"
    waiting = {s["form"]: s for s in detail["waiting"]}
    assert sorted(waiting) == ["accept", "monthly_report"] and waiting["accept"]["can_act"] is True
    assert waiting["monthly_report"]["role"] == "leader"        # the leader reports until the task is accepted
    forbidden = get(client, f"/api/v1/tasks/{instance_id}", "ld.noivu")
    assert forbidden.status_code == 403 and forbidden.get_json()["error"] == "Bạn không có quyền xem nhiệm vụ này"
    missing = get(client, "/api/v1/tasks/9999", "ld.khcn", **{"Accept-Language": "en"})
    assert missing.status_code == 404 and missing.get_json()["error"] == "No task «9999»"


def test_pending_steps_and_step_form(app, services):
    imported(services)
    client = app.test_client()
    step = accept_step(client)
    assert step["summary"] == "Xây dựng cơ sở dữ liệu thử nghiệm"
    assert get(client, "/api/v1/steps", "cv.khcn").get_json()["steps"] == []
    detail = get(client, f"/api/v1/steps/{step['id']}").get_json()
    fields = {f["name"]: f for f in detail["form"]["fields"]}
    assert detail["can_act"] is True and fields["decision"]["required"] is True
    assert {c["value"] for c in fields["officer"]["choices"]} == {"cv.khcn", "cv2.khcn"}
    assert get(client, "/api/v1/steps/khong-co").status_code == 404


def test_complete_a_step_then_conflict_naming_who(app, services):
    imported(services)
    add_user(services, "ld2.khcn", "Phó giám đốc Sở KH&CN", "so-khoa-hoc-va-cong-nghe", {"leader"})
    client = app.test_client()
    step = accept_step(client)
    url = f"/api/v1/steps/{step['id']}/complete"
    invalid = post(client, url, {"values": {"decision": "accept", "officer": "nguoi-la"}})
    assert invalid.status_code == 400
    assert set(invalid.get_json()["fields"]) == {"officer"}
    assert "không phải chuyên viên" in invalid.get_json()["fields"]["officer"]
    english = post(client, url, {"values": {"decision": "maybe"}}, **{"Accept-Language": "en"})
    assert english.get_json()["fields"]["decision"] == "«Decision»: invalid choice «maybe»"
    assert post(client, url, {"values": {"decision": "accept", "officer": "cv.khcn"}}, "ld.noivu").status_code == 403
    done = post(client, url, {"values": {"decision": "accept", "officer": "cv.khcn"}})
    assert done.status_code == 200
    assert done.get_json()["phase"] == "in_progress" and done.get_json()["step_id"] == step["id"]
    again = post(client, url, {"values": {"decision": "accept", "officer": "cv2.khcn"}}, "ld2.khcn")
    assert again.status_code == 409
    assert "Bước này đã được Lãnh đạo Sở KH&CN (ld.khcn) hoàn thành lúc" in again.get_json()["error"]
    assert post(client, "/api/v1/steps/khong-co/complete", {"values": {}}).status_code == 404


def test_complete_needs_a_json_object(app, services):
    imported(services)
    client = app.test_client()
    url = f"/api/v1/steps/{accept_step(client)['id']}/complete"
    form = client.post(url, data={"decision": "accept"}, headers=basic("ld.khcn"))
    assert form.status_code == 415 and "application/json" in form.get_json()["error"]
    assert post(client, url, ["accept"]).status_code == 400
    assert post(client, url, {"values": "accept"}).status_code == 400


def test_directives_list_and_import(app, services):
    client = app.test_client()
    payload = small_directive(number="120/KH-UBND")
    assert post(client, "/api/v1/directives", payload, "cv.khcn").status_code == 403
    created = post(client, "/api/v1/directives", payload, "theodoi")
    assert created.status_code == 201
    assert created.get_json()["tasks"] == 1 and created.get_json()["instances"] == 1
    listed = get(client, "/api/v1/directives", "theodoi").get_json()["directives"]
    assert [(d["number"], d["not_accepted"]) for d in listed] == [("120/KH-UBND", 1)]
    assert get(client, "/api/v1/directives", "ld.noivu").get_json()["directives"] == []
    unknown = small_directive(lead=("Sở Không Có",), number="121/KH-UBND")
    refused = post(client, "/api/v1/directives", unknown, "theodoi")
    assert refused.status_code == 400
    assert refused.get_json()["error"] == "Nhiệm vụ 1: không có cơ quan «Sở Không Có» trong danh mục"
    english = post(client, "/api/v1/directives?lang=en", unknown, "theodoi")
    assert english.get_json()["error"] == "Task 1: no agency «Sở Không Có» in the registry"
    assert directive_numbers(services) == ["120/KH-UBND"]


def test_import_refuses_values_longer_than_the_store_holds(app, services):
    payload = small_directive(number="122/KH-UBND")
    payload["document"]["issuer"] = "Ủy ban " * 60
    refused = post(app.test_client(), "/api/v1/directives", payload, "theodoi")
    assert refused.status_code == 400 and "document.issuer: tối đa 300 ký tự" in refused.get_json()["error"]
    assert directive_numbers(services) == []
