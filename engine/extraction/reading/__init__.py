"""The reading stage: a directive file → a ``Document``, its pages of lines.

Plain text, DOCX, text PDFs, and pictures of pages (image-only PDFs, PNG/JPEG/TIFF)
read by OCR (``engine.extraction.ocr``). Each line keeps its page and, when OCR'd, its
confidence and box; what could not be read is listed with its page and line. This stage
imports nothing from the later ones.

* ``read_document(path, *, progress=None) -> Document`` (raises ``ExtractionError``)
* ``read_bytes(data, name, *, progress=None) -> Document``
* ``needs_ocr(data, name) -> bool``: reading takes OCR (run it in the background)
"""
from engine.extraction.reading.document import Document, Page, PageSource, SourceLine, Unreadable
from engine.extraction.reading.kinds import SUPPORTED
from engine.extraction.reading.reader import needs_ocr, read_bytes, read_document

__all__ = ["SUPPORTED", "Document", "Page", "PageSource", "SourceLine", "Unreadable", "needs_ocr",
           "read_bytes", "read_document"]
