"""The append-only audit log (hash-chained; appends serialised per database), in-app
notifications and the transactional mail outbox."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, Text, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from engine.domain.audit import (AuditCheckpoint, canonical_json, continue_from, entry_hash, entry_hash_tail,
                                 hmac_pads, next_checkpoint)
from engine.domain.records import AuditEntry, Notification, OutgoingMail
from persistence.audit_search import audit_entry, search_audit
from persistence.fast_sql import FastSql, Statement
from persistence.models import AuditHeadRow, AuditRow, NotificationRow, OutboxRow

AUDIT_LOCK_KEY = 7_202_511   # pg_advisory_xact_lock key serialising audit appends
_AUDIT_COLUMNS = ("at", "actor_login", "actor_name", "agency_code", "action", "instance_id", "task_id",
                  "directive_id", "step_id", "before_json", "after_json", "seq", "prev_hash", "hash")
_OWN_COLUMNS = _AUDIT_COLUMNS[:-3]         # what the entry itself says; the chain adds the rest
_NOTIFICATION_COLUMNS = ("user_login", "kind", "title", "body", "link", "instance_id", "created_at", "read_at")
_OUTBOX_COLUMNS = ("user_login", "to_addr", "subject", "body", "created_at", "attempts", "next_attempt_at",
                   "sent_at", "last_error")

AUDIT_LOCK = Statement(lambda: select(func.pg_advisory_xact_lock(bindparam("key"))))
NEWEST_AUDIT = Statement(lambda: select(AuditRow.__table__.c.seq, AuditRow.__table__.c.hash)
                         .order_by(AuditRow.__table__.c.seq.desc()).limit(1))
CHECKPOINT = Statement(lambda: select(*[AuditHeadRow.__table__.c[n] for n in
                                        ("seq", "hash", "broken_since", "mac", "updated_at")])
                       .where(AuditHeadRow.__table__.c.id == 1))
INSERT_AUDIT = Statement(lambda: insert(AuditRow.__table__), column_keys=list(_AUDIT_COLUMNS))
INSERT_NOTIFICATION = Statement(lambda: insert(NotificationRow.__table__), column_keys=list(_NOTIFICATION_COLUMNS))
INSERT_MAIL = Statement(lambda: insert(OutboxRow.__table__), column_keys=list(_OUTBOX_COLUMNS))


def _typed(sql: str):
    """``sql`` with the bind types of the audit columns (``at`` is UTC)."""
    table = AuditRow.__table__
    binds = [bindparam(name, type_=table.c[name].type) for name in _OWN_COLUMNS]
    binds += [bindparam("hashed", type_=Text()), bindparam("ipad", type_=LargeBinary()),
              bindparam("opad", type_=LargeBinary())]
    return text(sql).bindparams(*[b for b in binds if f":{b.key}" in sql])


def _mac_sql(seq: str, head_hash: str, broken: str) -> str:
    """engine.domain.audit.checkpoint_mac in SQL: HMAC-SHA256 from the padded keys."""
    message = f"convert_to({seq}::text || chr(31) || {head_hash} || chr(31) || coalesce({broken}::text, ''), 'UTF8')"
    return f"encode(sha256(:opad || sha256(:ipad || {message})), 'hex')"


def _append_chained_sql() -> str:
    """One entry appended by PostgreSQL: it continues from the checkpoint (or, when
    that row is missing, from the newest row), checks the checkpoint's signature,
    inserts the entry at the next position with its hash (sha256 of prev_hash, the
    separator, ``hashed``: the rest of entry_hash's parts) and rewrites the
    checkpoint, signed, marked broken from this entry on when it was not valid."""
    columns = ", ".join(_OWN_COLUMNS)
    values = ", ".join(f":{name}" for name in _OWN_COLUMNS)
    return f"""
WITH cur AS (
    SELECT coalesce(h.seq, (SELECT max(seq) FROM audit_log), 0) AS seq,
           coalesce(h.hash, (SELECT l.hash FROM audit_log l ORDER BY l.seq DESC LIMIT 1), '') AS hash,
           h.broken_since AS broken_since,
           coalesce(h.mac = {_mac_sql("h.seq", "h.hash", "h.broken_since")}, false) AS valid
    FROM (SELECT 1 AS one) AS one LEFT JOIN audit_head h ON h.id = 1
), nxt AS (
    SELECT seq + 1 AS seq, hash AS prev_hash,
           encode(sha256(convert_to(hash || chr(31) || :hashed, 'UTF8')), 'hex') AS hash,
           CASE WHEN valid THEN broken_since ELSE seq + 1 END AS broken_since
    FROM cur
), ins AS (
    INSERT INTO audit_log ({columns}, seq, prev_hash, hash)
    SELECT {values}, nxt.seq, nxt.prev_hash, nxt.hash FROM nxt
)
INSERT INTO audit_head (id, seq, hash, broken_since, mac, updated_at)
SELECT 1, seq, hash, broken_since, {_mac_sql("seq", "hash", "broken_since")}, :at FROM nxt
ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, broken_since = excluded.broken_since,
    mac = excluded.mac, updated_at = excluded.updated_at"""


APPEND_CHAINED = Statement(lambda: _typed(_append_chained_sql()))
PUT_CHECKPOINT = Statement(lambda: text(
    "INSERT INTO audit_head (id, seq, hash, broken_since, mac, updated_at) "
    "VALUES (1, :seq, :hash, :broken_since, :mac, :at) "
    "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, "
    "broken_since = excluded.broken_since, mac = excluded.mac, updated_at = excluded.updated_at")
    .bindparams(bindparam("at", type_=AuditHeadRow.__table__.c.updated_at.type)))


def _audit_values(entry: AuditEntry, before_json: str, after_json: str) -> dict:
    return dict(at=entry.at, actor_login=entry.actor_login, actor_name=entry.actor_name,
                agency_code=entry.agency_code, action=entry.action, instance_id=entry.instance_id,
                task_id=entry.task_id, directive_id=entry.directive_id, step_id=entry.step_id,
                before_json=before_json, after_json=after_json)


class SqlAudit:
    """Entries appended in a unit of work are chained when it commits (``seal``), so
    the chain's head is read as late as possible. Each continues from the signed
    checkpoint (engine/domain/audit.py) and rewrites it, in the same transaction.

    On PostgreSQL the transaction takes the audit lock (held until it ends) and one
    statement per entry reads the checkpoint, checks its signature, inserts the entry
    with its position and hash and signs the new checkpoint — all computed by the
    database with the formulas of engine/domain/audit.py, the HMAC from padded keys
    sent as parameters: the lock, these statements and the COMMIT travel together, no
    round trip more than before. SQLite's writers are serialised already: the
    checkpoint is read and everything computed here."""

    def __init__(self, session: Session, dialect: str, fast: FastSql, key: bytes):
        self.session, self.dialect, self.fast, self.key = session, dialect, fast, key
        self._pads = hmac_pads(key)
        self._unsealed: list[tuple[AuditEntry, str, str]] = []

    def append(self, entry: AuditEntry) -> AuditEntry:
        """Add ``entry`` to the log; its ``seq``, ``prev_hash`` and ``hash`` are set when
        the unit of work commits (on PostgreSQL they are the database's, read back later)."""
        self._unsealed.append((entry, canonical_json(entry.before), canonical_json(entry.after)))
        return entry

    def seal(self) -> None:
        """Queue the entries appended so far, chained to the checkpoint."""
        if not self._unsealed:
            return
        unsealed, self._unsealed = self._unsealed, []
        if self.dialect == "postgresql":
            self.fast.queue(AUDIT_LOCK, {"key": AUDIT_LOCK_KEY})
            inner, outer = self._pads
            for entry, before_json, after_json in unsealed:
                values = _audit_values(entry, before_json, after_json)
                values.update(hashed=entry_hash_tail(entry, before_json, after_json), ipad=inner, opad=outer)
                self.fast.queue(APPEND_CHAINED, values)
            return
        head = self.checkpoint()
        newest = None if head is not None else self.fast.first(NEWEST_AUDIT)
        seq, prev = continue_from(head, newest)
        first = seq + 1
        for entry, before_json, after_json in unsealed:
            seq += 1
            entry.seq, entry.prev_hash, entry.hash = seq, prev, entry_hash(entry, prev, before_json, after_json)
            self.fast.queue(INSERT_AUDIT, _audit_values(entry, before_json, after_json)
                            | {"seq": seq, "prev_hash": entry.prev_hash, "hash": entry.hash})
            prev = entry.hash
        signed = next_checkpoint(self.key, head, first, seq, prev)
        self.fast.queue(PUT_CHECKPOINT, dict(seq=signed.seq, hash=signed.hash, broken_since=signed.broken_since,
                                             mac=signed.mac, at=unsealed[-1][0].at))

    def forget(self) -> None:
        self._unsealed = []

    def checkpoint(self) -> AuditCheckpoint | None:
        found = self.fast.first(CHECKPOINT)
        return AuditCheckpoint(*found) if found else None

    def of_instance(self, instance_id: int) -> list[AuditEntry]:
        self.seal()
        rows = self.session.scalars(select(AuditRow).where(AuditRow.instance_id == instance_id).order_by(AuditRow.id))
        return [audit_entry(r) for r in rows]

    def of_task(self, task_id: int) -> list[AuditEntry]:
        self.seal()
        rows = self.session.scalars(select(AuditRow).where(AuditRow.task_id == task_id).order_by(AuditRow.id))
        return [audit_entry(r) for r in rows]

    def of_directive(self, directive_id: int) -> list[AuditEntry]:
        self.seal()
        rows = self.session.scalars(select(AuditRow).where(AuditRow.directive_id == directive_id)
                                    .order_by(AuditRow.id))
        return [audit_entry(r) for r in rows]

    def rows_for_verification(self):
        """(id, entry, before_json, after_json) of every row, in chain order, streamed."""
        self.seal()
        table = AuditRow.__table__
        query = select(table).order_by(table.c.seq).execution_options(yield_per=5000)   # plain rows: no ORM objects
        for row in self.session.execute(query):
            entry = AuditEntry(at=row.at, actor_login=row.actor_login, actor_name=row.actor_name,
                               agency_code=row.agency_code, action=row.action, instance_id=row.instance_id,
                               task_id=row.task_id, directive_id=row.directive_id, step_id=row.step_id,
                               prev_hash=row.prev_hash, hash=row.hash, id=row.id, seq=row.seq)
            yield row.id, entry, row.before_json or "", row.after_json or ""

    def at_positions(self, positions: list[int]) -> dict[int, AuditEntry]:
        """The rows at chain positions ``positions`` (those that exist), by position."""
        if not positions:
            return {}
        rows = self.session.scalars(select(AuditRow).where(AuditRow.seq.in_(positions)))
        return {r.seq: audit_entry(r, parse=False) for r in rows}

    def raw_of_instance(self, instance_id: int):
        """(id, entry, before_json, after_json) of one task's rows, in chain order."""
        self.seal()
        rows = self.session.scalars(select(AuditRow).where(AuditRow.instance_id == instance_id)
                                    .order_by(AuditRow.seq))
        return [(r.id, audit_entry(r, parse=False), r.before_json or "", r.after_json or "") for r in rows]

    def count(self) -> int:
        self.seal()
        return self.session.scalar(select(func.count(AuditRow.id))) or 0

    def search(self, query):
        self.seal()
        return search_audit(self.session, query)


def _notification(row: NotificationRow) -> Notification:
    return Notification(user_login=row.user_login, kind=row.kind, title=row.title, body=row.body, link=row.link,
                        instance_id=row.instance_id, created_at=row.created_at, read_at=row.read_at, id=row.id)


class SqlNotifications:
    """New notifications are queued and sent with the unit of work's other writes."""

    def __init__(self, session: Session, fast: FastSql):
        self.session, self.fast = session, fast

    def add(self, n: Notification) -> Notification:
        self.fast.queue(INSERT_NOTIFICATION, dict(user_login=n.user_login, kind=n.kind, title=n.title, body=n.body,
                                                  link=n.link, instance_id=n.instance_id, created_at=n.created_at,
                                                  read_at=None))
        return n

    def of_user(self, login: str, unread_only: bool = False, limit: int = 50,
                kind: str | None = None) -> list[Notification]:
        query = select(NotificationRow).where(NotificationRow.user_login == login)
        if kind is not None:
            query = query.where(NotificationRow.kind == kind)
        if unread_only:
            query = query.where(NotificationRow.read_at.is_(None))
        rows = self.session.scalars(query.order_by(NotificationRow.created_at.desc(), NotificationRow.id.desc())
                                    .limit(limit))
        return [_notification(r) for r in rows]

    def kinds_of(self, login: str) -> list[str]:
        return sorted(self.session.scalars(select(NotificationRow.kind).where(NotificationRow.user_login == login)
                                           .distinct()))

    def unread_count(self, login: str) -> int:
        return self.session.scalar(select(func.count(NotificationRow.id)).where(
            NotificationRow.user_login == login, NotificationRow.read_at.is_(None))) or 0

    def mark_read(self, login: str, ids: list[int] | None, at: datetime) -> int:
        stmt = update(NotificationRow).where(NotificationRow.user_login == login, NotificationRow.read_at.is_(None))
        if ids is not None:
            stmt = stmt.where(NotificationRow.id.in_(ids))
        return self.session.execute(stmt.values(read_at=at)).rowcount

    def since(self, login: str, since: datetime) -> list[Notification]:
        rows = self.session.scalars(select(NotificationRow).where(
            NotificationRow.user_login == login, NotificationRow.created_at > since)
            .order_by(NotificationRow.created_at))
        return [_notification(r) for r in rows]


def _mail(row: OutboxRow) -> OutgoingMail:
    return OutgoingMail(to_addr=row.to_addr, subject=row.subject, body=row.body, user_login=row.user_login,
                        created_at=row.created_at, attempts=row.attempts, next_attempt_at=row.next_attempt_at,
                        sent_at=row.sent_at, last_error=row.last_error, id=row.id)


class SqlOutbox:
    """Mail to send, written in the transaction that decided to send it (queued with
    its other writes), sent later by the sweep."""

    def __init__(self, session: Session, dialect: str, fast: FastSql):
        self.session, self.dialect, self.fast = session, dialect, fast

    def add(self, mail: OutgoingMail) -> OutgoingMail:
        self.fast.queue(INSERT_MAIL, dict(user_login=mail.user_login, to_addr=mail.to_addr, subject=mail.subject,
                                          body=mail.body, created_at=mail.created_at, attempts=0,
                                          next_attempt_at=mail.created_at, sent_at=None, last_error=None))
        return mail

    def claim_due(self, now: datetime, limit: int) -> list[OutgoingMail]:
        query = (select(OutboxRow).where(OutboxRow.sent_at.is_(None), OutboxRow.next_attempt_at <= now)
                 .order_by(OutboxRow.id).limit(limit))
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return [_mail(r) for r in self.session.scalars(query)]

    def mark_sent(self, mail_id: int, at: datetime) -> None:
        self.session.execute(update(OutboxRow).where(OutboxRow.id == mail_id).values(
            sent_at=at, attempts=OutboxRow.attempts + 1, next_attempt_at=None, last_error=None))

    def mark_failed(self, mail_id: int, error: str, retry_at: datetime | None) -> None:
        self.session.execute(update(OutboxRow).where(OutboxRow.id == mail_id).values(
            attempts=OutboxRow.attempts + 1, last_error=error[:2000], next_attempt_at=retry_at))

    def pending_count(self) -> int:
        return self.session.scalar(select(func.count(OutboxRow.id)).where(OutboxRow.sent_at.is_(None))) or 0

    def all(self) -> list[OutgoingMail]:
        return [_mail(r) for r in self.session.scalars(select(OutboxRow).order_by(OutboxRow.id))]
