"""Urging through the engine, on SQLite and PostgreSQL: what a monitor may urge (late
assignments of directives their agency monitors, by the one overdue rule), the letter a
selection makes, and issuing it — kept, one notice and one e-mail per leader of each
addressed agency, an audit row on each task — all or nothing; the «cần đôn đốc» list
leaves out what was urged in the last days."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from engine.domain.errors import DomainError, Forbidden
from engine.usecases.queries import list_tasks
from engine.usecases.task_view import task_page
from engine.usecases.urging import draft_letter, issue_urging, late_assignments, needs_urging
from engine.usecases.urging_history import issued_letter, list_urgings
from tests.conftest import user
from tests.urging.scenario import late_world
from tests.web.task_helpers import add_user


def _count(services, table: str, where: str = "1=1") -> int:
    with services.database.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table} WHERE {where}")).scalar_one()


def test_the_monitor_is_offered_the_late_assignments_only(services):
    world = late_world(services)
    choices = late_assignments(services, user(services, "theodoi"))
    assert {r["id"] for r in choices.rows} == {world.khcn, world.noivu}
    assert {r["days_late"] for r in choices.rows} == {10}
    assert choices.directives == [(world.late_directive, "99/KH-UBND")]
    assert choices.agencies == [("so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ"), ("so-noi-vu", "Sở Nội vụ")]
    one_agency = late_assignments(services, user(services, "theodoi"), agency="so-noi-vu")
    assert [r["id"] for r in one_agency.rows] == [world.noivu]
    assert late_assignments(services, user(services, "theodoi"), directive_id=world.on_time_directive).rows == []


@pytest.mark.parametrize("login", ["ld.khcn", "cv.khcn", "chutich", "thanhtra", "admin"])
def test_nobody_but_a_monitor_urges(services, login):
    world = late_world(services)
    with pytest.raises(Forbidden):
        late_assignments(services, user(services, login))
    with pytest.raises(Forbidden):
        issue_urging(services, user(services, login), [world.khcn])
    assert _count(services, "urgings") == 0


def test_a_monitor_of_another_agency_has_nothing_to_urge(services):
    world = late_world(services)
    add_user(services, "theodoi.sokhcn", "Theo dõi Sở KH&CN", "so-khoa-hoc-va-cong-nghe", {"monitor"})
    other = user(services, "theodoi.sokhcn")
    assert late_assignments(services, other).rows == []
    with pytest.raises(DomainError) as refused:
        issue_urging(services, other, [world.khcn])
    assert refused.value.key == "urging.not_late"


def test_the_letter_groups_the_late_tasks_by_agency(services):
    world = late_world(services)
    letter = draft_letter(services, user(services, "theodoi"), [world.noivu, world.khcn])
    assert letter.issuer == "Văn phòng UBND tỉnh" and letter.issuer_parent == "UBND tỉnh An Giang"
    assert letter.place == "An Giang" and letter.day == date(2025, 6, 20)
    assert letter.subject == "đôn đốc thực hiện nhiệm vụ được giao tại 99/KH-UBND"
    assert letter.addressees == ["Sở Khoa học và Công nghệ", "Sở Nội vụ"]
    assert [[line.instance_id for line in g.lines] for g in letter.groups] == [[world.khcn], [world.noivu]]
    line = letter.groups[0].lines[0]
    assert (line.due_date, line.days_late, line.directive_label) == (date(2025, 6, 10), 10, "99/KH-UBND")
    assert _count(services, "urgings") == 0                  # a preview stores nothing


def test_issuing_keeps_the_letter_tells_each_agencys_leaders_and_writes_each_history(any_services):
    services = any_services
    world = late_world(services)
    mails_before = _count(services, "outbox")
    urging = issue_urging(services, user(services, "theodoi"), [world.khcn, world.noivu])
    assert sorted(i.instance_id for i in urging.items) == sorted([world.khcn, world.noivu])
    assert _count(services, "notifications", "kind = 'urging' AND user_login = 'ld.khcn'") == 1
    assert _count(services, "notifications", "kind = 'urging' AND user_login = 'ld.noivu'") == 1
    assert _count(services, "notifications", "kind = 'urging'") == 2          # leaders only
    assert _count(services, "outbox") == mails_before + 2
    assert _count(services, "outbox", "to_addr = 'ld.noivu@chidao.test' AND body LIKE '%quá hạn 10 ngày%'") == 1
    assert _count(services, "audit_log", "action = 'instance.urged'") == 2
    page = task_page(services, user(services, "ld.khcn"), world.khcn)
    assert page["urged"]["count"] == 1 and page["urged"]["last_at"] == services.clock.now()
    (entry,) = [e for e in page["timeline"] if e["action"] == "instance.urged"]
    assert entry["urging"] == {"id": urging.id, "due_date": "2025-06-10", "days_late": 10}
    rows, _ = list_tasks(services, user(services, "theodoi"))
    assert {r["id"]: r["urged_count"] for r in rows} == {world.khcn: 1, world.noivu: 1, world.taichinh: 0}
    _, letter = issued_letter(services, user(services, "thanhtra"), urging.id)
    assert letter.addressees == ["Sở Khoa học và Công nghệ", "Sở Nội vụ"] and letter.task_count == 2


def test_a_selection_with_a_task_not_late_changes_nothing(any_services):
    services = any_services
    world = late_world(services)
    with pytest.raises(DomainError) as refused:
        issue_urging(services, user(services, "theodoi"), [world.khcn, world.taichinh])
    assert refused.value.key == "urging.not_late" and refused.value.params["task"] == world.taichinh
    for table in ("urgings", "urging_items", "notifications WHERE kind = 'urging'"):
        name, _, where = table.partition(" WHERE ")
        assert _count(services, name, where or "1=1") == 0
    assert _count(services, "audit_log", "action = 'instance.urged'") == 0
    with pytest.raises(DomainError) as empty:
        issue_urging(services, user(services, "theodoi"), [])
    assert empty.value.key == "urging.nothing_selected"


def test_needs_urging_leaves_out_what_was_urged_in_the_last_week(services):
    world = late_world(services)
    monitor = user(services, "theodoi")
    assert {r["id"] for r in needs_urging(services, monitor).rows} == {world.khcn, world.noivu}
    issue_urging(services, monitor, [world.khcn])
    assert [r["id"] for r in needs_urging(services, monitor).rows] == [world.noivu]
    services.clock.set(services.clock.now() + timedelta(days=8))
    assert {r["id"] for r in needs_urging(services, monitor).rows} == {world.khcn, world.noivu}
    assert needs_urging(services, user(services, "ld.khcn")).rows == []
    first = needs_urging(services, monitor, shown=1)                   # the dashboard shows the first ones
    assert len(first.rows) == 1 and first.total == 2 and not first.capped


def test_the_history_shows_the_monitors_letters_to_them_and_every_letter_to_auditors(services):
    world = late_world(services)
    issue_urging(services, user(services, "theodoi"), [world.khcn])
    issue_urging(services, user(services, "theodoi"), [world.khcn, world.noivu])
    mine = list_urgings(services, user(services, "theodoi"))
    assert [len(u.urging.items) for u in mine] == [2, 1]                          # newest first
    assert mine[0].agency_names == ("Sở Khoa học và Công nghệ", "Sở Nội vụ")
    assert len(list_urgings(services, user(services, "thanhtra"), directive_id=world.late_directive)) == 2
    assert list_urgings(services, user(services, "thanhtra"), directive_id=world.on_time_directive) == []
    received = list_urgings(services, user(services, "ld.noivu"))                # the letters addressed to them
    assert [len(u.urging.items) for u in received] == [2]
    assert [len(u.urging.items) for u in list_urgings(services, user(services, "ld.khcn"))] == [2, 1]
    with pytest.raises(Forbidden):
        list_urgings(services, user(services, "cv.khcn"))


def test_how_often_each_task_was_urged_is_counted_over_long_id_lists(services):
    world = late_world(services)
    issue_urging(services, user(services, "theodoi"), [world.khcn, world.noivu])
    services.clock.set(services.clock.now() + timedelta(days=3))
    issue_urging(services, user(services, "theodoi"), [world.noivu])
    with services.uow(write=False) as uow:
        summaries = uow.urgings.summaries(range(1, 3000))          # more ids than one IN list takes
    assert {i: s.count for i, s in summaries.items()} == {world.khcn: 1, world.noivu: 2}
    assert summaries[world.noivu].last_at == services.clock.now()
