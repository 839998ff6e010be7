"""The error raised when OCR cannot run at all on this machine."""
from engine.extraction.errors import ExtractionError


class OcrUnavailable(ExtractionError):
    """Tesseract or its Vietnamese model is not installed (or does not start); the
    message says what to install."""
