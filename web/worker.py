"""Production background work on Celery with Redis: timer sweeps, digests and the mail
outbox, scheduled by Celery beat, and the OCR of uploaded scans (queued by the web
processes, ``chidao.extract``). Any number of workers may run: sweeps claim due
instances with FOR UPDATE SKIP LOCKED and mails one by one, so nothing runs twice.

    celery -A web.worker worker --beat --loglevel=info
"""
from __future__ import annotations

from celery import Celery

from config.settings import Settings

settings = Settings.from_env()
celery = Celery("chidao", broker=settings.redis_url, backend=settings.redis_url)
celery.conf.update(
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    timezone="Asia/Ho_Chi_Minh",
    beat_schedule={"sweep": {"task": "chidao.sweep", "schedule": float(settings.sweep_seconds)}},
)
_services = None


def services():
    global _services
    if _services is None:
        from web.bootstrap import build_services
        from web.heap import settle_heap

        _services = build_services(Settings.from_env())
        settle_heap()
    return _services


@celery.task(name="chidao.sweep")
def sweep() -> dict:
    """Fire due timers, queue digests, send the outbox; returns what was done."""
    from web.cli.operate import run_tick

    return run_tick(services())


@celery.task(name="chidao.extract")
def extract(job_id: str) -> str:
    """Read an uploaded scan (OCR) and extract its proposal; the job's state is in the
    database, failures included."""
    from engine.usecases.extraction_jobs import run_job

    run_job(services(), job_id)
    return job_id
