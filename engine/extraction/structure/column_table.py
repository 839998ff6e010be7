"""Reading a task table rendered with its columns side by side (pdftotext -layout).

Each printed line holds pieces of several cells at fixed positions and each cell wraps
over several lines. The column boundaries are inferred from the header's cell positions
and from the whitespace gutters of the table's own lines: between the end of one header
cell and the start of the next, the boundary is the gutter (a position blank on every
line) nearest the next header; where no gutter exists the position crossed by the fewest
lines is used and the table is flagged. Each word goes to the column its first letter
stands in. Rows start at a number in the TT column that fits the numbering (a Roman
numeral starts a section row); page numbers and the header printed again after a page
break are skipped, so a row cut by a page break simply continues.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.extraction.layout.line import Line
from engine.extraction.layout.table_finder import TableSpan, column_header_at, same_header
from engine.extraction.repair.keys import repair_number
from engine.extraction.structure.table_rows import Piece, RawRow, expected_labels

_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
_PAGE_NO = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")


@dataclass
class ColumnRead:
    rows: list[RawRow] = field(default_factory=list)
    unsure: bool = False          # some boundary had no clean gutter


def _occupancy(lines: list[Line], width: int) -> list[int]:
    occ = [0] * (width + 1)
    for ln in lines:
        for x, ch in enumerate(ln.text[:width + 1]):
            if not ch.isspace():
                occ[x] += 1
    return occ


def boundaries(lines: list[Line], span: TableSpan) -> tuple[list[int], bool]:
    """Where each column starts, and whether every boundary sits in a clean gutter."""
    width = max((len(ln.text) for ln in lines), default=0)
    occ = _occupancy(lines, width)
    starts, ends = span.starts or [], span.ends or []
    out, clean = [0], True
    for k in range(1, len(starts)):
        lo, hi = max(ends[k - 1], out[-1] + 1), starts[k]
        if lo > hi:
            lo = hi
        best = None
        for x in range(hi, lo - 1, -1):           # the gutter nearest the next header
            if 1 < x < len(occ) and occ[x - 1] == 0 and occ[x - 2] == 0 and (occ[x] > 0 or x == hi):
                best = x
                break
        if best is None:
            clean = False
            window = range(lo, hi + 1)
            best = min(window, key=lambda x: (occ[x] if x < len(occ) else 0, -x))
        out.append(best)
    return out, clean


def _cells(line: Line, bounds: list[int]) -> list[str]:
    cells = [[] for _ in bounds]
    for m in re.finditer(r"\S+", line.text):
        k = max(n for n, b in enumerate(bounds) if b <= m.start()) if m.start() >= bounds[0] else 0
        cells[k].append(m.group())
    return [" ".join(c) for c in cells]


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if not part:
            continue
        out = out + part if out.endswith("-") and not out.endswith(" -") else f"{out} {part}".strip()
    return out


def read_columns(lines: list[Line], span: TableSpan) -> ColumnRead:
    """The rows of a column-positioned table (cells filled, in header order)."""
    body: list[Line] = []
    after_gap: set[int] = set()                    # lines that follow a blank line
    i, gap = span.body, True
    while i < span.end:
        again = column_header_at(lines, i)
        if again and same_header(again, span):
            i = again.body                         # the header printed again on a new page
            continue
        if lines[i].blank:
            gap = True
        elif not _PAGE_NO.match(lines[i].text):
            if gap:
                after_gap.add(lines[i].no)
            body.append(lines[i])
            gap = False
        i += 1
    bounds, clean = boundaries(body, span)
    result = ColumnRead(unsure=not clean)
    tt = span.kinds.index("tt") if "tt" in span.kinds else None
    current: list[list[str]] | None = None
    row: RawRow | None = None
    last, carried, section = None, None, ""
    for line in body:
        cells = _cells(line, bounds)
        label = repair_number(cells[tt].rstrip(".")) if tt is not None else ""
        starts_row = False
        if tt is not None and label in _ROMANS and (not section or
                                                   _ROMANS.index(label) == _ROMANS.index(section) + 1):
            section, carried, last = label, last or carried, None
            row = RawRow(label, " ".join(c for n, c in enumerate(cells) if n != tt), line=line)
            result.rows.append(row)
            current = None
            continue
        if tt is not None and re.fullmatch(r"\d{1,2}(?:\.\d{1,2}){0,2}", label) and \
                (label in expected_labels(last, carried) or not result.rows):
            starts_row, last = True, label
        elif tt is None and line.no in after_gap and cells[span.kinds.index("content")]:
            starts_row = True                      # no TT column: rows stand apart by blank lines
        if starts_row:
            current = [[] for _ in bounds]
            row = RawRow(label, "", section=section, cells=[], line=line, pieces=[Piece([])])
            row.cells = current          # filled below, joined at the end
            result.rows.append(row)
        if current is None or row is None:
            continue
        for n, text in enumerate(cells):
            if n != tt:
                current[n].append(text)
        if line is not row.line:
            row.pieces[0].lines.append(line)
    for row in result.rows:
        if row.cells is not None:
            row.cells = [_join(parts) if n != tt else row.label for n, parts in enumerate(row.cells)]
    return result
