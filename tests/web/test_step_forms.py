"""Step forms at /steps/<id>: generated from the engine's form description, completed
through the engine, errors next to their fields with the input kept and nothing
changed, CSRF on every post, role and agency checks, the already-completed conflict.
(Closed and suspended tasks and the other steps of the lifecycle: test_step_flows.py.)"""
from __future__ import annotations

import pytest

from tests.web.task_helpers import (accepted_task, act, add_user, field_error, input_value, instance, pending,
                                    pending_names, post_step, filed_reports, reports, sign_in, start_task, text_of)


# ---- the generated form ----------------------------------------------------------------

def test_accept_form_lists_the_agencys_officers(browser, services):
    instance_id = start_task(services)
    step = pending(services, instance_id, "accept")
    sign_in(browser, "ld.khcn")
    page = text_of(browser.get(f"/steps/{step.id}"))
    assert "Tiếp nhận nhiệm vụ" in page
    assert 'type="radio" name="decision" value="accept"' in page
    assert '<option value="cv.khcn"' in page and '<option value="cv2.khcn"' in page
    assert 'value="cv.noivu"' not in page                       # another agency's officer
    assert 'name="csrf_token"' in page
    assert "chậm nhất 15/8/2025" in page                         # the deadline as written


def test_monthly_report_form_has_percent_and_multiple_files(browser, services):
    instance_id = accepted_task(services)
    step = pending(services, instance_id, "monthly_report")
    sign_in(browser, "cv.khcn")
    page = text_of(browser.get(f"/steps/{step.id}"))
    assert 'type="number" min="0" max="100"' in page
    assert 'type="file" multiple' in page and 'enctype="multipart/form-data"' in page


def test_leader_assigns_an_officer(browser, services):
    instance_id = start_task(services)
    sign_in(browser, "ld.khcn")
    response = post_step(browser, services, instance_id, "accept",
                         {"decision": "accept", "officer": "cv2.khcn", "note": "Làm gấp", "_title": "Tiếp nhận"})
    assert response.status_code == 302 and response.location.endswith("/")
    assert instance(services, instance_id).officer_login == "cv2.khcn"
    assert "Đã hoàn thành bước «Tiếp nhận»" in text_of(browser.get("/"))


def test_leader_refuses_with_a_reason_and_the_monitor_upholds(browser, services):
    instance_id = start_task(services)
    sign_in(browser, "ld.khcn")
    response = post_step(browser, services, instance_id, "accept", {"decision": "refuse"})
    assert response.status_code == 400
    assert field_error(response, "reason") == "Trường «Lý do từ chối» là bắt buộc"
    response = post_step(browser, services, instance_id, "accept",
                         {"decision": "refuse", "reason": "Không thuộc chức năng của Sở"})
    assert response.status_code == 302
    sign_in(browser, "theodoi")
    review = text_of(browser.get(f"/steps/{pending(services, instance_id, 'review_refusal').id}"))
    assert "Không thuộc chức năng của Sở" in review and "Lãnh đạo Sở KH&amp;CN" in review
    assert post_step(browser, services, instance_id, "review_refusal",
                     {"decision": "uphold", "comment": "Đồng ý"}).status_code == 302
    assert instance(services, instance_id).phase == "refused"


# ---- validation: errors next to fields, input kept, nothing changed ----------------------

