"""How an instance's state is kept in its row: the JSON text compressed with LZ4 (a
frame, which names itself by its magic number), written on every step and read on
every restore, so the fastest codec wins. Rows written before LZ4 hold zlib streams;
they are still read, and rewritten as LZ4 by the next step."""
from __future__ import annotations

import zlib

import lz4.frame

LZ4_MAGIC = b"\x04\x22\x4d\x18"


def pack_state(state: str) -> bytes:
    return lz4.frame.compress(state.encode("utf-8"))


def unpack_state(blob: bytes) -> str:
    blob = bytes(blob)
    if blob[:4] == LZ4_MAGIC:
        return lz4.frame.decompress(blob).decode("utf-8")
    return zlib.decompress(blob).decode("utf-8")
