"""PDFs with a text layer (pdfplumber), page by page, read as a person reads the page.

* Ruled data tables become bar rows (``tables.table_lines``), placed where they stand.
* What is printed around the text is set apart as notes, so it never cuts an item that
  runs on over the page: page numbers ("2", "- 2 -", "Trang 2/5") and running headers
  or footers (a line in the top or bottom margin that comes back on other pages), and
  the footnote block at the foot of a page (small print starting with its number).
  Superscript footnote marks are dropped from the text ("…UBND¹ ngày" would read
  "UBND1 ngày").
* A blank line is kept where the gap to the previous line is clearly wider than the
  page's line spacing (paragraphs stay apart as printed); pages follow each other with
  no blank line, so a paragraph cut by a page break reads on.
* A page without any text (a scanned page inside a text PDF) is returned as needing OCR.
"""
from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from engine.extraction.errors import ExtractionError
from engine.extraction.ocr.lines import line_step
from engine.extraction.reading.tables import table_lines

MAX_PAGES = 200
_PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?$|^(?:trang|page)\s+\d{1,3}(?:\s*(?:/|trên)\s*\d{1,3})?$",
                          re.IGNORECASE)
_FOOTNOTE_START = re.compile(r"^\s*(?:\d{1,2}|\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*\S")
_MARGIN = 0.08                # top and bottom bands where running headers and footers stand
_SMALL = 0.88                 # print this much smaller than the body's is small print


@dataclass
class PdfLine:
    text: str
    top: float
    bottom: float
    size: float
    x0: float = 0.0
    x1: float = 0.0
    gaps: list[tuple[float, float, int]] = field(default_factory=list)   # wide gaps: (from x, to x, char index)
    chars: list[tuple[str, float, float]] = field(default_factory=list)    # (text, x0, x1)


@dataclass
class PdfPage:
    number: int
    height: float
    blocks: list[tuple[float, list[str]]] = field(default_factory=list)   # (top, lines) of tables
    lines: list[PdfLine] = field(default_factory=list)
    has_text: bool = False


@dataclass
class TextPdf:
    pages: list[PdfPage]
    body_size: float

    @property
    def text_top(self) -> float:
        """Where text starts on a page after the first (below the page number) when the
        page does not open with an empty line: the highest such start."""
        tops = [next((ln.top for ln in p.lines if not _in_margin(ln, p)), p.height) for p in self.pages[1:]]
        return min(tops) if tops else 0.0

    @property
    def pages_without_text(self) -> list[int]:
        return [p.number for p in self.pages if not p.has_text]



