"""The REST API answers every bad request with a JSON error (status and message in the
caller's language) and changes nothing — one test per way the security probe of
issue 16 got a 500 or slipped a wrong type through: NUL bytes in query strings, ids and
JSON strings; integers past the database's range; a list or object where a choice is
expected; deeply nested JSON; 1e999; a truth value for a text; a blank title or the
year 1 in an imported directive. On SQLite and on PostgreSQL (which refuses NUL and
integers past 2**31 where SQLite does not)."""
from __future__ import annotations

import pytest

from tests.conftest import small_directive
from tests.web.directive_helpers import basic, directive_numbers
from tests.web.task_helpers import accepted_task, instance, pending, start_task


@pytest.fixture
def app(any_services):
    from web.app import create_app

    return create_app(services=any_services, testing=True)


@pytest.fixture
def services(any_services):
    return any_services


def get(app, path, login="ld.khcn", **kwargs):
    return app.test_client().get(path, headers=basic(login), **kwargs)


def post(app, path, login="ld.khcn", **kwargs):
    return app.test_client().post(path, headers=basic(login), **kwargs)


def refused(response, status=400) -> str:
    """The JSON error's message, after checking its shape."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == status and body["error"]
    return body["error"]


def test_nul_in_a_query_string_is_refused(app, services):
    start_task(services)
    message = refused(get(app, "/api/v1/tasks?search=%00"))
    assert message == "«search» chứa ký tự không được phép (U+0000, ví dụ ký tự NUL hoặc ký tự điều khiển)"
    english = refused(get(app, "/api/v1/tasks?search=a%00b&lang=en"))
    assert english.startswith("«search» holds a character that is not allowed (U+0000")


def test_nul_in_an_id_is_refused(app, services):
    start_task(services)
    assert "U+0000" in refused(get(app, "/api/v1/steps/%00"))
    assert "U+0000" in refused(post(app, "/api/v1/steps/a%00b/complete", json={"decision": "accept"}))


def test_nul_in_a_json_string_is_refused_and_changes_nothing(app, services):
    instance_id = start_task(services)
    step = pending(services, instance_id, "accept")
    message = refused(post(app, f"/api/v1/steps/{step.id}/complete",
                           json={"values": {"decision": "refuse", "reason": "Không\u0000thuộc"}}))
    assert message.startswith("«values.reason» chứa ký tự không được phép (U+0000")
    payload = small_directive(number="7/KH-UBND")
    payload["tasks"][0]["summary"] = "Nhiệm vụ\x00"
    assert "«tasks.0.summary»" in refused(post(app, "/api/v1/directives", "theodoi", json=payload))
    assert pending(services, instance_id, "accept").id == step.id and directive_numbers(services) == ["99/KH-UBND"]


def test_integers_past_the_database_range_are_refused(app, services):
    instance_id = start_task(services)
    message = refused(get(app, "/api/v1/tasks?offset=99999999999999999999"))
    assert message.startswith("Tham số không hợp lệ: offset: phải từ 0 đến 1000000000")
    assert "directive" in refused(get(app, "/api/v1/tasks?directive=2147483648"))
    assert refused(get(app, "/api/v1/tasks/2147483648"), 404) == "Không tìm thấy trang."
    assert refused(get(app, "/api/v1/tasks/99999999999999999999"), 404)
    assert get(app, f"/api/v1/tasks/{instance_id}").status_code == 200


@pytest.mark.parametrize("decision", [["approve"], {"value": "accept"}, True, 1])
def test_a_list_or_object_where_a_choice_is_expected_is_refused(app, services, decision):
    instance_id = start_task(services)
    step = pending(services, instance_id, "accept")
    response = post(app, f"/api/v1/steps/{step.id}/complete", json={"decision": decision, "officer": "cv.khcn"})
    refused(response)
    assert set(response.get_json()["fields"]) == {"decision"}
    assert response.get_json()["fields"]["decision"].startswith("Trường «Quyết định»: lựa chọn không hợp lệ")
    assert instance(services, instance_id).phase == "awaiting_acceptance"


def test_deeply_nested_json_is_refused(app, services):
    instance_id = start_task(services)
    step = pending(services, instance_id, "accept")
    deep = '{"values": ' + "[" * 5000 + "]" * 5000 + "}"
    for path, login in ((f"/api/v1/steps/{step.id}/complete", "ld.khcn"), ("/api/v1/directives", "theodoi")):
        message = refused(post(app, path, login, data=deep, content_type="application/json"))
        assert message == "Nội dung JSON lồng nhau quá sâu (tối đa 32 cấp)"
    moderately = '{"values": {"decision": ' + "[" * 40 + "]" * 40 + "}}"
    assert "sâu" in refused(post(app, f"/api/v1/steps/{step.id}/complete", data=moderately,
                                 content_type="application/json"))


def test_numbers_that_are_not_finite_are_refused(app, services):
    instance_id = accepted_task(services)
    step = pending(services, instance_id, "monthly_report")
    url = f"/api/v1/steps/{step.id}/complete"
    for raw in ('{"percent": 1e999, "done": "x"}', '{"percent": NaN, "done": "x"}', '{"percent": -Infinity}'):
        assert refused(post(app, url, "cv.khcn", data=raw, content_type="application/json")).startswith(
            "Nội dung JSON chứa số không hữu hạn")
    huge = post(app, url, "cv.khcn", json={"percent": 10**400, "done": "x"})
    assert refused(huge) and huge.get_json()["fields"] == {"percent": "Trường «Tỷ lệ hoàn thành (%)»: phải là số từ 0 đến 100"}
    assert pending(services, instance_id, "monthly_report").id == step.id


def test_a_truth_value_is_no_reason(app, services):
    instance_id = accepted_task(services)
    step = pending(services, instance_id, "suspend_task")
    response = post(app, f"/api/v1/steps/{step.id}/complete", "chutich", json={"reason": True})
    refused(response)
    assert response.get_json()["fields"] == {"reason": "Trường «Lý do tạm dừng» phải là chuỗi ký tự"}
    english = post(app, f"/api/v1/steps/{step.id}/complete?lang=en", "chutich", json={"reason": 12})
    assert english.get_json()["fields"] == {"reason": "«Reason» must be text"}
    assert instance(services, instance_id).phase != "suspended"


def test_evidence_cannot_be_named_by_value(app, services):
    instance_id = accepted_task(services)
    step = pending(services, instance_id, "monthly_report")
    response = post(app, f"/api/v1/steps/{step.id}/complete", "cv.khcn",
                    json={"percent": 10, "done": "x", "evidence": ["không-có-tệp.pdf"]})
    assert refused(response) and set(response.get_json()["fields"]) == {"evidence"}


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("title", " ", "document.title: không được chỉ có khoảng trắng"),
    ("date", "0001-01-01", "document.date: năm phải từ 1945 đến 2100"),
    ("date", "2025-02-30", "document.date: ngày không tồn tại"),
    ("number", 15, "document.number: phải là chuỗi ký tự"),
])
def test_an_implausible_directive_is_not_imported(app, services, field, value, expected):
    payload = small_directive(number="8/KH-UBND")
    payload["document"][field] = value
    assert expected in refused(post(app, "/api/v1/directives", "theodoi", json=payload))
    assert directive_numbers(services) == []


def test_strict_types_in_an_imported_task(app, services):
    payload = small_directive(number="9/KH-UBND")
    payload["tasks"][0]["deadline"] = {"kind": "date", "value": "2025-08-15", "before": "yes"}
    assert "tasks.0.deadline.before: phải là true/false" in refused(post(app, "/api/v1/directives", "theodoi", json=payload))
    payload["tasks"][0]["deadline"] = {"kind": "date", "value": "0001-01-01"}
    assert "Thời hạn «0001-01-01» nằm ngoài các năm 1945–2100" in refused(
        post(app, "/api/v1/directives", "theodoi", json=payload))
    assert directive_numbers(services) == []


def test_an_unexpected_failure_is_still_a_json_error(app, services, monkeypatch):
    import web.blueprints.api as api

    def broken(*args, **kwargs):
        raise RuntimeError("a fault nobody foresaw")

    monkeypatch.setattr(api, "list_steps", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    message = refused(get(app, "/api/v1/steps?lang=en"), 500)
    assert message == "Server error; the request was not carried out and the fault was logged."
