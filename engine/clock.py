"""The one clock of chidao. Every "now" the engine needs, SpiffWorkflow's timers
included, comes from a Clock object passed in by the composition root, so tests and
training can move time by months without sleeping."""
from __future__ import annotations

import contextvars
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Iterator, Protocol



class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware."""


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FixedClock:
    """A clock that stays where it is put: CHIDAO_NOW, tests, simulations."""

    def __init__(self, moment: datetime):
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = moment

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = moment

    def advance(self, **delta) -> datetime:
        self._now = self._now + timedelta(**delta)
        return self._now


_active: contextvars.ContextVar[Clock | None] = contextvars.ContextVar("chidao_clock", default=None)


@contextmanager
def clock_in_effect(clock: Clock) -> Iterator[None]:
    """Make ``clock`` the time source of SpiffWorkflow's timers inside the block."""
    token = _active.set(clock)
    try:
        yield
    finally:
        _active.reset(token)


def _install_spiff_clock() -> None:
    """SpiffWorkflow's timer module calls ``datetime.now(timezone.utc)`` directly;
    give that module a datetime whose ``now`` asks the clock in effect."""
    from SpiffWorkflow.bpmn.specs.event_definitions import timer as spiff_timer

    if getattr(spiff_timer.datetime, "_chidao", False):
        return

    class ClockedDatetime(datetime):
        _chidao = True

        @classmethod
        def now(cls, tz=None):
            clock = _active.get()
            if clock is None:
                return datetime.now(tz)
            moment = clock.now()
            return moment.astimezone(tz) if tz else moment.astimezone().replace(tzinfo=None)

    spiff_timer.datetime = ClockedDatetime


_install_spiff_clock()
