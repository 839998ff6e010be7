"""read_document: a directive file → a ``Document`` (pages of lines).

The file's kind is judged by its content (``kinds``); plain text, DOCX and text PDFs
are read directly, pictures of pages (image files, PDF pages without a text layer) by
OCR, page by page, calling ``progress(done, total)`` after each OCR'd page. A PDF that
mixes both is read page by page, each the right way. Every line is NFC-normalised; an
empty result, an unsupported or unreadable file raise ``ExtractionError`` with a
Vietnamese message for the person importing it.
"""
from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

from engine.extraction.errors import ExtractionError
from engine.extraction.ocr import Tesseract
from engine.extraction.reading import scans
from engine.extraction.reading.document import Document, Page, PageSource, SourceLine, Unreadable
from engine.extraction.reading.kinds import FileKind, file_kind
from engine.extraction.reading.plain_text import read_text
from engine.extraction.reading.scans import Progress, ReadPage
from engine.extraction.reading.text_pdf import load_text_pdf, page_lines
from engine.extraction.reading.word_docx import read_docx


def _file_bytes(path) -> tuple[bytes, str]:
    p = Path(path)
    if not p.is_file():
        raise ExtractionError(f"Không tìm thấy tệp «{p.name}».")
    try:
        return p.read_bytes(), p.name
    except OSError as exc:
        raise ExtractionError(f"Không đọc được tệp «{p.name}»: {exc.strerror or exc}.") from exc


def read_document(path, *, progress: Progress | None = None, ocr: Tesseract | None = None) -> Document:
    data, name = _file_bytes(path)
    return read_bytes(data, name, progress=progress, ocr=ocr)


def needs_ocr(data: bytes, name: str) -> bool:
    """Whether reading ``data`` takes OCR (an image, or a PDF with a page of pictures
    only): such a file is read in the background. False for what cannot be read at
    all (reading it says why)."""
    try:
        kind = file_kind(data, Path(name).suffix)
        if kind is FileKind.IMAGE:
            return True
        if kind is FileKind.PDF:
            return bool(scans.pages_without_text(data))
    except ExtractionError:
        return False
    return False


def read_bytes(data: bytes, name: str, *, progress: Progress | None = None,
               ocr: Tesseract | None = None) -> Document:
    if not data.strip():
        raise ExtractionError(f"Tệp «{name}» rỗng.")
    kind = file_kind(data, Path(name).suffix)
    if kind is FileKind.TEXT:
        document = read_text(data)
    elif kind is FileKind.DOCX:
        document = read_docx(data)
    elif kind is FileKind.PDF:
        document = _read_pdf(data, progress, ocr or Tesseract())
    else:
        document = _read_images(scans.image_pages(data), progress, ocr or Tesseract())
    document.lines = [replace(ln, text=unicodedata.normalize("NFC", ln.text)) for ln in document.lines]
    document.notes = [replace(ln, text=unicodedata.normalize("NFC", ln.text)) for ln in document.notes]
    if not any(not ln.blank for ln in document.lines):
        if document.unreadable:
            raise ExtractionError(f"Không đọc được nội dung tệp «{name}»: "
                                  + "; ".join(u.message() for u in document.unreadable[:3]))
        raise ExtractionError(f"Tệp «{name}» không có nội dung văn bản.")
    return document


def _ocr_pages(images, total: int, progress: Progress | None, ocr: Tesseract) -> list[ReadPage]:
    ocr.check()
    read: list[ReadPage] = []
    if progress:
        progress(0, total)
    for done, image in enumerate(images, start=1):
        read.append(scans.read_page(image, ocr))
        image.image = None                  # let the page's pixels go before the next one
        if progress:
            progress(done, total)
    return read


def _edges(read: ReadPage) -> tuple[float, float, float] | None:
    """(top of the first line, top of the last, line step) of an OCR'd page."""
    tops = [ln.box[1] for ln in read.lines if ln.box is not None and not ln.blank]
    if len(tops) < 3:
        return None
    steps = sorted(b - a for a, b in zip(tops, tops[1:]) if b > a)
    return tops[0], tops[-1], steps[len(steps) // 2] if steps else 0.0


def _keep_blanks_at_joins(pages: list[ReadPage]) -> None:
    """A scanned page whose text starts lower than the highest start of the other pages
    (or ends higher than their lowest end) by most of a line began (or ended) with an
    empty line: keep it,
    so the paragraphs on either side of the page join stay apart, as on paper."""
    edges = {r.page.number: _edges(r) for r in pages}
    numbers = [r.page.number for r in pages]
    firsts = [e[0] for n, e in edges.items() if e and n != numbers[0]]
    lasts = [e[1] for n, e in edges.items() if e and n != numbers[-1]]
    for read in pages:
        edge = edges[read.page.number]
        if edge is None or not edge[2]:
            continue
        first, last, step = edge
        if len(firsts) >= 2 and read.page.number != numbers[0] and first > min(firsts) + 0.75 * step:
            read.lines.insert(0, SourceLine("", read.page.number))
        if len(lasts) >= 2 and read.page.number != numbers[-1] and last < max(lasts) - 0.75 * step:
            read.lines.append(SourceLine("", read.page.number))


def assemble(pages: list[ReadPage]) -> Document:
    """The document of ``pages`` (in page order): lines numbered through, the unsure
    OCR lines and the pages that could not be read listed with their page and line."""
    document = Document()
    pages = sorted(pages, key=lambda r: r.page.number)
    _keep_blanks_at_joins([r for r in pages if r.page.source is PageSource.OCR])
    for read in pages:
        document.pages.append(read.page)
        if read.failure:
            document.unreadable.append(Unreadable(read.page.number, read.failure))
        document.unreadable.extend(scans.unreadable_lines(read.lines, len(document.lines) + 1))
        document.lines.extend(read.lines)
        document.notes.extend(read.notes)
    return document


def _read_pdf(data: bytes, progress: Progress | None, ocr: Tesseract) -> Document:
    pdf = load_text_pdf(data)
    scanned = pdf.pages_without_text
    if len(scanned) > scans.MAX_IMAGE_PAGES:
        raise ExtractionError(f"Tệp PDF có {len(scanned)} trang scan — quá giới hạn {scans.MAX_IMAGE_PAGES} trang "
                              "của một văn bản chỉ đạo.")
    pages = []
    for page in pdf.pages:
        if page.has_text:
            lines, notes = page_lines(pdf, page)
            pages.append(ReadPage(Page(page.number), [SourceLine(t, page.number) for t in lines],
                                  [SourceLine(t, page.number) for t in notes]))
    if scanned:
        pages.extend(_ocr_pages(scans.pdf_pages(data, scanned), len(scanned), progress, ocr))
    return assemble(pages)


def _read_images(images: list[scans.PageImage], progress: Progress | None, ocr: Tesseract) -> Document:
    return assemble(_ocr_pages(images, len(images), progress, ocr))


__all__ = ["assemble", "needs_ocr", "read_bytes", "read_document"]
