"""The engine's status and count rules (engine.domain.status) as SQL over the
projected instance columns: one translation of each kind of condition, so every SQL
count and filter is the domain's own rule and not a second copy of it.

Each primitive is written null-safe (a missing date or flag makes it false, never
NULL), so NOT and AND read as they do in Python. The "due soon" window may differ per
process version; ``soon_limits`` maps version id → its last day.

The rules read the projected instance columns by default; ``of`` names another source
of the same columns (the facts history, InstanceFactsRow or an alias of it, which the
monthly summary judges as of a month's end)."""
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

    def due_by_soon_limit(self, of=I):
        """The deadline is within its version's "due soon" window (one comparison when
        every version has the same window)."""
        limits = set(self.soon_limits.values())
        if len(limits) <= 1:
            return of.due_date <= next(iter(limits), self.today)
        return or_(*[and_(of.process_version_id == version, of.due_date <= limit)
                     for version, limit in self.soon_limits.items()])


def clause(condition: Condition, days: Days, of=I):
    """``condition`` as a WHERE clause over the columns of ``of``."""
    if isinstance(condition, PhaseIn):
        return of.phase.in_(condition.phases)
    if isinstance(condition, DueBefore):
        return and_(of.due_date.is_not(None), of.due_date < _day(condition.day, days))
    if isinstance(condition, AcceptDueBefore):
        return and_(of.accept_due.is_not(None), of.accept_due < _day(condition.day, days))
    if isinstance(condition, DueBy):
        within = (days.due_by_soon_limit(of) if condition.day == "soon_limit"
                  else of.due_date <= _day(condition.day, days))
        return and_(of.due_date.is_not(None), within)
    if isinstance(condition, NoDeadline):
        return of.due_date.is_(None)
    if isinstance(condition, Flag):
        return getattr(of, condition.name).is_(True)
    if isinstance(condition, Not):
        return not_(clause(condition.inner, days, of))
    if isinstance(condition, All):
        return and_(true(), *[clause(part, days, of) for part in condition.parts])
    if isinstance(condition, Always):
        return true()
    raise TypeError(f"no SQL for {condition!r}")


def _day(name: str, days: Days):
    if name == "today":
        return days.today
    raise ValueError(f"no day «{name}» for this condition")


def code_expression(rules: tuple[tuple[str, Condition], ...], days: Days, of=I):
    """The code of the first rule that holds, as a CASE expression."""
    return case(*[(clause(condition, days, of), literal(code)) for code, condition in rules[:-1]],
                else_=literal(rules[-1][0]))


def position_expression(rules: tuple[tuple[str, Condition], ...], days: Days):
    """The position in ``rules`` of the first rule that holds, as a CASE expression: a
    small integer, for counts grouped over many rows (PostgreSQL counts integers in a
    hash table where it would sort a million rows by strings)."""
    return case(*[(clause(condition, days), literal(n)) for n, (_, condition) in enumerate(rules[:-1])],
                else_=literal(len(rules) - 1))


def any_of(conditions: list[Condition], days: Days, of=I):
    return or_(false(), *[clause(c, days, of) for c in conditions])


def may_differ_between(rules: tuple[tuple[str, Condition], ...], earlier: date, later: date, of=I):
    """A clause that holds of every row whose code under ``rules`` may differ between two
    days: a condition of the rules that reads the day compares a date lying between
    them (a rule reading the day any other way makes it hold of every row)."""
    parts = []
    for leaf in {leaf for _, condition in rules for leaf in _leaves(condition)}:
        if isinstance(leaf, (DueBefore, AcceptDueBefore)) and leaf.day == "today":
            field = of.due_date if isinstance(leaf, DueBefore) else of.accept_due
            parts.append(and_(field >= earlier, field < later))         # "before the day" flips on [earlier, later)
        elif isinstance(leaf, DueBy) and leaf.day == "today":
            parts.append(and_(of.due_date > earlier, of.due_date <= later))
        elif isinstance(leaf, (DueBefore, AcceptDueBefore, DueBy)):
            return true()
    return or_(false(), *parts)


def _leaves(condition: Condition):
    if isinstance(condition, Not):
        yield from _leaves(condition.inner)
    elif isinstance(condition, All):
        for part in condition.parts:
            yield from _leaves(part)
    else:
        yield condition
