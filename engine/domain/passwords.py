"""Password hashing with scrypt (standard library), in a self-describing format:
``scrypt$n$r$p$salt$hash`` (hex).

Checking always does the same work: a login that does not exist, an account without a
password or a stored value that cannot be read are checked against a dummy hash of the
current parameters, so the time a wrong password takes does not tell whether the login
exists."""
from __future__ import annotations

import hashlib
import hmac
import secrets

N, R, P = 2 ** 14, 8, 1
DKLEN = 32
# never matches (no password derives to all zeros); only there to be computed against
_DUMMY = f"scrypt${N}${R}${P}${'00' * 16}${'00' * DKLEN}"


def hash_password(password: str) -> str:
    """A new salted hash of ``password``. Setting a user's password goes through
    engine.usecases.account.set_password, which checks its strength first."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=DKLEN)
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def _parts(stored: str | None) -> tuple[int, int, int, bytes, str] | None:
    if not stored or not stored.startswith("scrypt$"):
        return None
    try:
        _, n, r, p, salt, expected = stored.split("$")
        return int(n), int(r), int(p), bytes.fromhex(salt), expected
    except ValueError:
        return None


def check_password(password: str, stored: str | None) -> bool:
    """True when ``password`` is the one ``stored`` was made from. ``stored`` None (an
    unknown login) or unreadable costs the same scrypt work and answers False."""
    parts = _parts(stored)
    usable = parts is not None
    n, r, p, salt, expected = parts if usable else _parts(_DUMMY)
    try:
        digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(expected) // 2)
    except (ValueError, TypeError):
        return False
    return usable and hmac.compare_digest(digest.hex(), expected)
