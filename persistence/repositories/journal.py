"""The append-only audit log (hash-chained; appends serialised per database), in-app
notifications and the transactional mail outbox."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from engine.domain.audit import canonical_json, entry_hash
from engine.domain.records import AuditEntry, Notification, OutgoingMail
from persistence.models import AuditRow, NotificationRow, OutboxRow

AUDIT_LOCK_KEY = 7_202_511   # pg_advisory_xact_lock key serialising audit appends


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
    def __init__(self, session: Session, dialect: str):
        self.session, self.dialect = session, dialect
        self._last_hash: str | None = None

    def _head(self) -> str:
        if self._last_hash is None:
            if self.dialect == "postgresql":
                self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK_KEY})
            self._last_hash = self.session.scalar(
                select(AuditRow.hash).order_by(AuditRow.id.desc()).limit(1)) or ""
        return self._last_hash

    def append(self, entry: AuditEntry) -> AuditEntry:
        before_json, after_json = canonical_json(entry.before), canonical_json(entry.after)
        entry.prev_hash = self._head()
        entry.hash = entry_hash(entry, entry.prev_hash, before_json, after_json)
        row = AuditRow(at=entry.at, actor_login=entry.actor_login, actor_name=entry.actor_name,
                       agency_code=entry.agency_code, action=entry.action, instance_id=entry.instance_id,
                       task_id=entry.task_id, directive_id=entry.directive_id, step_id=entry.step_id,
                       before_json=before_json, after_json=after_json, prev_hash=entry.prev_hash,
                       hash=entry.hash)
        self.session.add(row)
        self._last_hash = entry.hash
        return entry

    def of_instance(self, instance_id: int) -> list[AuditEntry]:
        rows = self.session.scalars(select(AuditRow).where(AuditRow.instance_id == instance_id).order_by(AuditRow.id))
        return [_entry(r) for r in rows]

    def of_task(self, task_id: int) -> list[AuditEntry]:
        rows = self.session.scalars(select(AuditRow).where(AuditRow.task_id == task_id).order_by(AuditRow.id))
        return [_entry(r) for r in rows]

    def of_directive(self, directive_id: int) -> list[AuditEntry]:
        rows = self.session.scalars(select(AuditRow).where(AuditRow.directive_id == directive_id)
                                    .order_by(AuditRow.id))
        return [_entry(r) for r in rows]

    def rows_for_verification(self):
        self.session.flush()
        for row in self.session.scalars(select(AuditRow).order_by(AuditRow.id).execution_options(yield_per=2000)):
            yield row.id, _entry(row, parse=False), row.before_json or "", row.after_json or ""

    def count(self) -> int:
        return self.session.scalar(select(func.count(AuditRow.id))) or 0


def _notification(row: NotificationRow) -> Notification:
    return Notification(user_login=row.user_login, kind=row.kind, title=row.title, body=row.body, link=row.link,
                        instance_id=row.instance_id, created_at=row.created_at, read_at=row.read_at, id=row.id)


class SqlNotifications:
    """Notifications are written in one statement when the unit of work commits."""

    def __init__(self, session: Session):
        self.session = session
        self._new: list[dict] = []

    def add(self, n: Notification) -> Notification:
        self._new.append(dict(user_login=n.user_login, kind=n.kind, title=n.title, body=n.body, link=n.link,
                              instance_id=n.instance_id, created_at=n.created_at, read_at=None))
        return n

    def flush(self) -> None:
        if self._new:
            self.session.execute(insert(NotificationRow), self._new)
            self._new = []

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
    def __init__(self, session: Session, dialect: str):
        self.session, self.dialect = session, dialect
        self._new: list[dict] = []

    def add(self, mail: OutgoingMail) -> OutgoingMail:
        self._new.append(dict(user_login=mail.user_login, to_addr=mail.to_addr, subject=mail.subject,
                              body=mail.body, created_at=mail.created_at, attempts=0,
                              next_attempt_at=mail.created_at, sent_at=None, last_error=None))
        return mail

    def flush(self) -> None:
        """Write the mails added in this unit of work (called before commit)."""
        if self._new:
            self.session.execute(insert(OutboxRow), self._new)
            self._new = []

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
