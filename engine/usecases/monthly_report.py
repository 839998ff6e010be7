"""Reading the monthly summary (engine.usecases.monthly_summary): who may ask for it,
which month is meant (YYYY-MM, not after the current one), which assignments the
actor sees, and the facts as of the month's end and the previous month's end."""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from engine.domain.calendar import end_of_day, local_date
from engine.domain.errors import DomainError, Forbidden, NotFound
from engine.domain.input_limits import id_in_range
from engine.domain.users import User
from engine.usecases.context import Services
from engine.usecases.monthly_summary import MonthlySummary, build

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


def _moment_and_day(year: int, month: int, now: datetime) -> tuple[datetime, date]:
    """The moment the month is judged at (its last second, or now) and that day."""
    last = end_of_day(month_end(year, month))
    return (last, month_end(year, month)) if last <= now else (now, local_date(now))


def _visible(rows: list[dict], actor: User) -> list[dict]:
    if actor.sees_everything:
        return rows
    own = actor.agency_code
    return [r for r in rows if own in (r["agency_code"], r["monitor_agency"], r["authority_agency"])]


def _follows(actor: User, directive) -> bool:
    """Whether ``actor`` sees the directive even in a month none of its assignments did."""
    return actor.sees_everything or actor.agency_code in (directive.monitor_agency, directive.authority_agency)


def monthly_summary(services: Services, actor: User, month: str | None,
                    directive_id: int | str | None = None) -> MonthlySummary:
    """The summary of ``month`` for the whole province or one directive, as ``actor`` sees it."""
    if not may_read_summary(actor):
        raise Forbidden("report.forbidden")
    now = services.clock.now()
    year, number = parse_month(month, local_date(now))
    directive = _directive_id(directive_id)
    before = previous_month(year, number)
    moment, day = _moment_and_day(year, number, now)
    previous_moment, previous_day = _moment_and_day(*before, now)
    with services.uow(write=False) as uow:
        found = uow.directives.get(directive) if directive is not None else None
        if directive is not None and found is None:
            raise NotFound("directive.not_found", directive=directive)
        rows = _visible(uow.instances.facts_as_of(moment, directive), actor)
        previous = _visible(uow.instances.facts_as_of(previous_moment, directive), actor)
    if found is not None and not (rows or previous or _follows(actor, found)):
        raise Forbidden("directive.forbidden")
    return build(f"{year:04d}-{number:02d}", f"{before[0]:04d}-{before[1]:02d}", day, previous_day,
                 rows, previous, directive)


def _directive_id(value) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not text.isdigit() or not id_in_range(int(text)):
        raise NotFound("directive.not_found", directive=text[:20])
    return int(text)