def test_percent_over_100_is_refused_and_input_is_kept(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    response = post_step(browser, services, instance_id, "monthly_report",
                         {"percent": "150", "done": "Đã khảo sát 3 đơn vị", "problems": "Thiếu kinh phí"})
    assert response.status_code == 400
    assert field_error(response, "percent") == "Trường «Tỷ lệ hoàn thành (%)»: phải là số từ 0 đến 100"
    assert input_value(response, "percent") == "150"
    page = text_of(response)
    assert "Đã khảo sát 3 đơn vị</textarea>" in page and "Thiếu kinh phí</textarea>" in page
    assert filed_reports(services, instance_id) == []
    assert "monthly_report" in pending_names(services, instance_id)


def test_missing_required_field(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    response = post_step(browser, services, instance_id, "monthly_report", {"percent": "20", "done": "  "})
    assert response.status_code == 400
    assert field_error(response, "done") == "Trường «Kết quả đã thực hiện» là bắt buộc"
    assert field_error(response, "percent") is None
    assert filed_reports(services, instance_id) == []


def test_impossible_date_is_refused(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    response = post_step(browser, services, instance_id, "request_extension",
                         {"new_due_date": "31/02/2025", "reason": "Chờ kinh phí"})
    assert response.status_code == 400
    assert field_error(response, "new_due_date") == \
        "Trường «Đề nghị gia hạn đến ngày»: ngày không hợp lệ «31/02/2025» (dd/mm/yyyy)"
    assert input_value(response, "new_due_date") == "31/02/2025"
    assert "decide_extension" not in pending_names(services, instance_id)


def test_extension_date_must_be_after_the_deadline(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    response = post_step(browser, services, instance_id, "request_extension",
                         {"new_due_date": "15/08/2025", "reason": "Chờ kinh phí"})
    assert response.status_code == 400
    assert field_error(response, "new_due_date") == "Trường «Đề nghị gia hạn đến ngày»: phải sau 15/08/2025"
    assert instance(services, instance_id).due_date.isoformat() == "2025-08-15"


def test_return_needs_a_comment(browser, services):
    instance_id = accepted_task(services)
    act(services, "cv.khcn", instance_id, "monthly_report", {"percent": "10", "done": "Bắt đầu"})
    sign_in(browser, "ld.khcn")
    response = post_step(browser, services, instance_id, "review_report", {"decision": "return"})
    assert response.status_code == 400
    assert field_error(response, "comment") == "Trường «Ý kiến» là bắt buộc"
    assert "review_report" in pending_names(services, instance_id)


def test_too_large_evidence_is_refused_next_to_the_files(browser, services):
    services.evidence_max_bytes = 100
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    response = post_step(browser, services, instance_id, "monthly_report", {"percent": "20", "done": "Đã làm"},
                         files={"evidence": [("nho.txt", b"ok"), ("lon.pdf", b"x" * 500)]})
    assert response.status_code == 400
    assert field_error(response, "evidence") == "Tệp «lon.pdf» quá lớn (500 byte; tối đa 100 byte)"
    assert filed_reports(services, instance_id) == []
    with services.uow(write=False) as uow:
        assert uow.evidence.by_hash("2689367b205c16ce32ed4200942b8b8b1e262dfc70d9bc9fbc77c49699a4f1df") == []


def test_english_user_gets_english_field_errors(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    browser.get("/?lang=en")
    response = post_step(browser, services, instance_id, "monthly_report", {"percent": "150", "done": "x"})
    assert field_error(response, "percent") == "«Percent done»: must be a number from 0 to 100"


# ---- CSRF, roles and agencies --------------------------------------------------------------

@pytest.mark.parametrize("name,login,data", [
    ("accept", "ld.khcn", {"decision": "accept", "officer": "cv.khcn"}),
    ("monthly_report", "cv.khcn", {"percent": "20", "done": "Đã làm"}),
    ("request_extension", "cv.khcn", {"new_due_date": "30/09/2025", "reason": "Chờ kinh phí"}),
    ("cancel_task", "chutich", {"reason": "Không còn cần thiết"}),
])
def test_post_without_csrf_token_is_rejected(browser, services, name, login, data):
    instance_id = start_task(services) if name == "accept" else accepted_task(services)
    step = pending(services, instance_id, name)
    sign_in(browser, login)
    response = browser.client.post(f"/steps/{step.id}", data=data)
    assert response.status_code == 400
    assert "CSRF" in text_of(response)
    assert name in pending_names(services, instance_id)
    response = browser.client.post(f"/steps/{step.id}", data={**data, "csrf_token": "forged"})
    assert response.status_code == 400
    assert name in pending_names(services, instance_id)


@pytest.mark.parametrize("login,status", [
    ("ld.khcn", 200), ("cv.khcn", 200), ("theodoi", 200), ("chutich", 200), ("thanhtra", 200), ("admin", 200),
    ("cv.taichinh", 200), ("cv.noivu", 403), ("ld.noivu", 403),
])
def test_who_may_open_a_step(browser, services, login, status):
    instance_id = start_task(services)
    step = pending(services, instance_id, "accept")
    sign_in(browser, login)
    response = browser.get(f"/steps/{step.id}")
    assert response.status_code == status
    if status == 200 and login != "ld.khcn":
        page = text_of(response)
        assert "Bạn chỉ có thể xem bước này" in page
        assert '<button type="submit" class="primary"' not in page


@pytest.mark.parametrize("login", ["cv.noivu", "ld.noivu", "cv.khcn", "theodoi", "thanhtra", "quytrinh"])
def test_who_may_not_complete_a_step(browser, services, login):
    """Another agency's leader, an officer, the monitor, an auditor, a process owner:
    403 by URL (the token comes from their own inbox), and nothing changes."""
    instance_id = start_task(services)
    step = pending(services, instance_id, "accept")
    sign_in(browser, login)
    response = browser.post(f"/steps/{step.id}", {"decision": "accept", "officer": "cv.khcn"}, token_from="/")
    assert response.status_code == 403
    assert instance(services, instance_id).phase == "awaiting_acceptance"
    assert "accept" in pending_names(services, instance_id)


def test_step_pages_need_sign_in(browser, services):
    instance_id = start_task(services)
    step = pending(services, instance_id, "accept")
    response = browser.get(f"/steps/{step.id}")
    assert response.status_code == 302 and "/login" in response.location


def test_unknown_step_is_404(browser, services):
    sign_in(browser, "ld.khcn")
    assert browser.get("/steps/00000000-0000-0000-0000-000000000000").status_code == 404


# ---- the already-completed conflict ------------------------------------------------------

def test_second_leader_gets_409_naming_the_first(app, services):
    from tests.conftest import Browser

    add_user(services, "ld2.khcn", "Phó Giám đốc Sở KH&CN", "so-khoa-hoc-va-cong-nghe", {"leader"})
    instance_id = start_task(services)
    step = pending(services, instance_id, "accept")
    first, second = Browser(app.test_client()), Browser(app.test_client())
    first.login("ld.khcn")
    second.login("ld2.khcn")
    token = second.csrf(f"/steps/{step.id}")             # both have the form open
    assert first.post(f"/steps/{step.id}", {"decision": "accept", "officer": "cv.khcn"}).status_code == 302
    response = second.client.post(f"/steps/{step.id}", data={"decision": "accept", "officer": "cv2.khcn",
                                                             "csrf_token": token})
    assert response.status_code == 409
    page = text_of(response)
    assert "Bước này đã được Lãnh đạo Sở KH&amp;CN (ld.khcn) hoàn thành lúc 09:00 02/06/2025" in page
    assert f'href="/tasks/{instance_id}"' in page
    assert instance(services, instance_id).officer_login == "cv.khcn"
    again = second.get(f"/steps/{step.id}")             # reopening the form says the same
    assert again.status_code == 200
    assert "Lãnh đạo Sở KH&amp;CN (ld.khcn)" in text_of(again)
    assert f'href="/tasks/{instance_id}"' in text_of(again)


def test_a_field_the_form_does_not_have_is_named_and_refused(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    response = post_step(browser, services, instance_id, "monthly_report",
                         {"percent": "20", "done": "Đã làm", "officer": "cv2.khcn"})
    assert response.status_code == 400
    assert "Trường không có trong biểu mẫu: «officer»" in text_of(response)
    assert filed_reports(services, instance_id) == []


def test_outsider_learns_nothing_of_a_completed_step(browser, services):
    instance_id = start_task(services)
    step = pending(services, instance_id, "accept")
    act(services, "ld.khcn", instance_id, "accept", {"decision": "accept", "officer": "cv.khcn"})
    sign_in(browser, "cv.noivu")
    for response in (browser.get(f"/steps/{step.id}"),
                     browser.post(f"/steps/{step.id}", {"decision": "accept", "officer": "cv.noivu"},
                                  token_from="/")):
        assert response.status_code == 403
        assert "ld.khcn" not in text_of(response)
