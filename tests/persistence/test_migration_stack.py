"""Instance migration on SQLite and PostgreSQL: tasks in every phase moved from the
default lifecycle onto a revised version (new reminder offset, new accept window, a
renamed step, a removed step), then walked to completion on it; the one that cannot
move is reported and left byte for byte as it was; reverts put version and state back."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from engine.domain.errors import DomainError, Forbidden
from engine.usecases.migration import (
    MIGRATED, SKIPPED, list_migrations, migrate_instances, revert_migration, revert_run, versions_in_use)
from engine.usecases.migration_plan import MigrationSelection, plan_migration
from engine.domain.users import SYSTEM
from engine.usecases.audit_chain import verify_chain
from engine.usecases.queries import audit_trail
from engine.usecases.setup import deploy_process
from engine.usecases.steps import complete_step
from persistence.models import InstanceRow
from tests.bpmn_edits import REMOVED_STEP_TITLE, RENAMED_STEP, revised_lifecycle
from tests.conftest import small_directive, user
from tests.persistence.helpers import at, instance, kinds, launch, live_until, notifications, steps_of

OWNER = "quytrinh"


def launch_task(services, number: str) -> int:
    """A one-task directive for Sở KH&CN (due 15/8/2025); the new instance's id."""
    launch(services, small_directive(number=number))
    with services.uow(write=False) as uow:
        return max(uow.instances.ids_on_version(1))


def do(services, login: str, instance_id: int, name: str, **values):
    """Complete the step ``name`` of one instance as ``login``."""
    rows = [s for s in steps_of(services, login, optional=True) + steps_of(services, login)
            if s["instance_id"] == instance_id and s["name"] == name]
    assert rows, f"{login} has no {name} on #{instance_id}: {[s['name'] for s in steps_of(services, login)]}"
    return complete_step(services, user(services, login), rows[0]["id"], values)


def pending(services, instance_id: int) -> dict[str, object]:
    with services.uow(write=False) as uow:
        return {s.name: s for s in uow.steps.of_instance(instance_id)}


def raw_row(services, instance_id: int) -> tuple:
    with services.uow(write=False) as uow:
        row = uow.session.execute(select(InstanceRow.state, InstanceRow.version, InstanceRow.process_version_id,
                                         InstanceRow.next_timer_at, InstanceRow.phase)
                                  .where(InstanceRow.id == instance_id)).one()
        return (bytes(row[0]), *row[1:])


def case_of(services, instance_id: int) -> dict:
    with services.uow(write=False) as uow:
        found = uow.instances.get(instance_id)
        return services.runtime.restore(services.processes.get(uow, found.process_version_id), found.state).case


def waiting_timers(services, instance_id: int) -> dict:
    with services.uow(write=False) as uow:
        found = uow.instances.get(instance_id)
        run = services.runtime.restore(services.processes.get(uow, found.process_version_id), found.state)
        return services.runtime.waiting_timers(run)


def accept(services, instance_id):
    do(services, "ld.khcn", instance_id, "accept", decision="accept", officer="cv.khcn")


def deliver(services, instance_id):
    do(services, "cv.khcn", instance_id, "completion_report", result="Đã xây dựng", product="Cơ sở dữ liệu")


def tasks_in_every_phase(services) -> dict[str, int]:
    ids = {name: launch_task(services, f"{n}/KH-UBND") for n, name in enumerate(
        ("unaccepted", "reporting", "sign_off", "suspended", "leader_review"), start=101)}
    for name in ("reporting", "sign_off", "suspended", "leader_review"):
        accept(services, ids[name])
    for name in ("sign_off", "leader_review"):
        deliver(services, ids[name])
    do(services, "ld.khcn", ids["sign_off"], "approve_completion", decision="approve")
    do(services, "theodoi", ids["sign_off"], "review_completion", decision="accept")
    do(services, "chutich", ids["suspended"], "suspend_task", reason="Chờ kinh phí")
    return ids


def deploy_revision(services) -> None:
    deployed = deploy_process(services, user(services, OWNER), revised_lifecycle(), "directive_task")
    assert (deployed.version, deployed.created) == (2, True)


