"""The interfaces the use cases need from the outside world. ``persistence`` implements
the unit of work and its repositories; the composition root supplies the rest."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable, Iterator, Protocol

from engine.domain.agencies import Agency
from engine.domain.api_tokens import ApiToken
from engine.domain.audit import AuditCheckpoint
from engine.domain.errors import DomainError
from engine.domain.extraction_job import ExtractionJob, JobStatus, PageImage
from engine.domain.monthly import Assignment, MonthCounts, MonthEnd, SummaryScope
from engine.domain.urging import UrgedSummary, Urging
from engine.domain.records import (
    AuditEntry, CompletedStep, DiagramDraft, Directive, EvidenceFile, Instance, MigrationRecord, Notification,
    OutgoingMail, PendingStep, ProcessVersion, Report, ReportVersion, StepSurroundings, TaskDef)
from engine.domain.users import User


class StaleInstance(Exception):
    """The instance changed since it was loaded (optimistic lock lost)."""


class AgencyRepository(Protocol):
    def all(self) -> list[Agency]: ...
    def by_code(self, code: str) -> Agency | None: ...
    def add(self, agency: Agency) -> Agency: ...
    def update(self, agency: Agency) -> None: ...


class UserRepository(Protocol):
    def by_login(self, login: str) -> User | None: ...
    def with_role(self, agency_code: str, role: str) -> list[User]: ...
    def in_agency(self, agency_code: str) -> list[User]: ...
    def all(self) -> list[User]: ...
    def add(self, user: User, password_hash: str | None = None) -> User: ...
    def update(self, user: User) -> None: ...
    def password_hash(self, login: str) -> str | None: ...
    def set_password_hash(self, login: str, password_hash: str, must_change: bool = False) -> None:
        """Store a password's hash (engine/usecases/passwords.py:set_password is the only caller);
        ``must_change``: the user must change it at the next sign-in."""
    def end_sessions(self, login: str) -> int:
        """Move the user's session version on, so every session signed in before ends;
        returns the new version."""


class ProcessRepository(Protocol):
    def latest(self, key: str) -> ProcessVersion | None: ...
    def get(self, version_id: int) -> ProcessVersion | None: ...
    def by_hash(self, key: str, sha256: str) -> ProcessVersion | None: ...
    def add(self, version: ProcessVersion) -> ProcessVersion: ...
    def versions(self, key: str) -> list[ProcessVersion]: ...
    def keys(self) -> list[str]: ...


class DraftRepository(Protocol):
    """Each process owner's unfinished edit of a process: at most one per owner and key."""
    def get(self, key: str, owner_login: str) -> DiagramDraft | None: ...
    def save(self, draft: DiagramDraft) -> None:
        """Keep ``draft`` as its owner's draft of its key, replacing the one before."""
    def delete(self, key: str, owner_login: str) -> bool: ...


class ProcessUsage(Protocol):
    """How the process versions are used, read from the instances and the pending-step
    table (never from workflow states)."""
    def waiting_by_step(self, version_id: int) -> dict[str, int]:
        """Step name → how many instances of the version wait at it (optional actions,
        which every open instance offers, are not counted)."""
    def open_by_agency(self, version_id: int) -> list[tuple[str, str, int]]:
        """(agency code, name, open instances of the version it leads), by name."""
    def open_by_directive(self, version_id: int) -> list[tuple[int, str | None, str, int]]:
        """(directive id, number, title, open instances of the version), newest first."""


class DirectiveRepository(Protocol):
    def add(self, directive: Directive) -> Directive: ...
    def get(self, directive_id: int) -> Directive | None: ...
    def find(self, number: str | None, issued_on: date | None, title: str) -> Directive | None: ...
    def all(self) -> list[Directive]: ...
    def add_task(self, task: TaskDef) -> TaskDef: ...
    def task(self, task_id: int) -> TaskDef | None: ...
    def task_and_directive(self, task_id: int) -> tuple[TaskDef, Directive] | None: ...
    def tasks_of(self, directive_id: int) -> list[TaskDef]: ...


