"""Step forms over HTTP through the rest of the lifecycle: closed and suspended tasks,
a returned report revised from its previous version, extension request and decision,
input from a coordinating agency, a conditional task's condition, and completion
through the leader, the monitor and the authority."""
from __future__ import annotations

from tests.file_samples import docx_bytes
from tests.web.task_helpers import (accepted_task, field_error, filed_reports, input_value, instance, pending,
                                    pending_names, post_step, report_returned, reports, sign_in, text_of)


# ---- closed and suspended tasks ----------------------------------------------------------

def test_cancelled_task_takes_no_more_reports(browser, services):
    instance_id = accepted_task(services)
    report_step = pending(services, instance_id, "monthly_report")
    sign_in(browser, "chutich")
    response = post_step(browser, services, instance_id, "cancel_task", {"reason": "Không còn cần thiết", "_next": "task"})
    assert response.status_code == 302 and response.location.endswith(f"/tasks/{instance_id}")
    assert instance(services, instance_id).phase == "cancelled"
    sign_in(browser, "cv.khcn")
    response = browser.post(f"/steps/{report_step.id}", {"percent": "50", "done": "Muộn"}, token_from="/")
    assert response.status_code == 404
    assert "Không tìm thấy bước" in text_of(response)
    assert [(r.period, r.status, r.versions) for r in reports(services, instance_id)] == [
        ("2025-06", "withdrawn", [])]           # the June report was not due yet: no longer asked for
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert "Hủy" in page and "Nhiệm vụ đã kết thúc" in page
    assert f"/steps/{report_step.id}" not in page


def test_suspended_task_only_resumes(browser, services):
    instance_id = accepted_task(services)
    report_step = pending(services, instance_id, "monthly_report")
    sign_in(browser, "chutich")
    assert post_step(browser, services, instance_id, "suspend_task", {"reason": "Chờ sắp xếp bộ máy"}).status_code == 302
    assert instance(services, instance_id).phase == "suspended"
    assert pending_names(services, instance_id) == {"resume_task", "cancel_task"}   # nothing else can be done
    sign_in(browser, "cv.khcn")
    assert "/tasks/%d" % instance_id not in text_of(browser.get("/"))         # nothing in the officer's inbox
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert 'data-status="suspended">Tạm dừng<' in page and "Đã tạm dừng 0 ngày, từ 02/06/2025" in page
    assert "Thực hiện</a>" not in page
    response = browser.post(f"/steps/{report_step.id}", {"percent": "50", "done": "Trong lúc tạm dừng"},
                            token_from="/")
    assert response.status_code == 404
    assert filed_reports(services, instance_id) == []
    sign_in(browser, "chutich")
    response = post_step(browser, services, instance_id, "resume_task", {"new_due_date": "01/06/2025"})
    assert response.status_code == 400
    assert field_error(response, "new_due_date").startswith("Trường «Thời hạn mới")
    assert post_step(browser, services, instance_id, "resume_task",
                     {"new_due_date": "30/09/2025", "note": "Tiếp tục"}).status_code == 302
    assert instance(services, instance_id).phase == "in_progress"
    assert instance(services, instance_id).due_date.isoformat() == "2025-09-30"
    sign_in(browser, "cv.khcn")
    assert post_step(browser, services, instance_id, "monthly_report",
                     {"percent": "50", "done": "Sau khi tiếp tục"}).status_code == 302


# ---- every other step of the lifecycle over HTTP ----------------------------------------

def test_returned_report_form_starts_from_the_returned_version(browser, services):
    instance_id = report_returned(services)
    step = pending(services, instance_id, "revise_report")
    sign_in(browser, "cv.khcn")
    page = browser.get(f"/steps/{step.id}")
    assert input_value(page, "percent") == "30"
    assert "Khảo sát hiện trạng</textarea>" in text_of(page)
    assert "Bổ sung số liệu" in text_of(page)                  # the return comment is shown


