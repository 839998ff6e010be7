"""PostgreSQL under contention: many threads completing the same step, and sweeps
running at the same time — exactly one wins, nothing fires twice, nothing is lost."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from engine.domain.errors import Conflict
from engine.domain.users import User
from engine.usecases.steps import complete_step
from engine.usecases.timers import sweep_timers
from tests.conftest import small_directive, user
from tests.persistence.helpers import act, at, launch, step_named

pytestmark = pytest.mark.postgres


def _race(count, target):
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        barrier.wait()
        try:
            results[i] = target(i)
        except Exception as exc:   # noqa: BLE001 - collected for the assertions
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_many_threads_completing_the_same_step(pg_services):
    launch(pg_services)
    step = step_named(pg_services, "ld.khcn", "accept")
    leader = user(pg_services, "ld.khcn")
    results = _race(12, lambda i: complete_step(pg_services, leader, step["id"],
                                                {"decision": "accept", "officer": "cv.khcn"}))
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1
    assert all(isinstance(r, Conflict) for r in losers), [r for r in losers if not isinstance(r, Conflict)]
    assert all("Lãnh đạo Sở KH&CN" in r.message() for r in losers), [r.message() for r in losers]
    with pg_services.uow(write=False) as uow:
        done = uow.steps.completions_of(1)
        audit = [e for e in uow.audit.of_instance(1) if e.action == "step.completed"]
    assert len(done) == 1 and len(audit) == 1


def _staff_and_accept_all(services):
    """Give every lead agency a leader and an officer, and accept every task."""
    with services.uow() as uow:
        steps = uow.queries.all_pending()
        for code in {s["agency_code"] for s in steps if s["name"] == "accept"}:
            for prefix, role in (("ld", "leader"), ("cv", "officer")):
                if uow.users.by_login(f"{prefix}.{code}") is None:
                    uow.users.add(User(login=f"{prefix}.{code}", name=f"{role} {code}", agency_code=code,
                                       roles=frozenset({role}), email=f"{prefix}.{code}@chidao.test"))
        uow.commit()
    for step in steps:
        if step["name"] == "accept":
            complete_step(services, user(services, f"ld.{step['agency_code']}"), step["id"],
                          {"decision": "accept", "officer": f"cv.{step['agency_code']}"})


def test_concurrent_sweeps_fire_each_timer_once(pg_services):
    payload = small_directive(lead=["@so_ban_nganh"], coordinating=[])
    result = launch(pg_services, payload)
    _staff_and_accept_all(pg_services)
    pg_services.clock.set(at(2025, 6, 17, 8, 30))    # every June report reminder is due
    results = _race(4, lambda i: sweep_timers(pg_services))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.instances for r in results) == result.instances
    with pg_services.uow(write=False) as uow:
        fired = uow.session.execute(text(
            "SELECT instance_id, count(*) FROM audit_log WHERE action = 'timer.fired' GROUP BY instance_id"
        )).all()
        reminders = uow.session.execute(text(
            "SELECT user_login, count(*) FROM notifications WHERE kind = 'report_missed_officer' "
            "GROUP BY user_login")).all()
    assert len(fired) == result.instances and all(n == 1 for _, n in fired)
    assert len(reminders) == result.instances and all(n == 1 for _, n in reminders)


def test_step_completion_racing_a_sweep_loses_nothing(pg_services):
    launch(pg_services)
    act(pg_services, "ld.khcn", "accept", decision="accept", officer="cv.khcn")
    pg_services.clock.set(at(2025, 6, 17, 8, 30))
    officer = user(pg_services, "cv.khcn")
    step = step_named(pg_services, "cv.khcn", "monthly_report")
    results = _race(2, lambda i: sweep_timers(pg_services) if i == 0 else complete_step(
        pg_services, officer, step["id"], {"percent": 10, "done": "Đã làm"}))
    assert not [r for r in results if isinstance(r, Exception)], results
    with pg_services.uow(write=False) as uow:
        reports = uow.reports.of_instance(1)
    filed = [r for r in reports if r.versions]
    assert len(filed) == 1 and filed[0].period == "2025-06" and filed[0].versions[0].values["percent"] == 10
    assert [(r.period, r.status) for r in reports if not r.versions] == [("2025-07", "not_filed")]
