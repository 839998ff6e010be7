"""The audit log's hash chain and its signed checkpoint.

Each entry has a position (``seq``, 1, 2, 3 … with no gaps) and a hash covering its
content and the previous entry's hash, so changing a row breaks its own hash and
removing one leaves a gap in the positions. The chain's head (the newest position
and hash) is kept apart from the rows, in a checkpoint that every append reads and
rewrites in the same transaction, signed with an HMAC whose key is not in the
database: new entries continue from the checkpoint, not from the newest surviving
row, so cutting rows off the end leaves the checkpoint pointing past them (and the
next entry after a gap), and hiding the cut means forging the signature. An append
that finds the checkpoint unsigned, altered or missing marks it (``broken_since``,
under the signature) so the mark cannot be lifted without the key either."""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from engine.domain.records import AuditEntry


def canonical_json(value) -> str:
    if value is None:
        return ""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _instant(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


HASH_SEPARATOR = "\x1f"
HMAC_BLOCK = 64     # SHA-256's block size, in bytes


def entry_hash_tail(entry: AuditEntry, before_json: str, after_json: str) -> str:
    """What an entry's hash covers after the previous hash and the separator (so a
    database can chain an entry itself: sha256 of prev_hash, separator, this)."""
    parts = [
        _instant(entry.at), entry.actor_login, entry.actor_name, entry.agency_code,
        entry.action, str(entry.instance_id or ""), str(entry.task_id or ""),
        str(entry.directive_id or ""), entry.step_id or "", before_json, after_json,
    ]
    return HASH_SEPARATOR.join(parts)


def entry_hash(entry: AuditEntry, prev_hash: str, before_json: str, after_json: str) -> str:
    text = prev_hash + HASH_SEPARATOR + entry_hash_tail(entry, before_json, after_json)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditCheckpoint:
    """The chain's head as the last append left it: its position and hash, the first
    position appended while the checkpoint was found invalid (None: never), the
    HMAC over those three, and when it was written."""

    seq: int
    hash: str
    broken_since: int | None
    mac: str
    updated_at: datetime | None = None

    def signed_with(self, key: bytes) -> bool:
        return hmac.compare_digest(self.mac or "", checkpoint_mac(key, self.seq, self.hash, self.broken_since))


def checkpoint_message(seq: int, head_hash: str, broken_since: int | None) -> bytes:
    return HASH_SEPARATOR.join((str(seq), head_hash, "" if broken_since is None else str(broken_since))).encode()


def checkpoint_mac(key: bytes, seq: int, head_hash: str, broken_since: int | None) -> str:
    return hmac.new(key, checkpoint_message(seq, head_hash, broken_since), hashlib.sha256).hexdigest()


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """(inner, outer) padded keys of HMAC-SHA256 (RFC 2104), for a database that has
    sha256 but no hmac: mac = sha256(outer ‖ sha256(inner ‖ message))."""
    if len(key) > HMAC_BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(HMAC_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def next_checkpoint(key: bytes, head: AuditCheckpoint | None, first_seq: int, last_seq: int,
                    last_hash: str) -> AuditCheckpoint:
    """The checkpoint after appending the entries ``first_seq``…``last_seq``: marked
    broken from ``first_seq`` when the one they continue from is missing or not
    signed with ``key``."""
    valid = head is not None and head.signed_with(key)
    broken = head.broken_since if valid else first_seq
    return AuditCheckpoint(last_seq, last_hash, broken, checkpoint_mac(key, last_seq, last_hash, broken))


def continue_from(head: AuditCheckpoint | None, newest_row: tuple[int, str] | None) -> tuple[int, str]:
    """(position, hash) the next entry follows: the checkpoint's, or — when it is
    missing — the newest row's (that append then marks the checkpoint broken)."""
    if head is not None:
        return head.seq, head.hash
    return newest_row or (0, "")
