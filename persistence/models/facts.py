"""The facts history of assignments: each row is what an instance's status was judged
from (phase, dates, on-time flags, agency) from ``valid_from`` until the next row of
the same instance. Written with the instance in the same transaction
(repositories/tracking.py), read by the monthly summary "as of month end"."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from persistence.models.base import Base
from persistence.types import UTCDateTime


class InstanceFactsRow(Base):
    __tablename__ = "instance_facts"
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    process_version_id: Mapped[int] = mapped_column(Integer)
    phase: Mapped[str] = mapped_column(String(30))
    deadline_kind: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date | None] = mapped_column(Date)
    accept_due: Mapped[date | None] = mapped_column(Date)
    completed_on_time: Mapped[bool | None] = mapped_column(Boolean)
    submitted_on_time: Mapped[bool | None] = mapped_column(Boolean)
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (Index("ix_instance_facts_instance_valid_from", "instance_id", "valid_from"),)
