"""The monthly summary for leaders, as a pure model: from the counts the database gives
for the end of a month (and of the month before), the counts in the form leaders use
per directive and for the province, the late list by agency, each agency's on-time
rate and rank for the year (the figures of the emulation review, thi đua) and what
changed since the previous month.

**As of month end.** The summary of 2025-09 says what was true at 30/09/2025 23:59
local, whenever it is run. An assignment's status depends on stored facts (phase,
deadline in force, acceptance due day, on-time flags, suspension) and on the day it is
judged; the facts change at moments the instance row forgets (an extension moves the
deadline, a completion closes the task), so they are kept in a history (table
``instance_facts``, migrations 0011_monthly_facts and 0013_month_end_counts), one row
per change, valid from the change until the next (``valid_to``), written in the same
transaction. The summary counts the row each assignment had at month end, judged on
the month's last day by the one classifier — engine.domain.status.COLUMN_RULES, in SQL
(persistence/status_sql.py, persistence/month_end_sql.py) — so every assignment falls
in exactly one column and the columns add up to the total, as in every other count.
A month still running is judged as of now.

**At scale** the counts are GROUP BYs in the database, never assignments loaded one by
one; the late list shows at most ``LATE_SHOWN_PER_AGENCY`` assignments per agency and
the list of changes at most ``CHANGES_SHOWN``, each with its total («và N nhiệm vụ
khác»). Only the XLSX has one row per assignment, streamed (web/exports).

**On-time rate** (tỷ lệ đúng hạn) of an agency for the year: among its assignments whose
deadline in force falls in the year and that were, at month end, completed or past
their deadline, the share completed on time; assignments without a deadline are not
judged. Agencies are ranked by rate (equal rates share a rank), then by how many were
judged."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engine.domain.monthly import AgencyCell, Assignment, DirectiveCounts, MonthCounts
from engine.domain.status import BUCKETS

JUDGED = ("done_on_time", "done_late", "open_late")
LATE_SHOWN_PER_AGENCY = 10      # late assignments listed per agency (page, DOCX, JSON); the XLSX has them all
CHANGES_SHOWN = 100             # assignments that changed column, listed (page, DOCX, JSON); the XLSX has them all


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


@dataclass(frozen=True)
class LateGroup:
    """An agency's late assignments: ``total`` of them, the first ``tasks`` listed
    (most days late first)."""

    agency_code: str
    agency_name: str
    total: int
    tasks: list[Assignment]

    @property
    def more(self) -> int:
        return self.total - len(self.tasks)


@dataclass
class MonthlySummary:
    month: str                        # YYYY-MM
    as_of: date                       # the day judged (month end, or today in a running month)
    previous_month: str
    directive_id: int | None
    directives: list[CountRow]
    province: CountRow
    late_by_agency: list[LateGroup]
    rates: list[AgencyRate]
    changes: list[Assignment]          # the first CHANGES_SHOWN that changed column, new ones included
    changes_total: int

    @property
    def month_label(self) -> str:
        return f"{self.month[5:]}/{self.month[:4]}"

    @property
    def changes_more(self) -> int:
        return self.changes_total - len(self.changes)


def empty_counts() -> dict[str, int]:
    return {code: 0 for code in BUCKETS}


def count_rows(directives: list[DirectiveCounts], labels: dict[int, tuple[str | None, str]]) -> list[CountRow]:
    """One row per directive with an assignment counted at either month end, by id."""
    rows = []
    for counted in sorted(directives, key=lambda d: d.directive_id):
        number, title = labels.get(counted.directive_id, (None, ""))
        rows.append(CountRow(counted.directive_id, number or "", title, empty_counts() | counted.counts,
                             empty_counts() | counted.previous))
    return rows


def province_row(rows: list[CountRow]) -> CountRow:
    counts, previous = empty_counts(), empty_counts()
    for row in rows:
        for code in BUCKETS:
            counts[code] += row.counts[code]
            previous[code] += row.previous[code]
    return CountRow(None, "", "", counts, previous)


def changes_by_directive(directives: list[DirectiveCounts]) -> dict[int, int]:
    return {d.directive_id: d.changes for d in directives if d.changes}


def directives_to_list(changes: dict[int, int], shown: int) -> list[int]:
    """The first directives (by id) holding the first ``shown`` changes: the list of
    changes runs directive by directive, so its first entries lie in them."""
    chosen, total = [], 0
    for directive_id in sorted(changes):
        if total >= shown:
            break
        chosen.append(directive_id)
        total += changes[directive_id]
    return chosen


def late_totals(cells: list[AgencyCell]) -> list[tuple[str, str, int]]:
    """(code, name, late assignments) of each agency with one, most first, then by name."""
    totals: dict[str, list] = {}
    for cell in cells:
        if cell.column == "open_late":
            totals.setdefault(cell.agency_code, [cell.agency_name, 0])[1] += cell.count
    return sorted(((code, name, n) for code, (name, n) in totals.items()), key=lambda t: (-t[2], t[1]))


def late_groups(totals: list[tuple[str, str, int]], shown: dict[str, list[Assignment]], limit: int) -> list[LateGroup]:
    return [LateGroup(code, name, total, sorted(shown.get(code, []), key=late_order)[:limit])
            for code, name, total in totals]


def late_order(a: Assignment) -> tuple:
    return (-a.days_late, a.directive_id, a.task_ref, a.agency_name, a.instance_id)


def rank_agencies(cells: list[AgencyCell]) -> list[AgencyRate]:
    """Each agency with a judged assignment of the year: its on-time rate and rank."""
    tally: dict[str, list] = {}
    for cell in cells:
        if cell.column not in JUDGED or not cell.due_in_year:
            continue
        entry = tally.setdefault(cell.agency_code, [cell.agency_name, 0, 0])
        entry[1 if cell.column == "done_on_time" else 2] += cell.count
    ordered = sorted(tally.items(), key=lambda kv: (-kv[1][1] / (kv[1][1] + kv[1][2]), -(kv[1][1] + kv[1][2]),
                                                    kv[1][0]))
    rates, rank, last_rate = [], 0, None
    for position, (code, (name, on_time, late)) in enumerate(ordered, start=1):
        rate = on_time / (on_time + late)
        if rate != last_rate:
            rank, last_rate = position, rate
        rates.append(AgencyRate(code, name, on_time, late, rank))
    return rates


def build(month: str, previous_month: str, as_of: date, directive_id: int | None, counts: MonthCounts,
          labels: dict[int, tuple[str | None, str]], late_shown: dict[str, list[Assignment]],
          changes: list[Assignment]) -> MonthlySummary:
    """The summary from the month's counts, the directives' labels, the late assignments
    listed per agency code and the changed assignments of the directives to list."""
    directives = count_rows(counts.directives, labels)
    return MonthlySummary(
        month=month, as_of=as_of, previous_month=previous_month, directive_id=directive_id,
        directives=directives, province=province_row(directives),
        late_by_agency=late_groups(late_totals(counts.agencies), late_shown, LATE_SHOWN_PER_AGENCY),
        rates=rank_agencies(counts.agencies),
        changes=sorted(changes, key=lambda a: a.order)[:CHANGES_SHOWN],
        changes_total=sum(d.changes for d in counts.directives))
