"""The embedded server's background thread: every few seconds, fire due timers,
queue digests and send the outbox (production runs the same on Celery workers)."""
from __future__ import annotations

import logging
import threading

log = logging.getLogger("chidao.sweeper")


def sweep_once(services) -> None:
    from engine.usecases.mail import queue_digests, send_outbox
    from engine.usecases.timers import sweep_timers

    sweep_timers(services)
    queue_digests(services)
    send_outbox(services)


def start_background_sweeper(services, every_seconds: int) -> threading.Event:
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                sweep_once(services)
            except Exception:   # noqa: BLE001 - keep sweeping; the error is logged
                log.exception("timer sweep failed")
            stop.wait(every_seconds)

    threading.Thread(target=loop, name="chidao-sweeper", daemon=True).start()
    return stop
