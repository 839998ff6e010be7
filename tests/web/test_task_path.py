"""Where a task stands on its diagram (/tasks/<id>/path.json, drawn by the task page):
the elements it passed through, the steps waiting for someone (not the optional actions
every task offers), the timers waiting; behind the task page's own access check."""
from __future__ import annotations

from tests.web.task_helpers import accepted_task, act, sign_in, start_task, text_of


def test_a_new_task_waits_for_acceptance(browser, services):
    instance_id = start_task(services)
    sign_in(browser, "ld.khcn")
    path = browser.get(f"/tasks/{instance_id}/path.json").get_json()
    assert path["active"] == ["accept", "monthly_report"]          # reports are due, accepted or not
    assert "start" in path["completed"] and "accept" not in path["completed"]
    assert "record_acceptance" not in path["completed"]


def test_an_accepted_task_shows_the_path_taken_and_what_waits(browser, services):
    instance_id = accepted_task(services)
    act(services, "cv.khcn", instance_id, "monthly_report", {"percent": "20", "done": "Khảo sát"})
    sign_in(browser, "cv.khcn")
    path = browser.get(f"/tasks/{instance_id}/path.json").get_json()
    assert {"start", "accept", "gw_accept", "record_acceptance", "fork", "monthly_report"} <= set(path["completed"])
    assert set(path["active"]) == {"completion_report", "review_report"}
    assert "t_reminder" in path["waiting"] and "watch" in path["waiting"]
    assert not {"cancel_task", "suspend_task", "request_extension"} & set(path["active"] + path["completed"])
    assert not set(path["active"]) & set(path["completed"])


def test_the_task_page_asks_for_the_path_and_explains_the_drawing(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "chutich")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert f'data-path-src="/tasks/{instance_id}/path.json"' in page
    assert "Đường đã đi qua" in page and "Mốc thời gian, tín hiệu đang chờ" in page
    english = text_of(browser.get(f"/tasks/{instance_id}?lang=en"))
    assert "Path taken" in english and "Timers and signals waiting" in english


def test_the_path_is_refused_to_another_agency(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.noivu")
    assert browser.get(f"/tasks/{instance_id}/path.json").status_code == 403
    assert browser.get("/tasks/999/path.json").status_code == 404
