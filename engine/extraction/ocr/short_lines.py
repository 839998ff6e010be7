"""A second look at the short lines Tesseract was unsure of.

Read as part of a whole page, a line holding only a table's row number ("5.1", "7",
"II") often comes back as noise ("Đài", "/", "lWy/") with a low confidence: the page
model expects words. Read alone, as one line (``--psm 7``) cut out of the page with a
margin, the same pixels give "5.1". So each short, unsure line is read again alone,
and the second reading is kept when Tesseract is surer of it. Bounded: at most
``PER_PAGE`` lines a page, each within the runner's time limit.
"""
from __future__ import annotations

import subprocess
from collections.abc import Callable

from engine.extraction.ocr.lines import Box, OcrLine, OcrWord, tsv_lines

UNSURE_BELOW = 60
MAX_CHARS = 12
PER_PAGE = 24
PAD = 24                         # pixels of margin around the line (300 dpi: about 2 mm)


def candidates(lines: list[OcrLine | None]) -> list[int]:
    found = [i for i, ln in enumerate(lines)
             if ln is not None and ln.confidence < UNSURE_BELOW and len(ln.text) <= MAX_CHARS]
    return found[:PER_PAGE]


def crop_box(box: Box, width: int, height: int) -> Box:
    """The part of the page read again for a line: the line with a margin, wider to
    the right (a row number's neighbours are far away)."""
    left, top, right, bottom = box
    return (max(0, left - PAD), max(0, top - PAD), min(width or right + 4 * PAD, right + 3 * PAD),
            min(height or bottom + PAD, bottom + PAD))


def _shifted(line: OcrLine, dx: int, dy: int, block: int) -> OcrLine:
    words = tuple(OcrWord(w.text, w.confidence, (w.box[0] + dx, w.box[1] + dy, w.box[2] + dx, w.box[3] + dy))
                  for w in line.words)
    box = (line.box[0] + dx, line.box[1] + dy, line.box[2] + dx, line.box[3] + dy)
    return OcrLine(words, box, block)


def reread(lines: list[OcrLine | None], width: int, height: int,
           recognise: Callable[[Box], str]) -> list[OcrLine | None]:
    """``lines`` with each short, unsure line replaced by its second reading when that
    one is surer; ``recognise(crop)`` returns Tesseract's TSV of that part of the page
    read as one line."""
    out = list(lines)
    for index in candidates(lines):
        line = lines[index]
        crop = crop_box(line.box, width, height)
        try:
            again = [ln for ln in tsv_lines(recognise(crop)) if ln is not None]
        except (subprocess.TimeoutExpired, RuntimeError):
            continue
        if len(again) != 1:
            continue
        better = _shifted(again[0], crop[0], crop[1], line.block)
        if better.confidence > line.confidence:
            out[index] = better
    return out