def test_every_phase_moves_to_the_new_version_and_finishes_on_it(any_services):
    svc = any_services
    ids = tasks_in_every_phase(svc)
    assert pending(svc, ids["reporting"])["monthly_report"]                  # its June report is open
    assert {i: instance(svc, i).phase for i in ids.values()} == {
        ids["unaccepted"]: "awaiting_acceptance", ids["reporting"]: "in_progress",
        ids["sign_off"]: "awaiting_confirmation", ids["suspended"]: "suspended",
        ids["leader_review"]: "awaiting_confirmation"}
    untouched = raw_row(svc, ids["leader_review"])
    svc.clock.set(at(2025, 6, 3, 10))
    deploy_revision(svc)

    plan = plan_migration(svc, user(svc, OWNER), MigrationSelection(from_version=1))
    by_id = {item.instance_id: item for item in plan.items}
    assert (plan.source.version, plan.target.version) == (1, 2)
    assert [i.instance_id for i in plan.blocked] == [ids["leader_review"]]
    assert by_id[ids["leader_review"]].reasons() == [
        f"Bước đang chờ «{REMOVED_STEP_TITLE}» không còn trong phiên bản đích"]
    assert by_id[ids["leader_review"]].reasons("en") == [
        f"Its active step «{REMOVED_STEP_TITLE}» no longer exists in the target version"]
    reminder = [m for m in by_id[ids["reporting"]].timers if m.step == "Nhắc chuyên viên trước hạn"]
    assert [(m.before.date(), m.after.date()) for m in reminder] == [(date(2025, 8, 6), date(2025, 8, 1))]
    assert by_id[ids["unaccepted"]].rederived == ["schedule", "accept_due", "acceptance"]   # ladders from launch
    nudge = [m for m in by_id[ids["unaccepted"]].timers if m.step == "Quá hạn tiếp nhận: nhắc lãnh đạo"]
    assert [(m.before.date(), m.after.date()) for m in nudge] == [(date(2025, 6, 6), date(2025, 6, 10))]
    reminder = [m for m in by_id[ids["unaccepted"]].timers if m.step == "Nhắc chuyên viên trước hạn"]
    assert [(m.before.date(), m.after.date()) for m in reminder] == [(date(2025, 8, 6), date(2025, 8, 1))]
    assert [(m.step, m.before, m.after) for m in by_id[ids["sign_off"]].due_moves] == [
        ("Xác nhận hoàn thành", date(2025, 6, 9), date(2025, 6, 5))]
    assert any("Lãnh đạo duyệt kết quả" in r for r in by_id[ids["sign_off"]].remarks())   # history kept
    assert raw_row(svc, ids["unaccepted"])[2] == 1                                        # a dry run stores nothing

    progress, batches = [], []

    def go_on() -> bool:
        batches.append(len(progress))
        return False

    result = migrate_instances(svc, user(svc, OWNER), MigrationSelection(from_version=1),
                               "Rút ngắn quy trình duyệt kết quả", batch_size=2, on_progress=progress.append,
                               stop=go_on)
    outcomes = {o.instance_id: o for o in result.outcomes}
    assert {i for i, o in outcomes.items() if o.status == MIGRATED} == set(ids.values()) - {ids["leader_review"]}
    assert outcomes[ids["leader_review"]].status == SKIPPED
    assert [(p.done, p.total) for p in progress] == [(n, 5) for n in range(1, 6)] and progress[-1].migrated == 4
    assert batches == [0, 2, 4]                                                          # asked before each batch
    assert raw_row(svc, ids["leader_review"]) == untouched                               # byte for byte

    # what moved: version, pending steps rebuilt, accept window and ladder of the new version
    assert {i: instance(svc, i).process_version_id for i in ids.values()} == {
        **{i: 2 for i in ids.values()}, ids["leader_review"]: 1}
    assert pending(svc, ids["unaccepted"])["accept"].due == date(2025, 6, 9)             # 5 working days from 2/6
    assert pending(svc, ids["sign_off"])["sign_off"].due == date(2025, 6, 5)             # opened 2/6, 3 working days
    assert case_of(svc, ids["reporting"])["schedule"]["reminder_at"].startswith("2025-08-01T08:00")
    assert instance(svc, ids["reporting"]).next_timer_at == at(2025, 6, 15, 0)           # July's period opens
    assert waiting_timers(svc, ids["reporting"])["Quá hạn báo cáo: nhắc chuyên viên"] == at(2025, 6, 17, 8)
    assert instance(svc, ids["suspended"]).phase == "suspended"
    trail = audit_trail(svc, user(svc, "thanhtra"), instance(svc, ids["sign_off"]).task_id)
    moved = [e for e in trail if e.action == "instance.migrated"]
    assert len(moved) == 1 and moved[0].actor_login == OWNER
    assert (moved[0].after["data"]["from_version"], moved[0].after["data"]["to_version"]) == (1, 2)
    assert moved[0].after["data"]["reason"] == "Rút ngắn quy trình duyệt kết quả"
    assert moved[0].before["process_version"] == 1 and moved[0].after["steps"] == ["monthly_report", "sign_off"]

    # every one of them finishes on the new version
    do(svc, "chutich", ids["sign_off"], "sign_off", decision="confirm")
    do(svc, "chutich", ids["suspended"], "resume_task", note="Đã có kinh phí")
    deliver(svc, ids["suspended"])
    assert "approve_completion" not in pending(svc, ids["suspended"])                   # straight to the monitor
    do(svc, "theodoi", ids["suspended"], "review_completion", decision="accept")
    do(svc, "chutich", ids["suspended"], "sign_off", decision="confirm")
    do(svc, "cv.khcn", ids["reporting"], "monthly_report", percent=30, done="Khảo sát xong")
    assert pending(svc, ids["reporting"])[RENAMED_STEP[1]].title == RENAMED_STEP[2]
    do(svc, "ld.khcn", ids["reporting"], RENAMED_STEP[1], decision="approve")
    deliver(svc, ids["reporting"])
    do(svc, "theodoi", ids["reporting"], "review_completion", decision="accept")
    do(svc, "chutich", ids["reporting"], "sign_off", decision="confirm")
    assert {instance(svc, ids[n]).phase for n in ("sign_off", "suspended", "reporting")} == {"completed"}

    accept(svc, ids["unaccepted"])
    before = sum(n.kind == "deadline_reminder" for n in notifications(svc, "cv.khcn"))
    live_until(svc, at(2025, 8, 1, 9))                                                   # the new reminder day
    assert sum(n.kind == "deadline_reminder" for n in notifications(svc, "cv.khcn")) == before + 1
    assert verify_chain(svc, SYSTEM).intact


