"""The urging letters already issued: the list (a monitor's agency's letters, the letters
addressed to a leader's agency, every letter for auditors and administrators, narrowed
to a directive) and one letter as it
went out — rebuilt from what was kept (the deadline in force and the days late of that
day), so the preview, the page and the DOCX of a letter always say the same."""
from __future__ import annotations

from dataclasses import dataclass

from engine.domain.access import can_read_urgings
from engine.domain.errors import Forbidden, NotFound
from engine.domain.formatting import short
from engine.domain.urging import Addressed, LetterLine, Urging, UrgingLetter, compose_letter, issuer_heading
from engine.domain.users import User
from engine.usecases.context import Services

HISTORY_LIMIT = 200


@dataclass(frozen=True)
class _Scope:
    """Which letters one reader sees: every one (both None), those its agency issued, or
    those addressed to its agency."""
    issuer: str | None = None
    addressed: str | None = None

    def admits(self, urging: Urging) -> bool:
        if self.issuer is not None and urging.issuer_agency == self.issuer:
            return True
        if self.addressed is not None and any(i.agency_code == self.addressed for i in urging.items):
            return True
        return self.issuer is None and self.addressed is None


def _scope(actor: User) -> _Scope:
    if not can_read_urgings(actor):
        raise Forbidden("urging.read_forbidden")
    if actor.has("auditor", "admin"):
        return _Scope()
    if actor.has("monitor"):
        return _Scope(issuer=actor.agency_code)
    return _Scope(addressed=actor.agency_code)


@dataclass(frozen=True)
class IssuedUrging:
    urging: Urging
    issuer_name: str
    agency_names: tuple[str, ...]      # the addressed agencies, by name


def list_urgings(services: Services, actor: User, directive_id: int | None = None) -> list[IssuedUrging]:
    scope = _scope(actor)
    with services.uow(write=False) as uow:
        urgings = uow.urgings.listed(scope.issuer, directive_id, HISTORY_LIMIT, addressed_agency=scope.addressed)
        names = uow.queries.agency_names({u.issuer_agency for u in urgings}
                                         | {i.agency_code for u in urgings for i in u.items})
    return [IssuedUrging(u, names.get(u.issuer_agency, u.issuer_agency),
                         tuple(sorted({names.get(i.agency_code, i.agency_code) for i in u.items})))
            for u in urgings]


def issued_letter(services: Services, actor: User, urging_id: int) -> tuple[Urging, UrgingLetter]:
    """One issued letter and its words, for whoever may read it."""
    scope = _scope(actor)
    with services.uow(write=False) as uow:
        urging = uow.urgings.get(urging_id)
        if urging is None:
            raise NotFound("urging.not_found", urging=urging_id)
        if not scope.admits(urging):
            raise Forbidden("urging.read_forbidden")
        assignments, authority_name = [], ""
        for item in urging.items:
            instance, task, directive, agency_name = uow.instances.with_context(item.instance_id)
            if not authority_name and directive.authority_agency:
                authority = uow.agencies.by_code(directive.authority_agency)
                authority_name = authority.name if authority else ""
            agency = uow.agencies.by_code(item.agency_code)
            assignments.append(Addressed(item.agency_code, agency.name if agency else agency_name, LetterLine(
                instance_id=instance.id, directive_label=directive.number or short(directive.title, 70),
                task_ref=task.ref, task_summary=task.summary, due_date=item.due_date, days_late=item.days_late)))
        issuer = uow.agencies.by_code(urging.issuer_agency)
    parent, issuer_name, place = issuer_heading(urging.issuer_agency, issuer.name if issuer else None,
                                                issuer.parent if issuer else None, authority_name or None)
    letter = compose_letter(parent, issuer_name, place, urging.issued_on, assignments)
    return urging, letter
