"""Plain text files: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1258 (the
Vietnamese code page older office PCs still save). A form feed (what pdftotext writes
between pages) starts a new page."""
from __future__ import annotations

from engine.extraction.errors import ExtractionError
from engine.extraction.reading.document import Document, Page, SourceLine


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise ExtractionError("Tệp .txt không phải văn bản thuần (có byte nhị phân).")
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractionError("Không nhận ra bảng mã của tệp văn bản — hãy lưu lại với bảng mã UTF-8.")


def read_text(data: bytes) -> Document:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    pieces = text.split("\f")
    if len(pieces) > 1 and not pieces[-1].strip():
        pieces.pop()                          # pdftotext ends its output with a form feed
    lines: list[SourceLine] = []
    for number, piece in enumerate(pieces, start=1):
        if number < len(pieces) and piece.endswith("\n"):
            piece = piece[:-1]                # the page ends where the next one starts
        lines.extend(SourceLine(line, number) for line in piece.split("\n"))
    return Document(lines, [Page(n) for n in range(1, len(pieces) + 1)])
