"""OCR of page images with Tesseract and its Vietnamese model.

``Tesseract`` runs the ``tesseract`` program (Debian ``tesseract-ocr`` and
``tesseract-ocr-vie``) once per page, bounded in time, with ``OMP_THREAD_LIMIT=1``; its
TSV output becomes ``OcrLine``s (text, confidence, bounding box) through ``tsv_lines``.
``prepare`` turns any page image into what Tesseract reads best; ``reread`` gives the
short lines Tesseract was unsure of a second look, each alone. Nothing here knows
about directives: the reading stage (``engine.extraction.reading``) calls it.
"""
from engine.extraction.ocr.errors import OcrUnavailable
from engine.extraction.ocr.lines import OcrLine, OcrWord, header_columns, tsv_lines, tsv_page_size
from engine.extraction.ocr.preprocess import prepare
from engine.extraction.ocr.short_lines import reread
from engine.extraction.ocr.tesseract import Tesseract

__all__ = ["OcrLine", "OcrUnavailable", "OcrWord", "header_columns", "Tesseract", "prepare", "reread", "tsv_lines", "tsv_page_size"]
