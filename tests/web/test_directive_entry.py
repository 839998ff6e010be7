"""Manual entry of a directive (/directives/new): who may use it, CSRF, the "6 rõ"
check before launch, validation errors that name the task and store nothing, and a
launch whose assignments then show in the task list."""
from __future__ import annotations

import re
from datetime import date

import pytest

from engine.domain.agencies import AgencyRegistry
from tests.web.directive_helpers import directive_numbers, entry_form, instance_count, signed_in, task_row


def launch(client, data: dict, **extra):
    return client.post("/directives/new", {**data, "action": "launch", **extra}, token_from="/directives/new")


@pytest.mark.parametrize("login", ["cv.khcn", "ld.khcn", "quytrinh", "thanhtra", "chutich"])
def test_only_monitors_and_admins_enter_directives(app, services, login):
    client = signed_in(app, login)
    assert client.get("/directives/new").status_code == 403
    refused = client.post("/directives/new", {**entry_form(), "action": "launch", "acknowledge": "1"},
                          token_from="/")
    assert refused.status_code == 403
    assert directive_numbers(services) == []


@pytest.mark.parametrize("login", ["theodoi", "admin"])
def test_monitor_and_admin_get_the_form(app, login):
    page = signed_in(app, login).get("/directives/new")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'name="tasks-2-lead"' in text and 'name="csrf_token"' in text
    assert "Sở, ban, ngành tỉnh" in text          # group tokens are offered with the agencies


@pytest.mark.parametrize("action", ["preview", "launch", "add_row"])
def test_posts_without_csrf_token_are_rejected(app, services, action):
    client = signed_in(app, "theodoi")
    response = client.client.post("/directives/new", data={**entry_form(), "action": action, "acknowledge": "1"})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert directive_numbers(services) == []


def test_preview_flags_what_the_six_clear_points_miss(app, services):
    client = signed_in(app, "theodoi")
    data = entry_form(task_row(lead="Sở, ban, ngành tỉnh"),
                      task_row(ref="2", product="", deadline_text="", summary="Tổng kết"), authority="")
    page = client.post("/directives/new", {**data, "action": "preview"}).get_data(as_text=True)
    assert "Nhiệm vụ 2: chưa rõ sản phẩm" in page
    assert "Nhiệm vụ 2: chưa rõ thời hạn" in page
    assert "chưa chọn người có thẩm quyền" in page
    assert "Nhiệm vụ 1: chưa rõ" not in page
    members = len(AgencyRegistry(_agencies(services)).members("@so_ban_nganh", date(2025, 6, 2)))
    assert f"→ {members} cơ quan" in page          # the group expands to its members
    assert "15/08/2025" in page                     # the due day the phrase gives
    assert 'value="launch"' in page and 'name="acknowledge"' in page
    assert directive_numbers(services) == []


def _agencies(services):
    with services.uow(write=False) as uow:
        return uow.agencies.all()


@pytest.mark.parametrize("row, document, message", [
    (task_row(lead="Sở Không Có Thật"), {}, "Nhiệm vụ 1: không có cơ quan «Sở Không Có Thật» trong danh mục"),
    (task_row(lead=""), {}, "Nhiệm vụ 1: thiếu cơ quan chủ trì"),
    (task_row(deadline_kind="date", deadline_value="31/02/2025", deadline_text="chậm nhất 31/02/2025"), {},
     "Nhiệm vụ 1: ngày không tồn tại «31/02/2025»"),
    (task_row(deadline_text="hoàn thành trước ngày 31/02/2025"), {},
     "Nhiệm vụ 1: ngày không tồn tại «hoàn thành trước ngày 31/02/2025»"),
    (task_row(deadline_kind="month", deadline_value="13/2025"), {}, "Nhiệm vụ 1: thời hạn «13/2025» phải có dạng mm/yyyy"),
    (task_row(), {"date": "31/02/2025"}, "Ngày ban hành không hợp lệ: «31/02/2025»"),
    (task_row(), {"title": ""}, "Văn bản thiếu trích yếu"),
    (task_row(), {"signer": "Nguyễn " * 40}, "Trường «người ký»: tối đa 200 ký tự"),
])
def test_bad_input_is_named_and_nothing_is_stored(app, services, row, document, message):
    client = signed_in(app, "theodoi")
    good = task_row(ref="2", summary="Nhiệm vụ hợp lệ")
    response = launch(client, entry_form(good, {**row, "ref": "1"}, **document), acknowledge="1")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert directive_numbers(services) == [] and instance_count(services) == 0
    preview = client.post("/directives/new", {**entry_form(good, {**row, "ref": "1"}, **document),
                                              "action": "preview"}).get_data(as_text=True)
    assert message in preview and 'value="launch"' not in preview


def test_gaps_must_be_acknowledged_before_launch(app, services):
    client = signed_in(app, "theodoi")
    data = entry_form(task_row(product=""))
    refused = launch(client, data)
    assert refused.status_code == 400 and "hãy đánh dấu đã kiểm tra" in refused.get_data(as_text=True)
    assert directive_numbers(services) == []
    assert launch(client, data, acknowledge="1").status_code == 302
    assert directive_numbers(services) == ["15/KH-UBND"]


def test_launch_starts_one_assignment_per_lead_agency(app, services):
    client = signed_in(app, "theodoi")
    data = entry_form(task_row(lead="Sở KH&CN\nSở Nội vụ tỉnh", coordinating="Sở Tài chính; các sở, ngành"),
                      task_row(ref="2", summary="Tổng hợp báo cáo quý", lead="Sở Tài chính",
                               deadline_kind="month", deadline_value="09/2025", deadline_text="trong tháng 9/2025"))
    response = launch(client, data)
    assert response.status_code == 302
    directive_id = int(re.search(r"/directives/(\d+)$", response.location).group(1))
    page = client.get(response.location).get_data(as_text=True)
    assert "3 lượt giao cho cơ quan chủ trì" in page and "15/KH-UBND" in page
    listed = client.get(f"/tasks?directive={directive_id}").get_data(as_text=True)
    assert "3 nhiệm vụ" in listed
    for name in ("Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Tài chính"):
        assert name in listed
    assert "Nâng cấp hệ thống" in signed_in(app, "cv.khcn").get("/tasks").get_data(as_text=True)
    with services.uow(write=False) as uow:
        tasks = uow.directives.tasks_of(directive_id)
        directive = uow.directives.get(directive_id)
    assert tasks[0].lead == ["Sở Khoa học và Công nghệ", "Sở Nội vụ"]
    assert tasks[0].coordinating == ["so-tai-chinh"] and tasks[0].coordinating_groups == ["@so_ban_nganh"]
    assert (tasks[0].deadline.kind, tasks[0].deadline.value) == ("date", "2025-08-15")
    assert (tasks[1].deadline.kind, tasks[1].deadline.value) == ("month", "2025-09")
    assert directive.authority_agency == "ubnd-tinh-an-giang" and directive.created_by == "theodoi"
    again = launch(client, data)
    assert again.status_code == 400 and "đã được nhập" in again.get_data(as_text=True)
    assert instance_count(services) == 3


def test_add_row_keeps_what_was_typed(app, services):
    client = signed_in(app, "admin")
    data = entry_form(task_row(summary="Việc đã gõ"))
    page = client.post("/directives/new", {**data, "action": "add_row"}).get_data(as_text=True)
    assert 'name="tasks-1-summary"' in page and "Việc đã gõ" in page
    assert directive_numbers(services) == []
