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


def test_a_scan_uploaded_to_a_web_worker_is_read_on_a_celery_worker(pg_services, redis_url, monkeypatch):
    """Production: the web process only queues the job (CeleryJobs); a Celery worker
    OCRs it and stores the result and page images in PostgreSQL, where any web worker
    reads them."""
    import time
    from pathlib import Path

    from celery.contrib.testing.worker import start_worker

    from engine.domain.extraction_job import JobStatus
    from engine.usecases.directive_entry import receive_upload
    from tests.conftest import user
    from web import worker
    from web.background import CeleryJobs

    queue = f"chidao-test-{uuid.uuid4().hex[:8]}"
    worker.celery.conf.update(broker_url=redis_url, result_backend=redis_url, task_default_queue=queue)
    monkeypatch.setattr(worker, "_services", pg_services)
    pg_services.background = CeleryJobs(worker.celery, queue)
    scan = Path(__file__).parents[1] / "extraction" / "fixtures" / "scans" / "tb_an_giang_ket_luan_ngap_ung.pdf"
    outcome = receive_upload(pg_services, user(pg_services, "theodoi"), "tb-412.pdf", scan.read_bytes())
    with pg_services.uow(write=False) as uow:
        assert uow.extraction_jobs.get(outcome.job_id).status is JobStatus.QUEUED    # nothing read in the request
    with start_worker(worker.celery, perform_ping_check=False, pool="solo", loglevel="WARNING", queues=[queue]):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with pg_services.uow(write=False) as uow:
                job = uow.extraction_jobs.get(outcome.job_id)
            if job.status.finished:
                break
            time.sleep(0.5)
    assert job.status is JobStatus.DONE and job.pages == [1, 2], job.error
    assert len(job.result["proposal"]["tasks"]) == 9
    with pg_services.uow(write=False) as uow:
        assert uow.extraction_jobs.page_image(outcome.job_id, 2).jpeg[:3] == b"\xff\xd8\xff"
        assert uow.extraction_jobs.file_of(outcome.job_id) is None
