"""Background extraction jobs: the job row with its progress, result and file, and the
page images (engine.ports.ExtractionJobRepository)."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from engine.domain.extraction_job import ExtractionJob, JobStatus, PageImage
from persistence.models import ExtractionJobRow, ExtractionPageRow


class SqlExtractionJobs:
    def __init__(self, session: Session):
        self.session = session

    def add(self, job: ExtractionJob, data: bytes) -> None:
        self.session.add(ExtractionJobRow(
            id=job.id, owner_login=job.owner, filename=job.filename, status=job.status.value,
            pages_done=job.pages_done, pages_total=job.pages_total, error=job.error,
            created_at=job.created_at, updated_at=job.updated_at, file=data))
        self.session.flush()

    def get(self, job_id: str) -> ExtractionJob | None:
        row = self.session.get(ExtractionJobRow, job_id)
        if row is None:
            return None
        self.session.refresh(row)        # another worker may have moved it on
        result = self.session.execute(select(ExtractionJobRow.result_json).where(
            ExtractionJobRow.id == job_id)).scalar_one()
        pages = self.session.execute(select(ExtractionPageRow.number).where(
            ExtractionPageRow.job_id == job_id).order_by(ExtractionPageRow.number)).scalars().all()
        return ExtractionJob(row.id, row.owner_login, row.filename, JobStatus(row.status), row.pages_done,
                             row.pages_total, row.error, row.created_at, row.updated_at,
                             json.loads(result) if result else None, row.draft_id, list(pages))

    def file_of(self, job_id: str) -> bytes | None:
        return self.session.execute(select(ExtractionJobRow.file).where(ExtractionJobRow.id == job_id)).scalar()

    def _set(self, job_id: str, **values) -> None:
        self.session.execute(update(ExtractionJobRow).where(ExtractionJobRow.id == job_id).values(**values))

    def set_progress(self, job_id: str, status: JobStatus, done: int, total: int, at: datetime) -> None:
        self._set(job_id, status=status.value, pages_done=done, pages_total=total, updated_at=at, error=None)

    def finish(self, job_id: str, result: dict, pages: list[PageImage], at: datetime) -> None:
        self.session.execute(delete(ExtractionPageRow).where(ExtractionPageRow.job_id == job_id))
        for page in pages:
            self.session.add(ExtractionPageRow(job_id=job_id, number=page.number, width=page.width,
                                               height=page.height, image=page.jpeg))
        self._set(job_id, status=JobStatus.DONE.value, result_json=json.dumps(result, ensure_ascii=False),
                  file=None, updated_at=at, error=None)
        self.session.flush()

    def fail(self, job_id: str, error: str, at: datetime) -> None:
        self._set(job_id, status=JobStatus.FAILED.value, error=error[:2000], updated_at=at)

    def page_image(self, job_id: str, number: int) -> PageImage | None:
        row = self.session.get(ExtractionPageRow, (job_id, number))
        return PageImage(row.number, row.image, row.width, row.height) if row else None

    def claim_draft(self, job_id: str, draft_id: str) -> str:
        self.session.execute(update(ExtractionJobRow).where(
            ExtractionJobRow.id == job_id, ExtractionJobRow.draft_id.is_(None)).values(draft_id=draft_id))
        return self.session.execute(select(ExtractionJobRow.draft_id).where(
            ExtractionJobRow.id == job_id)).scalar_one()

    def remove_older_than(self, moment: datetime) -> int:
        old = select(ExtractionJobRow.id).where(ExtractionJobRow.created_at < moment)
        self.session.execute(delete(ExtractionPageRow).where(ExtractionPageRow.job_id.in_(old)))
        return self.session.execute(delete(ExtractionJobRow).where(ExtractionJobRow.created_at < moment)).rowcount
