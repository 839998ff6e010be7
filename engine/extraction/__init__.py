"""Directive extraction: turn a directive (text, DOCX or PDF) into its document facts
and proposed tasks in the annotation schema of corpus/SCHEMA.md.

Public API:

* ``extract_text(text, registry, *, source=None) -> dict``
* ``read_document(path, *, progress=None) -> Document`` (the reading stage,
  ``engine.extraction.reading``; raises ``ExtractionError``)
* ``extract_document(document, registry, *, source=None) -> dict``, ``extract_file(path,
  registry) -> dict``
* ``AgencyMatcher(registry).match(phrase)`` / ``.find_all(text)``
* ``parse_deadline_phrase(text)``, ``parse_number(text)``
"""
from engine.extraction.agency_matcher import AgencyMatcher, MatchResult
from engine.extraction.deadline_phrases import parse_deadline_phrase
from engine.extraction.document_facts import parse_number
from engine.extraction.errors import ExtractionError
from engine.extraction.extract import extract_text
from engine.extraction.reading import Document, read_document


def extract_document(document: Document, registry, *, source: str | None = None) -> dict:
    """``extract_text`` on a read document; what the reader could not read joins the
    problems, with its page and line."""
    proposal = extract_text(document.text, registry, source=source)
    proposal["problems"] = document.problems() + list(proposal.get("problems") or [])
    return proposal


def extract_file(path, registry, *, progress=None) -> dict:
    """``read_document`` then ``extract_document``, with the file name as the source."""
    from pathlib import Path

    return extract_document(read_document(path, progress=progress), registry, source=Path(path).name)


__all__ = [
    "AgencyMatcher", "Document", "ExtractionError", "MatchResult", "extract_document", "extract_file", "extract_text",
    "parse_deadline_phrase", "parse_number", "read_document",
]
