"""The process versions as process owners and auditors read them: /processes lists
each version with who deployed it, when, its change note and its running instances;
a version's page shows where its instances wait (from the pending-step table) and its
parameters with their explanations; its XML downloads as an attachment, never a page.
Process owners land here and get its menu; the other roles get 403."""
from __future__ import annotations

import re

import pytest

from engine.usecases.process_deploy import deploy_draft
from tests.conftest import user
from tests.diagram_edits import default_xml, set_parameter
from tests.web.process_helpers import KEY, put_draft
from tests.web.task_helpers import accepted_task, sign_in, start_task, text_of


def deployed_v2(services, note="Đôn đốc sau 10 ngày làm việc"):
    draft = put_draft(services, "quytrinh", set_parameter(default_xml(), "deadline_monitor", "10 working_days"))
    return deploy_draft(services, user(services, "quytrinh"), KEY, note, draft.sha256)


def rows(page: str) -> list[str]:
    return re.findall(r'<tr class="version-row[^"]*" data-version="(\d+)">(.*?)</tr>', page, re.S)


def test_the_list_shows_each_version_with_its_note_and_running_instances(browser, services):
    start_task(services)
    accepted_task(services, number="98/KH-UBND")
    deployed_v2(services)
    start_task(services, number="97/KH-UBND")
    sign_in(browser, "quytrinh")
    page = text_of(browser.get("/processes"))
    assert "Vòng đời nhiệm vụ" in page
    (v2, v2_row), (v1, v1_row) = rows(page)
    assert (v2, v1) == ("2", "1")
    assert "đang áp dụng" in v2_row and "đang áp dụng" not in v1_row
    assert "Đôn đốc sau 10 ngày làm việc" in v2_row and "Quản trị quy trình" in v2_row
    assert re.search(r'class="num running">1<', v2_row) and re.search(r'class="num running">2<', v1_row)
    assert f'href="/processes/{KEY}/v1/diagram.bpmn"' in v1_row and "Hệ thống chidao" in v1_row


def test_a_version_page_counts_the_instances_waiting_at_each_step(browser, services):
    accepted_task(services)
    accepted_task(services, number="98/KH-UBND")
    start_task(services, number="97/KH-UBND")
    sign_in(browser, "thanhtra")
    page = text_of(browser.get(f"/processes/{KEY}/v1"))
    waiting = re.search(r"data-waiting='([^']*)'", page).group(1)
    assert waiting.replace(" ", "") == '{"accept":1,"completion_report":2,"monthly_report":3}'
    assert re.search(r'<tr data-step="monthly_report">.*?class="num">3<', page, re.S)
    assert "cancel_task" not in waiting                     # optional actions every instance offers are not counted
    assert "Cơ quan theo dõi đôn đốc khi quá hạn" in page and "7 working_days" in page
    assert "Sửa sơ đồ" not in page                           # auditors read, never edit


def test_the_xml_downloads_as_an_attachment_never_a_page(browser, services):
    sign_in(browser, "thanhtra")
    response = browser.get(f"/processes/{KEY}/v1/diagram.bpmn")
    assert response.status_code == 200 and response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{KEY}-v1.bpmn"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.get_data(as_text=True) == default_xml()


@pytest.mark.parametrize("path", [f"/processes/{KEY}/v9", f"/processes/{KEY}/v9/diagram.bpmn",
                                  "/processes/khong_co/v1", "/processes/khong_co/edit"])
def test_unknown_versions_and_processes_are_404(browser, services, path):
    sign_in(browser, "quytrinh")
    response = browser.get(path)
    assert response.status_code == 404 and "Traceback" not in text_of(response)


def test_process_owners_land_on_the_processes_with_their_menu(browser, services):
    response = browser.login("quytrinh")
    assert response.status_code == 302 and response.location.endswith("/processes")
    page = text_of(browser.get("/processes"))
    assert 'class="nav-processes"' in page
    assert browser.get("/login").location.endswith("/processes")      # signed in: the login page sends them on


@pytest.mark.parametrize("login", ["cv.khcn", "ld.khcn", "theodoi", "chutich"])
def test_lane_roles_land_elsewhere_without_the_menu(browser, services, login):
    response = browser.login(login)
    assert response.status_code == 302 and "/processes" not in response.location
    assert 'class="nav-processes"' not in text_of(browser.get("/"))


def test_the_processes_read_in_english(browser, services):
    deployed_v2(services)
    sign_in(browser, "quytrinh")
    page = text_of(browser.get("/processes?lang=en"))
    assert "Processes" in page and "in force" in page and "Download XML" in page and "Edit the diagram" in page
    version = text_of(browser.get(f"/processes/{KEY}/v2"))
    assert "Instances waiting at each step" in version and "Time parameters" in version
    assert "How long after the due day the monitoring agency is told" in version
