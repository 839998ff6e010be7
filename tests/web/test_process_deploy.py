"""Deploying a draft from the browser: the review lists what changed against the
version in force (parameters, steps' properties, elements added and removed) and
marks it for the diagrams; the deployment needs a change note, stores it with the new
version and its audit row, drops the draft, and new tasks start on it while running
ones keep theirs. Refused — with the element and the reason, nothing stored — are an
empty note, an unknown form, an unsafe script, a draft changed since its review and a
draft that changes nothing."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import text

from tests.diagram_edits import default_xml, rename, set_parameter, set_property, set_script
from tests.web.process_helpers import EDIT, KEY, autosave, deploy, draft_of, put_draft, reviewed_sha, versions
from tests.web.task_helpers import instance, sign_in, start_task, text_of

REVIEW = f"/processes/{KEY}/deploy"


def edited_diagram() -> str:
    xml = set_parameter(default_xml(), "deadline_monitor", "10 working_days")
    xml = set_property(xml, "sign_off", "form", "completion_review")
    return rename(xml, "sign_off", "Ký xác nhận hoàn thành")


def audit_actions(services) -> list:
    with services.database.engine.connect() as conn:
        return [json.loads(after) if isinstance(after, str) else after for (after,) in conn.execute(
            text("SELECT after_json FROM audit_log WHERE action = 'process.deployed' ORDER BY id"))]


def test_the_review_lists_and_marks_what_changed(browser, services):
    put_draft(services, "quytrinh", edited_diagram())
    sign_in(browser, "quytrinh")
    page = text_of(browser.get(REVIEW))
    parameter = re.search(r'<li data-parameter="deadline_monitor">(.*?)</li>', page, re.S).group(1)
    assert "Cơ quan theo dõi đôn đốc khi quá hạn" in parameter
    assert "<del>7 working_days</del>" in parameter and "<ins>10 working_days</ins>" in parameter
    step = re.search(r'<li data-element="sign_off">(.*?)</ul>', page, re.S).group(1)
    assert "Bước xử lý" in step and "«Ký xác nhận hoàn thành»" in step
    assert "<del>Xác nhận hoàn thành (sign_off)</del> → <ins>Thẩm định kết quả (completion_review)</ins>" in step
    marks = json.loads(re.search(r'data-role="after"[^>]*data-marks=\'([^\']*)\'', page, re.S).group(1))
    assert marks["chidao-changed"] == ["sign_off", KEY] and marks["chidao-added"] == [] and marks["chidao-problem"] == []
    assert re.search(r'<button type="submit" class="button primary">', page)      # deployable


def test_deploying_stores_the_version_with_its_note_and_drops_the_draft(browser, services):
    running = start_task(services)
    put_draft(services, "quytrinh", edited_diagram())
    sign_in(browser, "quytrinh")
    sha = reviewed_sha(text_of(browser.get(REVIEW)))
    response = deploy(browser, "  Đôn đốc sau 10 ngày làm việc;\n bước xác nhận dùng biểu mẫu thẩm định  ", sha)
    assert response.status_code == 302 and response.location.endswith(f"/processes/{KEY}/v2")
    v1, v2 = versions(services)
    assert v2.change_note == "Đôn đốc sau 10 ngày làm việc;\nbước xác nhận dùng biểu mẫu thẩm định"
    assert v2.deployed_by == "quytrinh" and v2.parameters["deadline_monitor"] == "10 working_days"
    assert audit_actions(services)[-1] == {"key": KEY, "version": 2, "sha256": v2.sha256,
                                           "note": v2.change_note}
    assert draft_of(services, "quytrinh") is None
    page = text_of(browser.get(response.location))
    assert "Đã triển khai phiên bản 2" in page and "Đôn đốc sau 10 ngày làm việc" in page
    newer = start_task(services, number="98/KH-UBND")
    assert instance(services, newer).process_version_id == v2.id           # new tasks start on v2
    assert instance(services, running).process_version_id == v1.id         # running ones keep theirs


@pytest.mark.parametrize("note", ["", "   \n  "])
def test_an_empty_change_note_is_refused_and_nothing_stored(browser, services, note):
    put_draft(services, "quytrinh", edited_diagram())
    sign_in(browser, "quytrinh")
    response = deploy(browser, note, reviewed_sha(text_of(browser.get(REVIEW))))
    assert response.status_code == 400
    assert "Hãy ghi nội dung thay đổi trước khi triển khai" in text_of(response)
    assert len(versions(services)) == 1 and draft_of(services, "quytrinh") is not None


@pytest.mark.parametrize("edit, element, words", [
    (lambda x: set_property(x, "sign_off", "form", "ky_so"), "sign_off", "biểu mẫu không có: «ky_so»"),
    (lambda x: set_script(x, "record_acceptance", "__import__('os').system('rm -rf /')"), "record_acceptance",
     "không được phép dùng tên «__import__»"),
    (lambda x: set_script(x, "finish_refused", "open('/etc/passwd').read()"), "finish_refused",
     "gọi hàm không có: «open»"),
])
def test_an_invalid_or_unsafe_diagram_is_refused_with_the_element(browser, services, edit, element, words):
    put_draft(services, "quytrinh", edit(default_xml()))
    sign_in(browser, "quytrinh")
    review = text_of(browser.get(REVIEW))
    assert re.search(rf'<li class="problem" data-element="{element}">.*?{re.escape(words)}', review, re.S)
    assert re.search(r'<button type="submit" class="button primary" disabled>', review)
    response = deploy(browser, "Thử triển khai", reviewed_sha(review))      # the disabled button, forced
    assert response.status_code == 400 and words in text_of(response)
    assert f'data-element="{element}"' in text_of(response)
    assert len(versions(services)) == 1 and len(audit_actions(services)) == 1


def test_a_draft_changed_since_its_review_is_not_deployed(browser, services):
    put_draft(services, "quytrinh", edited_diagram())
    sign_in(browser, "quytrinh")
    sha = reviewed_sha(text_of(browser.get(REVIEW)))
    autosave(browser, set_parameter(edited_diagram(), "deadline_authority", "40 days"))   # another tab saves
    response = deploy(browser, "Đôn đốc sau 10 ngày", sha)
    assert response.status_code == 409 and "Bản nháp đã thay đổi sau khi bạn xem" in text_of(response)
    assert len(versions(services)) == 1
    assert "<ins>40 days</ins>" in text_of(response)            # the review shown again is the new draft's


def test_a_draft_that_changes_nothing_cannot_be_deployed(browser, services):
    put_draft(services, "quytrinh", default_xml())
    sign_in(browser, "quytrinh")
    review = text_of(browser.get(REVIEW))
    assert "Bản nháp không khác phiên bản đang áp dụng." in review
    response = deploy(browser, "Không đổi gì", reviewed_sha(review))
    assert response.status_code == 400 and "không có gì để triển khai" in text_of(response)
    assert len(versions(services)) == 1


def test_without_a_draft_the_review_sends_back_to_the_editor(browser, services):
    sign_in(browser, "quytrinh")
    response = browser.get(REVIEW)
    assert response.status_code == 302 and response.location.endswith(EDIT)
    assert "Chưa có bản nháp của quy trình «directive_task»" in text_of(browser.get(EDIT))
    response = deploy(browser, "Ghi chú", "0" * 64)
    assert response.status_code == 302 and len(versions(services)) == 1


def test_a_version_deployed_meanwhile_is_said_on_the_review(browser, services):
    put_draft(services, "quytrinh", edited_diagram())
    put_draft(services, "admin", set_parameter(default_xml(), "deadline_authority", "45 days"))
    sign_in(browser, "admin")
    deploy(browser, "Báo thẩm quyền sau 45 ngày", reviewed_sha(text_of(browser.get(REVIEW))))
    sign_in(browser, "quytrinh")
    review = text_of(browser.get(REVIEW))
    assert "Bản nháp bắt đầu từ v1, nhưng v2 đã được triển khai sau đó" in review
    assert "<del>45 days</del> → <ins>30 days</ins>" in review       # what deploying it would undo
    assert "Phiên bản v2 đã được triển khai sau khi bạn bắt đầu bản nháp này" in text_of(browser.get(EDIT))


def test_the_review_reads_in_english(browser, services):
    put_draft(services, "quytrinh", edited_diagram())
    sign_in(browser, "quytrinh")
    page = text_of(browser.get(REVIEW + "?lang=en"))
    assert "Review the changes before deploying" in page and "The monitor urges when late" in page
    assert "<del>Sign off (sign_off)</del> → <ins>Review the result (completion_review)</ins>" in page
    response = deploy(browser, "", reviewed_sha(page))
    assert "Write what changed before deploying" in text_of(response)
