"""What the monthly summary must say, worked out the slow, obvious way: every facts row
read into Python, for each instance the row it had at a moment (the last one, by id,
valid from that moment or before), judged by engine.domain.status.column_of, viewed as
the actor sees it (own agency, or a directive it follows). test_month_end_sql compares
the SQL (persistence/month_end_sql.py) with this, row by row."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from engine.domain.status import column_of
from engine.domain.status_rules import Facts
from persistence.models import AgencyRow, DirectiveRow, InstanceFactsRow, InstanceRow, TaskRow

F = InstanceFactsRow


@dataclass(frozen=True)
class Seen:
    """One assignment at a month's end, as the oracle sees it."""

    instance_id: int
    directive_id: int
    task_ref: str
    agency_code: str
    agency_name: str
    due_date: date | None
    column: str
    previous: str | None
    days_late: int

    @property
    def order(self) -> tuple:
        return self.directive_id, self.task_ref, self.agency_name, self.instance_id


def facts_rows(services) -> list[dict]:
    with services.uow(write=False) as uow:
        stmt = (select(F.id, F.instance_id, F.valid_from, F.directive_id, F.phase, F.due_date, F.accept_due,
                       F.completed_on_time, F.submitted_on_time, F.suspended_at, F.process_version_id,
                       AgencyRow.code.label("agency_code"), AgencyRow.name.label("agency_name"),
                       TaskRow.ref.label("task_ref"), DirectiveRow.monitor_agency, DirectiveRow.authority_agency)
                .join(AgencyRow, AgencyRow.id == F.agency_id).join(InstanceRow, InstanceRow.id == F.instance_id)
                .join(TaskRow, TaskRow.id == InstanceRow.task_id).join(DirectiveRow, DirectiveRow.id == F.directive_id))
        return [dict(r) for r in uow.session.execute(stmt).mappings()]


def as_of(rows: list[dict], moment: datetime) -> dict[int, dict]:
    found: dict[int, dict] = {}
    for row in rows:
        if row["valid_from"] <= moment and (row["instance_id"] not in found or row["id"] > found[row["instance_id"]]["id"]):
            found[row["instance_id"]] = row
    return found


def _sees(row: dict, viewer: str | None) -> bool:
    return viewer is None or viewer in (row["agency_code"], row["monitor_agency"], row["authority_agency"])


def month(rows: list[dict], viewer: str | None, now: tuple[datetime, date], before: tuple[datetime, date],
          directive_id: int | None = None) -> tuple[list[Seen], dict[int, tuple[int, str]]]:
    """The assignments counted at the month's end (with their previous column) and, by
    instance, the directive and column of those counted at the previous month's end."""
    def counted(moment):
        return {i: r for i, r in as_of(rows, moment).items()
                if _sees(r, viewer) and directive_id in (None, r["directive_id"])}
    previous = {i: (r["directive_id"], column_of(Facts.of(r), before[1])) for i, r in counted(before[0]).items()}
    seen = []
    for i, r in counted(now[0]).items():
        column = column_of(Facts.of(r), now[1])
        seen.append(Seen(i, r["directive_id"], r["task_ref"], r["agency_code"], r["agency_name"], r["due_date"],
                         column, previous.get(i, (None, None))[1], (now[1] - r["due_date"]).days if column == "open_late" else 0))
    return sorted(seen, key=lambda s: s.order), previous


def late_lists(seen: list[Seen]) -> list[tuple[str, int, list[int]]]:
    """(agency code, how many late, their instance ids most days late first), agencies
    with the most first."""
    late: dict[str, list[Seen]] = {}
    for s in seen:
        if s.column == "open_late":
            late.setdefault(s.agency_code, []).append(s)
    ordered = sorted(late.values(), key=lambda items: (-len(items), items[0].agency_name, items[0].agency_code))
    return [(items[0].agency_code, len(items),
             [s.instance_id for s in sorted(items, key=lambda s: (-s.days_late, s.directive_id, s.task_ref,
                                                                  s.instance_id))])
            for items in ordered]


def tallies(seen: list[Seen], year: int) -> dict[str, tuple[int, int]]:
    found: dict[str, list[int]] = {}
    for s in seen:
        if s.column in ("done_on_time", "done_late", "open_late") and s.due_date and s.due_date.year == year:
            found.setdefault(s.agency_code, [0, 0])[0 if s.column == "done_on_time" else 1] += 1
    return {code: (on_time, late) for code, (on_time, late) in found.items()}