def test_a_revert_puts_back_the_version_and_the_state_exactly(any_services):
    svc = any_services
    first, second = launch_task(svc, "201/KH-UBND"), launch_task(svc, "202/KH-UBND")
    accept(svc, first)
    accept(svc, second)
    before = {i: (raw_row(svc, i), pending(svc, i)) for i in (first, second)}
    deploy_revision(svc)
    result = migrate_instances(svc, user(svc, OWNER), MigrationSelection(from_version=1), "Thử phiên bản 2")
    records = {o.instance_id: o.migration_id for o in result.outcomes}
    assert raw_row(svc, first)[2] == 2

    outcome = revert_migration(svc, user(svc, OWNER), records[first], "Quay lại phiên bản 1")
    assert outcome.reverted
    state, version, process_version, next_timer, phase = raw_row(svc, first)
    old_state, old_version, *old_rest = before[first][0]
    assert (state, process_version, next_timer, phase) == (old_state, *old_rest)
    assert version == old_version + 2                                     # moved, moved back: two writes
    assert {n: (s.id, s.title, s.due) for n, s in pending(svc, first).items()} == \
        {n: (s.id, s.title, s.due) for n, s in before[first][1].items()}
    actions = [e.action for e in audit_trail(svc, user(svc, "thanhtra"), instance(svc, first).task_id)]
    assert actions[-2:] == ["instance.migrated", "instance.migration_reverted"]
    with pytest.raises(DomainError) as again:
        revert_migration(svc, user(svc, OWNER), records[first], "")
    assert again.value.key == "migration.already_reverted" and OWNER in again.value.message()

    # once the task moved on under the new version, only a migration back is offered
    do(svc, "cv.khcn", second, "monthly_report", percent=10, done="Bắt đầu")
    moved_on = raw_row(svc, second)
    with pytest.raises(DomainError) as refused:
        revert_migration(svc, user(svc, OWNER), records[second], "")
    assert "--from-version 2 --to-version 1" in refused.value.message()
    assert raw_row(svc, second) == moved_on
    assert [o.reverted for o in revert_run(svc, user(svc, OWNER), result.run_id, "")] == [False]
    stopped = migrate_instances(svc, user(svc, OWNER), MigrationSelection(from_version=2, to_version=1),
                                stop=lambda: True)
    assert stopped.outcomes == [] and raw_row(svc, second) == moved_on
    listed = list_migrations(svc, user(svc, "thanhtra"), run_id=result.run_id)
    assert [(e.record.instance_id, e.from_version, e.to_version, e.record.reverted_by) for e in listed] == [
        (second, 1, 2, None), (first, 1, 2, OWNER)]
    assert verify_chain(svc, SYSTEM).intact


