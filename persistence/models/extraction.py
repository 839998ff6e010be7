"""Directive files read in the background (scans OCR'd by a worker): the job with its
progress and result, the uploaded file until it has been read, and the page images the
review page shows (extraction OCR, migration 0003_extraction_ocr)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from persistence.models.base import Base
from persistence.types import UTCDateTime


class ExtractionJobRow(Base):
    __tablename__ = "extraction_jobs"
    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    owner_login: Mapped[str] = mapped_column(String(80))
    filename: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    pages_done: Mapped[int] = mapped_column(Integer, default=0)
    pages_total: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    result_json: Mapped[str | None] = deferred(mapped_column(Text))
    file: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    draft_id: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (Index("ix_extraction_jobs_created_at", "created_at"),)


class ExtractionPageRow(Base):
    __tablename__ = "extraction_pages"
    job_id: Mapped[str] = mapped_column(ForeignKey("extraction_jobs.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    image: Mapped[bytes] = deferred(mapped_column(LargeBinary))
