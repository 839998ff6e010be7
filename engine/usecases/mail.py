"""Sending the outbox over SMTP (each mail claimed, sent and marked in its own
transaction; failures retried with a growing delay) and composing daily digests for
users who prefer one mail a day."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from engine.domain.calendar import local_date
from engine.domain.formatting import fmt_day
from engine.domain.notification_texts import render_notification
from engine.domain.records import OutgoingMail
from engine.usecases.context import Services

MAX_ATTEMPTS = 8
DIGEST_MARKER = "digest:"


@dataclass
class MailResult:
    sent: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** attempts, 24 * 60))


def send_outbox(services: Services, limit: int = 200) -> MailResult:
    result = MailResult()
    if services.mailer is None:
        return result
    for _ in range(limit):
        now = services.clock.now()
        with services.uow() as uow:
            mails = uow.outbox.claim_due(now, 1)
            if not mails:
                break
            mail = mails[0]
            try:
                services.mailer.send(mail.to_addr, mail.subject, mail.body)
            except Exception as exc:   # noqa: BLE001 - any transport failure is retried
                retry = now + retry_delay(mail.attempts + 1) if mail.attempts + 1 < MAX_ATTEMPTS else None
                uow.outbox.mark_failed(mail.id, f"{type(exc).__name__}: {exc}", retry)
                result.failed += 1
            else:
                uow.outbox.mark_sent(mail.id, now)
                result.sent += 1
            uow.commit()
    return result


def queue_digests(services: Services) -> int:
    """Once a local day, put one mail per digest user with the day's notifications."""
    now = services.clock.now()
    today = local_date(now)
    queued = 0
    with services.uow() as uow:
        for user in uow.users.all():
            if not (user.digest and user.email and user.active):
                continue
            key = DIGEST_MARKER + user.login
            last = uow.markers.get(key)
            if last and last[:10] >= today.isoformat():
                continue
            since = datetime.fromisoformat(last) if last else datetime(2000, 1, 1, tzinfo=now.tzinfo)
            items = uow.notifications.since(user.login, since)
            uow.markers.put(key, now.isoformat())
            if not items:
                continue
            lines = "\n".join(f"- {n.title}" for n in items)
            subject, body = render_notification("digest", user.language, day=fmt_day(today),
                                                count=len(items), items=lines)
            uow.outbox.add(OutgoingMail(to_addr=user.email, subject=subject, body=body,
                                        user_login=user.login, created_at=now))
            queued += 1
        uow.commit()
    return queued
