"""The web pages answer the API's bad inputs with a page, never a server error: NUL in
a path segment, a query parameter or a form field is a 400 page in the user's
language; an id past the database's range is a 404 page; a page number or directive
filter past it is ignored or reported next to the filter. On SQLite and PostgreSQL."""
from __future__ import annotations

from html import unescape

import pytest

from tests.conftest import Browser
from tests.web.task_helpers import accepted_task, instance, pending


@pytest.fixture
def signed_in(any_services):
    from web.app import create_app

    browser = Browser(create_app(services=any_services, testing=True).test_client())
    browser.login("cv.khcn")
    return browser


def page_text(response) -> str:
    assert "text/html" in response.content_type
    return unescape(response.get_data(as_text=True))


def test_ids_past_the_database_range_are_not_found(signed_in, any_services):
    accepted_task(any_services)
    for path in ("/tasks/2147483648", "/tasks/99999999999999999999/diagram.bpmn", "/directives/9223372036854775808",
                 "/tasks/" + "9" * 5000):
        response = signed_in.get(path)
        assert response.status_code == 404 and "Không tìm thấy trang." in page_text(response), path


def test_nul_anywhere_in_a_request_is_a_400_page(signed_in, any_services):
    instance_id = accepted_task(any_services)
    for path in ("/steps/%00", "/tasks?q=%00", "/?q=a%00b", "/dashboard?agency=%00", "/directives?page=%00"):
        response = signed_in.get(path)
        assert response.status_code == 400, path
        assert "chứa ký tự không được phép (U+0000" in page_text(response), path
    step = pending(any_services, instance_id, "monthly_report")
    posted = signed_in.post(f"/steps/{step.id}", {"percent": "10", "done": "Đã làm\x00"}, token_from="/")
    assert posted.status_code == 400 and "«done» chứa ký tự không được phép" in page_text(posted)
    assert pending(any_services, instance_id, "monthly_report").id == step.id
    assert instance(any_services, instance_id).phase == "in_progress"


def test_numbers_past_the_range_in_filters_and_pages(signed_in, any_services):
    accepted_task(any_services)
    assert signed_in.get("/directives?page=99999999999999999999").status_code == 200
    assert signed_in.get("/tasks?page=99999999999999999999&directive=2147483648").status_code == 200
    inbox = signed_in.get("/?directive=99999999999999999999&page=99999999999999999999")
    assert inbox.status_code == 400
    text = page_text(inbox)
    assert "Trường «Văn bản»: lựa chọn không hợp lệ «99999999999999999999»" in text
    assert signed_in.get("/?due_from=1/1/" + "9" * 30).status_code == 400
    assert signed_in.get("/evidence/" + "0" * 64 + "?instance=99999999999999999999").status_code == 404
