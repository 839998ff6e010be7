"""The engine's status and count rules (engine.domain.status) as SQL over the
projected instance columns: one translation of each kind of condition, so every SQL
count and filter is the domain's own rule and not a second copy of it.

Each primitive is written null-safe (a missing date or flag makes it false, never
NULL), so NOT and AND read as they do in Python. The "due soon" window may differ per
process version; ``soon_limits`` maps version id → its last day."""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, false, literal, not_, or_, true

from engine.domain.status_rules import (
    AcceptDueBefore, All, Always, Condition, DueBefore, DueBy, Flag, NoDeadline, Not, PhaseIn)
from persistence.models import InstanceRow

I = InstanceRow


class Days:
    """The days conditions compare with: today and each version's "due soon" limit."""

    def __init__(self, today: date, soon_limits: dict[int, date] | None = None):
        self.today = today
        self.soon_limits = soon_limits or {}

    def due_by_soon_limit(self):
        """The deadline is within its version's "due soon" window (one comparison when
        every version has the same window)."""
        limits = set(self.soon_limits.values())
        if len(limits) <= 1:
            return I.due_date <= next(iter(limits), self.today)
        return or_(*[and_(I.process_version_id == version, I.due_date <= limit)
                     for version, limit in self.soon_limits.items()])


def clause(condition: Condition, days: Days):
    """``condition`` as a WHERE clause."""
    if isinstance(condition, PhaseIn):
        return I.phase.in_(condition.phases)
    if isinstance(condition, DueBefore):
        return and_(I.due_date.is_not(None), I.due_date < _day(condition.day, days))
    if isinstance(condition, AcceptDueBefore):
        return and_(I.accept_due.is_not(None), I.accept_due < _day(condition.day, days))
    if isinstance(condition, DueBy):
        within = days.due_by_soon_limit() if condition.day == "soon_limit" else I.due_date <= _day(condition.day, days)
        return and_(I.due_date.is_not(None), within)
    if isinstance(condition, NoDeadline):
        return I.due_date.is_(None)
    if isinstance(condition, Flag):
        return getattr(I, condition.name).is_(True)
    if isinstance(condition, Not):
        return not_(clause(condition.inner, days))
    if isinstance(condition, All):
        return and_(true(), *[clause(part, days) for part in condition.parts])
    if isinstance(condition, Always):
        return true()
    raise TypeError(f"no SQL for {condition!r}")


def _day(name: str, days: Days):
    if name == "today":
        return days.today
    raise ValueError(f"no day «{name}» for this condition")


def code_expression(rules: tuple[tuple[str, Condition], ...], days: Days):
    """The code of the first rule that holds, as a CASE expression."""
    return case(*[(clause(condition, days), literal(code)) for code, condition in rules[:-1]],
                else_=literal(rules[-1][0]))


def position_expression(rules: tuple[tuple[str, Condition], ...], days: Days):
    """The position in ``rules`` of the first rule that holds, as a CASE expression: a
    small integer, for counts grouped over many rows (PostgreSQL counts integers in a
    hash table where it would sort a million rows by strings)."""
    return case(*[(clause(condition, days), literal(n)) for n, (_, condition) in enumerate(rules[:-1])],
                else_=literal(len(rules) - 1))


def any_of(conditions: list[Condition], days: Days):
    return or_(false(), *[clause(c, days) for c in conditions])
