"""Urging letters and the assignments each urged (migration 0010_urging)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from persistence.models.base import Base
from persistence.types import UTCDateTime


class UrgingRow(Base):
    __tablename__ = "urgings"
    id: Mapped[int] = mapped_column(primary_key=True)
    issuer_agency: Mapped[str] = mapped_column(String(120))
    issued_by: Mapped[str] = mapped_column(String(80))
    issued_by_name: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_on: Mapped[date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(Text)
    __table_args__ = (Index("ix_urgings_issuer", "issuer_agency", "id"),)


class UrgingItemRow(Base):
    __tablename__ = "urging_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    urging_id: Mapped[int] = mapped_column(ForeignKey("urgings.id"))
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    agency_code: Mapped[str] = mapped_column(String(120))
    due_date: Mapped[date] = mapped_column(Date)
    days_late: Mapped[int] = mapped_column(Integer)
    __table_args__ = (Index("ix_urging_items_instance", "instance_id", "urging_id"),
                      Index("ix_urging_items_urging", "urging_id"))
