"""A directive file being read in the background (a scan that needs OCR): who uploaded
it, how far the reading has got (pages done of pages to OCR), and, once done, what was
read (the document's lines with their pages, the extraction proposal) and the page
images the review page shows beside the proposed tasks. A job whose worker stopped
answering (the server restarted mid-way) is stalled and may be started again."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

STALL_AFTER = timedelta(minutes=10)     # longer than any page may take (Tesseract's own limit is 60 s)
KEEP_FOR = timedelta(days=14)           # as long as a review draft is kept


class JobStatus(str, Enum):
    QUEUED = "queued"
    READING = "reading"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)


@dataclass
class PageImage:
    number: int
    jpeg: bytes
    width: int
    height: int


@dataclass
class ExtractionJob:
    id: str
    owner: str                          # login of the uploader: the only one who sees the job
    filename: str
    status: JobStatus = JobStatus.QUEUED
    pages_done: int = 0
    pages_total: int = 0
    error: str | None = None            # why reading failed, for the uploader (Vietnamese)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    result: dict | None = None          # {"document": Document.to_dict(), "proposal": {...}}
    draft_id: str | None = None         # the review draft made from the result
    pages: list[int] = field(default_factory=list)   # numbers of the stored page images

    def stalled(self, now: datetime) -> bool:
        return not self.status.finished and self.updated_at is not None and now - self.updated_at > STALL_AFTER

    @property
    def percent(self) -> int:
        if self.status is JobStatus.DONE:
            return 100
        return int(100 * self.pages_done / self.pages_total) if self.pages_total else 0
