"""Notifications leave by e-mail through the transactional outbox, over a real SMTP
exchange (aiosmtpd on a local port): sent once, retried when the server is down."""
from __future__ import annotations

from datetime import timedelta

from engine.usecases.mail import queue_digests, send_outbox
from persistence.smtp_mailer import SmtpMailer
from tests.persistence.helpers import act, at, launch, live_until
from tests.smtp_server import free_port


def test_outbox_mail_is_sent_once(services, smtp):
    controller, inbox = smtp
    services.mailer = SmtpMailer("127.0.0.1", controller.port, "chidao@test")
    launch(services)
    first = send_outbox(services)
    again = send_outbox(services)
    assert (first.sent, again.sent) == (1, 0)
    (rcpt, message), = inbox.messages
    assert rcpt == ["ld.khcn@chidao.test"]
    assert message["Subject"].startswith("Nhiệm vụ mới cần tiếp nhận")
    assert "http://127.0.0.1:5000/tasks/1" in message.get_content()


def test_failed_sending_is_retried_later(services, smtp):
    controller, inbox = smtp
    services.mailer = SmtpMailer("127.0.0.1", free_port(), "chidao@test", timeout=2)   # nobody listens
    launch(services)
    failed = send_outbox(services)
    assert (failed.sent, failed.failed) == (0, 1)
    services.mailer = SmtpMailer("127.0.0.1", controller.port, "chidao@test")
    assert send_outbox(services).sent == 0                       # not yet: waits before retrying
    services.clock.set(services.clock.now() + timedelta(minutes=3))
    assert send_outbox(services).sent == 1
    assert len(inbox.messages) == 1
    with services.uow(write=False) as uow:
        (mail,) = uow.outbox.all()
    assert mail.attempts == 2 and mail.sent_at is not None


def test_digest_users_get_one_mail_a_day(services, smtp):
    controller, inbox = smtp
    services.mailer = SmtpMailer("127.0.0.1", controller.port, "chidao@test")
    with services.uow() as uow:
        officer = uow.users.by_login("cv.khcn")
        uow.users.update(type(officer)(**{**officer.__dict__, "digest": True}))
        uow.commit()
    launch(services)
    act(services, "ld.khcn", "accept", decision="accept", officer="cv.khcn")
    live_until(services, at(2025, 6, 18))
    assert queue_digests(services) == 1
    assert queue_digests(services) == 0                            # once a day
    send_outbox(services)
    assert len(inbox.to("cv.khcn@chidao.test")) == 1
