"""The hot path's plumbing (persistence/fast_sql.py and its users), on SQLite and on
PostgreSQL: queued writes seen by later reads, the optimistic lock and a unique clash
checked when the queue is sent (nothing of the unit of work kept), the step read with
its surroundings, readers that keep psycopg's prepared statements, and a pooled
connection that died while idle replaced before use."""
from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import select, text

from engine.domain.records import CompletedStep, Notification, PendingStep
from engine.ports import StaleInstance
from persistence.database import Database
from persistence.models import PendingStepRow
from tests.persistence.helpers import act, launch, step_named


def _first_instance(services):
    with services.uow(write=False) as uow:
        return uow.instances.get(1)


def test_a_queued_write_is_seen_by_a_later_orm_read(any_services):
    launch(any_services)
    instance = _first_instance(any_services)
    with any_services.uow() as uow:
        uow.steps.replace(instance.id, [PendingStep(id="extra-step", instance_id=instance.id, name="x", title="X",
                                                    form="accept", role="leader", agency_code=instance.agency_code,
                                                    assignee=None, due=None, optional=False,
                                                    created_at=instance.created_at)])
        names = uow.session.scalars(select(PendingStepRow.id).where(PendingStepRow.instance_id == instance.id))
        assert list(names) == ["extra-step"]
        uow.rollback()
    with any_services.uow(write=False) as uow:
        assert "extra-step" not in [s.id for s in uow.steps.of_instance(instance.id)]


def test_a_save_on_a_moved_version_fails_at_commit_and_keeps_nothing(any_services):
    launch(any_services)
    instance = _first_instance(any_services)
    with any_services.uow() as uow:
        instance.state = uow.instances.state_of(instance.id, instance.version)
        instance.phase = "changed-by-the-loser"
        uow.instances.save(instance, instance.version + 7)          # not the version stored
        uow.notifications.add(Notification(user_login="cv.khcn", kind="assigned", title="lost", body="lost",
                                           link="/tasks/1", instance_id=1, created_at=instance.created_at))
        with pytest.raises(StaleInstance):
            uow.commit()
    assert _first_instance(any_services).phase != "changed-by-the-loser"
    with any_services.uow(write=False) as uow:       # the rest of the unit of work was not kept either
        assert "lost" not in [n.title for n in uow.notifications.of_user("cv.khcn")]


def test_a_second_completion_of_a_step_clashes_when_sent(any_services):
    launch(any_services)
    step = step_named(any_services, "ld.khcn", "accept")
    done = CompletedStep(id=step["id"], instance_id=1, name="accept", form="accept", completed_by="ld.khcn",
                         completed_by_name="Lãnh đạo", agency_code="so-khoa-hoc-va-cong-nghe",
                         completed_at=_first_instance(any_services).created_at)
    with any_services.uow() as uow:
        uow.steps.record_completion(done)
        uow.commit()
    with any_services.uow() as uow:
        uow.steps.record_completion(done)
        with pytest.raises(StaleInstance):
            uow.commit()
    with any_services.uow(write=False) as uow:
        assert uow.steps.completion(step["id"]).completed_by == "ld.khcn"


def test_surroundings_read_instance_steps_reports_and_agency_users_together(any_services):
    launch(any_services)
    act(any_services, "ld.khcn", "accept", decision="accept", officer="cv.khcn")
    act(any_services, "cv.khcn", "monthly_report", percent=10, done="Bắt đầu")
    act(any_services, "ld.khcn", "review_report", decision="return", comment="Bổ sung")
    step = step_named(any_services, "cv.khcn", "revise_report")
    with any_services.uow(write=False) as uow:
        around = uow.steps.surroundings(step["id"])
        assert around.instance.id == 1 and around.instance.state is None
        assert around.step(step["id"]).name == "revise_report"
        assert [(r.kind, r.status, len(r.versions)) for r in around.open_reports] == [("monthly", "returned", 1)]
        assert around.task.summary and around.directive.number == "99/KH-UBND"
        assert uow.users.by_login("cv.khcn").agency_code == "so-khoa-hoc-va-cong-nghe"
        missing = uow.steps.surroundings("no-such-step")
        assert missing.instance is None and missing.pending == [] and missing.open_reports == []


def _prepared(session) -> int:
    return session.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar()


def test_readers_keep_the_prepared_statements_on_postgresql(pg_services):
    launch(pg_services)
    for _ in range(7):      # psycopg prepares a statement from its fifth run
        with pg_services.uow(write=False) as uow:
            uow.users.by_login("cv.khcn")
    with pg_services.uow(write=False) as uow:
        assert _prepared(uow.session) > 0      # a ROLLBACK would have dropped them all


def test_a_connection_dropped_while_idle_is_replaced_before_use(pg_url):
    database = Database.from_url(pg_url, ping_after_idle=0)
    try:
        with database.session() as session:
            pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
            session.commit()
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with database.session() as session:
            assert session.execute(text("SELECT pg_backend_pid()")).scalar() != pid
    finally:
        database.dispose()
