"""read_document: a directive file (.txt, .docx, .pdf) → its text.

Tables of a DOCX or a text PDF whose shape is a data table (at least two rows and three
columns) are rendered one row per line, cells between bars — "| 1 | Tham mưu … | Sở Tư
pháp | 3/2025 | 7/2025 | … |" — with a cell's line breaks turned into spaces; the table
reader of the extractor reads that rendering. Layout tables (the two-column header with
the issuer and the national motto, the "Nơi nhận" / signature block) are rendered as
plain lines, cell by cell, so the header facts read as in a text file.

A PDF without a text layer (a scan), an unsupported or unreadable file raises
``ExtractionError`` with a Vietnamese message for the person importing it.
"""
from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from engine.extraction.errors import ExtractionError

SUPPORTED = (".txt", ".docx", ".pdf")


def read_document(path) -> str:
    p = Path(path)
    if not p.is_file():
        raise ExtractionError(f"Không tìm thấy tệp «{p.name}».")
    ext = p.suffix.lower()
    if ext == ".doc":
        raise ExtractionError("Tệp .doc (Word 97–2003) chưa được hỗ trợ — hãy lưu lại thành "
                              ".docx hoặc PDF rồi nhập lại.")
    if ext not in SUPPORTED:
        raise ExtractionError(f"Định dạng tệp «{ext or 'không có phần mở rộng'}» không được hỗ "
                              f"trợ — chỉ nhận {', '.join(SUPPORTED)}.")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"Không đọc được tệp «{p.name}»: {exc.strerror or exc}.") from exc
    if not data.strip():
        raise ExtractionError(f"Tệp «{p.name}» rỗng.")
    reader = {".txt": _read_txt, ".docx": _read_docx, ".pdf": _read_pdf}[ext]
    text = unicodedata.normalize("NFC", reader(data))
    if not text.strip():
        raise ExtractionError(f"Tệp «{p.name}» không có nội dung văn bản.")
    return text


def _read_txt(data: bytes) -> str:
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


def _cell_text(text: str | None) -> str:
    return " ".join((text or "").replace("|", "/").split())


def _render_rows(rows: list[list[str | None]]) -> list[str]:
    """A table as lines: bar-separated rows for data tables, plain lines otherwise."""
    width = max((len(r) for r in rows), default=0)
    if len(rows) >= 2 and width >= 3:
        out = [""]
        for row in rows:
            cells = [_cell_text(c) for c in row]
            if any(cells):
                out.append("| " + " | ".join(cells) + " |")
        return out + [""]
    out = []
    for row in rows:
        for cell in row:
            out.extend(line.strip() for line in (cell or "").split("\n"))
    return out


def _read_docx(data: bytes) -> str:
    try:
        from docx import Document
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = Document(io.BytesIO(data))
    except Exception as exc:   # python-docx raises several kinds for a broken package
        raise ExtractionError("Tệp DOCX bị hỏng hoặc không phải tệp Word (.docx) hợp lệ.") from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(Paragraph(child, document).text.split("\n"))
        elif tag == "tbl":
            table = Table(child, document)
            rows = []
            for row in table.rows:
                cells, seen = [], []
                for cell in row.cells:
                    if any(cell._tc is s for s in seen):
                        continue          # a horizontally merged cell is listed once
                    seen.append(cell._tc)
                    cells.append("\n".join(p.text for p in cell.paragraphs))
                rows.append(cells)
            lines.extend(_render_rows(rows))
    return "\n".join(lines)


def _inside(obj: dict, boxes: list[tuple]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


def _read_pdf(data: bytes) -> str:
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise ExtractionError("Tệp PDF bị hỏng hoặc có mật khẩu — không đọc được.") from exc
    lines: list[str] = []
    has_text = False
    try:
        with pdf:
            for page in pdf.pages:
                if any(c.get("text", "").strip() for c in page.chars):
                    has_text = True
                tables = [t for t in page.find_tables() if t.bbox]
                boxes = [t.bbox for t in tables]
                outside = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes))
                placed = [(ln["top"], [ln["text"]]) for ln in outside.extract_text_lines()]
                placed += [(t.bbox[1], _render_rows(t.extract())) for t in tables]
                for _, block in sorted(placed, key=lambda p: p[0]):
                    lines.extend(block)
                lines.append("")
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError("Không đọc được nội dung tệp PDF (tệp hỏng hoặc được mã hóa).") from exc
    if not has_text:
        raise ExtractionError("Tệp PDF không có lớp văn bản (bản scan) — cần OCR trước khi nhập.")
    return "\n".join(lines)
