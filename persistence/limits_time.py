"""The one place that reaches into the `limits` library: it reads the time itself, as
``time.time()`` in its storage and strategy modules, and offers no way to give it a
clock. Those modules' ``time`` is replaced by a stand-in whose ``time()`` asks the
real-time source in effect (``real_time_in_effect``), the wall clock by default; every
other attribute is the standard module's. This lets a test move real time on (a lock
of 15 minutes ends without sleeping) while the application clock (CHIDAO_NOW) stays
where it is. tests/persistence/test_attempt_limits.py breaks if `limits` stops
reading the time this way."""
from __future__ import annotations

import contextvars
import time
from contextlib import contextmanager
from typing import Callable, Iterator

import limits.storage.memory
import limits.storage.redis
import limits.strategies

RealTime = Callable[[], float]   # seconds since the epoch, like time.time

_source: contextvars.ContextVar[RealTime] = contextvars.ContextVar("chidao_limits_time", default=time.time)
_READERS = (limits.storage.memory, limits.storage.redis, limits.strategies)


class _RoutedTime:
    """Stands in for the ``time`` module inside `limits`."""

    chidao_routed = True

    @staticmethod
    def time() -> float:
        return _source.get()()

    def __getattr__(self, name: str):
        return getattr(time, name)


def install() -> None:
    """Route every time read of `limits` (idempotent)."""
    for module in _READERS:
        if not getattr(module.time, "chidao_routed", False):
            module.time = _RoutedTime()


@contextmanager
def real_time_in_effect(source: RealTime) -> Iterator[None]:
    """Make ``source`` the time `limits` sees inside the block (this thread only)."""
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


install()
