"""Files the file-check tests hand to chidao, made here byte by byte: a real DOCX, the
1.4 MB-class DOCX of issue 16 whose document.xml unpacks to 400 MB, PDFs of any page
count and with a content stream that inflates to tens of megabytes, a Windows program,
OOXML packages with and without macros."""
from __future__ import annotations

import functools
import io
import zipfile
import zlib

MB = 1024 * 1024


def docx_bytes(text: str = "Kế hoạch thử nghiệm") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@functools.lru_cache(maxsize=1)
def docx_bomb(unpacked_mb: int = 400) -> bytes:
    """A valid DOCX whose word/document.xml unpacks to ``unpacked_mb`` megabytes."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                package.writestr(info, source.read(info))
                continue
            head, tail = source.read(info).split(b"</w:body>")
            with package.open("word/document.xml", "w", force_zip64=True) as member:
                member.write(head)
                padding = b" " * MB
                for _ in range(unpacked_mb):
                    member.write(padding)
                member.write(b"</w:body>" + tail)
    return out.getvalue()


def pdf_bytes(pages: int = 1, content: bytes = b"BT ET", flate: bool = False) -> bytes:
    """A well-formed PDF of ``pages`` pages sharing one content stream."""
    stream = zlib.compress(content) if flate else content
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if flate else b"")
        + stream + b"\nendstream",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def exe_bytes() -> bytes:
    """The first bytes of a Windows program (DOS stub and PE header)."""
    stub = bytearray(b"MZ" + b"\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 46)
    stub[0x3C:0x40] = (64).to_bytes(4, "little")
    return bytes(stub) + b"PE\x00\x00\x4c\x01" + b"\x00" * 200 + b"This program cannot be run in DOS mode."


def ooxml_package(main_type: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A zip package whose [Content_Types].xml names ``main_type`` for its main part."""
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
             'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/main.xml" ContentType="{main_type}"/></Types>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", types)
        package.writestr("main.xml", "<root/>")
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return out.getvalue()


XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
