"""Whose steps an inbox shows, pinned to the rule as first written (an OR of three
terms: assigned to the user; unassigned in their agency in one of their roles; for a
leader, every officer step of their agency) while the SQL reads them as three disjoint
branches (persistence/inbox_queries.py). On SQLite and PostgreSQL, over real steps of
accepted tasks and a table of variations of them — a deputy who is both leader and
officer, an officer, the monitor, an officer step nobody holds, steps with no due day,
optional steps, a step of another agency assigned to the user — every user's counts
and every page agree with that rule, with and without a search."""
from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from engine.domain.users import SYSTEM, User
from engine.ports import StepQuery
from engine.usecases.directives import import_directive
from engine.usecases.inbox import InboxFilter, inbox
from engine.usecases.steps import complete_step
from persistence.models import AgencyRow, DirectiveRow, InstanceRow, PendingStepRow, TaskRow
from tests.conftest import small_directive, user

KHCN, VP = "so-khoa-hoc-va-cong-nghe", "van-phong-ubnd-tinh"
TODAY, SOON = date(2025, 6, 2), date(2025, 6, 5)
DEADLINES = ("2025-05-20", "2025-06-04", "2025-08-15", "2025-07-31")
LANE_ROLES = ("officer", "leader", "coordinator", "monitor", "authority")


def _accepted_tasks(services) -> None:
    """Four KHCN tasks: two accepted for cv.khcn, one for the deputy pho.khcn (leader
    and officer), one left waiting for acceptance."""
    with services.uow() as uow:
        uow.users.add(User(login="pho.khcn", name="Phó Giám đốc Sở KH&CN", agency_code=KHCN,
                           roles=frozenset({"leader", "officer"})), None)
        uow.commit()
    for n, deadline in enumerate(DEADLINES):
        payload = small_directive(deadline={"kind": "date", "value": deadline, "text": deadline},
                                  number=f"{20 + n}/KH-UBND")
        import_directive(services, SYSTEM, payload)
    leader = user(services, "ld.khcn")
    accepts = inbox(services, leader, InboxFilter(forms=("accept",))).rows
    for row, officer in zip(sorted(accepts, key=lambda r: r["number"])[:3], ("cv.khcn", "pho.khcn", "cv.khcn")):
        complete_step(services, leader, row["id"], {"decision": "accept", "officer": officer})


def _variations(services) -> None:
    """Copies of real steps changed in who holds them, their role, agency, due day and
    whether they are optional."""
    with services.uow() as uow:
        session = uow.session
        agency = dict(session.execute(select(AgencyRow.code, AgencyRow.id)).all())
        model = session.scalars(select(PendingStepRow).where(PendingStepRow.role == "officer")
                                .order_by(PendingStepRow.due_date)).first()
        variants = [  # role, agency, assignee, due, optional
            ("officer", KHCN, None, model.due_date, False),              # an officer step nobody holds
            ("officer", KHCN, None, None, False),
            ("officer", KHCN, "pho.khcn", None, False),
            ("officer", KHCN, "cv2.khcn", TODAY + timedelta(days=1), False),
            ("officer", KHCN, "cv.khcn", TODAY, True),                   # optional
            ("leader", KHCN, None, TODAY - timedelta(days=3), False),
            ("leader", KHCN, "pho.khcn", SOON, False),                   # a leader step given to the deputy
            ("coordinator", KHCN, None, SOON + timedelta(days=1), False),
            ("monitor", VP, None, TODAY - timedelta(days=8), False),     # the monitor's review
            ("monitor", VP, None, None, False),
            ("monitor", VP, "theodoi", SOON, False),
            ("officer", "so-noi-vu", "pho.khcn", TODAY, False),          # another agency's step, assigned to the deputy
            ("officer", "so-noi-vu", None, TODAY, False),
            ("authority", "ubnd-tinh-an-giang", None, TODAY, True),
        ]
        for role, code, assignee, due, optional in variants:
            session.add(PendingStepRow(
                id=str(uuid.uuid4()), instance_id=model.instance_id, name=model.name, title=model.title,
                form=model.form if role == "officer" else f"{role}_review", role=role, agency_id=agency[code],
                assignee_login=assignee, due_date=due, period=model.period, optional=optional,
                created_at=model.created_at))
        uow.commit()


