"""What one evaluation of a diagram's script or expression may spend, and the meter
that enforces it.

A Budget is opened for each evaluation. Guarded operations (engine.bpmn.sandbox_guards)
refuse a single operation whose result would be too large before it runs, and charge
the work they do (loop turns, items made, items compared or copied) to the budget,
which also watches the wall clock. Crossing any bound raises EvaluationLimit, a domain
error whose message says which bound and what it is."""
from __future__ import annotations

import contextvars
import time
from dataclasses import dataclass

from engine.domain.errors import DomainError


@dataclass(frozen=True)
class Limits:
    """Bounds of one evaluation; the defaults are far above what a lifecycle needs."""

    max_units: int = 5_000_000        # loop turns + items made, copied or compared
    max_seconds: float = 2.0          # wall time
    max_length: int = 1_000_000       # characters or items one operation may produce
    max_int_bits: int = 10_000        # about 3,000 decimal digits
    max_int_text: int = 1_000         # characters int() or float() may read
    max_format_width: int = 1_000     # width or precision in a format
    max_data: int = 1_000_000         # size of the task data a script leaves behind


DEFAULT_LIMITS = Limits()


class EvaluationLimit(DomainError):
    """A script or expression tried to go past a bound of the restricted evaluator."""


class Budget:
    """The work and time left to one evaluation."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS):
        self.limits = limits
        self.used = 0
        self.deadline = time.monotonic() + limits.max_seconds

    @property
    def remaining(self) -> int:
        return self.limits.max_units - self.used

    def charge(self, units: int = 1) -> None:
        self.used += units
        if self.used > self.limits.max_units:
            raise EvaluationLimit("sandbox.too_much_work", max=self.limits.max_units)
        if time.monotonic() > self.deadline:
            raise EvaluationLimit("sandbox.too_slow", seconds=self.limits.max_seconds)

    def charge_size(self, value) -> None:
        """Charge the deep size of ``value`` (what comparing, hashing, sorting or
        writing it out costs), stopping the walk as soon as the budget is spent."""
        self.charge(size_of(value, self.remaining + 1))

    def check_length(self, length: int) -> None:
        """Refuse an operation that would produce ``length`` characters or items."""
        if length > self.limits.max_length:
            raise EvaluationLimit("sandbox.too_long", size=length, max=self.limits.max_length)
        self.charge(max(length, 1))

    def check_bits(self, bits: float) -> None:
        """Refuse an operation that would produce an integer of ``bits`` bits."""
        if bits > self.limits.max_int_bits:
            raise EvaluationLimit("sandbox.too_big_number", max=self.limits.max_int_bits)
        self.charge(int(bits) // 64 + 1)


_CONTAINERS = (list, tuple, set, frozenset)


def size_of(value, limit: int) -> int:
    """Items and characters in ``value``, its containers walked (a shared item counts
    each time it appears, as writing it out would); stops once past ``limit``."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (str, bytes, bytearray)):
            total += 1 + len(item)
        elif isinstance(item, dict):
            total += 1
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, _CONTAINERS):
            total += 1
            stack.extend(item)
        elif isinstance(item, int):
            total += 1 + item.bit_length() // 64
        else:
            total += 1
        if total > limit:
            return total
    return total


_current: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("chidao_budget", default=None)


def current_budget() -> Budget:
    """The budget of the evaluation running now (outside any, a fresh one for the one
    operation, so a guard is never without bounds)."""
    return _current.get() or Budget()


class metered:
    """``with metered(limits):`` runs one evaluation under a fresh budget."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS):
        self.budget = Budget(limits)

    def __enter__(self) -> Budget:
        self._token = _current.set(self.budget)
        return self.budget

    def __exit__(self, *exc) -> None:
        _current.reset(self._token)
