"""The production sweep runs on a real Celery worker with the real Redis broker."""
from __future__ import annotations

import uuid

import pytest
import redis

from tests.persistence.helpers import act, at, launch


@pytest.fixture
def redis_url():
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379 (run .ci/run, which starts it)")
    return url


def test_sweep_task_fires_due_timers_on_a_worker(pg_services, redis_url, monkeypatch):
    from celery.contrib.testing.worker import start_worker

    from web import worker

    # a queue of this test's own, so test runs sharing the Redis server never take each other's tasks
    queue = f"chidao-test-{uuid.uuid4().hex[:8]}"
    worker.celery.conf.update(broker_url=redis_url, result_backend=redis_url, task_default_queue=queue)
    monkeypatch.setattr(worker, "_services", pg_services)
    launch(pg_services)
    act(pg_services, "ld.khcn", "accept", decision="accept", officer="cv.khcn")
    pg_services.clock.set(at(2025, 6, 17, 9))
    with start_worker(worker.celery, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        result = worker.sweep.delay().get(timeout=60)
        again = worker.sweep.delay().get(timeout=60)
    assert result["instances"] == 1 and result["notifications"] == 1
    assert again["instances"] == 0
