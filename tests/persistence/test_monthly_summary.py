"""The monthly summary on SQLite and PostgreSQL: counted as of month end from the facts
history however late it is run, the columns adding up to the total and agreeing with
the directive counts judged at that moment, the late list, agencies' on-time rates and
ranks, the change since the previous month, and who may read it."""
from __future__ import annotations

from datetime import date

import pytest

from engine.domain.calendar import end_of_day
from engine.domain.errors import DomainError, Forbidden, NotFound
from engine.domain.status import BUCKETS
from engine.usecases.monthly_report import monthly_summary
from engine.usecases.queries import list_directives
from tests.conftest import user
from tests.persistence.helpers import at, instance
from tests.persistence.monthly_fixtures import complete, directive_of, september_story
from tests.web.task_helpers import act

SEPTEMBER = {"done_on_time": 1, "done_late": 0, "open_on_time": 2, "open_late": 1, "recurring": 1,
             "not_accepted": 0, "suspended": 1, "cancelled": 1}
AUGUST = {"done_on_time": 1, "done_late": 0, "open_on_time": 3, "open_late": 0, "recurring": 1,
          "not_accepted": 2, "suspended": 0, "cancelled": 0}


def _october_changes(services, ids):
    """After September: task 6 completed late, task 2 accepted, task 5 resumed."""
    services.clock.set(at(2025, 10, 8, 9))
    complete(services, ids["6"], "ld.taichinh", "cv.taichinh")
    act(services, "ld.taichinh", ids["2"], "accept", {"decision": "accept", "officer": "cv.taichinh"})
    act(services, "chutich", ids["5"], "resume_task", {})


def test_september_is_counted_as_it_stood_at_its_end_whenever_it_is_run(any_services):
    services = any_services
    ids = september_story(services)
    services.clock.set(end_of_day(date(2025, 9, 30)))
    admin = user(services, "admin")
    (at_month_end,) = list_directives(services, admin)        # the directive list, judged on 30/9 23:59
    assert {code: at_month_end[code] for code in BUCKETS} == SEPTEMBER
    assert sum(at_month_end[code] for code in BUCKETS) == at_month_end["total"] == 7
    _october_changes(services, ids)
    assert instance(services, ids["6"]).phase == "completed"
    summary = monthly_summary(services, user(services, "theodoi"), "2025-09")
    assert summary.as_of == date(2025, 9, 30) and summary.previous_month == "2025-08"
    assert summary.province.counts == SEPTEMBER and summary.province.total == 7
    (row,) = summary.directives
    assert row.counts == SEPTEMBER and row.label == "77/KH-UBND"
    assert summary.province.previous == AUGUST
    assert summary.province.delta("not_accepted") == -2 and summary.province.delta("open_late") == 1
    assert summary.province.delta("suspended") == 1 and summary.province.total_delta == 0
    (late,) = summary.late_by_agency
    assert (late.agency_name, late.total, late.more) == ("Sở Tài chính", 1, 0)
    assert [(a.task_ref, a.days_late) for a in late.tasks] == [("2", 15)]
    assert summary.changes_total == len(summary.changes) == 3
    changed = {a.task_ref: (a.previous_column, a.column) for a in summary.changes}
    assert changed == {"2": ("not_accepted", "open_late"), "5": ("open_on_time", "suspended"),
                       "7": ("not_accepted", "cancelled")}
    # 2025: KH&CN 1 on time of 1 judged; Tài chính 0 of 1 (task 2 late; task 6 not yet due)
    rates = [(r.agency_code, r.on_time, r.judged, r.rank) for r in summary.rates]
    assert rates == [("so-khoa-hoc-va-cong-nghe", 1, 1, 1), ("so-tai-chinh", 0, 1, 2)]
    # October, still running, is judged as of now: task 6 completed late
    october = monthly_summary(services, user(services, "theodoi"), "2025-10")
    assert october.as_of == date(2025, 10, 8)
    assert october.province.counts["done_late"] == 1 and october.province.counts["suspended"] == 0
    assert sum(october.province.counts.values()) == 7


def test_directive_scope_visibility_and_bad_input(any_services):
    services = any_services
    september_story(services)
    services.clock.set(at(2025, 10, 2, 9))
    directive = directive_of(services)
    one = monthly_summary(services, user(services, "admin"), "2025-09", directive_id=str(directive))
    assert one.directive_id == directive and one.province.counts == SEPTEMBER
    # a leader sees their own agency's assignments only
    own = monthly_summary(services, user(services, "ld.noivu"), "2025-09")
    assert own.province.total == 2 and own.rates == [] and own.late_by_agency == []
    assert {c: n for c, n in own.province.counts.items() if n} == {"recurring": 1, "suspended": 1}
    assert [(a.task_ref, a.agency_code) for a in own.changes] == [("5", "so-noi-vu")]
    with pytest.raises(Forbidden):
        monthly_summary(services, user(services, "cv.khcn"), "2025-09")
    for bad in ("2025-13", "09/2025", "", None, "2025-9"):
        with pytest.raises(DomainError) as error:
            monthly_summary(services, user(services, "admin"), bad)
        assert error.value.key == "report.bad_month"
    with pytest.raises(DomainError) as error:
        monthly_summary(services, user(services, "admin"), "2025-11")
    assert error.value.key == "report.future_month"
    for unknown in (str(directive + 1), "abc", "-1"):
        with pytest.raises(NotFound):
            monthly_summary(services, user(services, "admin"), "2025-09", directive_id=unknown)
    # before the directive existed the month is empty, and says so with zeros
    may = monthly_summary(services, user(services, "admin"), "2025-05")
    assert may.province.total == 0 and may.directives == [] and may.rates == []
    followed = monthly_summary(services, user(services, "theodoi"), "2025-05", directive_id=str(directive))
    assert followed.province.total == 0                     # the monitor follows it, even before its launch
    with pytest.raises(Forbidden):                          # a leader, with no assignment in it yet, does not
        monthly_summary(services, user(services, "ld.noivu"), "2025-05", directive_id=str(directive))
