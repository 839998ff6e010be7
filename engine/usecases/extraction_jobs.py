"""Reading a scanned directive in the background: the upload is stored as a job and
handed to the background runner (``Services.background``: a thread of the embedded
server, a Celery worker in production), so no web request waits for OCR. The runner
reads the file page by page, writing the progress after each page in a transaction of
its own (any web worker can show it), then extracts the proposal and stores it with
the page images in one transaction. Only the uploader sees a job, as only the uploader
sees a review draft; a job another user asks for does not exist for them."""
from __future__ import annotations

import logging
import secrets

from engine.domain.errors import DomainError, NotFound
from engine.domain.extraction_job import KEEP_FOR, ExtractionJob, JobStatus, PageImage
from engine.domain.users import User
from engine.usecases.context import Services

log = logging.getLogger("chidao.extraction")
UNEXPECTED = ("Lỗi không mong đợi khi đọc tệp — hãy thử lại; nếu vẫn lỗi, báo quản trị hệ thống.")


def start_job(services: Services, actor: User, filename: str, data: bytes) -> ExtractionJob:
    """Store the upload as a job and hand it to the background runner. Refused at once
    (nothing stored) when OCR cannot run on this server."""
    from engine.extraction import ExtractionError
    from engine.extraction.ocr import Tesseract

    try:
        Tesseract().check()
    except ExtractionError as err:
        raise DomainError("extraction.unreadable", detail=str(err)) from None
    now = services.clock.now()
    job = ExtractionJob(secrets.token_urlsafe(24), actor.login, filename, created_at=now, updated_at=now)
    with services.uow() as uow:
        uow.extraction_jobs.remove_older_than(now - KEEP_FOR)
        uow.extraction_jobs.add(job, data)
        uow.commit()
    if services.background is None:
        run_job(services, job.id)          # no runner (a command line): read it here and now
    else:
        services.background.submit(job.id)
    return job


def _progress(services: Services, job_id: str):
    def report(done: int, total: int) -> None:
        with services.uow() as uow:
            uow.extraction_jobs.set_progress(job_id, JobStatus.READING, done, total, services.clock.now())
            uow.commit()
    return report


def _fail(services: Services, job_id: str, error: str) -> None:
    with services.uow() as uow:
        uow.extraction_jobs.fail(job_id, error, services.clock.now())
        uow.commit()


def run_job(services: Services, job_id: str, *, ocr=None) -> None:
    """Read and extract job ``job_id`` (the background runner's work). A job already
    finished, or gone, is left alone; every failure is recorded on the job."""
    from engine.extraction import ExtractionError, extract_document
    from engine.usecases.directive_files import read_directive_bytes

    with services.uow(write=False) as uow:
        job = uow.extraction_jobs.get(job_id)
        data = uow.extraction_jobs.file_of(job_id) if job else None
    if job is None or job.status.finished or data is None:
        return
    try:
        _progress(services, job_id)(0, 0)
        document = read_directive_bytes(data, job.filename, progress=_progress(services, job_id), ocr=ocr)
        with services.uow(write=False) as uow:
            registry = services.registry(uow)
        proposal = extract_document(document, registry, source=job.filename)
    except ExtractionError as err:
        _fail(services, job_id, str(err))
        return
    except DomainError as err:              # past the file's bounds (engine.files.document_bounds)
        _fail(services, job_id, err.message())
        return
    except Exception:                       # noqa: BLE001 — recorded on the job, logged for the admin
        log.exception("reading extraction job %s failed", job_id)
        _fail(services, job_id, UNEXPECTED)
        return
    pages = [PageImage(p.number, p.image, p.width, p.height) for p in document.pages if p.image]
    with services.uow() as uow:
        uow.extraction_jobs.finish(job_id, {"document": document.to_dict(), "proposal": proposal}, pages,
                                   services.clock.now())
        uow.commit()


def _own(services: Services, actor: User, job_id: str) -> ExtractionJob:
    with services.uow(write=False) as uow:
        job = uow.extraction_jobs.get(job_id) if job_id else None
    if job is None or job.owner != actor.login:
        raise NotFound("extraction.job_not_found")
    return job


def job_status(services: Services, actor: User, job_id: str) -> ExtractionJob:
    return _own(services, actor, job_id)


def page_image(services: Services, actor: User, job_id: str, number: int) -> PageImage:
    _own(services, actor, job_id)
    with services.uow(write=False) as uow:
        image = uow.extraction_jobs.page_image(job_id, number)
    if image is None:
        raise NotFound("extraction.page_not_found", page=number)
    return image


def restart_job(services: Services, actor: User, job_id: str) -> ExtractionJob:
    """Start a stalled or failed job again (its file is kept until it succeeds)."""
    job = _own(services, actor, job_id)
    if job.status is JobStatus.DONE or not (job.status is JobStatus.FAILED or job.stalled(services.clock.now())):
        return job
    with services.uow() as uow:
        if uow.extraction_jobs.file_of(job_id) is None:
            raise NotFound("extraction.job_not_found")
        uow.extraction_jobs.set_progress(job_id, JobStatus.QUEUED, 0, 0, services.clock.now())
        uow.commit()
    if services.background is None:
        run_job(services, job_id)
    else:
        services.background.submit(job_id)
    return _own(services, actor, job_id)


def record_draft(services: Services, actor: User, job_id: str, draft_id: str) -> str:
    """The review draft of a finished job: ``draft_id`` unless another request made one
    first (then that one's id)."""
    _own(services, actor, job_id)
    with services.uow() as uow:
        kept = uow.extraction_jobs.claim_draft(job_id, draft_id)
        uow.commit()
    return kept