def test_extension_request_and_decision(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    step = pending(services, instance_id, "request_extension")
    assert f'href="/steps/{step.id}"' in page and "Đề nghị gia hạn" in page
    assert post_step(browser, services, instance_id, "request_extension",
                     {"new_due_date": "30/09/2025", "reason": "Chờ phân bổ kinh phí"}).status_code == 302
    sign_in(browser, "chutich")
    decide = pending(services, instance_id, "decide_extension")
    form = text_of(browser.get(f"/steps/{decide.id}"))
    assert "Chờ phân bổ kinh phí" in form and "30/09/2025" in form   # the request under review
    response = post_step(browser, services, instance_id, "decide_extension",
                         {"decision": "approve", "approved_due_date": "2025-09-19"})
    assert response.status_code == 302
    task = instance(services, instance_id)
    assert task.due_date.isoformat() == "2025-09-19" and task.original_due_date.isoformat() == "2025-08-15"


def test_input_request_and_coordinating_answer(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    step = pending(services, instance_id, "request_input")
    form = text_of(browser.get(f"/steps/{step.id}"))
    assert 'type="checkbox" name="input_agencies" value="so-tai-chinh"' in form
    response = post_step(browser, services, instance_id, "request_input",
                         {"input_agencies": "so-khac", "question": "?", "input_due": "10/06/2025"})
    assert response.status_code == 400 and field_error(response, "input_agencies")
    assert post_step(browser, services, instance_id, "request_input",
                     {"input_agencies": "so-tai-chinh", "question": "Cho ý kiến về kinh phí",
                      "input_due": "10/06/2025"}).status_code == 302
    sign_in(browser, "cv.taichinh")
    answer = text_of(browser.get(f"/steps/{pending(services, instance_id, 'give_input').id}"))
    assert "Cho ý kiến về kinh phí" in answer and "Sở Tài chính" in answer and "10/06/2025" in answer
    assert post_step(browser, services, instance_id, "give_input", {"answer": "Đồng ý bố trí kinh phí"},
                     files={"evidence": [("y-kien.docx", docx_bytes("Ý kiến"))]}).status_code == 302
    sign_in(browser, "cv.khcn")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert "Ý kiến đơn vị phối hợp" in page and "Đồng ý bố trí kinh phí" in page and "y-kien.docx" in page


def test_condition_met_gives_a_conditional_task_its_deadline(browser, services):
    instance_id = accepted_task(services, deadline={"kind": "conditional",
                                                    "text": "khi có Quyết định của Thủ tướng"})
    sign_in(browser, "theodoi")
    assert post_step(browser, services, instance_id, "condition_met",
                     {"met_on": "02/06/2025", "due_date": "31/12/2025",
                      "note": "Quyết định 123/QĐ-TTg"}).status_code == 302
    assert instance(services, instance_id).due_date.isoformat() == "2025-12-31"
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert "31/12/2025" in page and "khi có Quyết định của Thủ tướng" in page


def test_completion_goes_through_leader_monitor_and_authority(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    assert post_step(browser, services, instance_id, "completion_report",
                     {"result": "Đã xây dựng xong", "product": "Cơ sở dữ liệu"},
                     files={"evidence": [("ket-qua.pdf", b"%PDF ket qua"), ("anh.png", b"\x89PNG anh")]}
                     ).status_code == 302
    sign_in(browser, "ld.khcn")
    assert post_step(browser, services, instance_id, "approve_completion", {"decision": "approve"}).status_code == 302
    sign_in(browser, "theodoi")
    assert post_step(browser, services, instance_id, "review_completion",
                     {"decision": "return", "comment": "Thiếu biên bản nghiệm thu"}).status_code == 302
    sign_in(browser, "cv.khcn")
    assert post_step(browser, services, instance_id, "rework",
                     {"result": "Đã bổ sung biên bản", "product": "Cơ sở dữ liệu"}).status_code == 302
    sign_in(browser, "ld.khcn")
    assert post_step(browser, services, instance_id, "approve_completion", {"decision": "approve"}).status_code == 302
    sign_in(browser, "theodoi")
    assert post_step(browser, services, instance_id, "review_completion", {"decision": "accept"}).status_code == 302
    sign_in(browser, "chutich")
    assert post_step(browser, services, instance_id, "sign_off", {"decision": "confirm"}).status_code == 302
    task = instance(services, instance_id)
    assert task.phase == "completed" and task.completed_on_time is True
    completion = [r for r in reports(services, instance_id) if r.kind == "completion"]
    assert len(completion) == 1 and len(completion[0].versions) == 2
    assert [len(v.evidence) for v in completion[0].versions] == [2, 0]
    decisions = [r["decision"] for r in completion[0].versions[0].values["reviews"]]
    assert decisions == ["approve", "return"]
    assert [r["decision"] for r in completion[0].versions[1].values["reviews"]] == ["approve", "accept", "confirm"]
