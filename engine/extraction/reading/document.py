"""What the reading stage hands on: a directive file as pages of lines.

Every line keeps the page it was read from and, when it was read by OCR, Tesseract's
confidence, its box on the page (as fractions of the page's width and height, so it can
be drawn over the page image at any size) and which of its words were unsure. The
document's text is its lines joined by line breaks: line N of the text is
``lines[N - 1]``, the numbering every later stage (and the review page) uses. What the
reader set apart (footnotes, running headers and page numbers) is kept in ``notes``;
what it could not read is listed in ``unreadable`` with its page and line, never
silently dropped.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum

Box = tuple[float, float, float, float]      # left, top, right, bottom as fractions of the page
WEAK_WORD = 60                               # a word Tesseract is less sure of than this is unsure
WEAK_LINE = 55                               # a line below this is listed as not read reliably


class PageSource(str, Enum):
    TEXT = "text"          # the file's own text (plain text, DOCX, a PDF's text layer)
    OCR = "ocr"            # recognised from the page's image


@dataclass(frozen=True)
class SourceLine:
    text: str
    page: int = 1                              # 1-based
    confidence: float | None = None            # OCR only: 0–100
    box: Box | None = None                     # OCR only
    weak_words: tuple[int, ...] = ()           # OCR only: indexes (in text.split()) of unsure words

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Page:
    number: int
    source: PageSource = PageSource.TEXT
    image: bytes | None = None                 # OCR pages: a JPEG of the page, to show people
    width: int = 0                             # of that image, in pixels
    height: int = 0


@dataclass(frozen=True)
class Unreadable:
    """Something the reader could not read: a whole page (``line`` None) or one line."""
    page: int
    reason: str
    line: int | None = None
    text: str = ""

    def message(self) -> str:
        where = f"Trang {self.page}" + (f", dòng {self.line}" if self.line else "")
        quoted = f": «{self.text[:80]}»" if self.text else ""
        return f"{where} — {self.reason}{quoted}"


@dataclass
class Document:
    lines: list[SourceLine] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    notes: list[SourceLine] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def ocr_pages(self) -> list[Page]:
        return [p for p in self.pages if p.source is PageSource.OCR]

    def page_of(self, line_no: int) -> int | None:
        """The page line ``line_no`` (1-based) was read from."""
        if 1 <= line_no <= len(self.lines):
            return self.lines[line_no - 1].page
        return None

    def pages_of(self, first: int, last: int) -> list[int]:
        """The pages lines ``first`` … ``last`` come from, in order."""
        return list(dict.fromkeys(p for n in range(first, last + 1) if (p := self.page_of(n))))

    def line_map(self) -> list[dict]:
        """Per line (in text order) its page and, for OCR lines, box, confidence and
        unsure words: what the review page needs to point at a line on its page."""
        out = []
        for line in self.lines:
            entry: dict = {"page": line.page}
            if line.box is not None:
                entry["box"] = [round(v, 4) for v in line.box]
            if line.confidence is not None:
                entry["confidence"] = round(line.confidence, 1)
            if line.weak_words:
                entry["weak_words"] = list(line.weak_words)
            out.append(entry)
        return out

    def problems(self) -> list[str]:
        return [u.message() for u in self.unreadable]

    def to_dict(self) -> dict:
        """A JSON-able copy without the page images (stored apart)."""
        return {"lines": [asdict(ln) for ln in self.lines], "notes": [asdict(ln) for ln in self.notes],
                "pages": [{"number": p.number, "source": p.source.value, "width": p.width, "height": p.height}
                          for p in self.pages],
                "unreadable": [asdict(u) for u in self.unreadable]}

    @classmethod
    def from_dict(cls, data: dict) -> "Document":
        def line(d: dict) -> SourceLine:
            box = tuple(d["box"]) if d.get("box") is not None else None
            return SourceLine(d["text"], d.get("page", 1), d.get("confidence"), box, tuple(d.get("weak_words") or ()))

        return cls([line(d) for d in data.get("lines") or []],
                   [Page(p["number"], PageSource(p.get("source", "text")), None, p.get("width", 0), p.get("height", 0))
                    for p in data.get("pages") or []],
                   [line(d) for d in data.get("notes") or []],
                   [Unreadable(u["page"], u["reason"], u.get("line"), u.get("text", "")) for u in data.get("unreadable") or []])
