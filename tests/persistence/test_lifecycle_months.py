"""Full stack on SQLite and PostgreSQL, the clock moved day by day through months with
the timer sweep: a group task nobody accepts (acceptance reminders, every rung, overdue
in every count path: inbox, task list and CLI, directive counts, dashboard, REST API),
a task whose December report is missed, and a suspension with its resume. Dates are
DESIGN.md's (Rules of time)."""
from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner

from engine.domain.calendar import local_date
from engine.usecases.directive_view import dashboard
from engine.usecases.inbox import inbox
from engine.usecases.queries import list_directives, list_tasks
from tests.conftest import small_directive, user
from tests.persistence.helpers import act, at, instance, launch, live_until, notifications, steps_of
from tests.web.directive_helpers import basic

KHCN = "so-khoa-hoc-va-cong-nghe"


def days_of(services, login: str, kind: str) -> list[str]:
    """The local days ``login`` was notified of ``kind``, oldest first."""
    return sorted(local_date(n.created_at).isoformat() for n in notifications(services, login) if n.kind == kind)


def december_directive(**task) -> dict:
    payload = small_directive(**task)
    payload["document"]["date"] = "2025-12-01"
    return payload


def test_a_group_task_nobody_accepts_escalates_and_is_overdue_in_every_count(any_services, monkeypatch):
    services = any_services
    services.clock.set(at(2025, 12, 1, 9))       # Mon 1/12/2025 09:00
    deadline = {"kind": "date", "value": "2025-12-31", "text": "chậm nhất 31/12/2025"}
    result = launch(services, december_directive(lead=["@so_ban_nganh"], coordinating=[], deadline=deadline))
    admin = user(services, "admin")
    assert list_tasks(services, admin, statuses=["awaiting_acceptance"])[1] == result.instances >= 20
    live_until(services, at(2026, 2, 2, 9))
    # acceptance: due Thu 4/12; the agency's leaders on Fri 5/12, the monitor on Thu 11/12, once each
    assert days_of(services, "ld.khcn", "accept_late_leader") == ["2025-12-05"]
    assert days_of(services, "theodoi", "accept_late_monitor") == ["2025-12-11"] * result.instances
    # the deadline ladder ran from launch; the officer's rung went to the leaders (no officer)
    assert days_of(services, "ld.khcn", "deadline_reminder") == ["2025-12-22"]
    assert days_of(services, "ld.khcn", "deadline_leader") == ["2025-12-31"]
    assert days_of(services, "theodoi", "deadline_monitor") == ["2026-01-12"] * result.instances
    assert days_of(services, "chutich", "deadline_authority") == ["2026-01-30"] * result.instances
    # each period's report, the leader's while nobody accepted, with its reminders once each
    assert days_of(services, "ld.khcn", "report_missed_leader") == ["2025-12-22", "2026-01-20"]
    reports = [s for s in steps_of(services, "ld.khcn") if s["name"] == "monthly_report"]
    assert sorted(s["period"] for s in reports) == ["2025-12", "2026-01", "2026-02"]
    # overdue in every count: task list (and CLI), directive counts, dashboard, API, inbox
    late, total = list_tasks(services, admin, statuses=["overdue"], limit=500)
    assert total == result.instances and {r["status"] for r in late} == {"acceptance_late"}
    assert {r["status_label"] for r in late} == {"Chờ tiếp nhận — quá hạn tiếp nhận"}
    assert late[0]["overdue"] and late[0]["days_late"] == (date(2026, 2, 2) - date(2025, 12, 31)).days
    english, _ = list_tasks(services, admin, statuses=["overdue"], limit=1, lang="en")
    assert english[0]["status_label"] == "Awaiting acceptance — acceptance overdue"
    assert list_tasks(services, admin, bucket="open_late")[1] == result.instances
    assert list_tasks(services, admin, bucket="not_accepted")[1] == 0
    (counts,) = list_directives(services, admin)
    assert (counts["total"], counts["open_late"], counts["not_accepted"]) == (result.instances,) * 2 + (0,)
    board = dashboard(services, admin)
    assert board["overdue_total"] == board["total"] == result.instances
    assert {c["code"]: c["count"] for c in board["columns"] if c["count"]} == {"open_late": result.instances}
    assert _cli_overdue(services, monkeypatch) == result.instances
    api = _api(services)
    assert api.get("/api/v1/tasks?status=overdue&limit=500", headers=basic("theodoi")).get_json()["total"] \
        == result.instances
    (listed,) = api.get("/api/v1/directives", headers=basic("theodoi")).get_json()["directives"]
    assert listed["open_late"] == listed["total"] == result.instances
    cards = inbox(services, user(services, "ld.khcn")).counts
    assert cards["overdue"] == 3           # the acceptance, the December and January reports
    assert cards["normal"] == 1            # the February report, due 23/2 (Tết)


