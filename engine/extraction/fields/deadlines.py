"""Deadline phrases as Vietnamese directives write them.

Two entry points:

* ``parse_deadline_phrase(text)`` classifies a whole phrase — a table cell such as
  "Tháng 3/2025", "Năm 2025 và các năm tiếp theo", "Thường xuyên", or a phrase such as
  "Hoàn thành trước ngày 25/6/2025" — into one deadline.
* ``find_deadlines(text)`` finds the deadline phrases inside the running text of a task
  ("…, hoàn thành trước ngày 30/6/2025; …") and ``choose_deadline`` picks the task's
  deadline among them: a stated completion time first (the first one stated; the others
  become additional deadlines), then a weaker time reference, then a condition, then a
  recurring cadence.

Kinds follow the annotation schema: date (with ``before`` for "trước ngày"), month, year,
recurring, conditional, none. A date that does not exist (31/2/2025) gives no value: the
phrase is kept with kind none and a problem message. Matching runs on the OCR-tolerant
key of the text, so "Hoan thanh cham nhat 15/8/2025" reads like its accented original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from engine.extraction.fields.deadline_patterns import (BARE, BARE_CONDITIONAL, BARE_RECURRING, CONDITIONAL,
                                                      CONDITIONAL_START, ON_DEMAND, PATTERNS, PURPOSE_BEFORE,
                                                      QUARTER_END, RECURRING, RECURRING_END, RECURRING_START)
from engine.extraction.repair.keys import key as make_key

@dataclass
class Deadline:
    """One deadline found in a text: a schema deadline plus where and how it was read."""

    kind: str = "none"
    value: str | None = None
    text: str | None = None
    before: bool | None = None
    strength: str = "none"          # strong | weak | conditional | recurring | none
    span: tuple[int, int] | None = None
    problem: str | None = None      # e.g. a date that does not exist
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = {"kind": self.kind, "value": self.value, "text": self.text}
        if self.kind == "date":
            out["before"] = bool(self.before)
        return out


_BARE_CADENCE = re.compile(r"(?:dinh\s+ky\s+)?(?:hang|moi)\s|(?:(?:it|toi)\s+(?:nhat|thieu)\s+)?\d{1,2}\s+lan\b")


def _int(match: re.Match, *names: str) -> int | None:
    for name in names:
        value = match.groupdict().get(name)
        if value:
            return int(value)
    return None


def _date_value(match, default_year):
    d = _int(match, "d1", "d2", "d3")
    m = _int(match, "m1", "m2", "m3")
    y = _int(match, "y1", "y2")
    if y is None:
        y = default_year
    if y is None:
        return None, "thiếu năm"
    if not 1990 <= y <= 2100:
        return None, f"năm không hợp lệ ({y})"
    try:
        return date(y, m, d).isoformat(), None
    except ValueError:
        return None, f"ngày không tồn tại ({d}/{m}/{y})"


def _month_value(match):
    m = _int(match, "mm1", "mm2")
    y = _int(match, "my1", "my2")
    if m is None or y is None or not 1 <= m <= 12 or not 1990 <= y <= 2100:
        return None
    return f"{y:04d}-{m:02d}"


def _build(name: str, match: re.Match, default_year: int | None) -> Deadline:
    q = re.sub(r"\s+", " ", match.groupdict().get("q") or "")
    if name.startswith("date") or name == "from_w":
        value, problem = _date_value(match, default_year)
        before = q.startswith("truoc") or "truoc" in q or name == "from_w"
        if value is None:
            return Deadline("none", None, problem=problem)
        glued = match.groupdict().get("fn")
        return Deadline("date", value, before=before, extra={"footnote": glued} if glued else {})
    if name.startswith("month") or name == "range":
        value = _month_value(match)
        if value is None:
            return Deadline("none", None, problem="tháng không hợp lệ")
        if q.startswith("truoc"):
            return Deadline("date", value + "-01", before=True)
        return Deadline("month", value)
    if name.startswith("quarter"):
        y = int(match.group("qy"))
        return Deadline("month", f"{y:04d}-{QUARTER_END[match.group('q')]:02d}")
    if name.startswith("half"):
        y = int(match.group("hy"))
        return Deadline("month", f"{y:04d}-{6 if match.group('h') == 'dau' else 12:02d}")
    y = int(match.group("y"))
    if q.startswith("truoc"):
        return Deadline("year", str(y - 1))
    return Deadline("year", str(y))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _clip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t,;:-–(":
        start += 1
    while end > start and text[end - 1] in " \t,;:-–(.":
        end -= 1
    return start, end


def find_deadlines(text: str, *, default_year: int | None = None,
                   item_start: bool = True, text_key: str | None = None) -> list[Deadline]:
    """Every deadline phrase of ``text`` in reading order (overlaps resolved)."""
    k = text_key if text_key is not None else make_key(text)
    found: list[Deadline] = []
    for name, strength, pattern in PATTERNS:
        for match in pattern.finditer(k):
            dl = _build(name, match, default_year)
            dl.strength = strength if dl.kind != "none" else "invalid"
            dl.span = _clip(k, *match.span())
            found.append(dl)
    for match in CONDITIONAL.finditer(k):
        found.append(Deadline("conditional", strength="conditional", span=_clip(k, *match.span())))
    if item_start:
        match = CONDITIONAL_START.match(k)
        if match:
            found.append(Deadline("conditional", strength="conditional",
                                  span=_clip(k, *match.span())))
        match = RECURRING_START.match(k)
        if match:
            found.append(Deadline("recurring", strength="recurring", span=_clip(k, *match.span())))
    for match in RECURRING.finditer(k):
        span = _clip(k, *match.span())
        inferred = bool(_BARE_CADENCE.match(k, span[0]))      # read from a clause, not stated as a time
        found.append(Deadline("recurring", strength="recurring", span=span,
                              extra={"inferred": True} if inferred else {}))
    for match in RECURRING_END.finditer(k):
        if not PURPOSE_BEFORE.search(k[max(0, match.start() - 30):match.start()]):
            found.append(Deadline("recurring", strength="recurring", span=_clip(k, *match.span()),
                                  extra={"inferred": True}))
    # Longer matches win over the shorter ones they overlap.
    found.sort(key=lambda d: (-(d.span[1] - d.span[0]), d.span[0]))
    kept: list[Deadline] = []
    for dl in found:
        if all(not _overlaps(dl.span, other.span) for other in kept):
            kept.append(dl)
    kept.sort(key=lambda d: d.span[0])
    for dl in kept:
        dl.text = text[dl.span[0]:dl.span[1]]
        if dl.problem:
            dl.problem = f"{dl.problem}: «{dl.text}»"
    return kept


_ORDER = ("strong", "weak", "conditional", "recurring")


def choose_deadline(found: list[Deadline]) -> tuple[Deadline, list[Deadline]]:
    """The task's deadline among ``found`` and the further deadlines the item states."""
    for strength in _ORDER:
        group = [d for d in found if d.strength == strength]
        if group:
            primary = group[0]
            seen = {(primary.kind, primary.value)}
            extra = []
            if strength in ("strong", "weak"):
                for d in group[1:]:
                    if (d.kind, d.value) not in seen:
                        seen.add((d.kind, d.value))
                        extra.append(d)
            return primary, extra
    invalid = [d for d in found if d.strength == "invalid"]
    if invalid:
        return invalid[0], []
    return Deadline(), []