def _steps_as_written(services) -> list[dict]:
    """Every pending step with what the rule and a search look at."""
    with services.uow(write=False) as uow:
        stmt = (select(PendingStepRow.id, PendingStepRow.role, PendingStepRow.agency_id, PendingStepRow.assignee_login,
                       PendingStepRow.due_date, PendingStepRow.form, PendingStepRow.optional, PendingStepRow.title,
                       TaskRow.summary, DirectiveRow.number, DirectiveRow.title.label("directive_title"))
                .join(InstanceRow, InstanceRow.id == PendingStepRow.instance_id)
                .join(TaskRow, TaskRow.id == InstanceRow.task_id)
                .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id))
        return [dict(r) for r in uow.session.execute(stmt).mappings()]


def _as_first_written(step: dict, query: StepQuery, agency_id: int | None) -> bool:
    return bool((query.login and step["assignee_login"] == query.login)
                or (agency_id is not None and query.roles and step["agency_id"] == agency_id
                    and step["role"] in query.roles and step["assignee_login"] is None)
                or (agency_id is not None and query.include_officers and step["agency_id"] == agency_id
                    and step["role"] == "officer"))


def _mine(step: dict, query: StepQuery) -> int:
    return int(bool(query.login) and (step["assignee_login"] == query.login
                                      or (step["assignee_login"] is None and step["role"] in query.roles)))


def _urgency(due: date | None) -> str:
    if due is None:
        return "none"
    return "overdue" if due < TODAY else "due_soon" if due <= SOON else "normal"


def _found(step: dict, search: str | None) -> bool:
    texts = (step["summary"], step["number"] or "", step["directive_title"], step["title"])
    return not search or any(search.lower() in t.lower() for t in texts)


def _queries(services):
    """Each user's inbox questions: with and without their officers' steps, optional
    steps, a search; and an auditor's look at the KHCN agency."""
    for login in ("pho.khcn", "ld.khcn", "cv.khcn", "cv2.khcn", "theodoi", "ld.noivu", "nobody.here"):
        person = user(services, login)
        roles = sorted(person.roles) if person else ["officer"]
        code = person.agency_code if person else None
        for officers in (True, False):
            for optional in (False, True):
                for search in (None, "22/KH", "thử nghiệm"):
                    yield StepQuery(login=login, agency_code=code, roles=roles, optional=optional, search=search,
                                    include_officers=officers and "leader" in roles)
    for search in (None, "23/KH"):
        yield StepQuery(agency_code=KHCN, roles=LANE_ROLES, include_officers=True, search=search)


@pytest.mark.parametrize("choice", [{}, {"urgencies": ("overdue", "none")}, {"forms": ("completion_report",)}])
def test_every_inbox_reads_the_steps_the_rule_as_first_written_gives(any_services, choice):
    services = any_services
    _accepted_tasks(services)
    _variations(services)
    steps = _steps_as_written(services)
    with services.uow(write=False) as uow:
        agency_ids = dict(uow.session.execute(select(AgencyRow.code, AgencyRow.id)).all())
    seen_mine = Counter()
    for query in _queries(services):
        query.today, query.soon_limit, query.soon_limits = TODAY, SOON, {}
        query.urgencies, query.forms = choice.get("urgencies", ()), choice.get("forms", ())
        agency_id = agency_ids.get(query.agency_code, -1) if query.agency_code else None
        theirs = [s for s in steps if _as_first_written(s, query, agency_id) and s["optional"] == query.optional
                  and _found(s, query.search)]
        expected = Counter((_urgency(s["due_date"]), s["form"], _mine(s, query)) for s in theirs)
        seen_mine.update(m for (_, _, m) in expected)
        kept = sorted((s for s in theirs if (not query.urgencies or _urgency(s["due_date"]) in query.urgencies)
                       and (not query.forms or s["form"] in query.forms)),
                      key=lambda s: (s["due_date"] is None, s["due_date"] or date.min, s["id"]))
        with services.uow(write=False) as uow:
            facets = Counter({(f["urgency"], f["form"], f["mine"]): f["count"]
                              for f in uow.queries.inbox_facets(query)})
            assert facets == expected, vars(query)
            for offset in (0, 3):
                query.limit, query.offset = 4, offset
                page = [r["id"] for r in uow.queries.inbox_page(query)]
                assert page == [s["id"] for s in kept[offset:offset + 4]], vars(query)
    assert seen_mine[0] and seen_mine[1]       # both kinds of row were counted
