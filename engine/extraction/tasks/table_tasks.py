"""Reading the cells of a task table into proposed tasks.

For a text-layer table the cells of a row arrive one after another, each wrapped over
several lines: the content first, then the lead agencies, the coordinating agencies, the
times and the product. The content is the first block of lines; the agency cells are the
agency names that follow (names separated by "," ";" "và" share a cell; a name that
directly follows another without a separator starts the next cell; a name cut short by a
page break ends its cell); the times are the time expressions after them; what remains
is the product. After a page break the rest of each cut cell follows the repeated
header, in column order: it is given back to the cell it completes.

Rows that only group numbered sub-rows (2 → 2.1, 2.2) are not tasks; their agencies pass
to the sub-rows that leave those cells empty (merged cells).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.extraction.agencies.cells import cell_agencies
from engine.extraction.agencies.matcher import AgencyList, AgencyMatcher
from engine.extraction.fields.deadlines import Deadline, parse_deadline_phrase
from engine.extraction.layout.line import Line
from engine.extraction.structure.table_rows import RawRow

TIME = re.compile(
    r"\s*(?:"
    r"(?:(?:truoc|trong|cuoi|tu|den)\s+)?(?:ngay\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"
    r"|(?:(?:truoc|trong|cuoi|tu|den)\s+)?(?:thang\s+)?\d{1,2}(?:\s*-\s*\d{1,2})?\s*/\s*\d{4}"
    r"(?:\s*(?:-|den)\s*(?:thang\s+)?\d{1,2}\s*/\s*\d{4})?"
    r"|(?:(?:trong|cuoi)\s+)?quy\s+(?:iv|i{1,3}|[1-4])\s*(?:/|nam\s+)\d{4}"
    r"|(?:(?:trong|cuoi|tu)\s+)?nam\s+\d{4}(?:\s+va(?:\s+(?:cac|nhung)(?:\s+nam(?:\s+tiep(?:\s+theo)?)?)?)?)?"
    r"|hang\s+(?:ngay|tuan|thang|quy|nam)|thuong\s+xuyen(?:\s*,?\s*lien\s+tuc)?|dinh\s+ky"
    r"|(?:ngay\s+|sau\s+)?khi(?:\s+(?!khi\b)\S+){1,12}?(?=\s+(?:ngay\s+|sau\s+)?khi\b|\s*$)"
    r"|tai\s+ky\s+hop(?:\s+\S+){0,4}"
    r")")
_TIME_LEAD_IN = re.compile(r"(?:\b(?:truoc|trong|ngay|den|tu|thang|nam|cuoi|han)|[,:])$")
_UNFINISHED_TIME = re.compile(r"(?:\bva|\bcac|\bnhung|\bnam|\btiep)$")


@dataclass
class TableTask:
    ref: str
    content: str
    lead: AgencyList
    coord: AgencyList
    deadline: Deadline
    implementation_time: str | None
    product: str | None
    lines: list[Line]
    continued: bool = False
    inherited: bool = False
    number_inferred: bool = False     # the scan lost the row's number; it was read from the sequence
    notes: list[str] = field(default_factory=list)
    cells_read: str = "guessed"   # how cells were told apart: guessed (text layer) | bar | columns


@dataclass
class _Cells:
    content: str = ""
    lead: str = ""
    coord: str = ""
    times: list[str] = field(default_factory=list)
    product: str = ""
    lead_cut: bool = False
    coord_cut: bool = False


def _join(lines: list[Line]) -> str:
    out = ""
    for ln in lines:
        part = ln.stripped
        if not part:
            continue
        out = out + part if out.endswith("-") and not out.endswith(" -") else (out + " " + part).strip()
    return out


def _blocks(lines: list[Line]) -> list[list[Line]]:
    blocks, current = [], []
    for ln in lines:
        if ln.blank:
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(ln)
    if current:
        blocks.append(current)
    return blocks


class TableReader:
    def __init__(self, matcher: AgencyMatcher, default_year: int | None = None):
        self.matcher = matcher
        self.default_year = default_year

    # -- cell boundaries of the text layer --------------------------------------------
    def _starts_cell(self, text: str) -> bool:
        """Whether a block opens the time cell or an agency cell (a cell opens with a
        capital: "địa phương đạt 100%" wrapped from the content does not)."""
        if TIME.match(self.matcher.key(text)) and TIME.match(self.matcher.key(text)).end() > 0:
            return True
        return self._opens_agency(text)

    def _opens_agency(self, text: str) -> bool:
        if not text[:1].isupper():
            return False
        agencies = self.matcher.parse_list(text, 0, allow_prefix=True, report_unknown=True)
        return bool(agencies.mentions) and agencies.mentions[0].kind != "generic"

    def _content_blocks(self, lines: list[Line]) -> list[list[Line]]:
        """The blocks of a row; a scan may lose the blank line between the content and
        the lead cell, so a block is also cut where known agencies' names fill the rest
        of it from the start of a line."""
        out: list[list[Line]] = []
        for block in _blocks(lines):
            out.extend(self._cut_at_agencies(block))
        return out

    def _cut_at_agencies(self, block: list[Line]) -> list[list[Line]]:
        if self._all_agencies(_join(block)):
            return [block]                   # one agency cell over two lines ("Văn phòng" / "UBND tỉnh")
        for n in range(1, len(block)):
            if block[n - 1].stripped.endswith(("-", ",")) or not self._opens_agency(block[n].stripped):
                continue
            if self._all_agencies(_join(block[n:])):
                return [block[:n], block[n:]]      # the rest of the block is agencies
        return [block]

    def _all_agencies(self, text: str) -> bool:
        """Whether known agencies' names fill ``text``."""
        found = self._agencies(text)
        return bool(found.mentions) and not found.unknown and found.end >= 0.8 * len(text.rstrip(" ;,."))

    def _agencies(self, text: str) -> AgencyList:
        return self.matcher.parse_list(text, 0, allow_prefix=True, report_unknown=True,
                                       stop_on_space=False)

    def _split_tail(self, tail: str, kinds: list[str], cells: _Cells) -> None:
        agencies = self._agencies(tail)
        lead, coord, target = [], [], None
        for n, mention in enumerate(agencies.mentions):
            target = lead if target is None else target
            if n and target is lead and "coord" in kinds:
                if agencies.seps[n - 1] == "space" or agencies.mentions[n - 1].truncated:
                    target = coord
            target.append(mention)
        if lead:
            cells.lead = tail[lead[0].start:lead[-1].end]
            cells.lead_cut = lead[-1].truncated
        if coord:
            cells.coord = tail[coord[0].start:coord[-1].end]
            cells.coord_cut = coord[-1].truncated or coord[-1].kind == "unknown"
        pos = agencies.end if agencies.mentions else 0
        note = re.match(r"\s*\([^()]{1,30}\)", tail[pos:]) if agencies.mentions else None
        if note:              # "UBND cấp xã (mới)": a remark that stays with its agency's cell
            if coord:
                cells.coord += note.group()
            elif lead:
                cells.lead += note.group()
            pos += note.end()
        k = self.matcher.key(tail)
        while True:
            lead_in = re.match(r"[\s.;,]*", k[pos:])       # "…, các địa phương. Quý IV/2025"
            if lead_in.end() and TIME.match(k, pos + lead_in.end()):
                pos += lead_in.end()
            m = TIME.match(k, pos)
            if not m or m.end() == pos or not k[pos:m.end()].strip():
                skipped = self._misread_words_before_time(k, pos)
                if skipped is None:
                    break
                # a word or two OCR garbled ("liem quan", "thco"): they end the cell before
                if cells.times:
                    cells.times[-1] = f"{cells.times[-1]} {tail[pos:skipped].strip()}"
                elif coord:
                    cells.coord = f"{cells.coord} {tail[pos:skipped].strip()}"
                pos = skipped
                continue
            cells.times.append(tail[pos:m.end()].strip())
            pos = m.end()
        cells.product = tail[pos:].strip(" ;,.")

    @staticmethod
    def _misread_words_before_time(k: str, pos: int) -> int | None:
        """Where a time expression starts after at most two short lower-case words."""
        m = re.match(r"\s*(?:[a-z]{2,6}\s+){1,2}", k[pos:])
        if not m:
            return None
        at = pos + m.end()
        found = TIME.match(k, at)
        return at if found and found.end() > at and k[at:found.end()].strip() else None

    def _cut_at_times(self, block: list[Line]) -> list[list[Line]]:
        """A block cut before a line that is a whole time cell ("Công nghệ" / "Năm 2026"):
        a scan may lose the blank line between two cells. A time that continues a
        sentence ("hoàn thành trong" / "năm 2026") is not cut off."""
        for n in range(1, len(block)):
            text = block[n].stripped
            before = self.matcher.key(block[n - 1].stripped).strip()
            if (text[:1].isupper() or text[:1].isdigit()) and TIME.fullmatch(self.matcher.key(text)) \
                    and not _TIME_LEAD_IN.search(before):
                return [block[:n], *self._cut_at_times(block[n:])]
        return [block]

    def _continue(self, cells: _Cells, blocks: list[list[Line]]) -> None:
        """Give the rest of each cell cut by a page break back to that cell."""
        blocks = [part for block in blocks for part in self._cut_at_times(block)]
        for n, block in enumerate(blocks):
            text = _join(block)
            k = self.matcher.key(text)
            is_time = bool(TIME.fullmatch(k)) if k.strip() else False
            content_open = not cells.content.rstrip().endswith((".", ";", "!", "?", ")"))
            if n == 0 and (content_open or text[:1].islower()) and not is_time:
                cells.content = f"{cells.content} {text}".strip()
            elif cells.lead_cut and self._completes(cells.lead, text):
                cells.lead, cells.lead_cut = f"{cells.lead} {text}", False
            elif cells.coord_cut and self._completes(cells.coord, text):
                cells.coord, cells.coord_cut = f"{cells.coord} {text}", False
            elif cells.times and _UNFINISHED_TIME.search(self.matcher.key(cells.times[-1]).strip()):
                cells.times[-1] = f"{cells.times[-1]} {text}"
            elif is_time and not cells.product:
                cells.times.append(text)
            elif not cells.times and not cells.product and self._time_then_text(text, cells):
                continue                  # "Năm 2026 Hồ sơ đề xuất": a time cell run into the product
            elif cells.product or cells.times or cells.lead:
                cells.product = f"{cells.product} {text}".strip()
            else:
                cells.content = f"{cells.content} {text}".strip()

    def _time_then_text(self, text: str, cells: _Cells) -> bool:
        k = self.matcher.key(text)
        m = TIME.match(k)
        if not (m and k[:m.end()].strip() and cells.lead):
            return False
        cells.times.append(text[:m.end()].strip())
        cells.product = text[m.end():].strip(" ;,.")
        return True

    def _completes(self, cell: str, text: str) -> bool:
        before = self._agencies(cell)
        after = self._agencies(f"{cell} {text}")
        bad = lambda lst: sum(m.truncated or m.kind == "unknown" for m in lst.mentions)
        return bad(after) < bad(before) and after.end >= len(cell)

    def _read_text_row(self, row: RawRow, kinds: list[str]) -> _Cells:
        cells = _Cells()
        blocks = self._content_blocks(row.pieces[0].lines) if row.pieces else []
        parts = [row.rest] if row.rest else []
        k = 0
        if not parts and blocks:
            parts.append(_join(blocks[0]))
            k = 1
        while k < len(blocks) and not self._starts_cell(_join(blocks[k])):
            parts.append(_join(blocks[k]))
            k += 1
        cells.content = " ".join(parts)
        self._split_tail(" ".join(_join(b) for b in blocks[k:]), kinds, cells)
        for piece in row.pieces[1:]:
            self._continue(cells, _blocks(piece.lines))
        return cells

    def _read_bar_row(self, row: RawRow, kinds: list[str]) -> _Cells:
        cells = _Cells()
        for kind, text in zip(kinds, row.cells or []):
            if kind == "content":
                cells.content = text
            elif kind == "lead":
                cells.lead = text
            elif kind == "coord":
                cells.coord = text
            elif kind in ("timpl", "tdone", "time"):
                cells.times.append(text)
            elif kind == "product":
                cells.product = text
        return cells

    # -- rows to tasks --------------------------------------------------------------------
    def read(self, prefix: str, kinds: list[str], rows: list[RawRow], text_layer: bool) -> list[TableTask]:
        read_rows = []
        for row in rows:
            if row.is_section and row.cells is None:
                continue
            cells = self._read_text_row(row, kinds) if text_layer else self._read_bar_row(row, kinds)
            read_rows.append((row, cells))
        tasks: list[TableTask] = []
        by_label: dict[tuple[str, str], _Cells] = {}
        for n, (row, cells) in enumerate(read_rows):
            key_ = (row.section, row.label)
            by_label[key_] = cells
            has_child = any(r.section == row.section and r.label.startswith(row.label + ".")
                            for r, _ in read_rows[n + 1:] if row.label)
            if has_child or not cells.content.strip():
                continue
            inherited = False
            parent_label = row.label.rpartition(".")[0]
            parent = by_label.get((row.section, parent_label)) if parent_label else None
            if parent and not cells.lead:
                cells.lead, cells.coord = parent.lead, cells.coord or parent.coord
                inherited = True
            task = self._task(prefix, row, cells, kinds, n, whole_cells=not text_layer)
            task.inherited = inherited
            tasks.append(task)
        return tasks

    def _task(self, prefix: str, row: RawRow, cells: _Cells, kinds: list[str], n: int,
              whole_cells: bool = False) -> TableTask:
        times = [t for t in cells.times if t]
        impl = times[0] if len(times) > 1 else None
        done = (times[1] if "timpl" in kinds and "tdone" in kinds else times[-1]) if len(times) > 1 \
            else (times[0] if times else None)
        deadline = parse_deadline_phrase(done, default_year=self.default_year)
        ref_parts = [p for p in (prefix, row.section, row.label or str(n + 1)) if p]
        return TableTask(
            ref=".".join(ref_parts), content=re.sub(r"\s+", " ", cells.content).strip(),
            lead=cell_agencies(self.matcher, cells.lead, whole_cells),
            coord=cell_agencies(self.matcher, cells.coord, whole_cells),
            deadline=deadline, implementation_time=impl,
            product=re.sub(r"\s+", " ", cells.product).strip() or None,
            lines=[ln for ln in row.lines if not ln.blank],
            continued=len(row.pieces) > 1, number_inferred=row.inferred)