def _cli_overdue(services, monkeypatch) -> int:
    from web.cli import common, main

    monkeypatch.setattr(common, "_services", services)
    monkeypatch.setattr(common, "_ready", True)
    out = CliRunner().invoke(main, ["task", "list", "--status", "overdue", "--limit", "500", "--json"],
                             catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return json.loads(out.output)["total"]


def _api(services):
    from web.app import create_app

    return create_app(services=services, testing=True).test_client()


def test_a_missed_december_report_leaves_january_to_march_open_and_can_be_filed_late(any_services):
    services = any_services
    services.clock.set(at(2025, 11, 3, 9))
    payload = small_directive(deadline={"kind": "date", "value": "2026-06-30", "text": "chậm nhất 30/6/2026"})
    payload["document"]["date"] = "2025-11-03"
    launch(services, payload)
    act(services, "ld.khcn", "accept", decision="accept", officer="cv.khcn")
    services.clock.set(at(2025, 11, 12, 9))
    act(services, "cv.khcn", "monthly_report", percent=10, done="Khảo sát", problems="Thiếu kinh phí")
    act(services, "ld.khcn", "review_report", decision="approve")
    live_until(services, at(2026, 3, 20, 9))
    open_periods = sorted(s["period"] for s in steps_of(services, "cv.khcn") if s["name"] == "monthly_report")
    assert open_periods == ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]
    assert days_of(services, "cv.khcn", "report_missed_officer") == ["2025-12-16", "2026-01-16", "2026-02-24",
                                                                     "2026-03-17"]
    assert days_of(services, "ld.khcn", "report_missed_leader") == ["2025-12-22", "2026-01-20", "2026-02-24",
                                                                    "2026-03-20"]
    from engine.usecases.step_view import step_page
    from engine.usecases.task_view import task_page

    december = next(s for s in steps_of(services, "cv.khcn") if s.get("period") == "2025-12")
    form = step_page(services, user(services, "cv.khcn"), december["id"])
    assert form["late_filing"] and form["period_label"] == "12/2025"
    assert form["initial"]["problems"] == "Thiếu kinh phí"       # starts from the last report filed (November)
    page = task_page(services, user(services, "ld.khcn"), 1)
    missed = {r["period"] for r in page["monthly"] if r["missed"]}
    assert missed == {"2025-12", "2026-01", "2026-02", "2026-03"}
    from engine.usecases.steps import complete_step

    complete_step(services, user(services, "cv.khcn"), december["id"], {"percent": 25, "done": "Bổ sung tháng 12"})
    page = task_page(services, user(services, "ld.khcn"), 1)
    by_period = {r["period"]: r for r in page["monthly"]}
    assert by_period["2025-12"]["filed_late"] and not by_period["2025-12"]["missed"]
    assert by_period["2025-12"]["status"] == "submitted" and not by_period["2025-11"]["filed_late"]
    assert [s["period"] for s in steps_of(services, "ld.khcn") if s["name"] == "review_report"] == ["2025-12"]
    periods = {p["period"]: p for p in _api(services).get("/api/v1/tasks/1", headers=basic("theodoi"))
               .get_json()["monthly"]}
    assert periods["2025-12"]["filed_late"] and periods["2026-01"]["missed"] and not periods["2025-11"]["filed_late"]
    live_until(services, at(2026, 4, 30, 9))
    assert days_of(services, "cv.khcn", "report_missed_officer").count("2025-12-16") == 1


def test_suspension_stops_every_clock_and_the_resume_moves_the_deadline(any_services):
    services = any_services
    launch(services)                                    # chậm nhất 15/8/2025, launched Mon 2/6
    act(services, "ld.khcn", "accept", decision="accept", officer="cv.khcn")
    live_until(services, at(2025, 8, 1, 9))
    act(services, "chutich", "suspend_task", optional=True, reason="Chờ sắp xếp tổ chức bộ máy")
    assert "task_suspended" in [n.kind for n in notifications(services, "cv.khcn")]
    live_until(services, at(2025, 8, 25, 9))
    item = instance(services, 1)
    assert item.phase == "suspended" and item.escalation is None
    assert days_of(services, "cv.khcn", "deadline_reminder") == [] and days_of(services, "ld.khcn", "deadline_leader") == []
    assert steps_of(services, "cv.khcn") == []          # nothing to do, nothing late
    assert [s["name"] for s in steps_of(services, "chutich")] == ["resume_task"]
    admin = user(services, "admin")
    (row,), _ = list_tasks(services, admin)
    assert (row["status"], row["overdue"], row["days_suspended"]) == ("suspended", False, 24)
    assert list_tasks(services, admin, statuses=["overdue"])[1] == 0
    assert list_tasks(services, admin, bucket="suspended")[1] == 1
    act(services, "chutich", "resume_task")
    # Fri 1/8 to Mon 25/8: 16 working days; 15/8 + 16 working days (1–2/9 off) = Wed 10/9
    item = instance(services, 1)
    assert (item.phase, item.due_date, item.original_due_date) == ("in_progress", date(2025, 9, 10), date(2025, 8, 15))
    assert "task_resumed" in [n.kind for n in notifications(services, "cv.khcn")]
    live_until(services, at(2025, 10, 15, 9))
    assert days_of(services, "cv.khcn", "deadline_reminder") == ["2025-08-28"]
    assert days_of(services, "ld.khcn", "deadline_leader") == ["2025-09-10"]
    assert days_of(services, "theodoi", "deadline_monitor") == ["2025-09-19"]
    # the August period opened on 15/7, before the suspension; its report (due 15/8) moved with it
    from engine.usecases.task_view import task_page

    by_period = {r["period"]: r for r in task_page(services, admin, 1)["monthly"]}
    assert by_period["2025-08"]["due_date"] == date(2025, 9, 10)
    # the September period's first day (15/8) came during the suspension: it opened with the resume
    assert by_period["2025-09"]["due_date"] == date(2025, 9, 15)


def test_resume_with_a_new_deadline_rearms_the_ladder_on_it(any_services):
    services = any_services
    launch(services)
    live_until(services, at(2025, 7, 1, 9))
    act(services, "chutich", "suspend_task", optional=True, reason="Chờ hướng dẫn")
    live_until(services, at(2025, 7, 10, 9))
    act(services, "chutich", "resume_task", new_due_date="30/09/2025")
    assert instance(services, 1).due_date == date(2025, 9, 30) and instance(services, 1).phase == "awaiting_acceptance"
    live_until(services, at(2025, 10, 1, 9))
    assert days_of(services, "ld.khcn", "deadline_leader") == ["2025-09-30"]
