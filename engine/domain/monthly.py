"""The monthly summary's vocabulary, shared by the use case (engine.usecases.monthly_report
and monthly_summary), its port (engine.ports.MonthEndReader) and the SQL answering it
(persistence/month_end_sql.py): the moments a summary judges, whose assignments it
counts, and the rows the database answers with — counts, not assignments, except for
the bounded lists and the XLSX's stream.

``RULES_KEY`` names the classifier the kept month-end counts were judged with: counts
kept under other rules are not read (they are counted again)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from engine.domain.status import COLUMN_RULES

RULES_KEY = hashlib.sha256(repr(COLUMN_RULES).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class MonthEnd:
    """The facts as they stood at ``moment``, judged on ``day``."""

    moment: datetime
    day: date


@dataclass(frozen=True)
class SummaryScope:
    """What one summary counts: the month's end and the previous month's, one directive
    or all, and whose view — ``viewer_agency`` None: every assignment; otherwise that
    agency's own assignments and all those of the directives it follows (monitor or
    authority); ``followed`` lists those directives' ids."""

    now: MonthEnd
    before: MonthEnd
    directive_id: int | None = None
    viewer_agency: str | None = None
    followed: tuple[int, ...] = ()

    @property
    def year(self) -> int:
        return self.now.day.year


@dataclass(frozen=True)
class DirectiveCounts:
    """A directive's assignments per count column at the month's end (``counts``) and
    at the previous month's end (``previous``), and how many of those counted at the
    month's end were in another column then, or not counted then (``changes``: not
    launched yet, or not in the view)."""

    directive_id: int
    counts: dict[str, int]
    previous: dict[str, int]
    changes: int


@dataclass(frozen=True)
class AgencyCell:
    """``count`` assignments of an agency in ``column`` at the month's end, whose deadline
    in force falls (``due_in_year``) or not in the month's year."""

    agency_code: str
    agency_name: str
    column: str
    due_in_year: bool
    count: int


@dataclass(frozen=True)
class MonthCounts:
    directives: list[DirectiveCounts]
    agencies: list[AgencyCell]


@dataclass(frozen=True)
class Assignment:
    """One assignment as it stood at month end (a row of the lists and of the XLSX)."""

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
    previous_column: str | None      # at the previous month's end (None: not counted then)

    @property
    def order(self) -> tuple:
        """The order of every list of assignments: directive, task, agency."""
        return self.directive_id, self.task_ref, self.agency_name, self.instance_id
