"""The task page /tasks/<id>: who may see it (by URL too), the "6 rõ", the derived
status with escalation and percent, pending steps and the optional actions each role
may take, every report version with its reviews and evidence links, extensions, the
readable audit timeline, the BPMN XML endpoint with the pending steps to highlight,
and the number of queries one page costs."""
from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import event

from engine.domain.calendar import LOCAL_TZ
from engine.usecases.timers import sweep_timers
from tests.file_samples import XLSX_MAIN, ooxml_package
from tests.web.task_helpers import (accepted_task, act, pending, report_returned, sign_in, start_task, text_of)

VIEWERS = ["ld.khcn", "cv.khcn", "cv2.khcn", "cv.taichinh", "ld.taichinh", "theodoi", "chutich", "thanhtra",
           "quytrinh", "admin"]
OUTSIDERS = ["cv.noivu", "ld.noivu"]


def data_attr(page: str, name: str) -> list[str]:
    match = re.search(rf'data-{name}="([^"]*)"', page)
    assert match, f"no data-{name}"
    return match.group(1).split()


@pytest.mark.parametrize("login", VIEWERS)
def test_everyone_involved_sees_the_task(browser, services, login):
    instance_id = accepted_task(services)
    sign_in(browser, login)
    assert browser.get(f"/tasks/{instance_id}").status_code == 200
    diagram = browser.get(f"/tasks/{instance_id}/diagram.bpmn")
    assert diagram.status_code == 200 and diagram.mimetype == "text/plain"      # never rendered as a page


@pytest.mark.parametrize("login", OUTSIDERS)
def test_another_agency_gets_403_by_url(browser, services, login):
    instance_id = accepted_task(services)
    sign_in(browser, login)
    response = browser.get(f"/tasks/{instance_id}")
    assert response.status_code == 403
    assert "Bạn không có quyền xem nhiệm vụ này" in text_of(response)
    assert "Xây dựng cơ sở dữ liệu thử nghiệm" not in text_of(response)
    assert browser.get(f"/tasks/{instance_id}/diagram.bpmn").status_code == 403


def test_unknown_task_is_404_and_sign_in_is_required(browser, services):
    accepted_task(services)
    response = browser.get("/tasks/1")
    assert response.status_code == 302 and "/login" in response.location
    assert browser.get("/tasks/1/diagram.bpmn").status_code == 302
    sign_in(browser, "thanhtra")
    assert browser.get("/tasks/999").status_code == 404
    assert browser.get("/tasks/999/diagram.bpmn").status_code == 404


