"""The facts history of assignments: each row is what an instance's status was judged
from (phase, dates, on-time flags, agency) from ``valid_from`` until ``valid_to`` — the
earliest ``valid_from`` of the instance's later rows (None while it is the last), so
"the row valid at a moment" is a condition on the row itself, not a search among its
instance's rows. Written with the instance in the same transaction
(repositories/facts.py), read by the monthly summary "as of month end"
(month_end_sql.py). ``directive_id`` (the instance's task's, which never changes) lets
it count per directive without joining a million tasks.

The month-end counts kept for the whole province (one row of ``month_end_snapshots``
per ended month) are a cache of what month_end_sql.py counts; a facts row valid before
a kept month's end drops that month."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from persistence.models.base import Base
from persistence.types import UTCDateTime


LATE_LIST_INCLUDES = ["id", "valid_from", "valid_to", "phase", "completed_on_time", "submitted_on_time"]


class InstanceFactsRow(Base):
    __tablename__ = "instance_facts"
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_to: Mapped[datetime | None] = mapped_column(UTCDateTime)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    process_version_id: Mapped[int] = mapped_column(Integer)
    phase: Mapped[str] = mapped_column(String(30))
    deadline_kind: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date | None] = mapped_column(Date)
    accept_due: Mapped[date | None] = mapped_column(Date)
    completed_on_time: Mapped[bool | None] = mapped_column(Boolean)
    submitted_on_time: Mapped[bool | None] = mapped_column(Boolean)
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (Index("ix_instance_facts_instance_valid_from", "instance_id", "valid_from"),
                      Index("ix_instance_facts_directive", "directive_id"),
                      # an agency's late list, in due order; on PostgreSQL the scan reads no table row
                      Index("ix_instance_facts_agency_due", "agency_id", "due_date", "directive_id",
                            postgresql_include=LATE_LIST_INCLUDES),
                      # what changed in a month: rows valid from, closed, or due in it
                      Index("ix_instance_facts_valid_from", "valid_from"),
                      Index("ix_instance_facts_valid_to", "valid_to"),
                      Index("ix_instance_facts_due_date", "due_date"))


class MonthEndSnapshotRow(Base):
    """The whole province's counts kept for the month ending at ``moment``, judged by
    the rules named ``rules_key`` (engine.domain.monthly.RULES_KEY): ``counts`` holds
    {"directives": [[directive id, {column: n}, {previous column: n}, changes], …],
    "agencies": [[agency id, column, due in the year, n], …]} — one row read back."""

    __tablename__ = "month_end_snapshots"
    id: Mapped[int] = mapped_column(primary_key=True)
    moment: Mapped[datetime] = mapped_column(UTCDateTime)
    rules_key: Mapped[str] = mapped_column(String(32))
    kept_at: Mapped[datetime] = mapped_column(UTCDateTime)
    counts: Mapped[dict] = mapped_column(JSON)
    __table_args__ = (UniqueConstraint("moment", name="uq_month_end_snapshots_moment"),)
