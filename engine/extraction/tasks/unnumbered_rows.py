"""Rows of a text-layer task table whose number the scan lost.

An OCR model drops a number that stands alone on its line more often than any other
text, so the row splitter (structure.table_rows), which starts rows at their numbers,
can run two or three rows into one. A row's cells come in a fixed order — content, lead
agency, coordinating agencies, times, product — so once a row has shown its agencies
and its times, text followed by agencies and then a time again is the next row: its
content starts at a number line if one is left, else after a short first block (the
product cell), else right after the times. The new row takes the next number of the sequence and is marked as
inferred, so the reviewer is told.
"""
from __future__ import annotations

import re
from enum import Enum

from engine.extraction.agencies.matcher import AgencyMatcher
from engine.extraction.layout.line import Line
from engine.extraction.structure.table_rows import Piece, RawRow
from engine.extraction.tasks.table_tasks import TIME

_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})[.,]?$")
_WRAPS_ON = re.compile(r"(?:\bvà|\bcác|[,;&])$")        # a name cut after "và", "các", a comma
_TIME_WORDS = {"nam", "thang", "quy", "thuong", "xuyen", "hang", "dinh", "ky", "truoc", "trong"}


class LineKind(Enum):
    BLANK = "blank"
    NUMBER = "number"
    AGENCY = "agency"
    TIME = "time"
    TEXT = "text"


def _kind(line: Line, matcher: AgencyMatcher) -> LineKind:
    if line.blank:
        return LineKind.BLANK
    if _NUMBER.match(line.stripped):
        return LineKind.NUMBER
    key = line.skey
    if key in _TIME_WORDS or re.fullmatch(r"\d{4}|\d{1,2}\s*/\s*\d{4}", key) or TIME.fullmatch(key) \
            or _two_times(key):
        return LineKind.TIME
    if line.stripped[:1].isupper():           # a cell starts with a capital
        found = matcher.parse_list(line.stripped, 0, allow_prefix=True, report_unknown=False)
        if found.mentions and found.mentions[0].start == 0 and found.mentions[0].kind != "generic":
            return LineKind.AGENCY
    return LineKind.TEXT


def _two_times(key: str) -> bool:
    """Two time cells side by side on one line, as a scan reads the "thực hiện" and
    "hoàn thành" columns ("3/2025 9/2025", "thang 3/2025 nam 2025")."""
    words = key.split()
    return 1 < len(words) <= 8 and any(TIME.fullmatch(" ".join(words[:k])) and TIME.fullmatch(" ".join(words[k:]))
                                       for k in range(1, len(words)))


def _garbled_number(line: Line) -> bool:
    """A short token alone between blank lines, where a row's number stands: what a scan
    made of the number ("Lý." for 17, "tị" for 7)."""
    text = line.stripped
    return len(text) <= 4 and " " not in text and not text.isdigit()


def _next_label(label: str) -> str:
    head = label.split(".")
    return ".".join([*head[:-1], str(int(head[-1]) + 1)]) if head[-1].isdigit() else ""


