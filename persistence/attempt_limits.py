"""Failed password attempts counted with the `limits` library (moving windows), on
real time, in the storage the settings name: ``memory://`` in the one process of the
embedded server, Redis (``redis://…``) wherever several workers must share one count.

Per account, a ladder of windows makes the wait grow: after ``failures`` failures the
account waits ``first_wait`` seconds; each further failure right after a wait doubles
it (2 ×, 4 ×, … up to ``longest_wait``): rung k allows ``failures + k`` failures within
``first_wait × (2^(k+1) − 1)`` seconds, which is the first failure's time plus every
wait so far. Failures spread out over a long time fall out of the windows, so a
person who mistypes now and then never waits long. Per client address one loose
window (``per_address``, e.g. «100 per 10 minutes») stops a sweep over many accounts
without holding back an office that shares one address. A success clears the account's
windows, never the address's.

Keys carry a namespace (one per database) and a digest of the account name, never the
name itself."""
from __future__ import annotations

import hashlib
import time
from contextlib import contextmanager
from typing import Iterator

from limits import RateLimitItem, RateLimitItemPerSecond, parse
from limits.errors import ConfigurationError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from engine.ports import AttemptsUnavailable
from persistence.limits_time import RealTime, real_time_in_effect


class AttemptPolicy:
    """How many failures, and how long the waits (seconds)."""

    def __init__(self, failures: int = 5, first_wait: int = 60, longest_wait: int = 1920,
                 per_address: str = "100 per 10 minutes"):
        if failures < 1 or first_wait < 1 or longest_wait < first_wait:
            raise ValueError("sign-in limits: failures ≥ 1 and 1 ≤ first wait ≤ longest wait")
        try:
            self.address_limit: RateLimitItem = parse(per_address)
        except ValueError as exc:
            raise ValueError(f"sign-in limit per address is not a rate like «100 per 10 minutes»: "
                             f"{per_address!r}") from exc
        self.account_limits: list[RateLimitItem] = []
        wait, allowed, window = first_wait, failures, first_wait
        while wait <= longest_wait:
            self.account_limits.append(RateLimitItemPerSecond(allowed, window))
            wait, allowed = wait * 2, allowed + 1
            window += wait


class AttemptLimits:
    """engine.ports.AttemptLimiter over a `limits` storage."""

    def __init__(self, storage_uri: str, policy: AttemptPolicy, namespace: str = "chidao",
                 real_time: RealTime = time.time):
        try:
            self.storage = storage_from_string(storage_uri)
        except ConfigurationError as exc:
            raise ValueError(f"sign-in limit storage «{storage_uri}»: {exc}") from exc
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.policy, self.namespace, self.real_time = policy, namespace, real_time

    def _key(self, kind: str, value: str) -> tuple[str, str, str]:
        return (self.namespace, kind, hashlib.sha256(value.encode("utf-8")).hexdigest()[:32])

    def _checks(self, account: str, address: str | None) -> list[tuple[RateLimitItem, tuple]]:
        checks = [(item, self._key("account", account)) for item in self.policy.account_limits]
        if address:
            checks.append((self.policy.address_limit, self._key("address", address)))
        return checks

    def wait_seconds(self, account: str, address: str | None = None) -> float:
        with self._library():
            now = self.real_time()
            waits = [self.limiter.get_window_stats(item, *key).reset_time - now
                     for item, key in self._checks(account, address) if not self.limiter.test(item, *key)]
        return max([0.0] + waits)

    def failed(self, account: str, address: str | None = None) -> None:
        with self._library():
            for item, key in self._checks(account, address):
                self.limiter.hit(item, *key)

    def succeeded(self, account: str) -> None:
        with self._library():
            for item, key in self._checks(account, None):
                self.limiter.clear(item, *key)

    @contextmanager
    def _library(self) -> Iterator[None]:
        """The injected real time in effect for `limits`; its storage errors (Redis
        down) become AttemptsUnavailable, a clear answer instead of a 500."""
        try:
            with real_time_in_effect(self.real_time):
                yield
        except self.storage.base_exceptions as exc:
            raise AttemptsUnavailable("auth.limits_unavailable") from exc
