"""The append-only audit log, in-app notifications, the mail outbox and markers."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from persistence.models.base import Base
from persistence.types import UTCDateTime


class AuditRow(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)       # position in the chain, 1, 2, 3 … (migration 0003)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_login: Mapped[str] = mapped_column(String(80))
    actor_name: Mapped[str] = mapped_column(String(200))
    agency_code: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))
    instance_id: Mapped[int | None] = mapped_column(Integer)
    task_id: Mapped[int | None] = mapped_column(Integer, index=True)
    directive_id: Mapped[int | None] = mapped_column(Integer)
    step_id: Mapped[str | None] = mapped_column(String(36))
    before_json: Mapped[str] = mapped_column(Text, default="")
    after_json: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    __table_args__ = (
        # migration 0003: the chain's positions, and the audit search's filters, each ending with the id
        # the newest-first pages are ordered and cut by
        Index("ix_audit_log_seq", "seq", unique=True),
        Index("ix_audit_log_instance", "instance_id", "id"),
        Index("ix_audit_log_actor", "actor_login", "id"),
        Index("ix_audit_log_agency", "agency_code", "id"),
        Index("ix_audit_log_directive", "directive_id", "id"),
        Index("ix_audit_log_action", "action", "id"),
        Index("ix_audit_log_at", "at", "id"),
    )


class AuditHeadRow(Base):
    """The audit chain's signed checkpoint: one row (id 1), rewritten by every append
    in the same transaction (engine/domain/audit.py)."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    broken_since: Mapped[int | None] = mapped_column(BigInteger)
    mac: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NotificationRow(Base):
    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_login: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(400))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(300))
    instance_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (Index("ix_notifications_user_created", "user_login", "created_at"),
                      Index("ix_notifications_user_unread", "user_login", "read_at"))   # migration 0002


class OutboxRow(Base):
    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_login: Mapped[str | None] = mapped_column(String(80))
    to_addr: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(400))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class MarkerRow(Base):
    __tablename__ = "markers"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
