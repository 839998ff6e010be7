"""Reading the monthly summary (engine.usecases.monthly_summary): who may ask for it,
which month is meant (YYYY-MM, not after the current one), whose assignments the
actor sees, and the counts as of the month's end and the previous month's end.

The whole province's counts of a month that has ended do not change any more (the
facts history only grows forward), so the first reading of such a month keeps them
(one short transaction after the read) and later readings — by anyone who sees every
assignment — read them back instead of counting a million again. The lists (late,
changes) are read each time, bounded. A month still running is always counted."""
from __future__ import annotations

import calendar
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterator

from engine.domain.calendar import end_of_day, local_date
from engine.domain.errors import DomainError, Forbidden, NotFound
from engine.domain.input_limits import id_in_range
from engine.domain.monthly import Assignment, MonthCounts, MonthEnd, SummaryScope
from engine.domain.users import User
from engine.usecases import monthly_summary as model
from engine.usecases.context import Services
from engine.usecases.monthly_summary import MonthlySummary

READERS = ("leader", "monitor", "authority", "auditor", "admin")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def may_read_summary(actor: User) -> bool:
    return actor.has(*READERS)


def parse_month(text: str | None, today: date) -> tuple[int, int]:
    """(year, month) of «YYYY-MM»; a DomainError for anything else or a month to come."""
    found = _MONTH.match((text or "").strip())
    if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
        raise DomainError("report.bad_month", month=(text or "")[:20])
    year, month = int(found.group(1)), int(found.group(2))
    if (year, month) > (today.year, today.month):
        raise DomainError("report.future_month", month=f"{year:04d}-{month:02d}")
    return year, month


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_end_or_now(year: int, month: int, now: datetime) -> MonthEnd:
    """The moment the month is judged at (its last second, or now) and that day."""
    last = end_of_day(month_end(year, month))
    return MonthEnd(last, month_end(year, month)) if last <= now else MonthEnd(now, local_date(now))


@dataclass(frozen=True)
class _Request:
    month: str
    previous_month: str
    scope: SummaryScope
    ended: bool                 # the month is over: its counts no longer change
    whole: bool                 # the actor sees every assignment of the province


def _request(uow, actor: User, month: str | None, directive_id, now: datetime) -> _Request:
    if not may_read_summary(actor):
        raise Forbidden("report.forbidden")
    year, number = parse_month(month, local_date(now))
    directive = _directive_id(directive_id)
    before = previous_month(year, number)
    found = uow.directives.get(directive) if directive is not None else None
    if directive is not None and found is None:
        raise NotFound("directive.not_found", directive=directive)
    viewer, followed, every = None, (), True
    if not actor.sees_everything:
        followed, every = uow.month_end.followed(actor.agency_code)
        # following every directive, the actor sees every assignment: counted as such
        viewer, followed = (None, ()) if every else (actor.agency_code, followed)
    scope = SummaryScope(_month_end_or_now(year, number, now), _month_end_or_now(*before, now), directive, viewer,
                         followed)
    return _Request(f"{year:04d}-{number:02d}", f"{before[0]:04d}-{before[1]:02d}", scope,
                    ended=scope.now.moment < now, whole=every and directive is None)


def _counts(uow, request: _Request) -> tuple[MonthCounts, bool]:
    """The month's counts, and whether they are worth keeping (counted afresh for the
    whole province of a month that has ended)."""
    if request.whole and request.ended:
        kept = uow.month_end.kept(request.scope.now)
        if kept is not None:
            return kept, False
        return uow.month_end.counts(request.scope), True
    return uow.month_end.counts(request.scope), False


def _summary(uow, request: _Request) -> tuple[MonthlySummary, MonthCounts, bool]:
    scope = request.scope
    counts, to_keep = _counts(uow, request)
    if scope.directive_id is not None and not counts.directives and scope.directive_id not in scope.followed \
            and scope.viewer_agency is not None:
        raise Forbidden("directive.forbidden")
    late = model.late_totals(counts.agencies)
    shown = uow.month_end.late(scope, [code for code, _, _ in late], model.LATE_SHOWN_PER_AGENCY) if late else {}
    to_list = model.directives_to_list(model.changes_by_directive(counts.directives), model.CHANGES_SHOWN)
    changes = uow.month_end.changes(scope, to_list) if to_list else []
    labels = uow.month_end.labels(d.directive_id for d in counts.directives)
    summary = model.build(request.month, request.previous_month, scope.now.day, scope.directive_id, counts, labels,
                          shown, changes)
    return summary, counts, to_keep


def monthly_summary(services: Services, actor: User, month: str | None,
                    directive_id: int | str | None = None) -> MonthlySummary:
    """The summary of ``month`` for the whole province or one directive, as ``actor`` sees it."""
    now = services.clock.now()
    with services.uow(write=False) as uow:
        request = _request(uow, actor, month, directive_id, now)
        summary, counts, to_keep = _summary(uow, request)
    if to_keep:
        with services.uow() as uow:
            uow.month_end.keep(request.scope.now, counts, now)
            uow.commit()
    return summary


@dataclass
class MonthlyRows:
    """The summary with every assignment and every late one, read while it is open."""

    summary: MonthlySummary
    assignments: Iterator[Assignment]
    late: Iterator[Assignment]


@contextmanager
def monthly_rows(services: Services, actor: User, month: str | None,
                 directive_id: int | str | None = None) -> Iterator[MonthlyRows]:
    """The summary and its rows (the XLSX), all read in one transaction, kept open
    while the caller writes them out."""
    now = services.clock.now()
    with services.uow(write=False) as uow:
        request = _request(uow, actor, month, directive_id, now)
        summary, _, _ = _summary(uow, request)
        yield MonthlyRows(summary, uow.month_end.assignments(request.scope), uow.month_end.late_rows(request.scope))


def _directive_id(value) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not text.isdigit() or not id_in_range(int(text)):
        raise NotFound("directive.not_found", directive=text[:20])
    return int(text)