def _inside(obj: dict, boxes: list[tuple]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


def _superscripts(chars: list[dict], body: float) -> set[int]:
    """ids of small digits raised above the characters just before them."""
    marks = set()
    normal = [c for c in chars if c.get("size", 0) >= 0.9 * body]
    for c in chars:
        if c.get("size", body) >= 0.8 * body or not re.match(r"[\d*¹²³⁴⁵⁶⁷⁸⁹⁰]", c.get("text", "")):
            continue
        for n in normal:
            if abs(n["x1"] - c["x0"]) < 1.5 * body or abs(c["x1"] - n["x0"]) < 0.3 * body:
                if n["bottom"] - c["bottom"] > 0.2 * body and n["top"] - 0.5 * body < c["top"] < n["bottom"]:
                    marks.add(id(c))
                    break
    return marks


def _page(page, number: int, body: float) -> PdfPage:
    out = PdfPage(number, float(page.height))
    chars = page.chars
    out.has_text = any(c.get("text", "").strip() for c in chars)
    if not out.has_text:
        return out
    tables = [t for t in page.find_tables() if t.bbox]
    boxes = [t.bbox for t in tables]
    marks = _superscripts([c for c in chars if not _inside(c, boxes)], body)
    kept = page.filter(lambda o: o.get("object_type") != "char" or (not _inside(o, boxes) and id(o) not in marks))
    for line in kept.extract_text_lines():
        chars = sorted(line.get("chars", []), key=lambda c: c["x0"])
        sizes = [c.get("size", body) for c in chars if c.get("text", "").strip()]
        visible = [c for c in chars if c.get("text", "").strip()]
        gaps = [(a["x1"], b["x0"], chars.index(b)) for a, b in zip(visible, visible[1:])
                if b["x0"] - a["x1"] > 2.5 * body]
        out.lines.append(PdfLine(line["text"].strip(), float(line["top"]), float(line["bottom"]),
                                 statistics.median(sizes) if sizes else body, float(line["x0"]), float(line["x1"]),
                                 gaps, [(c.get("text", ""), c["x0"], c["x1"]) for c in chars]))
    out.blocks = [(float(t.bbox[1]), table_lines(t.extract())) for t in tables]
    return out


def load_text_pdf(data: bytes) -> TextPdf:
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise ExtractionError("Tệp PDF bị hỏng hoặc có mật khẩu — không đọc được.") from exc
    try:
        with pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ExtractionError(f"Tệp PDF có {len(pdf.pages)} trang — quá giới hạn {MAX_PAGES} trang "
                                      "của một văn bản chỉ đạo.")
            sizes = Counter()
            for page in pdf.pages:
                sizes.update(round(c.get("size", 0), 1) for c in page.chars if c.get("text", "").strip())
            body = sizes.most_common(1)[0][0] if sizes else 12.0
            return TextPdf([_page(page, n, body) for n, page in enumerate(pdf.pages, start=1)], body)
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError("Không đọc được nội dung tệp PDF (tệp hỏng hoặc được mã hóa).") from exc


def _segment(line: PdfLine, start: int, end: int) -> str:
    """The text of chars ``start`` … ``end`` of a line, a space where letters stand apart."""
    out, previous = [], None
    for text, x0, x1 in line.chars[start:end]:
        if previous is not None and x0 - previous > 0.2 * line.size:
            out.append(" ")
        out.append(text)
        previous = x1
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _header_columns(lines: list[PdfLine], page: PdfPage) -> tuple[list[str], list[PdfLine]]:
    """The two-column header of a letter (issuer and number on the left, the national
    motto and the date on the right) read column by column, as people read it: the
    lines at the top of the page that a gutter splits in two give their left parts
    first, then a blank line, then their right parts. A line that crosses the gutter
    ends the header. Returns the header's lines and the lines after it."""
    split = [ln for ln in lines if ln.gaps and ln.top < 0.4 * page.height]
    if len(split) < 2:
        return [], lines
    widest = [max(ln.gaps, key=lambda g: g[1] - g[0]) for ln in split]
    gutter = statistics.median((a + b) / 2 for a, b, _ in widest)
    count, last_split, previous = 0, 0, None
    steps = [b.top - a.top for a, b in zip(split, split[1:])]
    spacing = statistics.median(steps) if steps else 2 * page.lines[0].size
    for line in lines:
        crosses = line.x0 < gutter < line.x1 and not any(a < gutter < b for a, b, _ in line.gaps)
        apart = previous is not None and line.top - previous.top > 1.6 * spacing and count >= last_split
        if crosses or apart or line.top > 0.4 * page.height:
            break
        count += 1
        previous = line
        if line.gaps or line.x0 >= gutter:
            last_split = count
    if count < 2:
        return [], lines
    left, right = [], []
    for line in lines[:count]:
        gap = next(((a, b, i) for a, b, i in line.gaps if a < gutter < b), None)
        if gap:
            left.append(_segment(line, 0, gap[2]))
            right.append(_segment(line, gap[2], len(line.chars)))
        elif line.x1 <= gutter:
            left.append(line.text)
        else:
            right.append(line.text)
    return left + [""] + right + [""], lines[count:]


def _in_margin(line: PdfLine, page: PdfPage) -> bool:
    return line.bottom < _MARGIN * page.height or line.top > (1 - _MARGIN) * page.height


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def page_lines(pdf: TextPdf, page: PdfPage) -> tuple[list[str], list[str]]:
    """(lines of the page as they read, lines set apart as notes)."""
    margin_shapes = Counter(_shape(ln.text) for p in pdf.pages for ln in p.lines if _in_margin(ln, p))
    repeated = {s for s, n in margin_shapes.items() if n >= 2 and n >= len(pdf.pages) / 2}
    notes: list[str] = []
    body: list[PdfLine] = []
    for line in page.lines:
        if _in_margin(line, page) and (_PAGE_NUMBER.match(line.text) or _shape(line.text) in repeated):
            notes.append(line.text)
        else:
            body.append(line)
    foot = len(body)
    while foot > 0 and body[foot - 1].size <= _SMALL * pdf.body_size:
        foot -= 1
    block = body[foot:]
    start = next((i for i, ln in enumerate(block) if _FOOTNOTE_START.match(ln.text)), None)
    if start is not None and foot + start > 0 and body[foot + start].top > page.height / 2:
        notes.extend(ln.text for ln in block[start:])
        body = body[:foot + start]
    header, body = _header_columns(body, page) if page.number == 1 else ([], body)
    spacing = line_step([b.top - a.top for a, b in zip(body, body[1:])])
    placed: list[tuple[float, list[str]]] = [(-1.0, header)] if header else []
    if body and page.number > 1 and spacing and body[0].top > pdf.text_top + 0.75 * spacing:
        placed.append((-1.0, [""]))     # the page starts with an empty line: a paragraph ends at the join
    previous = None
    for line in body:
        gap = line.top - previous.top if previous else 0
        placed.append((line.top, ([""] if spacing and gap > 1.5 * spacing else []) + [line.text]))
        previous = line
    placed.extend(page.blocks)
    lines = [text for _, block_lines in sorted(placed, key=lambda p: p[0]) for text in block_lines]
    return lines, notes
