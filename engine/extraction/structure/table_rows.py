"""Rows of a task table (Phụ lục: TT, nội dung, chủ trì, phối hợp, thời gian, sản phẩm).

Two renderings reach the extractor:

* one row per line with cells between bars ("| 1 | Tham mưu … | Sở Tư pháp | … |"),
  as ``reading/tables.py`` renders DOCX and PDF tables;
* the text layer of a PDF, where every cell is wrapped over many short lines, the
  cells of a row follow one another, the column header is printed again on each page and
  a row cut by the page break continues after that header.

This module cuts a table into rows by their numbers (I, II for sections; 1, 2, 2.1 …
only where the numbering fits, so a "2025" wrapped from "Năm 2025" or a page number is
not a row). The header is layout.table_header's; the cells are read by tasks.table_tasks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.extraction.layout.line import Line
from engine.extraction.layout.table_header import HEADER_WORDS, column_kinds, header_at, is_task_header
from engine.extraction.repair.keys import key as make_key, repair_number

_ROW_NUM = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,2})[.,]?(?:\s+(?P<rest>\S.*))?$")
_ROW_ROMAN = re.compile(r"^(?P<label>[IVX]{1,4})\.?(?:\s+(?P<rest>\S.*))?$")
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class Piece:
    """Lines of one row between two page breaks."""

    lines: list[Line]
    after_break: bool = False


@dataclass
class RawRow:
    label: str
    rest: str                       # text after the number on the number's line
    pieces: list[Piece] = field(default_factory=list)
    section: str = ""
    cells: list[str] | None = None  # bar-rendered rows: the cell texts
    line: Line | None = None
    inferred: bool = False          # the number was not printed (lost by a scan) but follows the sequence

    @property
    def lines(self) -> list[Line]:
        out = [self.line] if self.line else []
        for piece in self.pieces:
            out.extend(piece.lines)
        return out

    @property
    def is_section(self) -> bool:
        return self.label in _ROMANS


def _expected(last: str | None) -> set[str]:
    if last is None:
        return {"1"}
    parts = [int(p) for p in last.split(".")]
    out = {".".join(map(str, parts + [1]))} if len(parts) < 3 else set()
    for depth in range(len(parts), 0, -1):
        nxt = parts[:depth - 1] + [parts[depth - 1] + 1]
        out.add(".".join(map(str, nxt)))
    return out


def expected_labels(last: str | None, carried: str | None = None) -> set[str]:
    """Row numbers that may come next: after ``last``, or — first in a section — 1 or the
    number after the previous section's last top-level row (numbering that runs on)."""
    allowed = _expected(last)
    if last is None and carried:
        allowed.add(str(int(carried.split(".")[0]) + 1))
    return allowed


_LOST_ROWS = 5          # how many row numbers in a row a scan may lose


def ahead(label: str, last: str | None, carried: str | None = None) -> bool:
    """Whether a number standing alone on its line may come next once the scan lost a
    few rows' numbers: a little further on in the numbering (2 → 4, 1 → 2.1, a new
    section's 5.1)."""
    parts = [int(p) for p in label.split(".")]
    if last is None:
        base = int(carried.split(".")[0]) if carried else 0
        return parts[0] <= _LOST_ROWS or base < parts[0] <= base + _LOST_ROWS
    before = [int(p) for p in last.split(".")]
    if parts[0] == before[0]:
        return len(parts) > 1 and (len(before) == 1 or before[1:] < parts[1:]) and parts[-1] <= before[-1] + _LOST_ROWS
    return before[0] < parts[0] <= before[0] + _LOST_ROWS and all(p <= _LOST_ROWS for p in parts[1:])


_SHORT_NUMBER = re.compile(r"^(?=\S*\d)[^\W_]{1,2}(?:\.[^\W_]{1,2}){0,2}$")


def _next_number(lines: list[Line], i: int, end: int) -> str | None:
    """The next row-like number, a line of its own after a blank line, after line i
    (None: none)."""
    for j in range(i + 1, end):
        text = repair_number(lines[j].stripped.rstrip("."))
        if lines[j - 1].blank and (re.fullmatch(r"\d{1,2}(?:\.\d{1,2}){0,2}", text) or text in _ROMANS):
            return text
    return None


def misread_label(token: str, allowed: set[str], following: str | None) -> str | None:
    """The row number a scan misread, a line of its own where a row starts ("3.3" between
    5.2 and 5.4, "1Ó" between 12 and 14): the one expected number spelt like the token
    but for one character (a digit or a letter, never the dots), that the next such
    number (``following``: a row number, a section's Roman numeral or nothing)
    may come after."""
    if not _SHORT_NUMBER.match(token) or token in allowed:
        return None
    found = []
    for label in allowed:
        if len(label) != len(token):
            continue
        diff = [(a, b) for a, b in zip(label, token) if a != b]
        if len(diff) != 1 or "." in diff[0]:
            continue
        if following is None or following in _ROMANS or following in _expected(label):
            found.append(label)
    return found[0] if len(found) == 1 else None


