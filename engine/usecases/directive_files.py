"""Reading a directive file people hand in — uploaded for extraction review or given
to the command line: the bounds of engine.files.document_bounds first (a DOCX that
unpacks to hundreds of megabytes, a PDF of thousands of pages is refused before any
parsing), then the extractor's reader within a time limit."""
from __future__ import annotations

from pathlib import Path

from engine.files.document_bounds import check_directive_file, reading_time_limit


def read_directive_file(path: Path) -> str:
    """The text of the directive file at ``path``; DomainError for a file past its
    bounds, the extractor's ExtractionError for one it cannot read."""
    from engine.extraction import read_document

    try:
        data = path.read_bytes()
    except OSError:
        return read_document(path)           # the reader words a missing or unreadable file
    check_directive_file(path.name, data)
    with reading_time_limit(path.name):
        return read_document(path)
