"""The audit log's hash chain: each entry's hash covers its content and the previous
entry's hash, so changing, inserting or deleting a row breaks every hash after it."""
from __future__ import annotations

import hashlib
import json
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


def find_broken(rows) -> list[int]:
    """Ids of rows whose hash does not match their content or their predecessor.

    ``rows`` yields (id, entry, before_json, after_json) in id order."""
    broken, prev = [], ""
    for row_id, entry, before_json, after_json in rows:
        expected = entry_hash(entry, prev, before_json, after_json)
        if entry.prev_hash != prev or entry.hash != expected:
            broken.append(row_id)
        prev = entry.hash
    return broken
