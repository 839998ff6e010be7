"""A real-time source a test moves by hand: it starts at the wall clock and goes on
only when told, so a wait of minutes after failed sign-ins passes without sleeping
while the application clock (a FixedClock, as CHIDAO_NOW makes it) stays put."""
from __future__ import annotations

import time

from web.bootstrap import attempt_limits


class ManualTime:
    def __init__(self):
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def use_manual_time(services, **settings) -> ManualTime:
    """Give ``services`` a limiter of failed attempts on a ManualTime (with ``settings``
    overriding the sign-in settings, e.g. signin_address_limit="3 per 10 minutes")."""
    manual = ManualTime()
    for name, value in settings.items():
        setattr(services.settings, name, value)
    services.attempts = attempt_limits(services.settings, real_time=manual)
    return manual
