"""The monthly summary for leaders, as a pure model: from the facts each assignment had
at the end of a month (and of the month before), the counts in the form leaders use
per directive and for the province, the late list by agency, each agency's on-time
rate and rank for the year (the figures of the emulation review, thi đua) and what
changed since the previous month.

**As of month end.** The summary of 2025-09 says what was true at 30/09/2025 23:59
local, whenever it is run. An assignment's status depends on stored facts (phase,
deadline in force, acceptance due day, on-time flags, suspension) and on the day it is
judged; the facts change at moments the instance row forgets (an extension moves the
deadline, a completion closes the task). The audit log keeps the phase and the
deadline of each change but neither the acceptance due day nor the on-time flags, so
it does not suffice: the facts are kept in a history (table ``instance_facts``,
migration 0011_monthly_facts), one row per change, valid from the change and written in
the same transaction. The summary reads the row each assignment had at month end and
judges it on the month's last day with the one classifier
(engine.domain.status.column_of), so every assignment falls in exactly one column and
the columns add up to the total, as in every other count. A month still running is
judged as of now.

**On-time rate** (tỷ lệ đúng hạn) of an agency for the year: among its assignments whose
deadline in force falls in the year and that were, at month end, completed or past
their deadline, the share completed on time; assignments without a deadline are not
judged. Agencies are ranked by rate (equal rates share a rank), then by how many were
judged."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from engine.domain.status import BUCKETS, column_of
from engine.domain.status_rules import Facts

JUDGED = ("done_on_time", "done_late", "open_late")


@dataclass(frozen=True)
class Assignment:
    """One assignment as it stood at month end (one XLSX row)."""

    instance_id: int
    directive_id: int
    directive_number: str | None
    directive_title: str
    task_ref: str
    task_summary: str
    agency_code: str
    agency_name: str
    deadline_kind: str
    deadline_text: str | None
    due_date: date | None
    column: str
    days_late: int
    previous_column: str | None      # at the previous month's end (None: did not exist yet)


@dataclass
class CountRow:
    """The counts of one directive (or the province: ``directive_id`` None)."""

    directive_id: int | None
    label: str
    title: str
    counts: dict[str, int]
    previous: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def previous_total(self) -> int:
        return sum(self.previous.values())

    def delta(self, code: str) -> int:
        return self.counts[code] - self.previous[code]

    @property
    def total_delta(self) -> int:
        return self.total - self.previous_total

    @property
    def deltas(self) -> dict[str, int]:
        return {code: self.delta(code) for code in BUCKETS}


@dataclass(frozen=True)
class AgencyRate:
    agency_code: str
    agency_name: str
    on_time: int
    late: int             # completed late or open past the deadline
    rank: int

    @property
    def judged(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> float:
        return self.on_time / self.judged


@dataclass
class MonthlySummary:
    month: str                        # YYYY-MM
    as_of: date                       # the day judged (month end, or today in a running month)
    previous_month: str
    directive_id: int | None
    directives: list[CountRow]
    province: CountRow
    late_by_agency: list[tuple[str, list[Assignment]]]
    rates: list[AgencyRate]
    changes: list[Assignment]          # assignments whose column changed, new ones included
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def month_label(self) -> str:
        return f"{self.month[5:]}/{self.month[:4]}"


def _empty() -> dict[str, int]:
    return {code: 0 for code in BUCKETS}


def judge(rows: list[dict], day: date) -> dict[int, tuple[dict, str]]:
    """Each assignment (by instance id) with its count column on ``day``."""
    return {row["instance_id"]: (row, column_of(Facts.of(row), day)) for row in rows}


def build(month: str, previous_month: str, as_of: date, previous_as_of: date, rows: list[dict],
          previous_rows: list[dict], directive_id: int | None = None) -> MonthlySummary:
    """The summary from the facts rows at month end (``rows``) and at the end of the
    previous month (``previous_rows``), as FactsHistory.as_of returns them."""
    now, before = judge(rows, as_of), judge(previous_rows, previous_as_of)
    assignments = [_assignment(row, column, as_of, before.get(key, (None, None))[1])
                   for key, (row, column) in now.items()]
    assignments.sort(key=lambda a: (a.directive_id, a.task_ref, a.agency_name, a.instance_id))
    return MonthlySummary(
        month=month, as_of=as_of, previous_month=previous_month, directive_id=directive_id,
        directives=_directive_rows(now, before), province=_province_row(now, before),
        late_by_agency=_late_by_agency(assignments), rates=rank_agencies(assignments, as_of.year),
        changes=[a for a in assignments if a.column != a.previous_column], assignments=assignments)


def _assignment(row: dict, column: str, as_of: date, previous: str | None) -> Assignment:
    days_late = (as_of - row["due_date"]).days if column == "open_late" else 0
    return Assignment(
        instance_id=row["instance_id"], directive_id=row["directive_id"], directive_number=row["directive_number"],
        directive_title=row["directive_title"], task_ref=row["task_ref"], task_summary=row["task_summary"],
        agency_code=row["agency_code"], agency_name=row["agency_name"], deadline_kind=row["deadline_kind"],
        deadline_text=row.get("deadline_text"), due_date=row["due_date"], column=column, days_late=days_late,
        previous_column=previous)


def _directive_rows(now, before) -> list[CountRow]:
    rows: dict[int, CountRow] = {}
    for judged, side in ((now, "counts"), (before, "previous")):
        for row, column in judged.values():
            key = row["directive_id"]
            if key not in rows:
                rows[key] = CountRow(key, row["directive_number"] or "", row["directive_title"], _empty(), _empty())
            getattr(rows[key], side)[column] += 1
    return [rows[key] for key in sorted(rows)]


def _province_row(now, before) -> CountRow:
    counts, previous = _empty(), _empty()
    for _, column in now.values():
        counts[column] += 1
    for _, column in before.values():
        previous[column] += 1
    return CountRow(None, "", "", counts, previous)


def _late_by_agency(assignments: list[Assignment]) -> list[tuple[str, list[Assignment]]]:
    late: dict[str, list[Assignment]] = {}
    for a in assignments:
        if a.column == "open_late":
            late.setdefault(a.agency_name, []).append(a)
    return [(name, sorted(items, key=lambda a: (-a.days_late, a.directive_id, a.task_ref)))
            for name, items in sorted(late.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def rank_agencies(assignments: list[Assignment], year: int) -> list[AgencyRate]:
    """Each agency with a judged assignment of ``year``: its on-time rate and rank."""
    tally: dict[str, list] = {}
    for a in assignments:
        if a.column not in JUDGED or a.due_date is None or a.due_date.year != year:
            continue
        entry = tally.setdefault(a.agency_code, [a.agency_name, 0, 0])
        entry[1 if a.column == "done_on_time" else 2] += 1
    ordered = sorted(tally.items(), key=lambda kv: (-kv[1][1] / (kv[1][1] + kv[1][2]), -(kv[1][1] + kv[1][2]),
                                                    kv[1][0]))
    rates, rank, last_rate = [], 0, None
    for position, (code, (name, on_time, late)) in enumerate(ordered, start=1):
        rate = on_time / (on_time + late)
        if rate != last_rate:
            rank, last_rate = position, rate
        rates.append(AgencyRate(code, name, on_time, late, rank))
    return rates