def test_selection_filters_and_who_may_migrate(services):
    ids = [launch_task(services, f"{n}/KH-UBND") for n in (301, 302)]
    accept(services, ids[1])
    deploy_revision(services)
    owner = user(services, OWNER)
    only_accepted = plan_migration(services, owner, MigrationSelection(from_version=1, phases=("in_progress",)))
    assert [i.instance_id for i in only_accepted.items] == [ids[1]]
    with services.uow(write=False) as uow:
        directive = uow.directives.task_and_directive(instance(services, ids[0]).task_id)[1].id
    of_directive = plan_migration(services, owner, MigrationSelection(from_version=1, directive_id=directive))
    assert [i.instance_id for i in of_directive.items] == [ids[0]]
    other_agency = plan_migration(services, owner, MigrationSelection(from_version=1, agency_code="so-noi-vu"))
    assert other_agency.items == []
    chosen = migrate_instances(services, owner, MigrationSelection(from_version=1, instance_ids=(ids[0],)), "")
    assert [o.instance_id for o in chosen.outcomes] == [ids[0]]
    assert chosen.outcomes[0].status == MIGRATED
    usage = {u.version: u for u in versions_in_use(services, user(services, "admin"))}
    assert (usage[1].running, usage[2].running) == (1, 1)
    assert usage[2].phases == {"awaiting_acceptance": 1}

    for bad, key in ((MigrationSelection(from_version=9), "migration.no_version"),
                     (MigrationSelection(from_version=2, to_version=2), "migration.same_version"),
                     (MigrationSelection(from_version=1, phases=("done",)), "task.unknown_status"),
                     (MigrationSelection(from_version=1, instance_ids=(ids[0],)), "migration.not_on_version"),
                     (MigrationSelection(from_version=1, agency_code="khong-co"), "agency.not_found")):
        with pytest.raises(DomainError) as err:
            plan_migration(services, owner, bad)
        assert err.value.key == key
    for login in ("cv.khcn", "ld.khcn", "theodoi", "thanhtra"):
        with pytest.raises(Forbidden):
            migrate_instances(services, user(services, login), MigrationSelection(from_version=1), "")
    assert instance(services, ids[1]).process_version_id == 1
    assert "new_task" in kinds(services, "ld.khcn")


def test_a_step_completed_during_a_migration_wins_and_the_move_is_made_again(pg_services, monkeypatch):
    import engine.usecases.migration as migration

    svc = pg_services
    task = launch_task(svc, "401/KH-UBND")
    deploy_revision(svc)
    real_preview, raced = migration.preview_instance, []

    def preview_then_race(services, uow, instance_id, source, target):
        moved = real_preview(services, uow, instance_id, source, target)
        if not raced:                       # the leader accepts while the move is being prepared
            raced.append(True)
            accept(svc, task)
        return moved

    monkeypatch.setattr(migration, "preview_instance", preview_then_race)
    result = migrate_instances(svc, user(svc, OWNER), MigrationSelection(from_version=1), "")
    assert [o.status for o in result.outcomes] == [MIGRATED]
    moved = instance(svc, task)
    assert (moved.process_version_id, moved.phase, moved.officer_login) == (2, "in_progress", "cv.khcn")
    actions = [e.action for e in audit_trail(svc, user(svc, "thanhtra"), moved.task_id)]
    assert actions == ["instance.started", "step.completed", "instance.migrated"]
    assert len(list_migrations(svc, user(svc, OWNER))) == 1
