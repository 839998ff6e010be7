"""The agencies of one lead or coordinating cell of a task table.

When the cell is known whole — a table rendered between bars or in columns — every name
in it is accounted for: known agencies resolve, an unknown name is reported in full up
to the next ";" ("Báo và Phát thanh, Truyền hình An Giang", "Trung tâm Quan trắc môi
trường tỉnh"), words spilt over from the cell before are skipped when an agency follows
them ("… cống thoát Sở Xây dựng"). Nothing is dropped silently, nothing is invented.
When the cell boundaries were only guessed (the text layer), the names read are all
that can be said.
"""
from __future__ import annotations

import re

from engine.extraction.agencies.matcher import AgencyList, AgencyMatcher
from engine.extraction.agencies.names import Mention, MentionKind


def _read(matcher: AgencyMatcher, text: str) -> AgencyList:
    return matcher.parse_list(text, 0, allow_prefix=True, report_unknown=True, stop_on_space=False)


def _agency_inside(matcher: AgencyMatcher, cell: str, part: re.Match) -> list[Mention]:
    for word in re.finditer(r"\S+", part.group()):
        if word.start() and word.group()[:1].isupper():
            found = matcher.parse_list(cell[:part.end()], part.start() + word.start(), stop_on_space=False)
            if found.resolved:
                return [m for m in found.mentions if m.kind != "generic"]
    return []


def cell_agencies(matcher: AgencyMatcher, cell: str, whole: bool) -> AgencyList:
    """The agencies of a cell (see module doc)."""
    if not cell.strip():
        return AgencyList()
    found = _read(matcher, cell)
    if not whole:
        return found
    for m in found.mentions:           # an unknown name runs to the end of its part
        part_end = cell.find(";", m.end)
        part_end = len(cell) if part_end < 0 else part_end
        if m.kind == "unknown" and not any(m.start < o.start < part_end for o in found.mentions):
            m.end = m.start + len(cell[m.start:part_end].rstrip(" ,.-–"))
            m.text = cell[m.start:m.end]
    covered = [(m.start, m.end) for m in found.mentions]
    for part in re.finditer(r"[^;]+", cell):
        text = part.group().strip(" ,.-–+")
        if not text or any(a < part.end() and part.start() < b for a, b in covered):
            continue
        later = _agency_inside(matcher, cell, part)
        if later:
            found.mentions.extend(later)
        elif not matcher.key(text).startswith(("cac ", "va ")):
            start = part.start() + part.group().find(text)
            found.mentions.append(Mention((), start, start + len(text), 0, 0, 0.0, MentionKind.UNKNOWN, text))
    found.mentions.sort(key=lambda m: m.start)
    return found