def _page_number(lines: list[Line], i: int, end: int) -> bool:
    """Whether the number on line i is a page's number: the header printed again follows."""
    j = i + 1
    while j < end and lines[j].blank:
        j += 1
    return j < end and header_at(lines, j) is not None


def _alone(lines: list[Line], i: int) -> bool:
    """Whether line i stands alone between blank lines, as a row number of the text layer does."""
    before = i == 0 or lines[i - 1].blank
    after = i + 1 >= len(lines) or lines[i + 1].blank
    return before and after


def split_text_rows(lines: list[Line], start: int, end: int) -> list[RawRow]:
    """Rows of a text-layer table whose header ends at ``start``."""
    rows: list[RawRow] = []
    current: RawRow | None = None
    last_label: str | None = None
    carried: str | None = None      # the last row before a section row: numbering may go on
    section_idx = -1
    pending_break = False
    i = start
    while i < end:
        line = lines[i]
        header = header_at(lines, i)
        if header:
            if current and current.pieces:
                piece = current.pieces[-1]
                while piece.lines and (piece.lines[-1].blank or re.fullmatch(r"\d{1,3}", piece.lines[-1].stripped)):
                    piece.lines.pop()
            pending_break = True
            i = header[0]
            continue
        first, _, rest = line.stripped.partition(" ")
        first = re.sub(r"(?<=\d)[:,](?=\d)", ".", first)     # "5:2" for "5.2"
        s = f"{repair_number(first)} {rest}".strip()
        m_roman = _ROW_ROMAN.match(s)
        m_num = _ROW_NUM.match(s)
        started = None
        if m_roman and section_idx + 1 < len(_ROMANS) and m_roman.group("label") == _ROMANS[section_idx + 1]:
            section_idx += 1
            started = RawRow(m_roman.group("label"), m_roman.group("rest") or "", line=line)
            carried, last_label = last_label or carried, None
        elif m_num and (m_num.group("rest") is None or m_num.group("rest")[:1].isupper()):
            label = m_num.group("label")
            allowed = expected_labels(last_label, carried)
            if label in allowed or (m_num.group("rest") is None and ahead(label, last_label, carried)
                                    and not _page_number(lines, i, end)):
                started = RawRow(label, m_num.group("rest") or "", line=line,
                                 section=_ROMANS[section_idx] if section_idx >= 0 else "")
                last_label = label
        elif _alone(lines, i) and len(line.stripped) <= 2 and not line.stripped.isdigit():
            allowed = expected_labels(last_label, carried)
            if len(allowed) == 1:                 # a number the scan misread ("a" for "1")
                label = next(iter(allowed))
                started = RawRow(label, "", line=line, section=_ROMANS[section_idx] if section_idx >= 0 else "")
                last_label = label
        if started is None and (i == 0 or lines[i - 1].blank) and not _page_number(lines, i, end):
            label = misread_label(s.rstrip("."), expected_labels(last_label, carried), _next_number(lines, i, end))
            if label:
                started = RawRow(label, "", line=line, section=_ROMANS[section_idx] if section_idx >= 0 else "")
                last_label = label
        if started:
            rows.append(started)
            current = started
            current.pieces.append(Piece([]))
            pending_break = False
        elif current is not None:
            if pending_break:
                current.pieces.append(Piece([], after_break=True))
                pending_break = False
            current.pieces[-1].lines.append(line)
        i += 1
    return rows


def split_bar_rows(lines: list[Line]) -> tuple[list[str], list[RawRow]]:
    """Column kinds and rows of a table rendered one row per line between bars."""
    kinds: list[str] = []
    rows: list[RawRow] = []
    section = ""
    for line in lines:
        cells = [c.strip() for c in line.stripped.strip("|").split("|")]
        if not kinds:
            if is_task_header(column_kinds(" ".join(make_key(c) for c in cells))):
                kinds = [(column_kinds(make_key(c)) or ["other"])[0] for c in cells]
            continue
        if not any(cells) or _is_header_repeat(cells):
            continue
        label = cells[0].rstrip(".") if kinds[0] == "tt" else ""
        filled = [c for c in cells[1:] if c]
        if label in _ROMANS and len(set(filled)) <= 1:
            section = label
            rows.append(RawRow(section, filled[0] if filled else "", line=line))
            continue
        rows.append(RawRow(label, "", section=section, cells=cells, line=line))
    return kinds, rows


def _is_header_repeat(cells: list[str]) -> bool:
    words = re.findall(r"[a-z0-9]+", " ".join(make_key(c) for c in cells))
    return bool(words) and all(w in HEADER_WORDS for w in words)
