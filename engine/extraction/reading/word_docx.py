"""DOCX files (python-docx), read as Word lays them out.

* Paragraphs and tables in body order; a table through ``tables.table_lines``.
* Pages are counted from explicit page breaks, "page break before" paragraphs, section
  breaks and the breaks Word recorded when it last laid the file out
  (``w:lastRenderedPageBreak``), so each line knows its page. A break inside a paragraph
  does not cut it: the paragraph stays one line.
* Footnotes never cut an item: Word's own footnotes live apart (footnotes.xml) and are
  kept as notes; their reference marks, and superscript digits standing for them, are
  left out of the text ("…UBND¹ ngày" would read "UBND1 ngày"). A document converted
  from PDF often carries its footnotes as small-print paragraphs in the middle of the
  body ("1 Quyết định số …" between the two halves of an item): those are set apart as
  notes too.
* A picture in the body is listed as unreadable (its text, if any, is not read).
"""
from __future__ import annotations

import io
import re
import statistics

from engine.extraction.errors import ExtractionError
from engine.extraction.reading.document import Document, Page, SourceLine, Unreadable
from engine.extraction.reading.tables import table_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTE_START = re.compile(r"^\s*(?:\d{1,2}|\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*\S")
_MARK = re.compile(r"^[\d*¹²³⁴⁵⁶⁷⁸⁹⁰,\s]{1,6}$")
_SMALL = 0.85                  # a paragraph this much smaller than the body's print is small print


def _half_points(rpr) -> int | None:
    if rpr is None:
        return None
    sz = rpr.find(f"{W}sz")
    try:
        return int(sz.get(f"{W}val")) if sz is not None else None
    except (TypeError, ValueError):
        return None


