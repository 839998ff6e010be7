"""Workflows kept in memory between use cases: used only for the instance version they
were saved as, so two workers (two Services on one database) never act on a stale one."""
from __future__ import annotations

import pytest

from engine.bpmn.run_cache import RunCache
from engine.domain.errors import DomainError
from tests.persistence.helpers import act, launch, step_named
from web.bootstrap import build_services


class FakeRun:
    def __init__(self):
        self.effects = ["x"]


def test_take_gives_the_entry_of_that_version_once():
    cache = RunCache(size=2)
    run = FakeRun()
    cache.put(1, 3, run)
    assert run.effects == []
    assert cache.take(1, 2) is None            # another version: ignored (and dropped)
    cache.put(1, 3, run)
    assert cache.take(1, 3) is run
    assert cache.take(1, 3) is None            # taken out while in use
    for instance_id in (1, 2, 3):
        cache.put(instance_id, 0, FakeRun())
    assert cache.take(1, 0) is None            # the least recently used went first


def test_two_workers_on_one_database_never_use_a_stale_workflow(services):
    other = build_services(services.settings, services.database, clock=services.clock)
    launch(services)
    act(services, "ld.khcn", "accept", decision="accept", officer="cv.khcn")        # worker 1 keeps v1
    act(other, "cv.khcn", "monthly_report", percent=10, done="Bắt đầu")             # worker 2 moves to v2
    act(services, "ld.khcn", "review_report", decision="return", comment="Bổ sung")  # worker 1 must reload
    with services.uow(write=False) as uow:
        reports = uow.reports.of_instance(1)
    assert reports[0].status == "returned"
    assert step_named(services, "cv.khcn", "revise_report")


def test_a_failed_use_case_leaves_no_half_changed_workflow(services, monkeypatch):
    launch(services)
    act(services, "ld.khcn", "accept", decision="accept", officer="cv.khcn")
    from engine.usecases import steps as step_module

    def broken_record(*args, **kwargs):
        raise DomainError("step.changed")

    monkeypatch.setattr(step_module, "record_submission", broken_record)
    with pytest.raises(DomainError):
        act(services, "cv.khcn", "monthly_report", percent=10, done="Bắt đầu")
    monkeypatch.undo()
    with services.uow(write=False) as uow:
        version = uow.instances.get(1).version
    assert services.runs.take(1, version) is None      # the changed workflow was not kept
    act(services, "cv.khcn", "monthly_report", percent=20, done="Bắt đầu")
    with services.uow(write=False) as uow:
        (report,) = uow.reports.of_instance(1)
    assert [v.values["percent"] for v in report.versions] == [20]
