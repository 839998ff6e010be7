"""Extraction review drafts, kept server-side between requests (never round-tripped
through the browser): one JSON file per draft under <data dir>/drafts, named by a
random id, readable only by the user who uploaded the directive, and signed with the
app's secret key so a file changed behind the app's back is refused. Writes are
atomic (temporary file + rename). Drafts untouched for MAX_AGE are removed when a new
one is created."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import time
from pathlib import Path

from engine.domain.errors import NotFound

MAX_AGE_SECONDS = 14 * 24 * 3600
_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class DraftStore:
    def __init__(self, folder: Path, secret: str):
        self.folder = Path(folder)
        self.secret = secret.encode("utf-8")

    def _path(self, draft_id: str) -> Path:
        if not _ID.match(draft_id or ""):
            raise NotFound("review.not_found")
        return self.folder / f"{draft_id}.json"

    def _mac(self, owner: str, body: str) -> str:
        return hmac.new(self.secret, f"{owner}\n{body}".encode("utf-8"), hashlib.sha256).hexdigest()

    def create(self, owner: str, draft: dict) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._expire()
        draft_id = secrets.token_urlsafe(24)
        self.save(draft_id, owner, draft)
        return draft_id

    def save(self, draft_id: str, owner: str, draft: dict) -> None:
        path = self._path(draft_id)
        body = json.dumps(draft, ensure_ascii=False, sort_keys=True)
        record = {"owner": owner, "mac": self._mac(owner, body), "draft": body}
        temporary = path.with_suffix(f".{secrets.token_hex(4)}.tmp")
        temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)

    def load(self, draft_id: str, owner: str) -> dict:
        """The draft, if it exists, is intact and belongs to ``owner``."""
        path = self._path(draft_id)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise NotFound("review.not_found") from None
        body = record.get("draft") or ""
        if record.get("owner") != owner or not hmac.compare_digest(record.get("mac") or "", self._mac(owner, body)):
            raise NotFound("review.not_found")
        return json.loads(body)

    def delete(self, draft_id: str) -> None:
        self._path(draft_id).unlink(missing_ok=True)

    def _expire(self) -> None:
        limit = time.time() - MAX_AGE_SECONDS
        for path in self.folder.glob("*.json"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except OSError:
                continue
