"""A diagram document as the process owner's editor sends it or a file brings it:
judged by its content before it is kept as a draft — bounded in size, UTF-8 text,
well-formed XML without a DOCTYPE, a BPMN ``definitions`` document. The editor sends
the draft gzipped as its page closes (a beacon carries at most 64 KiB); that is
unpacked no further than the size limit. Whether a diagram can be deployed is
compile_process's question, asked at validation and at deploy."""
from __future__ import annotations

import zlib

from lxml import etree

from engine.domain.errors import DomainError

MAX_DIAGRAM_BYTES = 2 * 1024 * 1024
BPMN_MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def read_diagram(data: bytes | str) -> str:
    """``data`` as diagram text, or DomainError saying what it is instead."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if not raw.strip():
        raise DomainError("diagram.empty")
    if len(raw) > MAX_DIAGRAM_BYTES:
        raise DomainError("diagram.too_large", size=len(raw), max=MAX_DIAGRAM_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError("diagram.not_text", at=exc.start) from None
    if "\x00" in text:
        raise DomainError("diagram.not_text", at=text.index("\x00"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise DomainError("diagram.not_xml", line=exc.lineno or 1, detail=exc.msg) from None
    if root.getroottree().docinfo.doctype:
        raise DomainError("diagram.doctype")
    if root.tag != f"{{{BPMN_MODEL}}}definitions":
        raise DomainError("diagram.not_bpmn", root=etree.QName(root).localname if isinstance(root.tag, str) else "?")
    return text


def gunzip_diagram(data: bytes) -> bytes:
    """A gzipped diagram unpacked, never past MAX_DIAGRAM_BYTES (a small file can unpack
    to gigabytes)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        unpacked = inflater.decompress(data, MAX_DIAGRAM_BYTES + 1)
    except zlib.error:
        raise DomainError("diagram.not_gzip") from None
    if len(unpacked) > MAX_DIAGRAM_BYTES or inflater.unconsumed_tail:
        raise DomainError("diagram.too_large", size=f"> {MAX_DIAGRAM_BYTES}", max=MAX_DIAGRAM_BYTES)
    return unpacked
