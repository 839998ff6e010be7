"""Bounds a directive document must keep before the extractor parses it, so one file
cannot hold a worker for minutes or take gigabytes: a DOCX's declared and actual
unpacked sizes (a 1.4 MB DOCX whose document.xml unpacks to 400 MB is refused at
once), a PDF's pages and the inflated size of what the reader will decode, and the
time reading may take (``reading_time_limit``, where the platform allows a timer).
Each refusal is a DomainError saying which bound and what it is."""
from __future__ import annotations

import io
import signal
import threading
import time
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass

from engine.domain.errors import DomainError
from engine.files.office import ZIP_MAGIC, read_capped

MB = 1024 * 1024


@dataclass(frozen=True)
class DocumentLimits:
    max_members: int = 5_000              # parts in a DOCX package
    max_part: int = 64 * MB               # unpacked size of one part
    max_unpacked: int = 160 * MB          # unpacked size of the whole package
    max_pages: int = 500                  # pages of a PDF
    max_stream: int = 32 * MB             # inflated size of one PDF content stream
    max_inflated: int = 160 * MB          # inflated size of all of them
    check_seconds: float = 20.0           # time these checks may take
    read_seconds: int = 120               # time the extractor may take to read the file


LIMITS = DocumentLimits()


def _megabytes(size: int) -> str:
    return f"{size / MB:.0f}"


def check_directive_file(filename: str, data: bytes, limits: DocumentLimits = LIMITS) -> None:
    """Refuse a .docx or .pdf past its bounds; other files are left to the reader."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext == "docx" and data.startswith(ZIP_MAGIC):
        check_docx(filename, data, limits)
    elif ext == "pdf":
        check_pdf(filename, data, limits)


def check_docx(filename: str, data: bytes, limits: DocumentLimits = LIMITS) -> None:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return                                           # the reader says it is damaged
    with package:
        members = package.infolist()
        if len(members) > limits.max_members:
            raise DomainError("file.too_many_parts", name=filename, count=len(members), max=limits.max_members)
        declared = sum(m.file_size for m in members)
        largest = max(members, key=lambda m: m.file_size, default=None)
        if largest is not None and largest.file_size > limits.max_part:
            raise DomainError("file.unpacks_too_big", name=filename, part=largest.filename[:80],
                              size=_megabytes(largest.file_size), max=_megabytes(limits.max_part))
        if declared > limits.max_unpacked:
            raise DomainError("file.unpacks_too_big", name=filename, part="*", size=_megabytes(declared),
                              max=_megabytes(limits.max_unpacked))
        _check_actual_sizes(filename, package, members, limits)


def _check_actual_sizes(filename, package, members, limits: DocumentLimits) -> None:
    """Unpack every part with a cap: a header that understates a size is caught too."""
    total = 0
    for member in members:
        try:
            content = read_capped(package, member, min(limits.max_part, limits.max_unpacked - total))
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zlib.error):
            return                                       # damaged or encrypted: the reader says so
        if content is None:
            raise DomainError("file.unpacks_too_big", name=filename, part=member.filename[:80],
                              size=f"> {_megabytes(limits.max_part)}", max=_megabytes(limits.max_part))
        total += len(content)


def check_pdf(filename: str, data: bytes, limits: DocumentLimits = LIMITS) -> None:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    deadline = time.monotonic() + limits.check_seconds
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = []
        for page in PDFPage.create_pages(document):
            pages.append(page)
            if len(pages) > limits.max_pages:
                raise DomainError("file.too_many_pages", name=filename, max=limits.max_pages)
            _check_deadline(filename, deadline, limits)
        inflated = 0
        for page in pages:
            inflated += _inflated_contents(filename, page, limits, limits.max_inflated - inflated)
            _check_deadline(filename, deadline, limits)
    except DomainError:
        raise
    except Exception:   # noqa: BLE001 - damaged or encrypted: the reader gives its own message
        return


def _inflated_contents(filename, page, limits: DocumentLimits, room: int) -> int:
    from pdfminer.pdftypes import PDFStream, resolve1

    total = 0
    for stream in page.contents or []:
        stream = resolve1(stream)
        if not isinstance(stream, PDFStream):
            continue
        names = [getattr(kind, "name", kind) for kind, _ in stream.get_filters()]
        if "FlateDecode" in names or "Fl" in names:
            size = _inflated_size(stream.rawdata or b"", min(limits.max_stream, room - total) + 1)
        else:
            size = len(stream.rawdata or b"")
        if size > min(limits.max_stream, room - total):
            raise DomainError("file.pdf_streams_too_big", name=filename, max=_megabytes(limits.max_stream))
        total += size
    return total


def _inflated_size(raw: bytes, cap: int) -> int:
    """How many bytes ``raw`` inflates to, counting no further than ``cap``."""
    inflater = zlib.decompressobj()
    size, pending = 0, raw
    try:
        while pending and size < cap:
            size += len(inflater.decompress(pending, cap - size))
            pending = inflater.unconsumed_tail
    except zlib.error:
        return size
    return size


def _check_deadline(filename: str, deadline: float, limits: DocumentLimits) -> None:
    if time.monotonic() > deadline:
        raise DomainError("file.too_slow", name=filename, seconds=int(limits.check_seconds))


class _ReadingExpired(BaseException):
    """Raised by the timer inside the reader; a BaseException so the reader's own
    ``except Exception`` does not turn it into a "damaged file" message."""


@contextmanager
def reading_time_limit(filename: str, seconds: int = LIMITS.read_seconds):
    """Stop reading ``filename`` after ``seconds``: with a real-time timer signal
    where one can be set (the main thread: gunicorn's sync workers, the CLI, Celery's
    pool processes); elsewhere only the bounds above hold."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _ReadingExpired()

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _ReadingExpired:
        raise DomainError("file.too_slow", name=filename, seconds=seconds) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:                     # a timer set by someone else goes on
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))