class UnnumberedRows:
    def __init__(self, matcher: AgencyMatcher):
        self.matcher = matcher

    def split(self, rows: list[RawRow]) -> list[RawRow]:
        """``rows`` with every row that holds further rows cut into them (see module doc)."""
        out: list[RawRow] = []
        for row in rows:
            if row.cells is not None or not row.pieces:
                out.append(row)
                continue
            out.extend(self._cut(row))
        return out

    def _after_breaks(self, row: RawRow) -> list[RawRow]:
        """The row, and a row that starts whole after one of its page breaks (its number
        lost with the repeated header): the row's cells were complete before the break."""
        for k in range(1, len(row.pieces)):
            before = [ln for piece in row.pieces[:k] for ln in piece.lines]
            lines = row.pieces[k].lines
            kinds = [_kind(ln, self.matcher) for ln in lines]
            first = next((n for n, kind in enumerate(kinds) if kind is not LineKind.BLANK), None)
            if first is None or kinds[first] is not LineKind.TEXT or not _complete(before, self.matcher):
                continue
            if _content_start(lines, kinds, first) == first:
                new = RawRow(_next_label(row.label), "", [Piece(lines), *row.pieces[k + 1:]], row.section)
                new.inferred = True
                kept = RawRow(row.label, row.rest, row.pieces[:k], row.section, line=row.line)
                kept.inferred = row.inferred
                return [kept, *self._cut(new)]
        return [row]

    def _cut(self, row: RawRow) -> list[RawRow]:
        """The row, and the rows its lines hold after it. A section heading ("II Cải cách
        hành chính") counts as a row that is over: its first numbered row may be lost too."""
        lines = row.pieces[0].lines
        kinds = [_kind(ln, self.matcher) for ln in lines]
        starts = self._row_starts(lines, kinds, over=row.is_section)
        if not starts:
            return self._after_breaks(row)
        pieces = [0, *starts, len(lines)]
        found = [RawRow(row.label, row.rest, [Piece(lines[:starts[0]])], row.section, line=row.line)]
        label = "0" if row.is_section else row.label
        section = row.label if row.is_section else row.section
        for a, b in zip(pieces[1:], pieces[2:]):
            number = _NUMBER.match(lines[a].stripped)
            label = number.group(1) if number else _next_label(label)
            new = RawRow(label, "", [Piece(lines[a + 1:b] if number else lines[a:b])], section,
                         line=lines[a] if number else None)
            new.inferred = not number
            found.append(new)
        found[-1].pieces.extend(row.pieces[1:])
        return [*found[:-1], *self._after_breaks(found[-1])]

    @staticmethod
    def _row_starts(lines: list[Line], kinds: list[LineKind], over: bool = False) -> list[int]:
        starts: list[int] = []
        agencies = times = over
        k = 0
        while k < len(lines):
            kind = kinds[k]
            if kind is LineKind.AGENCY:
                agencies = True
            elif kind is LineKind.TIME and agencies:
                times = True
            elif times and kind in (LineKind.TEXT, LineKind.NUMBER):
                start = _content_start(lines, kinds, k)
                if start is not None:
                    starts.append(start)
                    agencies = times = False
                    k = start + 1
                    continue
            k += 1
        return starts


def _complete(lines: list[Line], matcher: AgencyMatcher) -> bool:
    """Whether a row's lines have shown an agency and then a time."""
    agencies = False
    for line in lines:
        kind = _kind(line, matcher)
        if kind is LineKind.AGENCY:
            agencies = True
        elif kind is LineKind.TIME and agencies:
            return True
    return False


def _content_start(lines: list[Line], kinds: list[LineKind], k: int) -> int | None:
    """Where the next row's content starts among the lines from ``k`` (after a row's
    times), if text, agencies and a time follow there; None if they do not."""
    j = k
    while j < len(lines) and kinds[j] in (LineKind.TEXT, LineKind.NUMBER, LineKind.BLANK):
        j += 1
    if j >= len(lines) or kinds[j] is not LineKind.AGENCY:
        return None
    t, last = j, j
    while t < len(lines) and (kinds[t] in (LineKind.AGENCY, LineKind.BLANK) or
                              kinds[t] is LineKind.TEXT and (lines[t].stripped[:1].islower() or
                                                             _WRAPS_ON.search(lines[last].stripped))):
        if kinds[t] is not LineKind.BLANK:
            last = t
        t += 1                  # agency cells and their wrapped lines ("ngành, địa" / "phương", "học và" / "Công nghệ")
    if t >= len(lines) or kinds[t] is not LineKind.TIME:
        return None
    run = [n for n in range(k, j) if kinds[n] in (LineKind.TEXT, LineKind.NUMBER)]
    number = next((n for n in run if kinds[n] is LineKind.NUMBER), None)
    if number is not None:
        return number
    blocks: list[list[int]] = []
    for n in run:
        if blocks and n == blocks[-1][-1] + 1:
            blocks[-1].append(n)
        else:
            blocks.append([n])
    lost = [k for k, block in enumerate(blocks[:-1]) if len(block) == 1 and _garbled_number(lines[block[0]])]
    if lost:
        return blocks[lost[-1] + 1][0]     # the row's number, misread ("Lý." for 17), stood there
    first = blocks[0] if blocks else []
    words = sum(len(lines[n].stripped.split()) for n in first)
    if len(blocks) > 1 and len(first) <= 3 and words <= 8:
        return blocks[1][0]          # a short product cell, then the next row's content
    return run[0] if run else None
