"""Process owners' diagram drafts: one per owner and process, saved by the editor as
they go (migration 0009_processes_ui)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from persistence.models.base import Base
from persistence.types import UTCDateTime


class DiagramDraftRow(Base):
    __tablename__ = "diagram_drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100))
    owner_login: Mapped[str] = mapped_column(String(80))
    xml: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    base_version_id: Mapped[int | None] = mapped_column(ForeignKey("process_versions.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    __table_args__ = (UniqueConstraint("key", "owner_login", name="uq_diagram_drafts_key_owner"),)
