"""The composition root: settings → database → unit of work factory, runtime, clock,
evidence store, mailer and the limiter of failed password attempts → the engine's
Services. The web app, the CLI and the Celery worker all build their Services here."""
from __future__ import annotations

import hashlib
import time
from functools import partial

from config.defaults import load_agency_entries
from config.settings import Settings
from engine.bpmn.runtime import BpmnRuntime
from engine.clock import FixedClock, SystemClock
from engine.domain.agencies import AgencyRegistry
from engine.usecases.context import Services
from persistence.attempt_limits import AttemptLimits, AttemptPolicy
from persistence.blobs import FileBlobStore
from persistence.database import Database
from persistence.smtp_mailer import SmtpMailer
from persistence.unit_of_work import SqlUnitOfWork

DEFAULT_MONITOR = "Văn phòng UBND tỉnh"
DEFAULT_AUTHORITY = "UBND tỉnh An Giang"


def import_defaults() -> dict:
    """The monitor and authority a directive gets when it names none."""
    return {"monitor": DEFAULT_MONITOR, "authority": DEFAULT_AUTHORITY}


def attempt_limits(settings: Settings, real_time=time.time) -> AttemptLimits:
    """Failed password attempts counted in CHIDAO_RATELIMIT_STORAGE (this process's
    memory by default), on ``real_time``, in a namespace of this database (so two
    deployments, or two tests, sharing one Redis never mix their counts)."""
    try:
        policy = AttemptPolicy(settings.signin_failures, settings.signin_wait_seconds,
                               settings.signin_max_wait_seconds, settings.signin_address_limit)
        namespace = "chidao-" + hashlib.sha256(settings.database_url.encode("utf-8")).hexdigest()[:12]
        return AttemptLimits(settings.ratelimit_storage or "memory://", policy, namespace, real_time)
    except ValueError as exc:
        raise SystemExit(f"CHIDAO_RATELIMIT_STORAGE / CHIDAO_SIGNIN_*: {exc}") from exc


def build_services(settings: Settings, database: Database | None = None, clock=None,
                   real_time=time.time) -> Services:
    """``clock`` is the application's (CHIDAO_NOW may fix it); ``real_time`` (seconds,
    like time.time) is what waits after failed sign-ins are measured on."""
    database = database or Database.from_url(settings.database_url)
    clock = clock or (FixedClock(settings.now) if settings.now else SystemClock())
    mailer = SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_sender) if settings.mail_enabled else None
    audit_key = settings.audit_key()
    services = Services(
        uow_factory=partial(SqlUnitOfWork, database, audit_key=audit_key),
        runtime=BpmnRuntime(clock),
        clock=clock,
        blobs=FileBlobStore(settings.evidence_dir),
        mailer=mailer,
        attempts=attempt_limits(settings, real_time),
        evidence_max_bytes=settings.evidence_max_bytes,
        defaults=import_defaults(),
        base_url=settings.base_url,
        database=database,
        settings=settings,
        audit_key=audit_key,
    )
    return services


def migrate(services: Services) -> None:
    """Create or upgrade the schema of the services' database (Alembic)."""
    from persistence.migrate import upgrade

    upgrade(services.database, services.audit_key)


def database_ready(services: Services) -> bool:
    """True when the database exists at the newest schema revision."""
    from alembic.script import ScriptDirectory

    from persistence.migrate import alembic_config, current_revision

    try:
        current = current_revision(services.database)
    except Exception:   # noqa: BLE001 - an unreachable or foreign database is "not ready"
        return False
    head = ScriptDirectory.from_config(alembic_config(str(services.database.engine.url))).get_current_head()
    return current == head


def default_registry() -> AgencyRegistry:
    return AgencyRegistry.from_entries(load_agency_entries())
