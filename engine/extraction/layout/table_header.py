"""The column header of a task table and what its columns hold.

A plan's task table starts with a header row (TT | Nội dung | Cơ quan chủ trì | Cơ quan
phối hợp | Thời gian | Sản phẩm). ``column_kinds`` reads the kinds of its columns from the
header's folded words (tt, content, lead, coord, tdone, timpl, time, product, note);
``header_word`` tolerates one letter misread by a scan; ``header_at`` finds a header of the
PDF text layer, whose cells come one after another over several short lines.
"""
from __future__ import annotations

import re

from engine.extraction.layout.line import Line
from engine.extraction.repair.keys import key as make_key

HEADER_WORDS = set(
    "tt stt so noi dung nhiem vu cong viec don vi co quan chu tri phoi hop thoi gian han "
    "thuc hien hoan thanh tien do san pham ket qua du kien ghi chu trach nhiem ten cac "
    "giai phap hoat dong chinh".split())
_COLUMNS = re.compile(
    r"(?P<tt>\bs?tt\b)"
    r"|(?P<lead>(?:don vi|co quan)(?: chu tri| thuc hien| chiu trach nhiem)|chu tri|trach nhiem)"
    r"|(?P<coord>(?:(?:don vi|co quan) )?phoi hop)"
    r"|(?P<tdone>thoi (?:gian|han) hoan thanh|hoan thanh|thoi han)"
    r"|(?P<timpl>thoi gian thuc hien|thoi gian bat dau|tien do(?: thuc hien)?)"
    r"|(?P<time>thoi gian)"
    r"|(?P<product>san pham(?: ket qua)?(?: du kien)?|ket qua(?: du kien)?)"
    r"|(?P<note>ghi chu)"
    r"|(?P<content>noi dung(?: nhiem vu| cong viec| hoat dong)?|ten nhiem vu|nhiem vu(?: giai phap)?"
    r"|cong viec)")


def column_kinds(header_key: str) -> list[str]:
    """Column kinds in order, read from a header's folded words."""
    kinds = []
    for m in _COLUMNS.finditer(header_key):
        kind = m.lastgroup
        if kind == "time" and ("timpl" in kinds or "tdone" in kinds):
            continue
        if kind not in kinds:
            kinds.append(kind)
    return kinds


def column_starts(header_key: str) -> list[tuple[int, str]]:
    """Where each column name starts in a header's key, with its kind."""
    return [(m.start(), m.lastgroup) for m in _COLUMNS.finditer(header_key)]


def is_task_header(kinds: list[str]) -> bool:
    return "content" in kinds and ("lead" in kinds or ("coord" in kinds and "tt" in kinds))


def header_word(word: str) -> str | None:
    """``word`` as a header word, allowing one letter misread by OCR."""
    if word in HEADER_WORDS:
        return word
    near = [h for h in HEADER_WORDS if len(h) == len(word) and len(h) > 2
            and sum(x != y for x, y in zip(h, word)) == 1]
    return near[0] if len(near) == 1 else None


def header_at(lines: list[Line], i: int) -> tuple[int, list[str]] | None:
    """``(index after the header, column kinds)`` when a text-layer header starts at i."""
    if not re.match(r"^s?tt\b", lines[i].skey):
        return None
    words: list[str] = []
    j = i
    while j < len(lines) and j - i < 40:
        if lines[j].blank:
            j += 1
            continue
        fixed = [header_word(w) for w in re.findall(r"[a-z0-9]+", lines[j].skey)]
        if j > i and (not fixed or sum(f is not None for f in fixed) < 0.75 * len(fixed)):
            break
        words.extend(f for f in fixed if f)
        j += 1
    kinds = column_kinds(make_key(" ".join(words)))
    return (j, kinds) if is_task_header(kinds) else None
