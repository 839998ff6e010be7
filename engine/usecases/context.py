"""What every use case is given: a way to open units of work, the BPMN runtime, the
clock, the evidence store, the limiter of failed password attempts and the cache of
compiled process versions."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable

from engine.bpmn.definitions import CompiledProcess, compile_process
from engine.bpmn.run_cache import RunCache
from engine.bpmn.runtime import BpmnRuntime, Run
from engine.clock import Clock
from engine.domain.agencies import AgencyRegistry
from engine.domain.calendar import WorkingCalendar
from engine.domain.errors import NotFound
from engine.ports import AttemptLimiter, BackgroundJobs, BlobStore, Mailer, UnitOfWork

CALENDAR_MARKER = "calendar_changed_at"
CALENDAR_CHECK_SECONDS = 10


class ProcessCache:
    """Compiled process versions, parsed once per version and kept: at most ``size`` of
    them, the least recently used parsed again when it is needed after that."""

    def __init__(self, size: int = 64):
        self.size = size
        self._by_id: OrderedDict[int, CompiledProcess] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, uow: UnitOfWork, version_id: int) -> CompiledProcess:
        with self._lock:
            compiled = self._by_id.get(version_id)
            if compiled is not None:
                self._by_id.move_to_end(version_id)
        if compiled is None:
            stored = uow.processes.get(version_id)
            if stored is None:
                raise NotFound("process.not_found", process=version_id)
            compiled = compile_process(stored.xml, stored.key, stored=True)
            compiled.version_id, compiled.version = stored.id, stored.version
            with self._lock:
                self._by_id[version_id] = compiled
                while len(self._by_id) > self.size:
                    self._by_id.popitem(last=False)
        return compiled

    def latest(self, uow: UnitOfWork, key: str) -> CompiledProcess:
        stored = uow.processes.latest(key)
        if stored is None:
            raise NotFound("process.not_found", process=key)
        return self.get(uow, stored.id)


@dataclass
class Services:
    uow_factory: Callable[..., UnitOfWork]
    runtime: BpmnRuntime
    clock: Clock
    blobs: BlobStore
    mailer: Mailer | None = None
    attempts: AttemptLimiter | None = None          # failed sign-ins and password checks, on real time
    evidence_max_bytes: int = 20 * 1024 * 1024
    base_url: str = "http://127.0.0.1:5000"
    processes: ProcessCache = field(default_factory=ProcessCache)
    runs: RunCache = field(default_factory=RunCache)
    defaults: dict = field(default_factory=dict)   # monitor / authority a directive gets by default
    database: object = None                         # kept by the composition root for its own use
    settings: object = None
    audit_key: bytes = b""                          # signs the audit chain's checkpoint (outside the database)
    background: BackgroundJobs | None = None       # where reading a scan runs (extraction OCR)
    _calendar_mark: str | None = None
    _calendar_checked: float = -1e9

    def uow(self, write: bool = True) -> UnitOfWork:
        return self.uow_factory(write=write)

    def refresh_calendar(self, uow: UnitOfWork, force: bool = False) -> None:
        """Pick up the admin's calendar overrides when they changed (checked at most
        every CALENDAR_CHECK_SECONDS, so other workers see a change within that)."""
        if not force and time.monotonic() - self._calendar_checked < CALENDAR_CHECK_SECONDS:
            return
        self._calendar_checked = time.monotonic()
        mark = uow.markers.get(CALENDAR_MARKER) or ""
        if mark != self._calendar_mark:
            self.runtime.set_calendar(WorkingCalendar(uow.calendar.overrides()))
            self._calendar_mark = mark

    def load_run(self, uow: UnitOfWork, instance) -> Run:
        """The instance's workflow: from memory when it is still this version's, else
        restored from its stored state."""
        run = self.runs.take(instance.id, instance.version)
        if run is None:
            if instance.state is None:
                instance.state = uow.instances.state_of(instance.id, instance.version)
            run = self.runtime.restore(self.processes.get(uow, instance.process_version_id), instance.state)
        return run

    def keep_run(self, instance, run: Run) -> None:
        """Call after the commit that saved ``run`` as the instance's current version."""
        self.runs.put(instance.id, instance.version, run)

    def rules_for(self, uow: UnitOfWork, version_id: int):
        return self.runtime.rules(self.processes.get(uow, version_id))

    def registry(self, uow: UnitOfWork) -> AgencyRegistry:
        return AgencyRegistry(uow.agencies.all())
