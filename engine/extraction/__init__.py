"""Directive extraction: turn a directive (text, DOCX or PDF) into its document facts
and proposed tasks in the annotation schema of corpus/SCHEMA.md.

The pipeline, one stage per folder, each importing only from the stages before it
(tests/extraction/test_pipeline_imports.py checks it):

    reading (readers)  file → text
    repair             OCR-tolerant keys; OCR'd words restored to readable Vietnamese
    layout             lines and page regions: addressees, body, footnotes, "Nơi nhận", tables
    structure          the outline of the body, the rows of task tables
    agencies           agency names → the registry (tolerant of OCR noise)
    fields             a task's lead, deadline, product, reporting; the document's facts
    tasks              which items and rows are tasks, assembled and selected
    extract.py         wires the stages together (``extract_text``)

Public API:

* ``extract_text(text, registry, *, source=None) -> dict``
* ``read_document(path) -> str`` (raises ``ExtractionError``)
* ``extract_file(path, registry) -> dict``
* ``AgencyMatcher(registry).match(phrase)`` / ``.find_all(text)``
* ``parse_deadline_phrase(text)``, ``parse_number(text)``
"""
from pathlib import Path

from engine.extraction.agencies.matcher import AgencyMatcher, MatchResult
from engine.extraction.errors import ExtractionError
from engine.extraction.extract import extract_text
from engine.extraction.fields.deadlines import parse_deadline_phrase
from engine.extraction.fields.document_facts import parse_number
from engine.extraction.readers import read_document


def extract_file(path, registry) -> dict:
    """``read_document`` then ``extract_text``, with the file name as the source."""
    return extract_text(read_document(path), registry, source=Path(path).name)


__all__ = [
    "AgencyMatcher", "ExtractionError", "MatchResult", "extract_file", "extract_text",
    "parse_deadline_phrase", "parse_number", "read_document",
]
