"""The running side: instances (one per task and lead agency) with their state,
pending and completed steps, reports with versions, evidence files."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (JSON, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from persistence.models.base import Base
from persistence.types import UTCDateTime


class InstanceRow(Base):
    __tablename__ = "instances"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    process_version_id: Mapped[int] = mapped_column(ForeignKey("process_versions.id"))
    state: Mapped[bytes] = mapped_column(LargeBinary)
    version: Mapped[int] = mapped_column(Integer, default=0)
    next_timer_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    phase: Mapped[str] = mapped_column(String(30), index=True)
    deadline_kind: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    original_due_date: Mapped[date | None] = mapped_column(Date)
    officer_login: Mapped[str | None] = mapped_column(String(80), index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at_submission: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_on_time: Mapped[bool | None] = mapped_column(Boolean)
    submitted_on_time: Mapped[bool | None] = mapped_column(Boolean)
    accept_due: Mapped[date | None] = mapped_column(Date)
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))
    escalation: Mapped[str | None] = mapped_column(String(20))
    percent: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    __table_args__ = (
        # migration 0003: the instances of a version by phase (process list, migration selection)
        Index("ix_instances_process_version_phase", "process_version_id", "phase"),
        # migration 0012: an agency's assignments with what their status is judged from, and their task
        # (its counts read no instance row); the assignments escalated to the authority
        Index("ix_instances_agency_judged", "agency_id", "phase", "due_date", "accept_due", "completed_on_time",
              "submitted_on_time", "process_version_id", "task_id"),
        Index("ix_instances_escalation", "escalation"),
    )


class PendingStepRow(Base):
    """What every inbox reads: one row per ready step, never a deserialized workflow."""

    __tablename__ = "pending_steps"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    form: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(30))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    assignee_login: Mapped[str | None] = mapped_column(String(80))
    due_date: Mapped[date | None] = mapped_column(Date)
    period: Mapped[str | None] = mapped_column(String(7))
    optional: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    __table_args__ = (
        # covering indexes of the inbox (migration 0002): its counts and pages read no table row
        Index("ix_pending_steps_agency_inbox", "agency_id", "role", "optional", "assignee_login", "due_date", "form",
              "id", "instance_id"),
        Index("ix_pending_steps_assignee_inbox", "assignee_login", "optional", "due_date", "form", "id",
              "instance_id"),
    )


class CompletedStepRow(Base):
    __tablename__ = "completed_steps"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    form: Mapped[str] = mapped_column(String(60))
    completed_by: Mapped[str] = mapped_column(String(80))
    completed_by_name: Mapped[str] = mapped_column(String(200))
    agency_code: Mapped[str] = mapped_column(String(120))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReportRow(Base):
    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    period: Mapped[str | None] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date | None] = mapped_column(Date)     # a monthly report's due day
    __table_args__ = (Index("ix_reports_instance_kind_period", "instance_id", "kind", "period"),)


class ReportVersionRow(Base):
    __tablename__ = "report_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    submitted_by: Mapped[str] = mapped_column(String(80))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decision: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (UniqueConstraint("report_id", "number", name="uq_report_versions_report_number"),)


class EvidenceRow(Base):
    __tablename__ = "evidence_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(120))
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("instances.id"), index=True)


class InstanceMigrationRow(Base):
    """An instance moved onto another process version, with its state as it was before
    (compressed like the instance's own), so the move can be reverted exactly."""

    __tablename__ = "instance_migrations"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(String(36), index=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    from_version_id: Mapped[int] = mapped_column(ForeignKey("process_versions.id"))
    to_version_id: Mapped[int] = mapped_column(ForeignKey("process_versions.id"))
    previous_state: Mapped[bytes] = mapped_column(LargeBinary)
    migrated_version: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    migrated_by: Mapped[str] = mapped_column(String(80))
    migrated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reverted_by: Mapped[str | None] = mapped_column(String(80))
    reverted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revert_reason: Mapped[str | None] = mapped_column(Text)
