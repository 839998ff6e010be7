"""Where a background job (reading a scanned directive) runs: ``ThreadJobs`` in a
thread of the embedded server's own process (one job at a time: OCR keeps a core busy),
``CeleryJobs`` on the Celery workers in production (web.worker's ``chidao.extract``
task). Either way the job's state is in the database, so any web worker shows its
progress, and a web request never waits for OCR."""
from __future__ import annotations

import logging
import queue
import threading

log = logging.getLogger("chidao.background")


class ThreadJobs:
    def __init__(self, services):
        self.services = services
        self._queue: queue.Queue[str] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, job_id: str) -> None:
        self._queue.put(job_id)
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="chidao-extraction", daemon=True)
                self._thread.start()

    def _work(self) -> None:
        from engine.usecases.extraction_jobs import run_job

        while True:
            try:
                job_id = self._queue.get(timeout=60)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._thread = None
                        return
                continue
            try:
                run_job(self.services, job_id)
            except Exception:       # noqa: BLE001 — run_job records failures; this only logs the rest
                log.exception("extraction job %s", job_id)


class CeleryJobs:
    def __init__(self, celery_app, queue_name: str | None = None):
        self.celery_app = celery_app
        self.queue_name = queue_name

    def submit(self, job_id: str) -> None:
        options = {"queue": self.queue_name} if self.queue_name else {}
        self.celery_app.send_task("chidao.extract", args=[job_id], **options)
