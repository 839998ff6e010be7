"""Tesseract's TSV output → the words and lines of one page.

Tesseract's TSV has one row per recognised element (level 5 = a word) with its block,
paragraph and line numbers, its box in pixels and its confidence (0–100). Words are
grouped into Tesseract's own lines, kept in Tesseract's reading order (its page layout
analysis reads a two-column header column by column, as a text layer does), and a blank
line is kept where a new block starts or the gap to the previous line is clearly larger
than the page's usual line spacing, so paragraphs stay apart as they are on paper.
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
    if len(lines) < 2:
        return list(lines)
    steps = [b.box[1] - a.box[1] for a, b in zip(lines, lines[1:]) if b.box[1] > a.box[1]]
    spacing = statistics.median(steps) if steps else 0
    out: list[OcrLine | None] = [lines[0]]
    for previous, line in zip(lines, lines[1:]):
        gap = line.box[1] - previous.box[1]
        if line.block != previous.block or (spacing and gap > 1.45 * spacing):
            out.append(None)
        out.append(line)
    return out