class InstanceRepository(Protocol):
    def add(self, instance: Instance) -> Instance: ...
    def get(self, instance_id: int) -> Instance | None: ...
    def with_context(self, instance_id: int) -> tuple[Instance, TaskDef, Directive, str] | None:
        """The instance with its task, directive and agency name, in one read; its
        ``state`` may be left None, to be read with ``state_of`` when needed."""
    def state_of(self, instance_id: int, version: int) -> str:
        """The state saved as ``version``; StaleInstance if it has moved on since."""
    def save(self, instance: Instance, expected_version: int) -> None:
        """Write the instance if its version is still ``expected_version``; raise
        StaleInstance otherwise (at the latest when the unit of work commits).
        Increments the version."""
    def claim_due(self, now: datetime, limit: int, exclude: set[int] = frozenset()) -> list[int]:
        """Ids of instances whose next timer is due, locked for this transaction
        (SKIP LOCKED where the database has it)."""
    def of_task(self, task_id: int) -> list[Instance]: ...
    def of_agency(self, agency_code: str, open_only: bool = True) -> list[Instance]: ...
    def ids_on_version(self, version_id: int, *, directive_id: int | None = None, agency_code: str | None = None,
                       phases: Iterable[str] = (), open_only: bool = True) -> list[int]:
        """Ids of the instances running ``version_id`` (closed ones too unless
        ``open_only``), narrowed to a directive, a lead agency and phases, in id order."""
    def count_by_version(self) -> dict[int, dict[str, int]]:
        """Instances per process version id and phase."""


class MonthEndReader(Protocol):
    """The monthly summary's reads over the facts history, answered by GROUP BYs
    (persistence/repositories/month_end.py): each assignment counted with the facts it
    had at a moment, judged on a day by engine.domain.status.COLUMN_RULES."""
    def followed(self, agency_code: str) -> tuple[tuple[int, ...], bool]:
        """Ids of the directives ``agency_code`` follows (as monitor or authority), and
        whether that is every directive."""
    def counts(self, scope: SummaryScope) -> MonthCounts:
        """Per directive its counts at the month's end and the previous month's end and
        its changes; per agency the columns at the month's end, with whether the
        deadline falls in the month's year."""
    def kept(self, now: MonthEnd) -> MonthCounts | None:
        """The whole province's counts kept for a month that has ended, if any (and
        judged by today's rules)."""
    def keep(self, now: MonthEnd, counts: MonthCounts, at: datetime) -> None:
        """Keep the whole province's counts of an ended month (nothing if already kept).
        A facts row written later but valid before ``now`` drops them."""
    def labels(self, directive_ids: Iterable[int]) -> dict[int, tuple[str | None, str]]:
        """Number and title of each directive."""
    def late(self, scope: SummaryScope, agency_codes: list[str], per_agency: int) -> dict[str, list[Assignment]]:
        """Per agency code, its first ``per_agency`` assignments past their deadline at the
        month's end (most days late first; ties at the cut all included)."""
    def changes(self, scope: SummaryScope, directive_ids: list[int]) -> list[Assignment]:
        """The assignments of those directives whose column changed since last month."""
    def assignments(self, scope: SummaryScope) -> Iterator[Assignment]:
        """Every assignment counted at the month's end with its previous column, in list
        order (directive, task, agency), read in batches."""
    def late_rows(self, scope: SummaryScope) -> Iterator[Assignment]:
        """Every late assignment at the month's end: agencies with the most first, then
        most days late first, read in batches."""


class MigrationRepository(Protocol):
    """Records of instances moved onto another process version (engine/usecases/migration.py)."""
    def add(self, record: MigrationRecord) -> MigrationRecord: ...
    def get(self, migration_id: int) -> MigrationRecord | None:
        """The record with the state it kept."""
    def listed(self, *, run_id: str | None = None, instance_id: int | None = None,
               limit: int = 100) -> list[MigrationRecord]:
        """Records newest first, without the state they kept (``previous_state`` None)."""
    def mark_reverted(self, migration_id: int, by: str, at: datetime, reason: str) -> None: ...


class StepRepository(Protocol):
    def replace(self, instance_id: int, steps: Iterable[PendingStep],
                previous: list[PendingStep] | None = None) -> None: ...
    def pending(self, step_id: str) -> PendingStep | None: ...
    def of_instance(self, instance_id: int) -> list[PendingStep]: ...
    def surroundings(self, step_id: str) -> StepSurroundings:
        """The step's instance and context, then its pending steps, then its open
        reports, in that order (so the instance's version is never newer than the
        rest), read together; the users of the instance's agency are read with them
        and answer the unit of work's user lookups for that agency."""
    def around_instance(self, instance_id: int) -> StepSurroundings:
        """An instance (its state read with it, for ``instances.state_of``) with its task,
        directive, agency name and pending steps, read together; no open reports."""
    def record_completion(self, done: CompletedStep) -> None: ...
    def completion(self, step_id: str) -> CompletedStep | None: ...
    def completions_of(self, instance_id: int) -> list[CompletedStep]: ...


