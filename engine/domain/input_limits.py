"""Bounds on what any caller (web form, REST API, CLI) may hand the engine, so that bad
input is refused with a message instead of failing in the database: ids within the
range of the database's integer columns, page offsets, characters no text may hold
(NUL, other control characters, lone surrogates), how deep a JSON document may nest,
and the years a directive or a deadline may plausibly name."""
from __future__ import annotations

import re

MAX_ID = 2**31 - 1            # PostgreSQL ``integer``: the widest id column
MAX_OFFSET = 10**9            # rows skipped by a list request
MAX_PAGE = 10**6              # page number of a paged list
MAX_JSON_DEPTH = 32           # arrays and objects inside each other in one request body
MIN_YEAR, MAX_YEAR = 1945, 2100

# C0 controls but tab, line feed and carriage return; DEL; UTF-16 surrogates (which no
# UTF-8 text can carry: PostgreSQL and SQLite refuse them, and NUL too)
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def forbidden_character(text: str) -> str | None:
    """The first character of ``text`` no stored text may hold, as ``U+XXXX``; None
    when there is none."""
    found = _FORBIDDEN.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def id_in_range(value: int) -> bool:
    """Whether ``value`` can name a row (ids start at 1)."""
    return 1 <= value <= MAX_ID


def plausible_year(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def printable(text: str, limit: int = 60) -> str:
    """``text`` safe to quote in a message: forbidden characters shown as U+FFFD,
    at most ``limit`` characters."""
    shown = _FORBIDDEN.sub("\ufffd", text)
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


def _whole(text: str, low: int, high: int) -> int:
    text = str(text).strip()
    if len(text) > len(str(high)) + 1:       # never ask int() for a number too long to convert
        raise ValueError(text)
    value = int(text)
    if not low <= value <= high:
        raise ValueError(text)
    return value


def parse_id(text: str) -> int:
    """A row id written in ``text``; ValueError when it is not one (usable as a
    ``type=`` of Werkzeug's ``args.get``)."""
    return _whole(text, 1, MAX_ID)


def parse_page(text: str) -> int:
    """A page number (1 to MAX_PAGE) written in ``text``; ValueError otherwise."""
    return _whole(text, 1, MAX_PAGE)


MAX_STEP_ID = 36               # a step id is a UUID


def plausible_step_id(step_id: str) -> bool:
    """Whether ``step_id`` could name a step at all; when not, it is simply not found
    (and never handed to the database, which may refuse it)."""
    return isinstance(step_id, str) and 0 < len(step_id) <= MAX_STEP_ID and forbidden_character(step_id) is None
