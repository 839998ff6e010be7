"""The stored facts of chidao as plain records: directives, their tasks, the tracked
assignment of a task to one lead agency (an instance of the lifecycle), pending and
completed steps, reports, evidence, audit entries, notifications and outgoing mail."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from engine.domain.calendar import end_of_day
from engine.domain.deadlines import Deadline


@dataclass
class Directive:
    number: str | None
    doc_type: str
    issuer: str
    issued_on: date | None
    signer: str | None
    title: str
    body: str = ""
    source_name: str | None = None
    monitor_agency: str = ""        # agency code
    authority_agency: str = ""      # agency code
    reporting_rule: str | None = None
    issued_month: str | None = None  # "YYYY-MM" when only the month is printed
    created_by: str = ""
    created_at: datetime | None = None
    id: int | None = None


@dataclass
class TaskDef:
    """One task (nhiệm vụ) as the directive writes it; it may address many agencies."""

    ref: str
    summary: str
    lead: list[str]                 # canonical names or group tokens, as written
    coordinating: list[str]         # agency codes
    deadline: Deadline
    product: str | None = None
    reporting: str | None = None
    content: str | None = None
    note: str | None = None
    position: int = 0
    directive_id: int | None = None
    id: int | None = None
    coordinating_groups: list[str] = field(default_factory=list)


@dataclass
class Instance:
    """The tracked assignment of one task to one lead agency."""

    task_id: int
    agency_code: str
    process_version_id: int
    state: str
    version: int = 0
    next_timer_at: datetime | None = None
    phase: str = "awaiting_acceptance"
    due_date: date | None = None
    original_due_date: date | None = None
    officer_login: str | None = None
    submitted_at: datetime | None = None
    due_at_submission: date | None = None
    closed_at: datetime | None = None
    completed_on_time: bool | None = None
    submitted_on_time: bool | None = None   # the completion report in review came by the due moment
    accept_due: date | None = None
    suspended_at: datetime | None = None
    outcome: str | None = None
    escalation: str | None = None
    percent: int | None = None
    deadline_kind: str = "none"
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None


@dataclass
class PendingStep:
    id: str                 # SpiffWorkflow task id
    instance_id: int
    name: str
    title: str
    form: str
    role: str
    agency_code: str | None
    assignee: str | None
    due: date | None
    optional: bool
    created_at: datetime | None = None
    period: str | None = None   # a monthly report step's period ("2025-12")


@dataclass
class CompletedStep:
    id: str
    instance_id: int
    name: str
    form: str
    completed_by: str
    completed_by_name: str
    agency_code: str
    completed_at: datetime


@dataclass
class ReportVersion:
    number: int
    values: dict
    submitted_by: str
    submitted_at: datetime
    decision: str | None = None
    comment: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    evidence: list[dict] = field(default_factory=list)   # {sha256, filename, size, content_type}
    id: int | None = None


@dataclass
class Report:
    """A submission that can be reviewed and resubmitted: a monthly report, the
    completion report, an extension request or a coordinating agency's input."""

    instance_id: int
    kind: str               # monthly, completion, extension, input
    period: str | None      # "2025-06" for monthly reports
    status: str = "submitted"   # see REPORT_STATUSES
    versions: list[ReportVersion] = field(default_factory=list)
    id: int | None = None
    due_date: date | None = None   # a monthly report's due day

    @property
    def latest(self) -> ReportVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def filed_at(self) -> datetime | None:
        return self.versions[0].submitted_at if self.versions else None

    @property
    def filed_late(self) -> bool:
        """Filed after the end of its due day (a monthly report filed late)."""
        return bool(self.versions and self.due_date and self.versions[0].submitted_at > end_of_day(self.due_date))

    def missed(self, today: date) -> bool:
        """Not filed, and its due day is over (Chưa nộp)."""
        return self.status == "not_filed" and self.due_date is not None and self.due_date < today


# submitted, approved, returned, refused: a filed report and its review; not_filed: a
# monthly period opened and nothing filed yet; withdrawn: the task closed before it fell due
REPORT_STATUSES = ("submitted", "approved", "returned", "refused", "not_filed", "withdrawn")


@dataclass
class StepSurroundings:
    """A pending step with what completing it needs, read together: its instance (the
    state left out) with task, directive and agency name, every pending step of the
    instance (itself included) and the instance's open reports. When the step is not
    pending, ``instance`` is None and ``pending`` empty."""

    instance: "Instance | None"
    task: "TaskDef | None"
    directive: "Directive | None"
    agency_name: str
    pending: list[PendingStep]
    open_reports: list[Report]

    def step(self, step_id: str) -> PendingStep | None:
        return next((s for s in self.pending if s.id == step_id), None)


@dataclass
class EvidenceFile:
    sha256: str
    filename: str
    size: int
    content_type: str
    uploaded_by: str
    uploaded_at: datetime
    instance_id: int | None = None
    id: int | None = None


@dataclass
class AuditEntry:
    at: datetime
    actor_login: str
    actor_name: str
    agency_code: str
    action: str
    instance_id: int | None = None
    task_id: int | None = None
    directive_id: int | None = None
    step_id: str | None = None
    before: dict | None = None
    after: dict | None = None
    prev_hash: str = ""
    hash: str = ""
    id: int | None = None
    seq: int | None = None          # position in the chain (1, 2, 3 …), set when stored


@dataclass
class Notification:
    user_login: str
    kind: str
    title: str
    body: str
    link: str | None = None
    instance_id: int | None = None
    created_at: datetime | None = None
    read_at: datetime | None = None
    id: int | None = None


@dataclass
class OutgoingMail:
    to_addr: str
    subject: str
    body: str
    user_login: str | None = None
    created_at: datetime | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = None
    id: int | None = None


@dataclass
class ProcessVersion:
    """One deployed version of a process diagram, stored once."""

    key: str
    version: int
    xml: str
    sha256: str
    parameters: dict
    deployed_by: str
    deployed_at: datetime
    id: int | None = None
    change_note: str | None = None      # what the process owner says changed (the editor requires one)


@dataclass
class MigrationRecord:
    """One instance moved onto another version of its process, with what moving it back
    exactly needs: the version it was on and its stored state as it was. ``migrated_version``
    is the instance's version counter right after the move: a revert is exact only while
    the instance is still there."""

    run_id: str                 # the migration run (one command, one screen action) it was part of
    instance_id: int
    from_version_id: int
    to_version_id: int
    previous_state: str | None
    migrated_version: int
    reason: str
    migrated_by: str
    migrated_at: datetime
    reverted_by: str | None = None
    reverted_at: datetime | None = None
    revert_reason: str | None = None
    id: int | None = None


@dataclass
class DiagramDraft:
    """A process owner's unfinished edit of one process, saved as they go: the diagram
    as the editor last sent it and the version it started from."""

    key: str
    owner_login: str
    xml: str
    sha256: str
    base_version_id: int | None
    updated_at: datetime
    id: int | None = None