class ReportRepository(Protocol):
    def find(self, instance_id: int, kind: str, period: str | None) -> Report | None: ...
    def open_of(self, instance_id: int, kind: str) -> Report | None: ...
    def add(self, report: Report) -> Report: ...
    def add_version(self, report: Report, version: ReportVersion) -> ReportVersion: ...
    def update(self, report: Report) -> None: ...
    def update_version(self, version: ReportVersion) -> None: ...
    def of_instance(self, instance_id: int) -> list[Report]: ...
    def set_due(self, report: Report, due: date) -> None: ...
    def open_period(self, instance_id: int, kind: str, period: str, due: date) -> None:
        """The period's report, «not_filed» and due on ``due``, unless it has one; then its due day is ``due``."""
    def move_period_due(self, instance_id: int, kind: str, period: str, due: date) -> None:
        """The due day of the period's report, if it has one, becomes ``due``."""
    def withdraw_unfiled(self, instance_id: int, from_day: date) -> None:
        """Monthly reports not filed, due on ``from_day`` or later, become «withdrawn»."""
    def last_filed(self, instance_id: int, kind: str) -> Report | None:
        """The newest report of ``kind`` with at least one version."""


class EvidenceRepository(Protocol):
    def add(self, evidence: EvidenceFile) -> EvidenceFile: ...
    def by_hash(self, sha256: str) -> list[EvidenceFile]: ...


class AuditRepository(Protocol):
    def append(self, entry: AuditEntry) -> AuditEntry: ...
    def of_instance(self, instance_id: int) -> list[AuditEntry]: ...
    def of_task(self, task_id: int) -> list[AuditEntry]: ...
    def rows_for_verification(self) -> Iterator[tuple]:
        """(id, entry, before_json, after_json) of every row in chain order, streamed."""
    def raw_of_instance(self, instance_id: int) -> list[tuple]:
        """The same for one task's rows."""
    def at_positions(self, positions: list[int]) -> dict[int, AuditEntry]: ...
    def checkpoint(self) -> AuditCheckpoint | None: ...
    def search(self, query: "AuditQuery") -> list[AuditEntry]:
        """Rows matching ``query``, newest first, at most ``query.limit``."""


class NotificationRepository(Protocol):
    def add(self, notification: Notification) -> Notification: ...
    def of_user(self, login: str, unread_only: bool = False, limit: int = 50,
                kind: str | None = None) -> list[Notification]: ...
    def kinds_of(self, login: str) -> list[str]:
        """The kinds of the user's notifications, each once (the list's filter choices)."""
    def unread_count(self, login: str) -> int: ...
    def mark_read(self, login: str, ids: list[int] | None, at: datetime) -> int: ...
    def since(self, login: str, since: datetime) -> list[Notification]: ...


class UrgingRepository(Protocol):
    """Urging letters as issued (engine/usecases/urging.py)."""
    def add(self, urging: Urging) -> Urging: ...
    def get(self, urging_id: int) -> Urging | None: ...
    def listed(self, issuer_agency: str | None = None, directive_id: int | None = None,
               limit: int = 100, addressed_agency: str | None = None) -> list[Urging]:
        """Letters newest first, of one issuer (None: every issuer), narrowed to those
        urging an assignment of ``directive_id`` and to those addressed to
        ``addressed_agency``."""
    def summaries(self, instance_ids: Iterable[int]) -> dict[int, UrgedSummary]:
        """instance id → how often and when last it was urged (urged ones only)."""


class OutboxRepository(Protocol):
    def add(self, mail: OutgoingMail) -> OutgoingMail: ...
    def claim_due(self, now: datetime, limit: int) -> list[OutgoingMail]: ...
    def mark_sent(self, mail_id: int, at: datetime) -> None: ...
    def mark_failed(self, mail_id: int, error: str, retry_at: datetime) -> None: ...
    def pending_count(self) -> int: ...