def test_six_clear_facts_at_the_top(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert "Xây dựng cơ sở dữ liệu thử nghiệm" in page                        # rõ việc
    assert '<dd class="lead-agency">Sở Khoa học và Công nghệ</dd>' in page     # rõ trách nhiệm
    assert "Sở Tài chính" in page
    assert '<p class="officer">Chuyên viên Sở KH&amp;CN</p>' in page           # rõ người
    assert '<dd class="due-date">15/08/2025</dd>' in page                     # rõ thời gian
    assert '<dd class="original-due-date">15/08/2025</dd>' in page
    assert "«chậm nhất 15/8/2025»" in page
    assert "Báo cáo kết quả" in page                                          # rõ sản phẩm
    assert '<dd class="authority">UBND tỉnh An Giang</dd>' in page            # rõ thẩm quyền
    assert "Văn phòng UBND tỉnh" in page
    assert 'data-status="on_track">Đang thực hiện – trong hạn<' in page


def test_status_escalation_and_percent_follow_the_dates(browser, services):
    instance_id = accepted_task(services)
    act(services, "cv.khcn", instance_id, "monthly_report", {"percent": "40", "done": "Đã làm một phần"})
    act(services, "ld.khcn", instance_id, "review_report", {"decision": "approve"})
    services.clock.set(datetime(2025, 8, 27, 9, 0, tzinfo=LOCAL_TZ))   # 7 working days after 15/8
    sweep_timers(services)
    sign_in(browser, "theodoi")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert 'data-status="overdue">Đang thực hiện – quá hạn<' in page
    assert "Quá hạn 12 ngày" in page
    assert "Quá hạn 7 ngày làm việc: cơ quan theo dõi đôn đốc" in page
    assert '<progress max="100" value="40">' in page
    assert "Báo cơ quan theo dõi: quá hạn, dự thảo văn bản đôn đốc" in page   # the timer in the timeline


def test_english_page(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    page = text_of(browser.get(f"/tasks/{instance_id}?lang=en"))
    assert "In progress – on track" in page


def test_report_versions_reviews_and_evidence(browser, services):
    instance_id = report_returned(services)
    act(services, "cv.khcn", instance_id, "revise_report", {"percent": "35", "done": "Đã bổ sung số liệu"},
        [("so-lieu.xlsx", ooxml_package(XLSX_MAIN))])
    act(services, "ld.khcn", instance_id, "review_report", {"decision": "approve", "comment": "Đạt"})
    sign_in(browser, "thanhtra")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert "Tháng 06/2025" in page and "Đã duyệt" in page
    assert "Lần nộp 1 · Chuyên viên Sở KH&amp;CN · 09:00 02/06/2025" in page
    assert "Lần nộp 2 · Chuyên viên Sở KH&amp;CN · 09:00 02/06/2025" in page
    assert "Khảo sát hiện trạng" in page and "Đã bổ sung số liệu" in page
    assert "30%" in page and "35%" in page
    assert re.search(r"Duyệt báo cáo tháng:</strong> Trả lại\s*<span class=\"muted\">— Lãnh đạo Sở KH&amp;CN", page)
    assert '<blockquote class="comment">Bổ sung số liệu</blockquote>' in page
    assert '<blockquote class="comment">Đạt</blockquote>' in page
    links = re.findall(r'href="(/evidence/[0-9a-f]{64}\?instance=\d+)">([^<]+)</a>', page)
    assert {name for _, name in links} == {"khao-sat.pdf", "so-lieu.xlsx"}
    assert all(link.endswith(f"instance={instance_id}") for link, _ in links)
    for link, _ in links:
        assert browser.get(link).status_code == 200
    timeline = page[page.index('<ol class="timeline">'):]
    assert re.search(r'<dt>Tệp minh chứng</dt>\s*<dd><a class="evidence-link" href="/evidence/[0-9a-f]{64}'
                     rf'\?instance={instance_id}">khao-sat.pdf</a>', timeline)


def test_extension_shows_both_deadlines(browser, services):
    instance_id = accepted_task(services)
    act(services, "cv.khcn", instance_id, "request_extension",
        {"new_due_date": "30/09/2025", "reason": "Chờ phân bổ kinh phí"})
    act(services, "chutich", instance_id, "decide_extension", {"decision": "approve"})
    sign_in(browser, "ld.khcn")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert '<dd class="due-date">30/09/2025</dd>' in page
    assert '<dd class="original-due-date">15/08/2025</dd>' in page
    assert "Đề nghị gia hạn 1" in page and "Chờ phân bổ kinh phí" in page
    assert "Đồng ý gia hạn" in page
    assert "Thời hạn: 15/08/2025 → <strong>30/09/2025</strong>" in page


def test_timeline_reads_who_for_which_agency_and_what_changed(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "thanhtra")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    timeline = page[page.index('<ol class="timeline">'):]
    assert "Quản trị hệ thống</strong> <span class=\"muted\">(Văn phòng UBND tỉnh)</span>" in timeline
    assert "Giao nhiệm vụ cho cơ quan chủ trì" in timeline
    assert ("Lãnh đạo Sở KH&amp;CN</strong> <span class=\"muted\">(Sở Khoa học và Công nghệ)</span>"
            in timeline)
    assert "Hoàn thành bước: <em>Tiếp nhận và phân công chuyên viên</em>" in timeline
    assert "Tình trạng xử lý: Chờ tiếp nhận → <strong>Đang thực hiện</strong>" in timeline
    assert "Chuyên viên thực hiện: — → <strong>Chuyên viên Sở KH&amp;CN</strong>" in timeline
    assert "<dt>Quyết định</dt>" in timeline and "Tiếp nhận và phân công" in timeline


@pytest.mark.parametrize("login,actions", [
    ("cv.khcn", {"extension_request", "input_request"}),
    ("chutich", {"cancel", "suspend"}),
    ("ld.khcn", set()),
    ("thanhtra", set()),
    ("theodoi", set()),
])
def test_optional_steps_are_buttons_for_whoever_may_act(browser, services, login, actions):
    instance_id = accepted_task(services)
    sign_in(browser, login)
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert set(re.findall(r'class="button action action-([a-z_]+)"', page)) == actions


def test_pending_step_links_only_for_who_may_act(browser, services):
    instance_id = accepted_task(services)
    report = pending(services, instance_id, "monthly_report")
    sign_in(browser, "cv.khcn")
    assert f'href="/steps/{report.id}"' in text_of(browser.get(f"/tasks/{instance_id}"))
    sign_in(browser, "thanhtra")
    assert f'href="/steps/{report.id}"' not in text_of(browser.get(f"/tasks/{instance_id}"))


def test_diagram_xml_and_steps_to_highlight(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert set(data_attr(page, "pending")) == {"monthly_report", "completion_report"}
    assert data_attr(page, "done") == ["accept"]
    assert data_attr(page, "src") == [f"/tasks/{instance_id}/diagram.bpmn"]
    assert "vendor/bpmn-js/bpmn-navigated-viewer.production.min.js" in page
    assert "<script>" not in page                      # the CSP allows no inline script
    xml = browser.get(f"/tasks/{instance_id}/diagram.bpmn").get_data(as_text=True)
    for element in ("monthly_report", "completion_report", "accept"):
        assert f'id="{element}"' in xml
    assert "<bpmndi:BPMNDiagram" in xml


def test_closed_task_shows_the_outcome_and_no_actions(browser, services):
    instance_id = accepted_task(services)
    act(services, "chutich", instance_id, "cancel_task", {"reason": "Không còn cần thiết"})
    sign_in(browser, "chutich")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert 'data-status="cancelled">Hủy<' in page
    assert "Nhiệm vụ đã kết thúc (Hủy)." in page
    assert 'class="button action' not in page
    assert "Lý do hủy" in page and "Không còn cần thiết" in page
    assert data_attr(page, "pending") == []


def test_page_is_a_handful_of_queries(browser, services):
    instance_id = report_returned(services)
    act(services, "cv.khcn", instance_id, "revise_report", {"percent": "35", "done": "Bổ sung"})
    act(services, "ld.khcn", instance_id, "review_report", {"decision": "approve"})
    act(services, "cv.khcn", instance_id, "request_extension", {"new_due_date": "30/09/2025", "reason": "Kinh phí"})
    act(services, "chutich", instance_id, "decide_extension", {"decision": "refuse", "comment": "Không"})
    sign_in(browser, "thanhtra")
    browser.get(f"/tasks/{instance_id}")                 # warm the process cache
    statements = []
    engine = services.database.engine

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert browser.get(f"/tasks/{instance_id}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 14, "\n".join(selects)


def test_new_task_awaiting_acceptance(browser, services):
    instance_id = start_task(services)
    sign_in(browser, "ld.khcn")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert 'data-status="awaiting_acceptance">Chờ tiếp nhận<' in page
    assert "Chưa phân công chuyên viên" in page
    assert data_attr(page, "pending") == ["accept", "monthly_report"]
    assert "Hạn tiếp nhận 05/06/2025" in page
    # the June period opened at launch: its report is due 16/6 and, until accepted, the leader's
    assert 'data-period="2025-06"' in page and "Chờ nộp" in page and "hạn 16/06/2025" in page


def test_history_reads_the_same_on_sqlite_and_postgresql(any_services):
    from tests.conftest import Browser
    from web.app import create_app

    instance_id = report_returned(any_services)
    act(any_services, "cv.khcn", instance_id, "revise_report", {"percent": "35", "done": "Đã bổ sung số liệu"})
    browser = Browser(create_app(services=any_services, testing=True).test_client())
    sign_in(browser, "theodoi")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert "Lần nộp 1" in page and "Lần nộp 2" in page
    assert '<blockquote class="comment">Bổ sung số liệu</blockquote>' in page
    assert "khao-sat.pdf" in page
    assert "Đã nộp – chờ xem xét" in page
