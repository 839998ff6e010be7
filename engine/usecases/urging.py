"""Urging (đôn đốc) for monitors: the late assignments the acting monitor may urge
(open, overdue by engine.domain.status's rule, of directives their agency monitors),
the letter a selection makes, and issuing it in one transaction — the letter kept with
its assignments, a notice and an e-mail to each addressed agency's leaders, and an
audit row (the task history's entry) on every urged assignment. Also the dashboard's
«cần đôn đốc» list: late assignments not urged in the last RECENT_URGING_DAYS days."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from engine.domain.access import can_urge
from engine.domain.calendar import local_date
from engine.domain.errors import DomainError, Forbidden
from engine.domain.formatting import fmt_day, short
from engine.domain.records import AuditEntry
from engine.domain.status import status_filter
from engine.domain.urging import (
    MAX_SELECTED, RECENT_URGING_DAYS, Addressed, LetterLine, Urging, UrgingItem, UrgingLetter, compose_letter, issuer_heading)
from engine.domain.users import User
from engine.ports import TaskQuery
from engine.usecases.context import Services
from engine.usecases.notify import send_notice
from engine.usecases.queries import status_fields, with_urged

ALL_LATE = 100_000      # issuing checks its selection against every late assignment
SCREEN_SCAN = 5_000     # the most late assignments one screen (choice, dashboard) reads
DASHBOARD_SHOWN = 25    # rows of the dashboard's list; the urging screen has the rest


def require_monitor(actor: User) -> None:
    if not can_urge(actor):
        raise Forbidden("urging.forbidden")


def _late_rows(services: Services, uow, actor: User, today: date, lang: str = "vi", *, limit: int = ALL_LATE,
               directive_id: int | None = None, agency: str | None = None) -> list[dict]:
    """The open overdue assignments of directives the actor's agency monitors (at most
    ``limit``, narrowed to a directive and a lead agency), with their status and how
    often they were urged."""
    rows, _ = uow.queries.tasks(TaskQuery(monitor_agency=actor.agency_code, criteria=[status_filter("overdue")],
                                          open_only=True, limit=limit, today=today, directive_id=directive_id,
                                          agency_code=agency or None))
    rows = [row | status_fields(services, uow, row, today, lang) for row in rows]
    late = [row for row in rows if row["overdue"]]
    return with_urged(uow, late)


@dataclass(frozen=True)
class UrgingChoices:
    """The urging screen: the late assignments under its filters, and the directives and
    agencies that have late assignments at all (the filters' choices)."""

    rows: list[dict]
    directives: list[tuple[int, str]]      # (id, number or title), newest id first
    agencies: list[tuple[str, str]]        # (code, name), by name
    capped: bool = False                   # more were late than one screen reads: narrow the filters


def late_assignments(services: Services, actor: User, *, directive_id: int | None = None,
                     agency: str | None = None, lang: str = "vi") -> UrgingChoices:
    """What the urging screen offers: the actor's late assignments, by deadline."""
    require_monitor(actor)
    today = local_date(services.clock.now())
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        every = _late_rows(services, uow, actor, today, lang=lang, limit=SCREEN_SCAN)
        rows = (every if directive_id is None and not agency else
                _late_rows(services, uow, actor, today, lang=lang, limit=SCREEN_SCAN, directive_id=directive_id,
                           agency=agency))
    directives = sorted({(r["directive_id"], r["number"] or short(r["directive_title"], 70)) for r in every},
                        key=lambda d: -d[0])
    agencies = sorted({(r["agency_code"], r["agency_name"]) for r in every}, key=lambda a: a[1])
    return UrgingChoices(rows, directives, agencies, capped=len(every) >= SCREEN_SCAN or len(rows) >= SCREEN_SCAN)


@dataclass(frozen=True)
class NeedsUrging:
    """The dashboard's list: its first rows, how many there are among the late
    assignments read, and whether more were late than one screen reads."""

    rows: list[dict]
    total: int
    capped: bool


def needs_urging(services: Services, actor: User, lang: str = "vi", days: int = RECENT_URGING_DAYS,
                 shown: int = DASHBOARD_SHOWN) -> NeedsUrging:
    """Late assignments the actor may urge that nobody urged in the last ``days`` days
    (none for whoever is not a monitor), the first ``shown`` of them."""
    if not can_urge(actor):
        return NeedsUrging([], 0, False)
    now = services.clock.now()
    since = now - timedelta(days=days)
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        rows = _late_rows(services, uow, actor, local_date(now), lang=lang, limit=SCREEN_SCAN)
    due = sorted((row for row in rows if row["last_urged_at"] is None or row["last_urged_at"] < since),
                 key=lambda row: -(row["days_late"] or 0))
    return NeedsUrging(due[:shown], len(due), len(rows) >= SCREEN_SCAN)


def _selected(services: Services, uow, actor: User, instance_ids: list[int], today: date) -> list[dict]:
    wanted = list(dict.fromkeys(instance_ids))
    if not wanted:
        raise DomainError("urging.nothing_selected")
    if len(wanted) > MAX_SELECTED:
        raise DomainError("urging.too_many", max=MAX_SELECTED)
    late = {row["id"]: row for row in _late_rows(services, uow, actor, today)}
    for instance_id in wanted:
        if instance_id not in late:
            raise DomainError("urging.not_late", task=instance_id)
    return [late[i] for i in wanted]


def _issuer(uow, actor: User, rows: list[dict]) -> tuple[str, str, str]:
    issuer = uow.agencies.by_code(actor.agency_code)
    directive = uow.directives.get(rows[0]["directive_id"])
    authority = uow.agencies.by_code(directive.authority_agency) if directive.authority_agency else None
    return issuer_heading(actor.agency_code, issuer.name if issuer else None, issuer.parent if issuer else None,
                          authority.name if authority else None)


def _letter(uow, actor: User, rows: list[dict], day: date) -> UrgingLetter:
    parent, issuer, place = _issuer(uow, actor, rows)
    assignments = [Addressed(row["agency_code"], row["agency_name"], LetterLine(
        instance_id=row["id"], directive_label=row["number"] or short(row["directive_title"], 70),
        task_ref=row["ref"], task_summary=row["summary"], due_date=row["due_date"], days_late=row["days_late"]))
        for row in rows]
    return compose_letter(parent, issuer, place, day, assignments)


def draft_letter(services: Services, actor: User, instance_ids: list[int]) -> UrgingLetter:
    """The letter the selection would make today (the preview); nothing is stored."""
    require_monitor(actor)
    today = local_date(services.clock.now())
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        return _letter(uow, actor, _selected(services, uow, actor, instance_ids, today), today)


def issue_urging(services: Services, actor: User, instance_ids: list[int]) -> Urging:
    """Issue the letter of the selection: kept, sent to each agency's leaders, written
    on each task's history — all or nothing."""
    require_monitor(actor)
    now = services.clock.now()
    today = local_date(now)
    with services.uow() as uow:
        services.refresh_calendar(uow)
        rows = _selected(services, uow, actor, instance_ids, today)
        letter = _letter(uow, actor, rows, today)
        urging = uow.urgings.add(Urging(
            issuer_agency=actor.agency_code, issued_by=actor.login, issued_by_name=actor.name, issued_at=now,
            issued_on=today, subject=letter.subject,
            items=[UrgingItem(line.instance_id, group.agency_code, line.due_date, line.days_late)
                   for group in letter.groups for line in group.lines]))
        for group in letter.groups:
            _notify_agency(services, uow, letter, group, urging.id, now)
        by_id = {row["id"]: row for row in rows}
        for item in urging.items:
            _audit(uow, actor, by_id[item.instance_id], urging, item, now)
        uow.commit()
    return urging


def _notify_agency(services: Services, uow, letter: UrgingLetter, group, urging_id: int, now) -> None:
    tasks = "\n".join(f"- {short(line.task_summary)} ({line.directive_label}, hạn {fmt_day(line.due_date)}, "
                      f"quá hạn {line.days_late} ngày)" for line in group.lines)
    params = {"issuer": letter.issuer, "agency": group.agency_name, "count": len(group.lines), "tasks": tasks,
              "day": fmt_day(letter.day)}
    first = group.lines[0].instance_id
    send_notice(uow, uow.users.with_role(group.agency_code, "leader"), "urging", params, f"/urgings/{urging_id}",
                first, services.base_url, now)


def _audit(uow, actor: User, row: dict, urging: Urging, item: UrgingItem, now) -> None:
    uow.audit.append(AuditEntry(
        at=now, actor_login=actor.login, actor_name=actor.name, agency_code=actor.agency_code,
        action="instance.urged", instance_id=item.instance_id, task_id=row["task_id"],
        directive_id=row["directive_id"],
        before=None, after={"data": {"urging": urging.id, "agency": item.agency_code,
                                     "due_date": item.due_date.isoformat(), "days_late": item.days_late}}))
