"""What an office file really is, from inside it: a zip package names its main part
in ``[Content_Types].xml`` (OOXML: DOCX, XLSX, PPTX) or in its ``mimetype`` member
(OpenDocument: ODT, ODS, ODP); a legacy OLE file holds a ``WordDocument``,
``Workbook`` or ``PowerPoint Document`` stream. Files that carry macros are told apart
so they can be refused. Every read from a package is capped, so a package that lies
about its sizes cannot make this module inflate more than a few megabytes."""
from __future__ import annotations

import io
import re
import zipfile

import olefile

MACROS = "macro"
_MANIFEST_CAP = 1024 * 1024          # bytes read from [Content_Types].xml or mimetype
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
_OOXML_MACROS = ("application/vnd.ms-word.document.macroenabled", "application/vnd.ms-excel.sheet.macroenabled",
                 "application/vnd.ms-powerpoint.presentation.macroenabled", "application/vnd.ms-office.vbaproject")
_OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
_CONTENT_TYPE = re.compile(rb'ContentType\s*=\s*"([^"]{1,200})"')
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_capped(package: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes | None:
    """The member's bytes, or None when it unpacks to more than ``cap``."""
    chunks, total = [], 0
    with package.open(info) as member:
        while True:
            chunk = member.read(min(64 * 1024, cap + 1 - total))
            if not chunk:
                return b"".join(chunks)
            total += len(chunk)
            if total > cap:
                return None
            chunks.append(chunk)


def zip_kind(data: bytes) -> str | None:
    """"docx", "xlsx", "pptx", "odt", "ods", "odp", MACROS, or None for any other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = {info.filename: info for info in package.infolist()}
            if "mimetype" in members:
                declared = read_capped(package, members["mimetype"], _MANIFEST_CAP) or b""
                return _OPENDOCUMENT.get(declared.decode("ascii", "replace").strip())
            manifest = members.get("[Content_Types].xml")
            if manifest is None:
                return None
            types = read_capped(package, manifest, _MANIFEST_CAP) or b""
            has_vba = any(name.lower().endswith("vbaproject.bin") for name in members)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError,
            ValueError):
        return None
    declared_types = [t.decode("ascii", "replace").lower() for t in _CONTENT_TYPE.findall(types)]
    if has_vba or any(t.startswith(_OOXML_MACROS) for t in declared_types):
        return MACROS
    for declared in declared_types:
        if declared in _OOXML_MAIN:
            return _OOXML_MAIN[declared]
    return None


def ole_kind(data: bytes) -> str | None:
    """"doc", "xls", "ppt", MACROS, or None for any other OLE file (an .msi, …)."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            names = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
    except Exception:   # noqa: BLE001 - olefile raises many kinds for a damaged file
        return None
    if any(part in names for part in ("Macros", "_VBA_PROJECT_CUR", "VBA")):
        return MACROS
    if "WordDocument" in names:
        return "doc"
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "PowerPoint Document" in names:
        return "ppt"
    return None
