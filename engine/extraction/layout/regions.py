"""The page layout of a directive's text: its lines and the regions they form.

Owns the decisions that come before any reading of tasks: where the body ends ("Nơi nhận"), where
appendices start ("PHỤ LỤC 01"), which lines are the "Kính gửi" addressees, page numbers,
footnotes printed at the foot of a page (they interrupt the body text in extracted PDFs
and must not become tasks), the task tables standing in a body (cut out before page
numbers and footnotes are looked for, see table_finder) and the closing paragraph ("…
biết và triển khai thực hiện./.", or one addressed to every agency after the last item).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.extraction.layout.line import Line, split_lines
from engine.extraction.layout.table_finder import find_tables
from engine.extraction.repair.keys import Vocabulary


@dataclass
class Layout:
    lines: list[Line]
    body: list[Line] = field(default_factory=list)          # lines the structure reads
    addressees: list[Line] = field(default_factory=list)    # the "Kính gửi" block
    appendices: list[list[Line]] = field(default_factory=list)
    attachments: list[tuple[str, list[Line]]] = field(default_factory=list)   # (prefix, body)
    pipe_blocks: list[list[Line]] = field(default_factory=list)
    tables: list[tuple[str, list[Line]]] = field(default_factory=list)   # (ref prefix, lines)
    footnotes: list[Line] = field(default_factory=list)
    closing: list[Line] = field(default_factory=list)
    body_end: int = 0        # index of the "Nơi nhận" line (len(lines) when absent)


_NOI_NHAN = re.compile(r"^noi nhan\b")
_APPENDIX = re.compile(r"^phu luc(?:\s+(?:so\s+)?[0-9ivxlc]+[a-z]?)?\s*[:.]?\s*$")
_PAGE_NO = re.compile(r"^(?:[-–]\s*)?\d{1,3}(?:\s*[-–])?$|^trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?$")
_FOOTNOTE = re.compile(r"^(\d{1,2})\s+(?=\S)(?!\d)")
_ATTACHED_TYPE = re.compile(r"^(ke hoach|chuong trinh|quy che|quy dinh|de an|phuong an|huong dan)$")
_ATTACHED_PREFIX = {"ke hoach": "KH", "chuong trinh": "CTr", "quy che": "QC", "quy dinh": "QyĐ",
                    "de an": "ĐA", "phuong an": "PA", "huong dan": "HD"}
_CLOSING = re.compile(r"thong bao|yeu cau|de nghi|tren day|trong qua trinh|de cac|de biet")
# A paragraph after the last item addressed to every agency ("Các cơ quan, đơn vị, địa
# phương báo cáo …", "Định kỳ hằng quý, các sở, ngành …", "Thủ trưởng các sở …").
_TO_EVERY_AGENCY = re.compile(
    r"^(?:(?:dinh ky|hang|moi)[^,]{0,60},\s*)?(?:(?:de nghi|yeu cau)\s+)?"
    r"(?:(?:thu truong|lanh dao|giam doc|chu tich)\s+)?(?:cac|toan the)\s+"
    r"(?:co quan|so|don vi|dia phuong|nganh|cap|xa|phuong)\b")
_SECTION = re.compile(r"^\s*([IVX]{1,4})\.\s+\S")
_ITEM_MARK = re.compile(r"^\s*(?:[a-zđ]\)|\d+(?:\.\d+)*\.|[-+•]|[IVX]+\.)\s")


def _is_appendix_heading(line: Line) -> bool:
    if not _APPENDIX.match(line.skey):
        return False
    letters = [c for c in line.stripped if c.isalpha()]
    return bool(letters) and letters[0].isupper() and (
        sum(c.isupper() for c in letters) / len(letters) > 0.6
        or re.search(r"\d|[IVX]$", line.stripped) is not None)


def _addressee_block(lines: list[Line], end: int) -> tuple[int, int] | None:
    for idx in range(min(end, 80)):
        if not lines[idx].skey.startswith("kinh gui"):
            continue
        last = idx
        for j in range(idx + 1, min(end, idx + 30)):
            s = lines[j].stripped
            if not s:
                continue
            prev = lines[last].stripped
            if s[0] in "-+•–":
                last = j
                continue
            if last != idx and not prev.endswith((";", ".", ":", ",")):
                last = j          # an addressee wrapped over two lines
                continue
            if (last == idx or prev.endswith((";", ","))) and len(s) < 70 and s.endswith((";", ".", ",")):
                last = j
                continue
            break
        return idx, last
    return None


def _mark_footnotes(lines: list[Line], start: int, end: int) -> set[int]:
    """Indexes of footnote lines: "N text" lines numbered 1, 2, 3 … through the body."""
    marked: set[int] = set()
    counter = 1
    idx = start
    while idx < end:
        m = _FOOTNOTE.match(lines[idx].stripped)
        if not (m and int(m.group(1)) == counter):
            idx += 1
            continue
        marked.add(idx)
        counter += 1
        j = idx + 1
        while j < end:
            nxt = lines[j]
            m2 = _FOOTNOTE.match(nxt.stripped)
            if m2 and int(m2.group(1)) == counter:
                break
            if nxt.blank or nxt.page_start or lines[j - 1].stripped.endswith("."):
                break
            marked.add(j)
            j += 1
        idx = j
    return marked


def _closing_start(body: list[Line]) -> int | None:
    """Index in ``body`` where the closing formula paragraph starts, if there is one."""
    for idx in range(len(body) - 1, max(-1, len(body) - 12), -1):
        if "/." in body[idx].text:
            break
    else:
        return None
    for start in range(idx, max(-1, idx - 8), -1):
        line = body[start]
        if line.blank:
            continue
        if _ITEM_MARK.match(line.text):
            return None           # the paragraph is a numbered item's own text
        prev = next((b for b in reversed(body[:start]) if not b.blank), None)
        first = line.stripped[:1]
        if first.isupper() and (prev is None or prev.stripped.endswith((".", ":", ";"))):
            tail = " ".join(b.key for b in body[start:idx + 1])
            after_items = any(_ITEM_MARK.match(b.text) for b in body[:start])
            if _CLOSING.search(tail) or (after_items and _TO_EVERY_AGENCY.match(line.skey)):
                return start
            return None
    return None


def _attachment_starts(lines: list[Line], start: int) -> list[tuple[int, str]]:
    """Documents issued with the directive and printed after its signature: a type word
    in capitals ("KẾ HOẠCH") with "(Ban hành kèm theo …)" under it."""
    found = []
    for i in range(start, len(lines)):
        m = _ATTACHED_TYPE.match(lines[i].skey)
        if not (m and lines[i].stripped.isupper()):
            continue
        window = " ".join(ln.skey for ln in lines[i + 1:i + 7])
        if "kem theo" in window:
            found.append((i, _ATTACHED_PREFIX[m.group(1)]))
    return found


def _clean_body(lines: list[Line], skip: set[int], offset: int) -> tuple[list[Line], list[Line], set[int]]:
    kept = [ln for i, ln in enumerate(lines) if i + offset not in skip]
    footnotes = _mark_footnotes(kept, 0, len(kept))
    body = [ln for i, ln in enumerate(kept) if i not in footnotes and not _PAGE_NO.match(ln.skey)]
    marked = {kept[i].no - 1 for i in footnotes}
    closing = _closing_start(body)
    if closing is not None:
        return body[:closing], body[closing:], marked
    return body, [], marked


def _cut_tables(region: list[Line], skip: set[int]) -> list[tuple[str, list[Line]]]:
    """Task tables standing in a body (see table_finder), each with the Roman section it
    sits in; their lines join ``skip`` so the outline reader never sees them."""
    visible = [ln for ln in region if ln.no - 1 not in skip]
    out = []
    for span in find_tables(visible, in_body=True):
        table = visible[span.start:span.end]
        skip.update(ln.no - 1 for ln in table)
        before = (_SECTION.match(ln.text) for ln in reversed(visible[:span.start]))
        out.append((next((m.group(1) for m in before if m), ""), table))
    return out


def analyse(text: str, vocabulary: Vocabulary | None = None) -> Layout:
    lines = split_lines(text, vocabulary)
    layout = Layout(lines)
    end = next((i for i, ln in enumerate(lines) if i > 3 and _NOI_NHAN.match(ln.skey)), len(lines))
    layout.body_end = end
    search_from = end if end < len(lines) else 0
    starts = [(i, "PL") for i in range(search_from, len(lines)) if _is_appendix_heading(lines[i])]
    starts += _attachment_starts(lines, end) if end < len(lines) else []
    starts.sort()
    for n, (s, kind) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        if kind == "PL":
            layout.appendices.append(lines[s:stop])
        else:
            layout.attachments.append((kind, lines[s:stop]))
    body_stop = min(end, starts[0][0]) if starts else end
    block = _addressee_block(lines, body_stop)
    skip: set[int] = set()
    if block:
        skip.update(range(block[0], block[1] + 1))
        layout.addressees = lines[block[0]:block[1] + 1]
    # Tables rendered one row per line ("| … | … |") are read by the table reader.
    current: list[Line] = []
    for i, ln in enumerate(lines):
        if ln.stripped.startswith("|") and ln.stripped.endswith("|"):
            current.append(ln)
            skip.add(i)
        elif current and not ln.blank:
            layout.pipe_blocks.append(current)
            current = []
    if current:
        layout.pipe_blocks.append(current)
    layout.tables = [(section or "B", t) for section, t in _cut_tables(lines[:body_stop], skip)]
    for kind, part in layout.attachments:
        layout.tables += [(f"{kind}.{section}" if section else kind, t) for section, t in _cut_tables(part, skip)]
    layout.body, layout.closing, footnotes = _clean_body(lines[:body_stop], skip, 0)
    for n, (kind, part) in enumerate(layout.attachments):
        offset = part[0].no - 1
        body, _, more = _clean_body(part, skip, offset)
        layout.attachments[n] = (kind, body)
        footnotes |= more
    layout.footnotes = [lines[i] for i in sorted(footnotes)]
    return layout