class CalendarRepository(Protocol):
    def overrides(self) -> dict[date, bool]: ...
    def notes(self) -> dict[date, str]: ...
    def set_override(self, day: date, working: bool, note: str) -> None: ...
    def remove_override(self, day: date) -> None: ...


class KeyValueRepository(Protocol):
    """Small named markers (e.g. the day of the last digest run)."""
    def get(self, key: str) -> str | None: ...
    def put(self, key: str, value: str) -> None: ...


class AttemptsUnavailable(DomainError):
    """The store that counts failed attempts does not answer (e.g. Redis is down)."""

    http_status = 503


class AttemptLimiter(Protocol):
    """Failed password attempts, counted on real time (never the application clock,
    which CHIDAO_NOW may fix) per account with a wait that grows, and loosely per client
    address; one count for every worker of a deployment. Each method may raise
    AttemptsUnavailable."""
    def wait_seconds(self, account: str, address: str | None = None) -> float:
        """How long before ``account`` (tried from ``address``) may try again; 0 = now."""
    def failed(self, account: str, address: str | None = None) -> None:
        """Count one failure of ``account`` and of ``address``."""
    def succeeded(self, account: str) -> None:
        """Forget the account's failures (the address's are kept)."""


class ApiTokenRepository(Protocol):
    def add(self, token: ApiToken, digest: str) -> ApiToken: ...
    def of_user(self, login: str) -> list[ApiToken]:
        """The user's tokens that were not revoked, newest first."""
    def by_digest(self, digest: str) -> ApiToken | None: ...
    def revoke(self, token_id: int, at: datetime) -> None: ...
    def touch(self, token_id: int, at: datetime) -> None:
        """Record ``at`` as the token's last use."""


class ExtractionJobRepository(Protocol):
    """Directive files read in the background, with their file, progress, result and
    page images (extraction OCR)."""
    def add(self, job: ExtractionJob, data: bytes) -> None: ...
    def get(self, job_id: str) -> ExtractionJob | None:
        """The job without its file and page images (``pages`` lists their numbers)."""
    def file_of(self, job_id: str) -> bytes | None: ...
    def set_progress(self, job_id: str, status: JobStatus, done: int, total: int, at: datetime) -> None: ...
    def finish(self, job_id: str, result: dict, pages: list[PageImage], at: datetime) -> None:
        """Store the result and the page images; the file is no longer needed and goes."""
    def fail(self, job_id: str, error: str, at: datetime) -> None: ...
    def page_image(self, job_id: str, number: int) -> PageImage | None: ...
    def claim_draft(self, job_id: str, draft_id: str) -> str:
        """Record ``draft_id`` as the job's review draft unless one is recorded already;
        returns the draft id in force."""
    def remove_older_than(self, moment: datetime) -> int: ...


class UnitOfWork(Protocol):
    agencies: AgencyRepository
    users: UserRepository
    processes: ProcessRepository
    directives: DirectiveRepository
    instances: InstanceRepository
    steps: StepRepository
    reports: ReportRepository
    evidence: EvidenceRepository
    audit: AuditRepository
    notifications: NotificationRepository
    outbox: OutboxRepository
    calendar: CalendarRepository
    migrations: MigrationRepository
    markers: KeyValueRepository
    api_tokens: ApiTokenRepository
    extraction_jobs: ExtractionJobRepository
    queries: "Queries"
    drafts: DraftRepository
    process_usage: ProcessUsage
    urgings: UrgingRepository
    month_end: MonthEndReader

    def __enter__(self) -> "UnitOfWork": ...
    def __exit__(self, *exc) -> None: ...
    def commit(self, redoable: bool = False) -> None:
        """Commit. ``redoable``: what this transaction did is redone by itself if a crash
        of the database loses it (a timer that fired stays due), so the store may
        acknowledge the commit before it is on disk."""
    def rollback(self) -> None: ...


class BlobStore(Protocol):
    """Evidence file contents, addressed by their SHA-256."""
    def put(self, data: bytes) -> str: ...
    def get(self, sha256: str) -> bytes: ...
    def exists(self, sha256: str) -> bool: ...


class BackgroundJobs(Protocol):
    """Runs a background job outside the web request: a thread of the embedded server,
    or a Celery worker in production."""
    def submit(self, job_id: str) -> None: ...


class Mailer(Protocol):
    def send(self, to_addr: str, subject: str, body: str) -> None: ...


