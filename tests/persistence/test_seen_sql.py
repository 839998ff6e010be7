"""What the task list, the dashboard and the directive list take in for a user of an
agency — its own assignments and every assignment of a directive it monitors or signs
off — on SQLite and PostgreSQL, for agencies that follow no directive, some, and every
one (persistence/seen_sql.py writes each case its own way): rows, counts, counts of one
agency, the agencies to choose from and the directives to choose from all agree with
the rule as stated, worked out here from the rows themselves."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select, update

from engine.domain.users import SYSTEM
from engine.usecases.directive_view import dashboard
from engine.usecases.directives import import_directive
from engine.usecases.queries import directive_choices, list_directives, list_tasks
from persistence.models import AgencyRow, DirectiveRow, InstanceRow, TaskRow
from tests.conftest import small_directive, user

VP, KHCN = "van-phong-ubnd-tinh", "so-khoa-hoc-va-cong-nghe"
USERS = ("ld.khcn", "ld.taichinh", "ld.noivu", "theodoi", "chutich", "thanhtra")


def _directives(services) -> None:
    """31: Sở KH&CN and Sở Nội vụ, followed by the provincial office (VP); 32: Sở Tài
    chính, monitored by Sở KH&CN; 33: Sở Nội vụ, followed by VP. The province's people's
    committee signs all three off."""
    for number, lead, monitor in (("31/KH-UBND", ("Sở Khoa học và Công nghệ", "Sở Nội vụ"), None),
                                  ("32/KH-UBND", ("Sở Tài chính",), "Sở Khoa học và Công nghệ"),
                                  ("33/KH-UBND", ("Sở Nội vụ",), None)):
        payload = small_directive(lead=lead, coordinating=(), number=number)
        if monitor:
            payload["document"]["monitor"] = monitor
        import_directive(services, SYSTEM, payload)


def _assignments(services) -> list[dict]:
    with services.uow(write=False) as uow:
        return [dict(r) for r in uow.session.execute(
            select(InstanceRow.id, AgencyRow.code.label("agency"), AgencyRow.name, DirectiveRow.id.label("directive"),
                   DirectiveRow.monitor_agency, DirectiveRow.authority_agency)
            .join(AgencyRow, AgencyRow.id == InstanceRow.agency_id).join(TaskRow, TaskRow.id == InstanceRow.task_id)
            .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id)).mappings()]


def _followed(services, agency: str) -> set[int]:
    with services.uow(write=False) as uow:
        return set(uow.session.scalars(select(DirectiveRow.id).where(
            (DirectiveRow.monitor_agency == agency) | (DirectiveRow.authority_agency == agency))))


def _check_what_each_user_sees(services) -> set[str]:
    """Every user's lists and counts against the rule; the kinds of agency met."""
    rows = _assignments(services)
    every_directive = {r["directive"] for r in rows}
    kinds = set()
    for login in USERS:
        actor = user(services, login)
        agency = actor.agency_code
        seen = [r for r in rows if actor.sees_everything or agency in (r["agency"], r["monitor_agency"],
                                                                         r["authority_agency"])]
        followed = _followed(services, agency)
        kinds.add("everything" if actor.sees_everything else "all" if followed == every_directive
                  else "some" if followed else "none")
        listed, total = list_tasks(services, actor, limit=1000)
        assert {r["id"] for r in listed} == {r["id"] for r in seen} and total == len(seen), login
        agencies = sorted({(r["agency"], r["name"]) for r in seen}, key=lambda a: a[1])
        view = dashboard(services, actor)
        assert view["total"] == len(seen), login
        assert [(a["code"], a["name"]) for a in view["agencies"]] == agencies, login
        for code in sorted({r["agency"] for r in rows} | {VP}):
            one = dashboard(services, actor, agency=code)
            assert one["total"] == sum(r["agency"] == code for r in seen), (login, code)
            assert [(a["code"], a["name"]) for a in one["agencies"]] == agencies, (login, code)
        counted = {d["id"]: d["total"] for d in list_directives(services, actor)}
        assert counted == dict(Counter(r["directive"] for r in seen)), login
        choices = {d["id"] for d in directive_choices(services, actor)}
        assert choices == (every_directive if actor.sees_everything
                           else followed | {r["directive"] for r in rows if r["agency"] == agency}), login
    return kinds


def test_each_agency_sees_its_own_and_what_it_follows(any_services):
    services = any_services
    _directives(services)
    # Sở KH&CN and VP follow some directives, Sở Tài chính and Sở Nội vụ none, the committee all
    assert _check_what_each_user_sees(services) == {"some", "none", "all", "everything"}
    # VP takes over 32: it now follows every directive, Sở KH&CN none
    with services.uow() as uow:
        uow.session.execute(update(DirectiveRow).where(DirectiveRow.monitor_agency == KHCN).values(monitor_agency=VP))
        uow.commit()
    assert _check_what_each_user_sees(services) == {"none", "all", "everything"}
