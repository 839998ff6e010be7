"""The one classifier (engine.domain.status) and its SQL translation agree, on SQLite
and PostgreSQL: assignments are given every mix of phase, deadline, acceptance due
day and on-time flags, then every SQL path — status and count-column filters of the
task list, directive counts, the dashboard's counts — is checked against what the
Python rules say of each assignment, and the count columns add up to the total; and
the SQL's "may change between two days" holds wherever a column does.
(The facts history's twin — the monthly summary — is checked row by row in
test_month_end_sql.py.)"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from engine.domain.calendar import LOCAL_TZ
from engine.domain.status import BUCKETS, COLUMN_RULES, OVERDUE, STATUSES, column_of, judged_on, status_of
from engine.domain.status_rules import Facts
from engine.usecases.directive_view import dashboard
from engine.usecases.queries import list_directives, list_tasks
from persistence.models import InstanceRow
from persistence.status_sql import Days, code_expression, may_differ_between
from tests.conftest import small_directive, user
from tests.persistence.helpers import launch

TODAY = date(2025, 9, 22)      # a Monday; "due soon" runs to Thu 25/9
PHASES = ("awaiting_acceptance", "in_progress", "returned", "awaiting_confirmation", "suspended", "completed",
          "cancelled", "refused")
DUE_DAYS = (None, TODAY - timedelta(days=30), TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=2),
            TODAY + timedelta(days=3), TODAY + timedelta(days=4), TODAY + timedelta(days=60))
ACCEPT_DAYS = (None, TODAY - timedelta(days=3), TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=2))
FLAGS = (None, True, False)


def _instances(services) -> list[int]:
    launch(services, small_directive(lead=["@so_ban_nganh"], coordinating=[]))
    launch(services, small_directive(lead=["@so_ban_nganh"], coordinating=[], number="98/KH-UBND"))
    with services.uow(write=False) as uow:
        return sorted(i.id for d in uow.directives.all() for t in uow.directives.tasks_of(d.id)
                      for i in uow.instances.of_task(t.id))


def _facts(chance: random.Random, version_id: int) -> Facts:
    return Facts(phase=chance.choice(PHASES), due_date=chance.choice(DUE_DAYS), accept_due=chance.choice(ACCEPT_DAYS),
                 completed_on_time=chance.choice(FLAGS), submitted_on_time=chance.choice(FLAGS),
                 suspended_at=chance.choice((None, datetime(2025, 9, 1, 10, tzinfo=LOCAL_TZ))),
                 process_version_id=version_id)


def _store(services, given: dict[int, Facts]) -> None:
    with services.uow() as uow:
        for instance_id, facts in given.items():
            uow.session.execute(update(InstanceRow).where(InstanceRow.id == instance_id).values(
                phase=facts.phase, due_date=facts.due_date, accept_due=facts.accept_due,
                completed_on_time=facts.completed_on_time, submitted_on_time=facts.submitted_on_time,
                suspended_at=facts.suspended_at))
        uow.commit()


def _ids(services, admin, **kwargs) -> set[int]:
    rows, total = list_tasks(services, admin, limit=1000, **kwargs)
    assert total == len(rows)
    return {r["id"] for r in rows}


def test_every_sql_count_and_filter_agrees_with_the_domain_rules(any_services):
    services = any_services
    services.clock.set(datetime(2025, 9, 22, 9, tzinfo=LOCAL_TZ))
    admin = user(services, "admin")
    ids = _instances(services)
    with services.uow(write=False) as uow:
        version_id = uow.instances.get(ids[0]).process_version_id
    with services.uow(write=False) as uow:
        rules = services.rules_for(uow, version_id)
    assert judged_on(TODAY, rules).soon_limit == date(2025, 9, 25)
    chance = random.Random(14)
    seen_statuses, seen_columns = set(), set()
    for _ in range(6):
        given = {instance_id: _facts(chance, version_id) for instance_id in ids}
        _store(services, given)
        statuses = {i: status_of(f, TODAY, rules).code for i, f in given.items()}
        columns = {i: column_of(f, TODAY) for i, f in given.items()}
        overdue = {i for i, f in given.items() if OVERDUE.holds(f, judged_on(TODAY, rules))}
        seen_statuses |= set(statuses.values())
        seen_columns |= set(columns.values())
        # the task list: each status filter, each count column, and the rows' own status
        for code in STATUSES:
            expected = overdue if code == "overdue" else {i for i, s in statuses.items() if s == code}
            assert _ids(services, admin, statuses=[code]) == expected, code
        for code in BUCKETS:
            assert _ids(services, admin, bucket=code) == {i for i, c in columns.items() if c == code}, code
        rows, _ = list_tasks(services, admin, limit=1000)
        assert {r["id"]: r["status"] for r in rows} == statuses
        assert {r["id"] for r in rows if r["overdue"]} == overdue
        # directive counts: every column, adding up to the total
        counted = Counter(columns.values())
        listed = list_directives(services, admin)
        assert sum(d["total"] for d in listed) == len(ids)
        for d in listed:
            assert sum(d[code] for code in BUCKETS) == d["total"]
        assert {code: sum(d[code] for d in listed) for code in BUCKETS} == {code: counted[code] for code in BUCKETS}
        # the dashboard: statuses, columns, overdue per agency
        view = dashboard(services, admin)
        assert {s["code"]: s["count"] for s in view["by_status"]} == {c: list(statuses.values()).count(c)
                                                                      for c in STATUSES}
        assert {c["code"]: c["count"] for c in view["columns"]} == {code: counted[code] for code in BUCKETS}
        assert view["total"] == len(ids) == sum(c["count"] for c in view["columns"])
        assert view["overdue_total"] == counted["open_late"]
    assert seen_statuses == set(STATUSES) and seen_columns == set(BUCKETS)     # every rule was exercised


def test_a_column_changes_between_two_days_only_where_the_sql_says_it_may(any_services):
    """status_sql.may_differ_between (what the monthly summary reads to find the
    assignments whose column changed with the day alone) holds of every assignment
    whose column (engine.domain.status.column_of) differs between the two days, on
    facts rows too."""
    services = any_services
    services.clock.set(datetime(2025, 9, 22, 9, tzinfo=LOCAL_TZ))
    ids = _instances(services)
    with services.uow(write=False) as uow:
        version_id = uow.instances.get(ids[0]).process_version_id
    chance = random.Random(22)
    days = sorted({TODAY + timedelta(days=d) for d in (-31, -30, -2, -1, 0, 1, 2, 3, 4, 60)})
    seen_moved = 0
    for _ in range(4):
        given = {instance_id: _facts(chance, version_id) for instance_id in ids}
        _store(services, given)
        for earlier, later in zip(days, days[1:]):
            moved = {i for i, f in given.items() if column_of(f, earlier) != column_of(f, later)}
            with services.uow(write=False) as uow:
                may = set(uow.session.scalars(select(InstanceRow.id).where(
                    InstanceRow.id.in_(ids), may_differ_between(COLUMN_RULES, earlier, later))))
                differ = set(uow.session.scalars(select(InstanceRow.id).where(
                    InstanceRow.id.in_(ids), code_expression(COLUMN_RULES, Days(earlier))
                    != code_expression(COLUMN_RULES, Days(later)))))
            assert differ == moved and moved <= may, (earlier, later)
            seen_moved += len(moved)
    assert seen_moved > 0
