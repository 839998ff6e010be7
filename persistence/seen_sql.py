"""Which assignments the lists and counts of an agency's users take in: those of the
agency itself, and every assignment of a directive the agency monitors or signs off —
written as the cheapest SQL that selects exactly those for that agency.

Written as one OR over instances, tasks and directives, that rule makes PostgreSQL join
every assignment of the province to its directive before it keeps any (a leader's task
list took 1.5 s at a million assignments, their dashboard 1 s). But an agency usually
follows no directive at all (its users see its own assignments: one range of the
agency index) or, as the provincial office does, every directive (everything is seen:
no condition). Only an agency following some directives but not all needs the OR and
its join; one look at the directives table tells which case holds."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from persistence.models import DirectiveRow, InstanceRow


@dataclass(frozen=True)
class Seen:
    """The condition on instances, None when every assignment is seen; ``by_directive``:
    it reads DirectiveRow, which the query must join (through TaskRow)."""

    condition: ColumnElement | None
    by_directive: bool = False


def seen_by(session: Session, agency_code: str, agency_id: int) -> Seen:
    """What ``agency_code`` (whose id is ``agency_id``) sees."""
    follows = or_(DirectiveRow.monitor_agency == agency_code, DirectiveRow.authority_agency == agency_code)
    directives, followed = session.execute(
        select(func.count(), func.coalesce(func.sum(case((follows, 1), else_=0)), 0))).one()
    if not followed:
        return Seen(InstanceRow.agency_id == agency_id)
    if followed == directives:
        return Seen(None)
    return Seen(or_(InstanceRow.agency_id == agency_id, follows), by_directive=True)
