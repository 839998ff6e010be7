"""Runtime settings read from the environment, with the embedded defaults.

| variable | default | meaning |
|---|---|---|
| CHIDAO_DATABASE_URL | sqlite:///<data dir>/chidao.db | SQLAlchemy URL (SQLite or PostgreSQL) |
| CHIDAO_DATA_DIR | ./var | SQLite file, evidence files |
| CHIDAO_NOW | (unset) | ISO 8601 instant with offset that fixes "now" (training, tests) |
| CHIDAO_SECRET_KEY | generated into the data dir | Flask session signing key |
| CHIDAO_SMTP_HOST / _PORT | 127.0.0.1 / 25 | where the outbox sends e-mail |
| CHIDAO_SMTP_SENDER | chidao@localhost | From: address |
| CHIDAO_MAIL_ENABLED | 1 | 0 keeps mail in the outbox, unsent |
| CHIDAO_EVIDENCE_MAX_BYTES | 20971520 | size limit of one evidence file |
| CHIDAO_SWEEP_SECONDS | 30 | how often the embedded server sweeps timers and the outbox |
| CHIDAO_SESSION_MINUTES | 480 | idle session lifetime |
| CHIDAO_REDIS_URL | redis://127.0.0.1:6379/0 | Celery broker (production) |
| CHIDAO_SECURE_COOKIES | 0 | 1 behind HTTPS: session cookie only over TLS |
| CHIDAO_BASE_URL | http://127.0.0.1:5000 | links in e-mails |
| CHIDAO_TRUSTED_PROXIES | 0 | reverse proxies in front whose X-Forwarded-For / -Proto are believed |
| CHIDAO_RATELIMIT_STORAGE | memory:// (chidao serve); CHIDAO_REDIS_URL (web.wsgi) | where failed sign-ins are counted |
| CHIDAO_SIGNIN_FAILURES | 5 | failures of one account before it has to wait |
| CHIDAO_SIGNIN_WAIT_SECONDS | 60 | the first wait; it doubles with each further failure |
| CHIDAO_SIGNIN_MAX_WAIT_SECONDS | 1920 | the longest wait |
| CHIDAO_SIGNIN_ADDRESS_LIMIT | 100 per 10 minutes | failures allowed from one client address |
| CHIDAO_AUDIT_KEY | derived from the secret key | signs the audit chain's checkpoint; the same on every process |
"""
from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


def _int(env, name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from exc


def parse_now(raw: str | None) -> datetime | None:
    """Parse CHIDAO_NOW; it must carry its UTC offset."""
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise SystemExit(f"CHIDAO_NOW is not an ISO 8601 instant: {raw!r}") from exc
    if value.tzinfo is None:
        raise SystemExit(f"CHIDAO_NOW needs a UTC offset, e.g. 2025-09-01T08:00:00+07:00 (got {raw!r})")
    return value


@dataclass
class Settings:
    data_dir: Path
    database_url: str
    now: datetime | None = None
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_sender: str = "chidao@localhost"
    mail_enabled: bool = True
    evidence_max_bytes: int = 20 * 1024 * 1024
    sweep_seconds: int = 30
    session_minutes: int = 480
    redis_url: str = "redis://127.0.0.1:6379/0"
    secure_cookies: bool = False
    base_url: str = "http://127.0.0.1:5000"
    secret_key: str = field(default="", repr=False)
    trusted_proxies: int = 0
    ratelimit_storage: str = ""      # "" = the entry point's default (memory://, or Redis under gunicorn)
    signin_failures: int = 5
    signin_wait_seconds: int = 60
    signin_max_wait_seconds: int = 1920
    signin_address_limit: str = "100 per 10 minutes"
    audit_secret: str = field(default="", repr=False)

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    @classmethod
    def from_env(cls, env: dict | None = None) -> "Settings":
        env = os.environ if env is None else env
        data_dir = Path(env.get("CHIDAO_DATA_DIR") or "var").resolve()
        database_url = env.get("CHIDAO_DATABASE_URL") or f"sqlite:///{data_dir / 'chidao.db'}"
        settings = cls(
            data_dir=data_dir,
            database_url=database_url,
            now=parse_now(env.get("CHIDAO_NOW")),
            smtp_host=env.get("CHIDAO_SMTP_HOST", "127.0.0.1"),
            smtp_port=_int(env, "CHIDAO_SMTP_PORT", 25),
            smtp_sender=env.get("CHIDAO_SMTP_SENDER", "chidao@localhost"),
            mail_enabled=env.get("CHIDAO_MAIL_ENABLED", "1") not in ("0", "false", "no"),
            evidence_max_bytes=_int(env, "CHIDAO_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024),
            sweep_seconds=_int(env, "CHIDAO_SWEEP_SECONDS", 30),
            session_minutes=_int(env, "CHIDAO_SESSION_MINUTES", 480),
            redis_url=env.get("CHIDAO_REDIS_URL", "redis://127.0.0.1:6379/0"),
            secure_cookies=env.get("CHIDAO_SECURE_COOKIES", "0") in ("1", "true", "yes"),
            base_url=env.get("CHIDAO_BASE_URL", "http://127.0.0.1:5000"),
            secret_key=env.get("CHIDAO_SECRET_KEY", ""),
            trusted_proxies=_int(env, "CHIDAO_TRUSTED_PROXIES", 0),
            ratelimit_storage=env.get("CHIDAO_RATELIMIT_STORAGE", ""),
            signin_failures=_int(env, "CHIDAO_SIGNIN_FAILURES", 5),
            signin_wait_seconds=_int(env, "CHIDAO_SIGNIN_WAIT_SECONDS", 60),
            signin_max_wait_seconds=_int(env, "CHIDAO_SIGNIN_MAX_WAIT_SECONDS", 1920),
            signin_address_limit=env.get("CHIDAO_SIGNIN_ADDRESS_LIMIT", "100 per 10 minutes"),
            audit_secret=env.get("CHIDAO_AUDIT_KEY", ""),
        )
        return settings

    def ensure_secret_key(self) -> str:
        """The configured key, or one generated once and kept in the data dir."""
        if self.secret_key:
            return self.secret_key
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / "secret_key"
        if not path.exists():
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        self.secret_key = path.read_text().strip()
        return self.secret_key

    def audit_key(self) -> bytes:
        """The key that signs the audit chain's checkpoint: CHIDAO_AUDIT_KEY, else one
        derived from the secret key (so each is kept outside the database)."""
        secret = self.audit_secret or self.ensure_secret_key()
        return hashlib.sha256(b"chidao audit checkpoint\x1f" + secret.encode("utf-8")).digest()
