"""Directive extraction: turn a directive (text, DOCX or PDF) into its document facts
and proposed tasks in the annotation schema of corpus/SCHEMA.md.

Public API:

* ``extract_text(text, registry, *, source=None) -> dict``
* ``read_document(path) -> str`` (raises ``ExtractionError``)
* ``extract_file(path, registry) -> dict``
* ``AgencyMatcher(registry).match(phrase)`` / ``.find_all(text)``
* ``parse_deadline_phrase(text)``, ``parse_number(text)``
"""
from engine.extraction.agency_matcher import AgencyMatcher, MatchResult
from engine.extraction.deadline_phrases import parse_deadline_phrase
from engine.extraction.document_facts import parse_number
from engine.extraction.errors import ExtractionError
from engine.extraction.extract import extract_text
from engine.extraction.readers import read_document


def extract_file(path, registry) -> dict:
    """``read_document`` then ``extract_text``, with the file name as the source."""
    from pathlib import Path

    return extract_text(read_document(path), registry, source=Path(path).name)


__all__ = [
    "AgencyMatcher", "ExtractionError", "MatchResult", "extract_file", "extract_text",
    "parse_deadline_phrase", "parse_number", "read_document",
]
