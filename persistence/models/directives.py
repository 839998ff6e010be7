"""Process versions (stored once), directives and the tasks they assign."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from persistence.models.base import Base
from persistence.types import UTCDateTime


class ProcessVersionRow(Base):
    __tablename__ = "process_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    xml: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    deployed_by: Mapped[str] = mapped_column(String(80))
    deployed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    change_note: Mapped[str | None] = mapped_column(Text)          # migration 0009_processes_ui
    __table_args__ = (
        UniqueConstraint("key", "version", name="uq_process_versions_key_version"),
        UniqueConstraint("key", "sha256", name="uq_process_versions_key_sha256"),
    )


class DirectiveRow(Base):
    __tablename__ = "directives"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(100), index=True)
    doc_type: Mapped[str] = mapped_column(String(20))
    issuer: Mapped[str] = mapped_column(String(300))
    issued_on: Mapped[date | None] = mapped_column(Date)
    issued_month: Mapped[str | None] = mapped_column(String(7))
    signer: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    source_name: Mapped[str | None] = mapped_column(String(300))
    monitor_agency: Mapped[str] = mapped_column(String(120))
    authority_agency: Mapped[str] = mapped_column(String(120))
    reporting_rule: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TaskRow(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    ref: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text)
    content: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[list] = mapped_column(JSON, default=list)
    coordinating: Mapped[list] = mapped_column(JSON, default=list)
    coordinating_groups: Mapped[list] = mapped_column(JSON, default=list)
    deadline_kind: Mapped[str] = mapped_column(String(20))
    deadline_value: Mapped[str | None] = mapped_column(String(20))
    deadline_before: Mapped[bool] = mapped_column(Boolean, default=False)
    deadline_text: Mapped[str | None] = mapped_column(Text)
    product: Mapped[str | None] = mapped_column(Text)
    reporting: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    # migration 0012: a task's directive read from the index, not the task row with its text
    __table_args__ = (Index("ix_tasks_id_directive", "id", "directive_id"),)
