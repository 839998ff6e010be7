"""The dashboard: who may open it, counts by status across what the user sees (or one
agency), overdue assignments per agency, the authority's list, and the chart's data
handed to Chart.js through data- attributes (no inline script)."""
from __future__ import annotations

import html
import json
import re
from datetime import datetime

import pytest

from engine.usecases.timers import sweep_timers
from tests.web.directive_helpers import imported, instances_of, signed_in
from tests.web.task_helpers import act, instance

LATE = {"kind": "date", "value": "2025-06-10", "text": "chậm nhất 10/6/2025"}


def chart(page: str, element_id: str) -> dict:
    match = re.search(rf'id="{element_id}"[^>]*data-chart=\'([^\']*)\'', page)
    assert match, f"no chart {element_id}"
    return json.loads(html.unescape(match.group(1)))


def escalated_to_authority(services) -> tuple[int, int]:
    """(Sở KH&CN's assignment escalated to the authority, Sở Nội vụ's on-time one)."""
    late = imported(services, deadline=LATE)
    on_time = imported(services, lead=("Sở Nội vụ",), coordinating=(), number="100/KH-UBND")
    khcn = instances_of(services, late)[0].id
    noivu = instances_of(services, on_time)[0].id
    act(services, "ld.khcn", khcn, "accept", {"decision": "accept", "officer": "cv.khcn"})
    act(services, "ld.noivu", noivu, "accept", {"decision": "accept", "officer": "cv.noivu"})
    for day in ("2025-06-11", "2025-06-20", "2025-07-14"):
        services.clock.set(datetime.fromisoformat(f"{day}T09:00:00+07:00"))
        sweep_timers(services)
    assert instance(services, khcn).escalation == "authority"
    assert instance(services, noivu).escalation is None
    return khcn, noivu


@pytest.mark.parametrize("login, status", [("cv.khcn", 403), ("quytrinh", 403), ("theodoi", 200), ("chutich", 200),
                                           ("ld.khcn", 200), ("thanhtra", 200), ("admin", 200)])
def test_dashboard_roles(app, login, status):
    assert signed_in(app, login).get("/dashboard").status_code == status


def test_dashboard_needs_sign_in(browser):
    response = browser.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.location


def test_counts_by_status_follow_what_the_user_sees(app, services):
    imported(services)
    imported(services, lead=("Sở Nội vụ",), coordinating=(), number="100/KH-UBND")
    monitor = signed_in(app, "theodoi").get("/dashboard").get_data(as_text=True)
    assert "tổng số 2 lượt giao" in monitor
    assert chart(monitor, "chart-status")["counts"][0] == 2          # Chờ tiếp nhận
    assert 'href="/tasks?status=awaiting_acceptance"' in monitor
    leader = signed_in(app, "ld.khcn").get("/dashboard").get_data(as_text=True)
    assert "tổng số 1 lượt giao" in leader
    one_agency = signed_in(app, "theodoi").get("/dashboard?agency=so-noi-vu").get_data(as_text=True)
    assert "tổng số 1 lượt giao" in one_agency
    assert 'href="/tasks?status=awaiting_acceptance&amp;agency=so-noi-vu"' in one_agency
    assert signed_in(app, "theodoi").get("/dashboard?agency=khong-co").status_code == 404


def test_overdue_by_agency_and_the_authoritys_list(app, services):
    khcn, noivu = escalated_to_authority(services)
    page = signed_in(app, "chutich").get("/dashboard").get_data(as_text=True)
    authority_list = page[page.index('id="authority"'):page.index('class="charts"')]
    assert f'href="/tasks/{khcn}"' in authority_list and f'href="/tasks/{noivu}"' not in authority_list
    assert "+34 ngày" in authority_list                              # 10/6 → 14/7
    assert 'href="/tasks?agency=so-khoa-hoc-va-cong-nghe&amp;bucket=open_late"' in page
    assert chart(page, "chart-overdue") == {"labels": ["Sở Khoa học và Công nghệ"], "counts": [1]}
    status = chart(page, "chart-status")
    assert sum(status["counts"]) == 2 and len(status["labels"]) == len(status["colours"])
    other = signed_in(app, "ld.noivu").get("/dashboard").get_data(as_text=True)
    assert f'href="/tasks/{khcn}"' not in other and "Không có nhiệm vụ nào phải báo cáo" in other


def test_chart_js_is_served_and_no_script_is_inline(app):
    page = signed_in(app, "theodoi").get("/dashboard").get_data(as_text=True)
    sources = re.findall(r"<script([^>]*)>", page)
    assert sources and all('src="/static/' in s for s in sources)
    assert '/static/vendor/chart.js/chart.umd.min.js' in page
    client = signed_in(app, "theodoi")
    assert client.get("/static/vendor/chart.js/chart.umd.min.js").status_code == 200
    assert client.get("/static/js/dashboard.js").status_code == 200


def test_counts_and_bucket_filter_on_both_databases(any_services):
    """The grouped status counts and the bucket filter are SQL of their own: run them on
    SQLite and PostgreSQL alike."""
    from engine.usecases.directive_view import dashboard
    from engine.usecases.queries import list_tasks
    from tests.conftest import user

    khcn, noivu = escalated_to_authority(any_services)
    admin = user(any_services, "admin")
    view = dashboard(any_services, admin)
    counts = {s["code"]: s["count"] for s in view["by_status"]}
    assert counts["overdue"] == 1 and counts["on_track"] + counts["due_soon"] == 1 and view["total"] == 2
    assert view["overdue_by_agency"] == [{"code": "so-khoa-hoc-va-cong-nghe", "name": "Sở Khoa học và Công nghệ",
                                          "count": 1}]
    assert [r["id"] for r in view["escalated"]] == [khcn]
    late, total = list_tasks(any_services, admin, bucket="open_late")
    assert total == 1 and [r["id"] for r in late] == [khcn]
    assert [r["id"] for r in list_tasks(any_services, admin, bucket="open_on_time")[0]] == [noivu]
