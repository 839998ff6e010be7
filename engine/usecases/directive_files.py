"""Reading a directive file people hand in — uploaded for extraction review, read by a
background OCR job, or given to the command line: the bounds of
engine.files.document_bounds first (a DOCX that unpacks to hundreds of megabytes, a
PDF of thousands of pages is refused before any parsing), then the reading stage
(engine.extraction.reading). A file with a text layer is read within a time limit; a
scan is bounded by its pages and by OCR's own limit per page."""
from __future__ import annotations

from pathlib import Path

from engine.extraction.reading import Document, needs_ocr, read_bytes, read_document
from engine.files.document_bounds import check_directive_file, reading_time_limit


def read_directive_bytes(data: bytes, name: str, *, progress=None, ocr=None) -> Document:
    """The document in ``data`` (a file called ``name``); DomainError for a file past
    its bounds, ExtractionError for one the reading stage cannot read."""
    check_directive_file(name, data)
    if needs_ocr(data, name):
        return read_bytes(data, name, progress=progress, ocr=ocr)
    with reading_time_limit(name):
        return read_bytes(data, name, progress=progress, ocr=ocr)


def read_directive_file(path: Path, *, progress=None) -> Document:
    """The document in the file at ``path`` (see read_directive_bytes)."""
    try:
        data = path.read_bytes()
    except OSError:
        return read_document(path)           # the reader words a missing or unreadable file
    return read_directive_bytes(data, path.name, progress=progress)
