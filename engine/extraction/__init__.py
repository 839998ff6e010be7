"""Directive extraction: turn a directive (text, DOCX or PDF) into its document facts
and proposed tasks in the annotation schema of corpus/SCHEMA.md.

The pipeline, one stage per folder, each importing only from the stages before it
(tests/extraction/test_pipeline_imports.py checks it):

    reading, ocr       file → a Document: pages of lines (scans read by Tesseract)
    repair             OCR-tolerant keys; OCR'd words restored to readable Vietnamese
    layout             lines and page regions: addressees, body, footnotes, "Nơi nhận", tables
    structure          the outline of the body, the rows of task tables
    agencies           agency names → the registry (tolerant of OCR noise)
    fields             a task's lead, deadline, product, reporting; the document's facts
    tasks              which items and rows are tasks, assembled and selected
    extract.py         wires the stages together (``extract_text``)

Public API:

* ``extract_text(text, registry, *, source=None) -> dict``
* ``read_document(path, *, progress=None) -> Document`` (the reading stage,
  ``engine.extraction.reading``; raises ``ExtractionError``)
* ``extract_document(document, registry, *, source=None) -> dict``, ``extract_file(path,
  registry, *, progress=None) -> dict``
* ``AgencyMatcher(registry).match(phrase)`` / ``.find_all(text)``
* ``parse_deadline_phrase(text)``, ``parse_number(text)``
"""
from pathlib import Path

from engine.extraction.agencies.matcher import AgencyMatcher, MatchResult
from engine.extraction.errors import ExtractionError
from engine.extraction.extract import extract_text
from engine.extraction.fields.deadlines import parse_deadline_phrase
from engine.extraction.fields.document_facts import parse_number
from engine.extraction.reading import Document, read_document


def extract_document(document: Document, registry, *, source: str | None = None) -> dict:
    """``extract_text`` on a read document; what the reader could not read joins the
    problems, with its page and line."""
    proposal = extract_text(document.text, registry, source=source)
    proposal["problems"] = document.problems() + list(proposal.get("problems") or [])
    return proposal


def extract_file(path, registry, *, progress=None) -> dict:
    """``read_document`` then ``extract_document``, with the file name as the source."""
    return extract_document(read_document(path, progress=progress), registry, source=Path(path).name)


__all__ = [
    "AgencyMatcher", "Document", "ExtractionError", "MatchResult", "extract_document", "extract_file", "extract_text",
    "parse_deadline_phrase", "parse_number", "read_document",
]