class TaskQuery:
    """What a task list asks for (every field optional)."""

    def __init__(self, *, visible_agency: str | None = None, agency_code: str | None = None,
                 criteria: list | None = None, directive_id: int | None = None, search: str | None = None,
                 officer: str | None = None, limit: int = 100, offset: int = 0, open_only: bool = False,
                 bucket: str | None = None, today: date | None = None, escalation: str | None = None,
                 monitor_agency: str | None = None):
        self.visible_agency = visible_agency   # None = every agency (auditors, admins)
        self.agency_code = agency_code
        self.criteria = criteria or []         # engine.domain.status_rules conditions, any of which matches
        self.directive_id = directive_id
        self.search = search
        self.officer = officer
        self.limit, self.offset, self.open_only = limit, offset, open_only
        # bucket: one of the count columns (engine.domain.status.BUCKETS), judged on ``today``
        self.bucket, self.today, self.escalation = bucket, today, escalation
        self.soon_limits: dict[int, date] = {}   # version id → last day of its "due soon" window
        self.monitor_agency = monitor_agency   # only directives this agency monitors (urging)


@dataclass(frozen=True)
class AuditQuery:
    """What an audit search asks for (every filter optional). ``since``/``until`` are
    UTC instants (until excluded); ``before_id``/``after_id`` cut a newest-first page
    (rows older than / newer than that id)."""

    actor: str | None = None
    agency: str | None = None            # the agency the actor acted for
    lead_agency: str | None = None       # rows of the tasks this agency leads
    directive_id: int | None = None
    instance_id: int | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    before_id: int | None = None
    after_id: int | None = None
    limit: int = 50


class StepQuery:
    """Pending steps for an inbox: the user's own, their agency's unassigned ones of
    their roles and, for leaders, their officers' steps."""

    def __init__(self, *, login: str | None = None, agency_code: str | None = None, roles=(),
                 include_officers: bool = False, optional: bool = False, directive_id: int | None = None,
                 forms=(), due_from=None, due_to=None, search: str | None = None, limit: int = 200):
        self.login, self.agency_code, self.roles = login, agency_code, tuple(roles)
        self.include_officers, self.optional = include_officers, optional
        self.directive_id, self.forms = directive_id, tuple(forms)
        self.due_from, self.due_to, self.search, self.limit = due_from, due_to, search, limit
        # the inbox's extras (set after construction): urgency groups wanted ("overdue", "due_soon",
        # "normal", "none") judged on ``today`` with each process version's last "due soon" day
        # (``soon_limits``: version id → day; ``soon_limit`` when every version agrees), paging
        self.urgencies: tuple[str, ...] = ()
        self.today: date | None = None
        self.soon_limit: date | None = None
        self.soon_limits: dict[int, date] = {}
        self.offset = 0


class Queries(Protocol):
    def tasks(self, query: TaskQuery) -> tuple[list[dict], int]: ...
    def steps(self, query: StepQuery) -> list[dict]: ...
    def directive_counts(self, today: date, visible_agency: str | None,
                         directive_ids: list[int] | None = None) -> list[dict]: ...
    def visible_directives(self, visible_agency: str | None, limit: int | None = None,
                           offset: int = 0) -> tuple[list[dict], int]: ...
    def status_counts(self, today: date, soon_limits: dict[int, date], visible_agency: str | None,
                      agency_code: str | None = None) -> list[dict]:
        """Assignments per (agency, status code, count column): rows of agency_code,
        agency_name, status, column, count (engine.domain.status's rules)."""
    def visible_agencies(self, visible_agency: str | None) -> list[tuple[str, str]]:
        """(code, name) of the agencies with an assignment ``visible_agency`` sees (None:
        every agency with an assignment), in no particular order."""
    def reports_of(self, instance_id: int) -> list[Report]: ...
    def agency_names(self, codes: Iterable[str]) -> dict[str, str]: ...
    def user_names(self, logins: Iterable[str]) -> dict[str, str]: ...
    # the inbox (persistence/inbox_queries.py): one page of steps and its facets
    def inbox_page(self, query: StepQuery) -> list[dict]: ...
    def inbox_facets(self, query: StepQuery) -> list[dict]:
        """Counts per (urgency, form, mine) under every filter of ``query`` but urgency and
        form; ``mine`` is 1 for steps the user may act on themselves."""
    def process_version_ids(self) -> list[int]: ...
