"""Tasks launched on the lifecycle before issue 14 (workflows/archive/), migrated onto
today's default lifecycle through the migration use case, on SQLite and PostgreSQL:
the one nobody accepted escalates and gets its monthly period at once, the accepted
one keeps its open June report and gets July's, and both go on on the new version."""
from __future__ import annotations

from pathlib import Path

from engine.domain.users import SYSTEM
from engine.usecases.audit_chain import verify_chain
from engine.usecases.migration import MIGRATED, migrate_instances
from engine.usecases.setup import deploy_process
from engine.usecases.steps import complete_step
from engine.usecases.migration_plan import MigrationSelection
from tests.conftest import small_directive, user
from tests.persistence.helpers import at, instance, launch, live_until, notifications
from tests.persistence.test_migration_stack import accept, do, pending
from tests.web.task_helpers import reports

ARCHIVED = Path(__file__).resolve().parents[2] / "workflows" / "archive" / "directive_task_before_issue_14.bpmn"


def periods(svc, instance_id: int) -> list[tuple[str, str]]:
    return sorted((r.period, r.status) for r in reports(svc, instance_id) if r.kind == "monthly")


def launched_on(svc, version_id: int, number: str) -> int:
    launch(svc, small_directive(number=number))
    with svc.uow(write=False) as uow:
        return max(uow.instances.ids_on_version(version_id))


def test_tasks_of_the_first_version_move_onto_todays_lifecycle(any_services):
    svc = any_services
    owner = user(svc, "quytrinh")
    first = deploy_process(svc, owner, ARCHIVED.read_text(encoding="utf-8"), "directive_task")
    assert first.version == 2                            # after today's, which the fixture deployed as v1
    silent, working = (launched_on(svc, first.version_id, n) for n in ("1/KH-UBND", "2/KH-UBND"))
    accept(svc, working)
    live_until(svc, at(2025, 7, 1, 9))
    assert set(pending(svc, silent)) == {"accept"} and periods(svc, silent) == []   # the first version: silence
    assert periods(svc, working) == []                 # no row before a report is filed, then

    result = migrate_instances(svc, owner, MigrationSelection(from_version=2, to_version=1), "Áp dụng vòng đời mới")
    assert [o.status for o in result.outcomes] == [MIGRATED, MIGRATED]
    assert {instance(svc, i).process_version_id for i in (silent, working)} == {1}

    assert {"accept", "monthly_report", "cancel_task", "suspend_task"} <= set(pending(svc, silent))
    assert periods(svc, silent) == [("2025-07", "not_filed")]
    kinds = [n.kind for n in notifications(svc, "ld.khcn")]
    assert kinds.count("accept_late_leader") == 1                          # past due since 6/6: told at once
    assert periods(svc, working) == [("2025-06", "not_filed"), ("2025-07", "not_filed")]

    live_until(svc, at(2025, 7, 22, 9))
    assert [n.kind for n in notifications(svc, "ld.khcn")].count("accept_late_leader") == 1
    do(svc, "ld.khcn", silent, "accept", decision="accept", officer="cv.khcn")
    assert instance(svc, silent).phase == "in_progress"
    with svc.uow(write=False) as uow:
        june = [s for s in uow.steps.of_instance(working) if s.name == "monthly_report" and s.period == "2025-06"]
    assert june, [(s.name, s.period) for s in uow.steps.of_instance(working)]
    complete_step(svc, user(svc, "cv.khcn"), june[0].id, {"percent": 20, "done": "Nộp muộn"})
    do(svc, "ld.khcn", working, "review_report", decision="approve")
    assert ("2025-06", "approved") in periods(svc, working)
    assert verify_chain(svc, SYSTEM).intact
