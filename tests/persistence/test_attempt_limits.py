"""The limiter of failed attempts over the `limits` library: its windows end on the
injected real time (this breaks if `limits` stops reading the time through
``time.time`` in the modules persistence/limits_time.py routes), the ladder doubles the
wait, one Redis count is shared by every worker, and a Redis that does not answer is a
clear error."""
from __future__ import annotations

import uuid

import pytest

from engine.ports import AttemptsUnavailable
from persistence.attempt_limits import AttemptLimits, AttemptPolicy
from persistence.limits_time import _READERS
from tests.real_time import ManualTime

REDIS = "redis://127.0.0.1:6379/0"


def _limits(storage: str, manual: ManualTime, namespace: str | None = None, **policy) -> AttemptLimits:
    return AttemptLimits(storage, AttemptPolicy(**policy), namespace or f"test-{uuid.uuid4().hex}", manual)


def test_every_module_of_limits_that_reads_the_time_is_routed():
    for module in _READERS:
        assert getattr(module.time, "chidao_routed", False), module.__name__
        assert module.time.sleep is not None          # the rest of the time module is still there


@pytest.mark.parametrize("storage", ["memory://", REDIS])
def test_a_wait_ends_when_the_injected_real_time_moves_on(storage):
    manual = ManualTime()
    limits = _limits(storage, manual)
    for _ in range(5):
        limits.failed("sign-in:cv.khcn", "10.0.0.1")
    assert limits.wait_seconds("sign-in:cv.khcn") == pytest.approx(60, abs=0.01)
    manual.advance(30)
    assert limits.wait_seconds("sign-in:cv.khcn") == pytest.approx(30, abs=0.01)
    manual.advance(30.5)
    assert limits.wait_seconds("sign-in:cv.khcn") == 0
    assert limits.wait_seconds("sign-in:ld.khcn") == 0       # never another account


def test_the_ladder_doubles_each_wait_up_to_the_longest():
    policy = AttemptPolicy(failures=5, first_wait=60, longest_wait=1920)
    assert [(item.amount, item.get_expiry()) for item in policy.account_limits] == [
        (5, 60), (6, 180), (7, 420), (8, 900), (9, 1860), (10, 3780)]
    manual = ManualTime()
    limits = _limits("memory://", manual)
    for _ in range(5):
        limits.failed("a")
    seen = []
    for _ in range(6):
        wait = limits.wait_seconds("a")
        seen.append(round(wait))
        manual.advance(wait + 0.01)
        limits.failed("a")
    assert seen == [60, 120, 240, 480, 960, 1920]
    # past the top rung: never more than its 10 failures within its 63 minutes
    burst = 0
    while limits.wait_seconds("a") == 0:
        limits.failed("a")
        burst += 1
    assert burst == 4 and limits.wait_seconds("a") > 0


def test_a_success_clears_the_account_but_not_the_address():
    manual = ManualTime()
    limits = _limits("memory://", manual, per_address="3 per 10 minutes")
    for login in ("a", "b", "c"):
        limits.failed(f"sign-in:{login}", "10.0.0.1")
    limits.failed("sign-in:d", "10.0.0.1")
    limits.succeeded("sign-in:a")
    assert limits.wait_seconds("sign-in:a", "10.0.0.1") == pytest.approx(600, abs=0.01)
    assert limits.wait_seconds("sign-in:a", "10.0.0.2") == 0


def test_two_workers_on_one_redis_share_one_count():
    namespace = f"test-{uuid.uuid4().hex}"
    manual = ManualTime()
    first, second = _limits(REDIS, manual, namespace), _limits(REDIS, manual, namespace)
    for worker in (first, second, first, second, first):
        worker.failed("sign-in:cv.khcn", "10.0.0.1")
    assert second.wait_seconds("sign-in:cv.khcn") > 59
    other_deployment = _limits(REDIS, manual)                 # another namespace: its own count
    assert other_deployment.wait_seconds("sign-in:cv.khcn") == 0
    first.succeeded("sign-in:cv.khcn")
    assert second.wait_seconds("sign-in:cv.khcn") == 0


def test_a_redis_that_does_not_answer_is_a_clear_error():
    limits = _limits("redis://127.0.0.1:1/0", ManualTime())
    with pytest.raises(AttemptsUnavailable) as caught:
        limits.wait_seconds("sign-in:cv.khcn")
    assert caught.value.http_status == 503 and "thử lại sau ít phút" in caught.value.message()


def test_bad_settings_are_refused_with_what_is_wrong():
    with pytest.raises(ValueError, match="100 per 10 minutes"):
        AttemptPolicy(per_address="nhiều lắm")
    with pytest.raises(ValueError, match="storage"):
        AttemptLimits("ftp://x", AttemptPolicy())