def parse_deadline_phrase(text: str | None, *, default_year: int | None = None) -> Deadline:
    """One deadline for a whole phrase or table cell (empty → kind none)."""
    text = (text or "").strip()
    if not text:
        return Deadline()
    k = make_key(text)
    found = find_deadlines(text, default_year=default_year, text_key=k)
    explicit = [d for d in found if d.strength in ("strong", "weak")]
    if not explicit:
        for name, pattern in BARE:
            matches = list(pattern.finditer(k))
            if matches:
                for match in matches:
                    dl = _build(name, match, default_year)
                    dl.strength = "strong" if dl.kind != "none" else "invalid"
                    dl.span = _clip(k, *match.span())
                    dl.text = text[dl.span[0]:dl.span[1]]
                    if dl.problem:
                        dl.problem = f"{dl.problem}: «{dl.text}»"
                    explicit.append(dl)
                break
    if explicit:
        valid = [d for d in explicit if d.kind != "none"]
        if not valid:
            invalid = explicit[0]
            invalid.text = text
            return invalid
        chosen = valid[0]
        if len(valid) > 1 and re.search(r"\bden\b|[-–]", k[valid[0].span[1]:valid[-1].span[0]]):
            chosen = valid[-1]   # a range: the end counts
        chosen.text = text
        return chosen
    if ON_DEMAND.search(k):               # "Thường xuyên và đột xuất khi có yêu cầu"
        return Deadline("recurring", None, text, strength="recurring")
    if any(d.strength == "conditional" for d in found) or BARE_CONDITIONAL.search(k):
        return Deadline("conditional", None, text, strength="conditional")
    if any(d.strength == "recurring" for d in found) or BARE_RECURRING.search(k):
        return Deadline("recurring", None, text, strength="recurring")
    return Deadline("none", None, text)
