"""The append-only audit log (hash-chained; appends serialised per database), in-app
notifications and the transactional mail outbox."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, bindparam, func, insert, literal, literal_column, select, update
from sqlalchemy.orm import Session

from engine.domain.audit import HASH_SEPARATOR, canonical_json, entry_hash, entry_hash_tail
from engine.domain.records import AuditEntry, Notification, OutgoingMail
from persistence.fast_sql import FastSql, Statement
from persistence.models import AuditRow, NotificationRow, OutboxRow

AUDIT_LOCK_KEY = 7_202_511   # pg_advisory_xact_lock key serialising audit appends
_AUDIT_COLUMNS = ("at", "actor_login", "actor_name", "agency_code", "action", "instance_id", "task_id",
                  "directive_id", "step_id", "before_json", "after_json", "prev_hash", "hash")
_NOTIFICATION_COLUMNS = ("user_login", "kind", "title", "body", "link", "instance_id", "created_at", "read_at")
_OUTBOX_COLUMNS = ("user_login", "to_addr", "subject", "body", "created_at", "attempts", "next_attempt_at",
                   "sent_at", "last_error")

AUDIT_LOCK = Statement(lambda: select(func.pg_advisory_xact_lock(bindparam("key"))))
AUDIT_HEAD = Statement(lambda: select(AuditRow.__table__.c.hash).order_by(AuditRow.__table__.c.id.desc()).limit(1))
INSERT_AUDIT = Statement(lambda: insert(AuditRow.__table__), column_keys=list(_AUDIT_COLUMNS))
INSERT_NOTIFICATION = Statement(lambda: insert(NotificationRow.__table__), column_keys=list(_NOTIFICATION_COLUMNS))
INSERT_MAIL = Statement(lambda: insert(OutboxRow.__table__), column_keys=list(_OUTBOX_COLUMNS))


def _insert_chained():
    """INSERT … SELECT: the head's hash as prev_hash, and sha256(prev_hash, the
    separator, ``hashed``) as hash (``hashed``: the rest of entry_hash's parts)."""
    table = AuditRow.__table__
    own = _AUDIT_COLUMNS[:-2]
    head = select(func.coalesce(select(table.c.hash).order_by(table.c.id.desc()).limit(1).scalar_subquery(),
                                literal("")).label("h")).subquery("head")
    chained = head.c.h.concat(literal(HASH_SEPARATOR)).concat(bindparam("hashed", type_=Text()))
    digest = func.encode(func.sha256(func.convert_to(chained, literal_column("'UTF8'"))), literal_column("'hex'"))
    values = [bindparam(name, type_=table.c[name].type) for name in own]
    return insert(table).from_select([*own, "prev_hash", "hash"], select(*values, head.c.h, digest))


INSERT_AUDIT_CHAINED = Statement(_insert_chained)


def _audit_values(entry: AuditEntry, before_json: str, after_json: str) -> dict:
    return dict(at=entry.at, actor_login=entry.actor_login, actor_name=entry.actor_name,
                agency_code=entry.agency_code, action=entry.action, instance_id=entry.instance_id,
                task_id=entry.task_id, directive_id=entry.directive_id, step_id=entry.step_id,
                before_json=before_json, after_json=after_json)


def _entry(row: AuditRow, parse: bool = True) -> AuditEntry:
    import json
    return AuditEntry(
        at=row.at, actor_login=row.actor_login, actor_name=row.actor_name, agency_code=row.agency_code,
        action=row.action, instance_id=row.instance_id, task_id=row.task_id, directive_id=row.directive_id,
        step_id=row.step_id,
        before=json.loads(row.before_json) if parse and row.before_json else None,
        after=json.loads(row.after_json) if parse and row.after_json else None,
        prev_hash=row.prev_hash, hash=row.hash, id=row.id)


class SqlAudit:
    """Entries appended in a unit of work are chained when it commits (``seal``), so
    the chain's head is read as late as possible. On PostgreSQL the transaction then
    takes the audit lock (held until it ends) and each INSERT reads the head and
    computes its own hash in the database, with the formula of engine/domain/audit.py:
    the lock, the inserts and the COMMIT travel together. SQLite's writers are
    serialised already: the head is read and the hashes computed here."""

    def __init__(self, session: Session, dialect: str, fast: FastSql):
        self.session, self.dialect, self.fast = session, dialect, fast
        self._unsealed: list[tuple[AuditEntry, str, str]] = []

    def append(self, entry: AuditEntry) -> AuditEntry:
        """Add ``entry`` to the log; its ``prev_hash`` and ``hash`` are set when the
        unit of work commits (on PostgreSQL they are the database's, read back later)."""
        self._unsealed.append((entry, canonical_json(entry.before), canonical_json(entry.after)))
        return entry

    def seal(self) -> None:
        """Queue the entries appended so far, chained to the log's head."""
        if not self._unsealed:
            return
        unsealed, self._unsealed = self._unsealed, []
        if self.dialect == "postgresql":
            self.fast.queue(AUDIT_LOCK, {"key": AUDIT_LOCK_KEY})
            for entry, before_json, after_json in unsealed:
                values = _audit_values(entry, before_json, after_json)
                values["hashed"] = entry_hash_tail(entry, before_json, after_json)
                self.fast.queue(INSERT_AUDIT_CHAINED, values)
            return
        head = self.fast.rows(AUDIT_HEAD)
        prev = head[0][0] if head else ""
        for entry, before_json, after_json in unsealed:
            entry.prev_hash, entry.hash = prev, entry_hash(entry, prev, before_json, after_json)
            self.fast.queue(INSERT_AUDIT, _audit_values(entry, before_json, after_json)
                            | {"prev_hash": entry.prev_hash, "hash": entry.hash})
            prev = entry.hash

    def forget(self) -> None:
        self._unsealed = []

    def of_instance(self, instance_id: int) -> list[AuditEntry]:
        self.seal()
        rows = self.session.scalars(select(AuditRow).where(AuditRow.instance_id == instance_id).order_by(AuditRow.id))
        return [_entry(r) for r in rows]

    def of_task(self, task_id: int) -> list[AuditEntry]:
        self.seal()
        rows = self.session.scalars(select(AuditRow).where(AuditRow.task_id == task_id).order_by(AuditRow.id))
        return [_entry(r) for r in rows]

    def of_directive(self, directive_id: int) -> list[AuditEntry]:
        self.seal()
        rows = self.session.scalars(select(AuditRow).where(AuditRow.directive_id == directive_id)
                                    .order_by(AuditRow.id))
        return [_entry(r) for r in rows]

    def rows_for_verification(self):
        self.seal()
        for row in self.session.scalars(select(AuditRow).order_by(AuditRow.id).execution_options(yield_per=2000)):
            yield row.id, _entry(row, parse=False), row.before_json or "", row.after_json or ""

    def count(self) -> int:
        self.seal()
        return self.session.scalar(select(func.count(AuditRow.id))) or 0


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

    def of_user(self, login: str, unread_only: bool = False, limit: int = 50) -> list[Notification]:
        query = select(NotificationRow).where(NotificationRow.user_login == login)
        if unread_only:
            query = query.where(NotificationRow.read_at.is_(None))
        rows = self.session.scalars(query.order_by(NotificationRow.created_at.desc(), NotificationRow.id.desc())
                                    .limit(limit))
        return [_notification(r) for r in rows]

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
