"""Which kind of file a directive is, judged by its content (the name's extension only
breaks ties and words the error messages): plain text, DOCX, PDF, or a page image
(PNG, JPEG, TIFF)."""
from __future__ import annotations

import io
import zipfile
from enum import Enum

from engine.extraction.errors import ExtractionError

SUPPORTED = (".txt", ".docx", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


class FileKind(str, Enum):
    TEXT = "text"
    DOCX = "docx"
    PDF = "pdf"
    IMAGE = "image"


_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def file_kind(data: bytes, extension: str) -> FileKind:
    """The kind of ``data``; raises ``ExtractionError`` for what is not supported."""
    ext = extension.lower()
    head = data[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0") or ext == ".doc":
        raise ExtractionError("Tệp .doc (Word 97–2003) chưa được hỗ trợ — hãy lưu lại thành "
                              ".docx hoặc PDF rồi nhập lại.")
    if ext not in SUPPORTED:
        raise ExtractionError(f"Định dạng tệp «{ext or 'không có phần mở rộng'}» không được hỗ "
                              f"trợ — chỉ nhận {', '.join(SUPPORTED)}.")
    if data.lstrip()[:5] == b"%PDF-":
        return FileKind.PDF
    if any(head.startswith(m) for m in _IMAGE_MAGIC):
        return FileKind.IMAGE
    if head.startswith(b"PK"):
        if _is_docx(data):
            return FileKind.DOCX
        raise ExtractionError("Tệp DOCX bị hỏng hoặc không phải tệp Word (.docx) hợp lệ.")
    if ext == ".docx":
        raise ExtractionError("Tệp DOCX bị hỏng hoặc không phải tệp Word (.docx) hợp lệ.")
    if ext == ".pdf":
        raise ExtractionError("Tệp PDF bị hỏng hoặc có mật khẩu — không đọc được.")
    if ext in IMAGE_EXTENSIONS:
        raise ExtractionError(f"Tệp ảnh «{ext}» bị hỏng hoặc không phải ảnh PNG, JPEG hay TIFF.")
    return FileKind.TEXT
