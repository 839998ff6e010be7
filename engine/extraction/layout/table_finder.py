"""Where the task tables of a directive are, wherever they stand.

A plan lists its tasks in a table with a header row (TT | Nội dung | Cơ quan chủ trì |
Cơ quan phối hợp | Thời gian | Sản phẩm) — in an appendix after the signature, or in
the body itself ("II. NHIỆM VỤ CỤ THỂ" of a plan attached to a decision). A table is
recognised by that header, never by the heading above it. Two text renderings reach the
extractor:

* ``"cells"``: the PDF text layer, every cell wrapped over short lines, one cell after
  the other (the header itself spread over several lines: "TT Nội dung", "Cơ quan",
  "chủ trì" …);
* ``"columns"``: a layout-preserving rendering (pdftotext -layout), where each printed
  line holds the pieces of several cells at fixed positions; the header is one line
  whose cells stand apart by two spaces or more, with its wrapped words under it.

A table in the body ends where the body's own outline resumes: a Roman heading in
capitals ("III. TỔ CHỨC THỰC HIỆN"), a line of running text wider than any cell, the
closing formula ("…/.") or "Nơi nhận".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from engine.extraction.layout.line import Line
from engine.extraction.layout.table_header import column_kinds, column_starts, header_at, header_word, is_task_header

_CELL = re.compile(r"\S+(?: \S+)*")
_OUTER_HEADING = re.compile(r"^\s*(?P<roman>[IVX]{1,4})\.\s+(?P<title>\S.*)$")
_END = re.compile(r"^\s*(?:noi nhan\b|tm\.|kt\.|t/m\b)")


class TableStyle(StrEnum):
    CELLS = "cells"        # the PDF text layer: cells one after another
    COLUMNS = "columns"    # a layout rendering: cells side by side


@dataclass
class TableSpan:
    start: int            # index of the header's first line
    body: int             # index of the first line after the header
    end: int              # index after the table's last line
    style: TableStyle
    kinds: list[str]
    starts: list[int] | None = None   # "columns": where each header cell starts
    ends: list[int] | None = None     # "columns": where each header cell's text ends


def _is_header_line(line: Line) -> bool:
    if "|" in line.text:
        return False          # a row rendered between bars: the bar-table reader's
    words = re.findall(r"[a-z0-9]+", line.key)
    return bool(words) and all(header_word(w) for w in words)


def column_header_at(lines: list[Line], i: int) -> TableSpan | None:
    """A one-line header with cells at fixed positions (and its wrapped words below)."""
    first = lines[i]
    if not _is_header_line(first):
        return None
    cells: list[list[int]] = []                 # [start, end] of each header cell
    for m in _CELL.finditer(first.text):
        found = column_starts(first.key[m.start():m.end()])
        cuts = [m.start()] + [m.start() + at for at, _ in found[1:] if at > 0]
        for n, a in enumerate(cuts):
            cells.append([a, cuts[n + 1] - 1 if n + 1 < len(cuts) else m.end()])
    if len(cells) < 3:
        return None
    texts = [first.key[a:b] for a, b in cells]
    j = i + 1
    while j < len(lines) and j - i <= 4 and (lines[j].blank or _is_header_line(lines[j])):
        for m in _CELL.finditer(lines[j].text):
            k = max((n for n, (a, _) in enumerate(cells) if a <= m.start() + 1), default=0)
            texts[k] += " " + lines[j].key[m.start():m.end()]
            cells[k][1] = max(cells[k][1], m.end())
        j += 1
    kinds = [(column_kinds(t) or ["other"])[0] for t in texts]
    if not is_task_header(kinds):
        return None
    while j > i + 1 and lines[j - 1].blank:
        j -= 1
    return TableSpan(i, j, j, TableStyle.COLUMNS, kinds, [a for a, _ in cells], [b for _, b in cells])


def table_at(lines: list[Line], i: int) -> TableSpan | None:
    """The table whose header starts at line i, if one does (its end not yet known)."""
    span = column_header_at(lines, i)
    if span:
        return span
    found = header_at(lines, i)
    if found:
        return TableSpan(i, found[0], found[0], TableStyle.CELLS, found[1])
    return None


def _outer_heading(line: Line) -> bool:
    m = _OUTER_HEADING.match(line.text)
    if not m:
        return False
    letters = [c for c in m.group("title") if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7


def find_tables(lines: list[Line], *, in_body: bool) -> list[TableSpan]:
    """Every task table among ``lines``; in a body, each ends where the outline resumes."""
    spans: list[TableSpan] = []
    i = 0
    while i < len(lines):
        span = table_at(lines, i) if not lines[i].blank else None
        if span is None:
            i += 1
            continue
        end = span.body
        while end < len(lines):
            line = lines[end]
            if in_body and (_outer_heading(line) or _END.match(line.skey) or _prose(line, span)):
                break
            if end > span.body and table_at(lines, end) and not _repeats(lines, end, span):
                break          # the header of another table
            end += 1
        while end > span.body and lines[end - 1].blank:
            end -= 1
        span.end = end
        spans.append(span)
        i = max(end, i + 1)
    return spans


def _prose(line: Line, span: TableSpan) -> bool:
    """A line of running text after the table: one unbroken run wider than any cell (or
    the closing formula "…/.")."""
    text = line.text.rstrip()
    if "/." in text:
        return True
    if span.style == "cells":
        return len(text.strip()) >= 70
    run = re.search(r"\S.*\S", text)
    if not run or re.search(r"\S\s{2,}\S", run.group()):
        return False
    starts = span.starts or []
    content = span.kinds.index("content") if "content" in span.kinds else 0
    right = starts[content + 1] if content + 1 < len(starts) else len(text)
    return run.start() <= (starts[content] if starts else 0) and run.end() > right + 8


def _repeats(lines: list[Line], i: int, span: TableSpan) -> bool:
    """Whether the header at line i is the same table's header printed again on a new page."""
    other = table_at(lines, i)
    return other is not None and same_header(other, span)


def same_header(a: TableSpan, b: TableSpan) -> bool:
    """Whether two headers are one table's header printed twice (a scan may misread a
    word of one of them): the same column positions, or mostly the same column kinds."""
    if a.style == b.style == "columns" and len(a.starts) == len(b.starts):
        return all(abs(x - y) <= 2 for x, y in zip(a.starts, b.starts))
    same = sum(x == y for x, y in zip(a.kinds, b.kinds))
    return same >= 0.6 * max(len(a.kinds), len(b.kinds))
