"""Tesseract's TSV output → the words and lines of one page.

Tesseract's TSV has one row per recognised element (level 5 = a word) with its block,
paragraph and line numbers, its box in pixels and its confidence (0–100). Words are
grouped into Tesseract's own lines, top to bottom; a blank line is kept where the gap
to the previous line is clearly larger than the page's usual line spacing, so
paragraphs stay apart as they are on paper. The runner reads a page as one block of
text (Tesseract's full layout analysis drops short lines standing alone, such as the
cells of a table written one per line), so the two-column header of a letter comes
back as lines holding both columns: ``header_columns`` splits them at the gutter and
reads the left column first, then the right one, as people read it.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass

Box = tuple[int, int, int, int]          # left, top, right, bottom in pixels


@dataclass(frozen=True)
class OcrWord:
    text: str
    confidence: float                    # 0–100, Tesseract's word confidence
    box: Box


@dataclass(frozen=True)
class OcrLine:
    words: tuple[OcrWord, ...]
    box: Box
    block: int = 0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def confidence(self) -> float:
        """The line's confidence: the mean of its words', weighted by their length."""
        total = sum(len(w.text) for w in self.words)
        if not total:
            return 0.0
        return sum(w.confidence * len(w.text) for w in self.words) / total


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def line_step(steps: list[float]) -> float:
    """The page's line spacing from the steps between consecutive lines: the lower
    quartile, not the median, since on a page where most lines are followed by an
    empty one the median step is two lines."""
    ordered = sorted(s for s in steps if s > 0)
    return ordered[len(ordered) // 4] if ordered else 0


def tsv_page_size(tsv: str) -> tuple[int, int]:
    """The page image's width and height, from the TSV's page row (level 1)."""
    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) >= 10 and cells[0] == "1":
            try:
                return int(cells[8]), int(cells[9])
            except ValueError:
                break
    return 0, 0


def parse_tsv(tsv: str) -> list[tuple[tuple[int, int, int], OcrWord]]:
    """(block, paragraph, line) and the word, for every non-empty word row."""
    out = []
    rows = tsv.splitlines()
    for row in rows[1:] if rows and rows[0].startswith("level") else rows:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        if not text:
            continue
        try:
            left, top, width, height = (int(c) for c in cells[6:10])
            confidence = max(0.0, float(cells[10]))
            place = (int(cells[2]), int(cells[3]), int(cells[4]))
        except ValueError:
            continue
        out.append((place, OcrWord(text, confidence, (left, top, left + width, top + height))))
    return out


def tsv_lines(tsv: str) -> list[OcrLine | None]:
    """The page's lines in reading order; ``None`` stands for a blank line (a gap
    between paragraphs)."""
    grouped: dict[tuple[int, int, int], list[OcrWord]] = {}
    for place, word in parse_tsv(tsv):
        grouped.setdefault(place, []).append(word)
    lines = [OcrLine(tuple(sorted(words, key=lambda w: w.box[0])), _union([w.box for w in words]), place[0])
             for place, words in grouped.items()]
    lines.sort(key=lambda ln: (ln.box[1] + ln.box[3]) / 2)
    if len(lines) < 2:
        return list(lines)
    spacing = line_step([b.box[1] - a.box[1] for a, b in zip(lines, lines[1:])])
    out: list[OcrLine | None] = [lines[0]]
    for previous, line in zip(lines, lines[1:]):
        gap = line.box[1] - previous.box[1]
        if spacing and gap > 1.45 * spacing:
            out.append(None)
        out.append(line)
    return out


def _split_at(line: OcrLine, gutter: float) -> tuple[OcrLine | None, OcrLine | None]:
    left = tuple(w for w in line.words if (w.box[0] + w.box[2]) / 2 < gutter)
    right = tuple(w for w in line.words if (w.box[0] + w.box[2]) / 2 >= gutter)

    def part(words):
        return OcrLine(words, _union([w.box for w in words]), line.block) if words else None
    return part(left), part(right)


def _widest_gap(line: OcrLine) -> tuple[int, int] | None:
    gaps = [(a.box[2], b.box[0]) for a, b in zip(line.words, line.words[1:])]
    if not gaps:
        return None
    widest = max(gaps, key=lambda g: g[1] - g[0])
    height = statistics.median(w.box[3] - w.box[1] for w in line.words)
    return widest if widest[1] - widest[0] > 3 * height else None


def header_columns(lines: list[OcrLine | None], page_height: int) -> list[OcrLine | None]:
    """The first page's two-column header read column by column (see the module doc).
    Lines at the top that a common gutter splits are the header; so are the lines
    right below them that keep to one side; a line across the gutter, or a wider gap,
    ends it."""
    text = [ln for ln in lines if ln is not None]
    top = [ln for ln in text if ln.box[1] < 0.4 * page_height]
    gaps = [g for g in (_widest_gap(ln) for ln in top) if g]
    if len(gaps) < 2:
        return lines
    gutter = statistics.median((a + b) / 2 for a, b in gaps)
    spacing = line_step([b.box[1] - a.box[1] for a, b in zip(text, text[1:])])
    header: list[OcrLine] = []
    last_split = 0
    for line in text:
        gap = _widest_gap(line)
        splits = gap is not None and gap[0] < gutter < gap[1]
        one_side = line.box[2] <= gutter or line.box[0] >= gutter
        apart = header and line.box[1] - header[-1].box[1] > 1.6 * spacing and len(header) >= last_split
        if line.box[1] > 0.4 * page_height or not (splits or one_side) or apart:
            break
        header.append(line)
        if splits or line.box[0] >= gutter:
            last_split = len(header)
    header = header[:last_split] + [ln for ln in header[last_split:] if ln.box[2] <= gutter]
    if len(header) < 2:
        return lines
    left, right = [], []
    for line in header:
        a, b = _split_at(line, gutter)
        if a:
            left.append(a)
        if b:
            right.append(b)
    chosen = {id(ln) for ln in header}
    rest = [ln for ln in lines if ln is None or id(ln) not in chosen]
    while rest and rest[0] is None:
        rest.pop(0)
    return left + [None] + right + [None] + rest
