"""The writes a timer sweep queues without a round trip, on SQLite and PostgreSQL: a
monthly period's report opened once however often its opening is recorded, its due day
moved on the newest report of the period only, and the sweep's commit that does not wait
for the disk (synchronous_commit off inside that transaction, and only there)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from persistence.fast_sql import ASYNC_COMMIT
from persistence.models import ReportRow
from tests.persistence.helpers import launch


def _periods(services, instance_id: int) -> list[tuple]:
    with services.uow(write=False) as uow:
        rows = uow.session.execute(select(ReportRow.period, ReportRow.status, ReportRow.due_date)
                                   .where(ReportRow.instance_id == instance_id, ReportRow.kind == "monthly",
                                          ReportRow.period.in_(["2031-01", "2031-02"]))
                                   .order_by(ReportRow.period, ReportRow.id)).all()
    return [tuple(r) for r in rows]


def test_a_period_opened_twice_has_one_report_and_the_second_due_day(any_services):
    launch(any_services)
    with any_services.uow() as uow:
        uow.reports.open_period(1, "monthly", "2031-01", date(2031, 1, 25))
        uow.reports.open_period(1, "monthly", "2031-01", date(2031, 1, 27))
        uow.reports.open_period(1, "monthly", "2031-02", date(2031, 2, 25))
        uow.commit()
    assert _periods(any_services, 1) == [("2031-01", "not_filed", date(2031, 1, 27)),
                                         ("2031-02", "not_filed", date(2031, 2, 25))]


def test_moving_a_due_day_touches_only_that_period_and_opens_nothing(any_services):
    launch(any_services)
    with any_services.uow() as uow:
        uow.reports.open_period(1, "monthly", "2031-01", date(2031, 1, 25))
        uow.commit()
    with any_services.uow() as uow:
        uow.reports.move_period_due(1, "monthly", "2031-01", date(2031, 2, 3))
        uow.reports.move_period_due(1, "monthly", "2031-02", date(2031, 3, 3))     # no such period: nothing
        uow.commit()
    assert _periods(any_services, 1) == [("2031-01", "not_filed", date(2031, 2, 3))]


def test_a_queued_period_is_seen_by_the_next_read_and_rolled_back_with_the_rest(any_services):
    launch(any_services)
    with any_services.uow() as uow:
        uow.reports.open_period(1, "monthly", "2031-01", date(2031, 1, 25))
        found = uow.reports.find(1, "monthly", "2031-01")
        assert found is not None and found.status == "not_filed" and found.due_date == date(2031, 1, 25)
        uow.rollback()
    assert _periods(any_services, 1) == []


def test_a_redoable_commit_skips_the_disk_wait_inside_its_own_transaction_only(pg_services):
    services = pg_services
    launch(services)
    with services.uow() as uow:
        uow.fast.queue_setting(ASYNC_COMMIT)
        assert uow.session.execute(text("SHOW synchronous_commit")).scalar() == "off"
        uow.reports.open_period(1, "monthly", "2031-01", date(2031, 1, 25))
        uow.commit(redoable=True)
    with services.uow() as uow:
        assert uow.session.execute(text("SHOW synchronous_commit")).scalar() == "on"
    assert _periods(services, 1) == [("2031-01", "not_filed", date(2031, 1, 25))]


@pytest.mark.parametrize("redoable", [False, True])
def test_a_commit_keeps_what_it_wrote_either_way(any_services, redoable):
    launch(any_services)
    with any_services.uow() as uow:
        uow.reports.open_period(1, "monthly", "2031-02", date(2031, 2, 25))
        uow.commit(redoable=redoable)
    assert _periods(any_services, 1) == [("2031-02", "not_filed", date(2031, 2, 25))]