class _Styles:
    """Font sizes (half points) as styles inherit them, with the document's default."""

    def __init__(self, document):
        self.sizes: dict[str, int | None] = {}
        self.bases: dict[str, str | None] = {}
        self.default = 24
        try:
            root = document.styles.element
        except Exception:       # noqa: BLE001 — a document without a styles part
            return
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default = _half_points(defaults) or 24
        for style in root.findall(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            based = style.find(f"{W}basedOn")
            self.bases[style_id] = based.get(f"{W}val") if based is not None else None
            self.sizes[style_id] = _half_points(style.find(f"{W}rPr"))
        self.paragraph_default = next((s.get(f"{W}styleId") for s in root.findall(f"{W}style")
                                       if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") == "1"), None)

    def size(self, style_id: str | None) -> int:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if self.sizes.get(style_id):
                return self.sizes[style_id]
            style_id = self.bases.get(style_id)
        return self.default


class _Reader:
    def __init__(self, document):
        self.document = document
        self.styles = _Styles(document)
        self.page = 1
        self.pending_break = False      # an explicit break Word will also record as rendered
        self.lines: list[SourceLine] = []
        self.notes: list[SourceLine] = []
        self.unreadable: list[Unreadable] = []
        self.footnote_pages: dict[str, int] = {}

    def _new_page(self, explicit: bool) -> None:
        if not explicit and self.pending_break:
            self.pending_break = False
            return
        self.page += 1
        self.pending_break = explicit

    def paragraph(self, p) -> tuple[str, int, bool]:
        """(text, print size in half points, holds a picture) of one paragraph."""
        ppr = p.find(f"{W}pPr")
        style = None
        if ppr is not None:
            pstyle = ppr.find(f"{W}pStyle")
            style = pstyle.get(f"{W}val") if pstyle is not None else None
            before = ppr.find(f"{W}pageBreakBefore")
            if before is not None and before.get(f"{W}val") not in ("0", "false"):
                self._new_page(explicit=True)
        style = style or self.styles.paragraph_default
        base_size = self.styles.size(style)
        parts, sizes, picture = [], [], False
        self.text_page = None            # the page the paragraph's first letters stand on
        for run in p.iter(f"{W}r"):
            rpr = run.find(f"{W}rPr")
            superscript = rpr is not None and any(
                v.get(f"{W}val") == "superscript" for v in rpr.findall(f"{W}vertAlign"))
            run_style = rpr.find(f"{W}rStyle") if rpr is not None else None
            size = _half_points(rpr) or (self.styles.size(run_style.get(f"{W}val")) if run_style is not None
                                         and self.styles.sizes.get(run_style.get(f"{W}val")) else base_size)
            text, broke = [], False
            for child in run:
                tag = child.tag
                if tag == f"{W}t":
                    text.append(child.text or "")
                elif tag == f"{W}tab":
                    text.append(" ")
                elif tag == f"{W}br":
                    if child.get(f"{W}type") == "page":
                        self._new_page(explicit=True)
                        broke = True
                        text.append(" ")
                    elif child.get(f"{W}type") != "column":
                        text.append("\n")        # a line break typed inside the paragraph
                elif tag == f"{W}cr":
                    text.append("\n")
                elif tag == f"{W}lastRenderedPageBreak":
                    self._new_page(explicit=False)
                elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                    self.footnote_pages.setdefault(child.get(f"{W}id"), self.page)
                elif tag in (f"{W}drawing", f"{W}pict", f"{W}object"):
                    picture = True
            chunk = "".join(text)
            if superscript and _MARK.match(chunk) and parts:
                continue                 # a footnote mark typed as a superscript digit
            if chunk.strip():
                if self.text_page is None:
                    self.text_page = self.page if not broke else self.page - 1
                if not broke:
                    self.pending_break = False    # text on the new page before Word's own mark
                sizes.extend([size] * len(chunk.strip()))
            parts.append(chunk)
        if ppr is not None and ppr.find(f"{W}sectPr") is not None:
            self._new_page(explicit=True)
        text = "\n".join(re.sub(r"[ \u00a0]{2,}", " ", part).strip() for part in "".join(parts).split("\n"))
        return text, (statistics.median(sizes) if sizes else base_size), picture

    def table(self, tbl) -> list[str]:
        from docx.table import Table

        table = Table(tbl, self.document)
        rows = []
        for row in table.rows:
            cells, seen = [], []
            for cell in row.cells:
                if any(cell._tc is s for s in seen):
                    continue          # a horizontally merged cell is listed once
                seen.append(cell._tc)
                cells.append("\n".join(self.paragraph(p._p)[0] for p in cell.paragraphs))
            rows.append(cells)
        return table_lines(rows)

    def read(self) -> None:
        read: list[tuple[str, int, float | None, bool]] = []   # text, page, size, picture
        for child in self.document.element.body.iterchildren():
            if child.tag == f"{W}p":
                page = self.page
                text, size, picture = self.paragraph(child)
                page = self.text_page or page
                read.extend((part, page, size, picture) for part in text.split("\n"))
            elif child.tag == f"{W}tbl":
                page = self.page
                read.extend((line, page, None, False) for line in self.table(child))
        body_sizes = [s for text, _, s, _ in read if s and len(text) > 40]
        body = statistics.median(body_sizes) if body_sizes else None
        for text, page, size, picture in read:
            if picture and not text:
                self.unreadable.append(Unreadable(page, "hình ảnh trong văn bản, chữ trong ảnh không được đọc"))
            if body and size and size <= _SMALL * body and _FOOTNOTE_START.match(text):
                self.notes.append(SourceLine(text, page))       # small-print footnote amid the body
                continue
            self.lines.append(SourceLine(text, page))

    def footnotes(self) -> None:
        part = next((rel.target_part for rel in self.document.part.rels.values()
                     if rel.reltype.endswith("/footnotes") and not rel.is_external), None)
        if part is None:
            return
        from lxml import etree

        root = etree.fromstring(part.blob)
        for note in root.findall(f"{W}footnote"):
            note_id = note.get(f"{W}id")
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = " ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in note.findall(f"{W}p")).strip()
            if text:
                self.notes.append(SourceLine(f"{note_id} {text}", self.footnote_pages.get(note_id, 1)))


def read_docx(data: bytes) -> Document:
    try:
        from docx import Document as load

        document = load(io.BytesIO(data))
    except Exception as exc:   # python-docx raises several kinds for a broken package
        raise ExtractionError("Tệp DOCX bị hỏng hoặc không phải tệp Word (.docx) hợp lệ.") from exc
    reader = _Reader(document)
    try:
        reader.read()
        reader.footnotes()
    except ExtractionError:
        raise
    except Exception as exc:   # noqa: BLE001 — malformed XML inside a valid package
        raise ExtractionError("Không đọc được nội dung tệp DOCX (cấu trúc tệp bị hỏng).") from exc
    pages = max([reader.page] + [ln.page for ln in reader.lines])
    return Document(reader.lines, [Page(n) for n in range(1, pages + 1)], reader.notes, reader.unreadable)
