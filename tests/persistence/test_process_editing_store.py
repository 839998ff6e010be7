"""The process owner's store on SQLite and PostgreSQL: one draft per owner and process,
written over by each save in one statement (two saves racing never collide), dropped
on delete; a version's change note; waiting instances per step, and open instances by
lead agency and directive, counted in SQL."""
from __future__ import annotations

import threading

from sqlalchemy import text

from engine.usecases.process_deploy import deploy_draft
from engine.usecases.process_editing import save_draft
from tests.conftest import user
from tests.diagram_edits import default_xml, set_parameter
from tests.web.task_helpers import accepted_task, start_task

KEY = "directive_task"


def draft_xml(days: int) -> str:
    return set_parameter(default_xml(), "deadline_monitor", f"{days} working_days")


def test_one_draft_per_owner_written_over_then_dropped(any_services):
    owner = user(any_services, "quytrinh")
    save_draft(any_services, owner, KEY, draft_xml(8))
    save_draft(any_services, owner, KEY, draft_xml(9))
    save_draft(any_services, user(any_services, "admin"), KEY, draft_xml(11))
    with any_services.uow(write=False) as uow:
        mine, theirs = uow.drafts.get(KEY, "quytrinh"), uow.drafts.get(KEY, "admin")
    assert 'value="9 working_days"' in mine.xml and 'value="11 working_days"' in theirs.xml
    with any_services.uow() as uow:
        assert uow.drafts.delete(KEY, "quytrinh") is True
        assert uow.drafts.delete(KEY, "quytrinh") is False
        uow.commit()
    with any_services.uow(write=False) as uow:
        assert uow.drafts.get(KEY, "quytrinh") is None and uow.drafts.get(KEY, "admin") is not None


def test_saves_racing_keep_one_draft(any_services):
    owner = user(any_services, "quytrinh")
    errors = []

    def save(days):
        try:
            save_draft(any_services, owner, KEY, draft_xml(days))
        except Exception as exc:   # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(days,)) for days in range(8, 14)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with any_services.database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM diagram_drafts")).scalar_one() == 1


def test_the_change_note_and_the_counts(any_services):
    accepted_task(any_services)
    accepted_task(any_services, number="98/KH-UBND")
    start_task(any_services, number="97/KH-UBND", lead=("Sở Nội vụ",))
    owner = user(any_services, "quytrinh")
    draft = save_draft(any_services, owner, KEY, draft_xml(10))
    deploy_draft(any_services, owner, KEY, "Đôn đốc sau 10 ngày", draft.sha256)
    with any_services.uow(write=False) as uow:
        v1, v2 = uow.processes.versions(KEY)
        assert (v1.change_note, v2.change_note) == (None, "Đôn đốc sau 10 ngày")
        assert uow.process_usage.waiting_by_step(v1.id) == {"accept": 1, "completion_report": 2, "monthly_report": 3}
        assert uow.process_usage.waiting_by_step(v2.id) == {}
        assert uow.process_usage.open_by_agency(v1.id) == [
            ("so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ", 2), ("so-noi-vu", "Sở Nội vụ", 1)]
        assert [(number, count) for _, number, _, count in uow.process_usage.open_by_directive(v1.id)] == [
            ("97/KH-UBND", 1), ("98/KH-UBND", 1), ("99/KH-UBND", 1)]
