"""One line of a directive's text, as every later stage sees it.

A ``Line`` keeps its 1-based number in the input, the text as written (trailing spaces
and the line break removed) and its OCR-tolerant key (repair.keys: folded, same length
as the text, so a match on the key gives the span of the same words in the text).
``split_lines`` cuts a text into lines; a line that starts with a space after a page
break of a PDF text layer is marked ``page_start``.
"""
from __future__ import annotations

from dataclasses import dataclass

from engine.extraction.repair.keys import Vocabulary, key as make_key


@dataclass
class Line:
    no: int                 # 1-based line number in the input text
    text: str               # the line without its line break and trailing spaces
    key: str                # OCR-tolerant folded key, same length as ``text``
    page_start: bool = False
    page: int = 1           # 1-based page, counted on the form feeds an OCR puts between pages

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def skey(self) -> str:
        return self.key.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str, vocabulary: Vocabulary | None = None) -> list[Line]:
    lines = []
    page = 1
    for no, raw in enumerate(text.split("\n"), start=1):
        leading = len(raw) - len(raw.lstrip("\f"))        # an OCR's page separator opens the next page
        page += leading
        later = raw.count("\f") - leading
        raw = raw[leading:].replace("\r", "").replace("\t", " ").replace("\f", " ")
        body = raw.rstrip()
        lines.append(Line(no, body, make_key(body, vocabulary),
                          page_start=(bool(body) and raw[:1] == " " and bool(body.strip())) or bool(leading),
                          page=page))
        page += later
    return lines


def page_count(lines: list[Line]) -> int:
    """How many pages the text has (1 when it has no page separators)."""
    return lines[-1].page if lines else 1
