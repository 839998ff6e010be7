"""Personal API tokens: what one is (a name its owner gave it, when it was made and
last used, an optional last day of validity, whether it was revoked) and how its
secret is made and recognised. The secret is 32 random bytes (URL-safe base64 behind
a ``chidao_`` prefix) shown to its owner once; only its SHA-256 is stored — a secret
of that entropy needs no slow hash — with its first characters as a hint the owner
can recognise it by."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from engine.domain.calendar import local_date

PREFIX = "chidao_"
HINT_LENGTH = len(PREFIX) + 6
MAX_NAME = 100
MAX_ACTIVE = 20            # tokens one user may hold at once
MAX_SECRET = 200           # longer Authorization values are not even hashed


@dataclass(frozen=True)
class ApiToken:
    user_login: str
    name: str
    hint: str
    created_at: datetime
    expires_on: date | None = None       # valid through this local day; None: until revoked
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    id: int | None = None

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_on is None or local_date(now) <= self.expires_on)

    def expired(self, now: datetime) -> bool:
        return self.expires_on is not None and local_date(now) > self.expires_on


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What is stored and looked up in place of ``secret``."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def looks_like_token(secret: str) -> bool:
    return secret.startswith(PREFIX) and len(secret) <= MAX_SECRET
