"""Directive list with the leaders' counts (each linking to its task list), the
directive page, and the task list: visibility by role and agency, filters, paging."""
from __future__ import annotations

import re

from engine.domain.users import SYSTEM
from engine.usecases.directives import import_directive
from tests.conftest import sample_payload, small_directive
from tests.web.directive_helpers import imported, instances_of, signed_in
from tests.web.task_helpers import act

TWO_LEADS = ("Sở Khoa học và Công nghệ", "Sở Nội vụ")


def task_links(page: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/tasks/(\d+)"', page)}


def by_agency(services, directive_id: int) -> dict[str, int]:
    return {i.agency_code: i.id for i in instances_of(services, directive_id)}


def test_pages_need_sign_in(app, browser, services):
    directive_id = imported(services)
    for path in ("/directives", f"/directives/{directive_id}", "/tasks"):
        response = browser.get(path)
        assert response.status_code == 302 and "/login" in response.location


def test_counts_in_the_leaders_form_link_to_the_matching_tasks(app, browser, services):
    directive_id = imported(services, lead=TWO_LEADS)
    ids = by_agency(services, directive_id)
    act(services, "ld.khcn", ids["so-khoa-hoc-va-cong-nghe"], "accept", {"decision": "accept", "officer": "cv.khcn"})
    browser = signed_in(app, "theodoi")
    page = browser.get("/directives").get_data(as_text=True)
    assert "99/KH-UBND" in page and "Chưa tiếp nhận" in page and "Đang thực hiện" in page
    link = f"/tasks?directive={directive_id}&amp;bucket=open_on_time"
    assert f'<a href="{link}"' in page
    in_time = browser.get(f"/tasks?directive={directive_id}&bucket=open_on_time").get_data(as_text=True)
    assert task_links(in_time) == {ids["so-khoa-hoc-va-cong-nghe"]}
    waiting = browser.get(f"/tasks?directive={directive_id}&bucket=not_accepted").get_data(as_text=True)
    assert task_links(waiting) == {ids["so-noi-vu"]}
    assert "Chưa tiếp nhận" in waiting
    done = browser.get(f"/tasks?directive={directive_id}&bucket=done_on_time").get_data(as_text=True)
    assert task_links(done) == set() and "Không có nhiệm vụ nào khớp" in done


def test_directive_list_shows_only_what_the_agency_may_see(app, browser, services):
    imported(services)                          # Sở KH&CN leads, monitored by VP UBND tỉnh
    browser = signed_in(app, "ld.noivu")
    assert "99/KH-UBND" not in browser.get("/directives").get_data(as_text=True)
    for login in ("ld.khcn", "theodoi", "chutich", "thanhtra"):
        browser = signed_in(app, login)
        assert "99/KH-UBND" in browser.get("/directives").get_data(as_text=True), login


def test_directive_page_shows_facts_text_tasks_and_assignments(app, browser, services):
    payload = small_directive(lead=("@so_ban_nganh",))
    result = import_directive(services, SYSTEM, payload, body="TOÀN VĂN: Kế hoạch thử nghiệm chidao …")
    browser = signed_in(app, "admin")
    page = browser.get(f"/directives/{result.directive_id}").get_data(as_text=True)
    for expected in ("99/KH-UBND", "Kế hoạch", "UBND tỉnh An Giang", "02/06/2025", "Hồ Văn Mừng",
                     "Kế hoạch thử nghiệm chidao", "Xây dựng cơ sở dữ liệu thử nghiệm", "Sở, ban, ngành tỉnh",
                     "Sở Tài chính", "chậm nhất 15/8/2025", "Báo cáo kết quả", "Chờ tiếp nhận",
                     "TOÀN VĂN: Kế hoạch thử nghiệm chidao", "Văn phòng UBND tỉnh"):
        assert expected in page, expected
    assert task_links(page) == {i.id for i in instances_of(services, result.directive_id)}
    assert result.instances > 10 and len(task_links(page)) == result.instances


def test_directive_page_follows_role_and_agency(app, browser, services):
    directive_id = imported(services, lead=TWO_LEADS)
    ids = by_agency(services, directive_id)
    browser = signed_in(app, "ld.noivu")                   # a lead agency sees its own assignment only
    page = browser.get(f"/directives/{directive_id}")
    assert page.status_code == 200 and task_links(page.get_data(as_text=True)) == {ids["so-noi-vu"]}
    browser = signed_in(app, "ld.taichinh")                # coordinating agency sees the task it helps with
    assert task_links(browser.get(f"/directives/{directive_id}").get_data(as_text=True)) == set(ids.values())
    browser = signed_in(app, "theodoi")                    # the monitor sees everything of its directive
    assert task_links(browser.get(f"/directives/{directive_id}").get_data(as_text=True)) == set(ids.values())
    other = imported(services, lead=("Sở Khoa học và Công nghệ",), coordinating=(), number="100/KH-UBND")
    browser = signed_in(app, "ld.noivu")                   # not involved at all
    refused = browser.get(f"/directives/{other}")
    assert refused.status_code == 403 and "không có quyền xem văn bản" in refused.get_data(as_text=True)
    assert browser.get("/directives/9999").status_code == 404


def test_task_list_filters_and_visibility(app, browser, services):
    first = imported(services)
    payload = small_directive(lead=("Sở Nội vụ",), coordinating=(), number="100/KH-UBND")
    payload["tasks"][0]["summary"] = "Rà soát bộ máy hành chính"
    second = import_directive(services, SYSTEM, payload).directive_id
    khcn = by_agency(services, first)["so-khoa-hoc-va-cong-nghe"]
    noivu = by_agency(services, second)["so-noi-vu"]
    browser = signed_in(app, "thanhtra")
    assert task_links(browser.get("/tasks").get_data(as_text=True)) == {khcn, noivu}
    assert task_links(browser.get("/tasks?agency=so-noi-vu").get_data(as_text=True)) == {noivu}
    assert task_links(browser.get(f"/tasks?directive={first}").get_data(as_text=True)) == {khcn}
    assert task_links(browser.get("/tasks?q=bộ máy").get_data(as_text=True)) == {noivu}
    assert task_links(browser.get("/tasks?status=awaiting_acceptance").get_data(as_text=True)) == {khcn, noivu}
    assert task_links(browser.get("/tasks?status=overdue").get_data(as_text=True)) == set()
    browser = signed_in(app, "cv.khcn")
    assert task_links(browser.get("/tasks").get_data(as_text=True)) == {khcn}
    assert task_links(browser.get("/tasks?agency=so-noi-vu").get_data(as_text=True)) == set()


def test_task_list_is_paginated(app, browser, services):
    result = import_directive(services, SYSTEM, sample_payload())
    assert result.instances > 50
    browser = signed_in(app, "admin")
    first = browser.get("/tasks").get_data(as_text=True)
    assert len(task_links(first)) == 50 and "trang 1/2" in first
    assert 'href="/tasks?page=2"' in first
    second = browser.get("/tasks?page=2").get_data(as_text=True)
    assert len(task_links(second)) == result.instances - 50
    assert task_links(first).isdisjoint(task_links(second))
