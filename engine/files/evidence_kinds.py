"""The kinds of file accepted as evidence (minh chứng): documents and images, judged
by their content (magic bytes through ``filetype``; inside the package for office
files), never by the type the browser declared.

Accepted: PDF; Word, Excel, PowerPoint (DOCX/XLSX/PPTX and the legacy DOC/XLS/PPT);
OpenDocument (ODT/ODS/ODP); PNG, JPEG, GIF, WebP, TIFF images; plain text (.txt,
.csv). The file name must end with one of these extensions too (a name without one
gets the extension of its content). A program, a script, a web page, an SVG, an
archive or an office file with macros is refused with a message saying what it is."""
from __future__ import annotations

from dataclasses import dataclass

import filetype

from engine.domain.errors import DomainError
from engine.files.office import MACROS, OLE_MAGIC, ZIP_MAGIC, ole_kind, zip_kind


@dataclass(frozen=True)
class FileKind:
    key: str
    content_type: str
    extensions: tuple[str, ...]


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
KINDS = {kind.key: kind for kind in (
    FileKind("pdf", "application/pdf", ("pdf",)),
    FileKind("docx", _DOCX, ("docx",)), FileKind("xlsx", _XLSX, ("xlsx",)), FileKind("pptx", _PPTX, ("pptx",)),
    FileKind("doc", "application/msword", ("doc",)), FileKind("xls", "application/vnd.ms-excel", ("xls",)),
    FileKind("ppt", "application/vnd.ms-powerpoint", ("ppt",)),
    FileKind("odt", "application/vnd.oasis.opendocument.text", ("odt",)),
    FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet", ("ods",)),
    FileKind("odp", "application/vnd.oasis.opendocument.presentation", ("odp",)),
    FileKind("png", "image/png", ("png",)), FileKind("jpeg", "image/jpeg", ("jpg", "jpeg")),
    FileKind("gif", "image/gif", ("gif",)), FileKind("webp", "image/webp", ("webp",)),
    FileKind("tiff", "image/tiff", ("tif", "tiff")),
    FileKind("text", "text/plain; charset=utf-8", ("txt", "csv")),
)}
EXTENSIONS = frozenset(ext for kind in KINDS.values() for ext in kind.extensions)
ALLOWED_LABEL = "PDF, DOC/DOCX, XLS/XLSX, PPT/PPTX, ODT/ODS/ODP, PNG, JPEG, GIF, WebP, TIFF, TXT/CSV"
_IMAGES = {"jpg": "jpeg", "png": "png", "gif": "gif", "webp": "webp", "tif": "tiff", "pdf": "pdf"}
_MARKUP = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<xsl", b"#!", b"<?php", b"<%")


def content_kind(data: bytes) -> str:
    """What ``data`` is: a key of KINDS, MACROS, or the name of a refused kind
    ("exe", "zip", "html", …; "binary" when nothing is recognised)."""
    head = data[:8192]
    if head.startswith(ZIP_MAGIC):
        return zip_kind(data) or "zip"
    if head.startswith(OLE_MAGIC):
        return ole_kind(data) or "ole"
    guessed = filetype.guess_extension(head)
    if guessed in _IMAGES:
        return _IMAGES[guessed]
    if guessed:
        return guessed
    return _text_kind(data)


def _text_kind(data: bytes) -> str:
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "binary"
    if any(ch < " " and ch not in "\t\n\r\f" for ch in text[:65536]) or "\x00" in text:
        return "binary"
    start = text.lstrip()[:16].lower().encode("utf-8")
    if start.startswith(_MARKUP):
        return "html" if not start.startswith(b"#!") else "script"
    return "text"


def extension_of(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""


def check_evidence(filename: str, data: bytes) -> tuple[FileKind, str]:
    """The kind of an evidence upload and the name to keep (with the content's
    extension added when it had none); a DomainError saying why otherwise."""
    ext = extension_of(filename)
    if ext and ext not in EXTENSIONS:
        raise DomainError("evidence.bad_extension", name=filename, ext=ext, allowed=ALLOWED_LABEL)
    found = content_kind(data)
    if found == MACROS:
        raise DomainError("evidence.macros", name=filename)
    kind = KINDS.get(found)
    if kind is None:
        raise DomainError("evidence.bad_content", name=filename, found=found.upper(), allowed=ALLOWED_LABEL)
    if not ext:
        return kind, f"{filename}.{kind.extensions[0]}"
    if (kind.key == "text") != (ext in KINDS["text"].extensions):
        raise DomainError("evidence.mismatch", name=filename, ext=ext, found=kind.key.upper())
    return kind, filename


def served_type(data: bytes) -> str:
    """The content type a stored file is downloaded with: its kind's when it is an
    accepted kind (whatever was recorded at upload), else opaque bytes."""
    kind = KINDS.get(content_kind(data))
    return kind.content_type if kind else "application/octet-stream"
