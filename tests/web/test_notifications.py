"""In-app notifications: the unread count in the header, the list, marking one or all
read (POST with CSRF, one's own only), and e-mail: per-event mails for most people, one
daily digest for those who chose it on their account page — over a real SMTP server."""
from __future__ import annotations

import re

import pytest

from engine.domain.users import SYSTEM
from engine.usecases.directives import import_directive
from engine.usecases.mail import queue_digests, send_outbox
from persistence.smtp_mailer import SmtpMailer
from tests.conftest import small_directive


def _unread(services, login: str) -> int:
    with services.uow(write=False) as uow:
        return uow.notifications.unread_count(login)


def _ids(services, login: str) -> list[int]:
    with services.uow(write=False) as uow:
        return [n.id for n in uow.notifications.of_user(login)]


def badge(page: str) -> int | None:
    match = re.search(r'<span class="nav-badge"[^>]*>(\d+)</span>', page)
    return int(match.group(1)) if match else None


@pytest.fixture
def two_tasks(services):
    import_directive(services, SYSTEM, small_directive(number="21/KH-UBND"))
    payload = small_directive(number="22/KH-UBND")
    payload["tasks"][0]["summary"] = "Rà soát thủ tục hành chính"
    import_directive(services, SYSTEM, payload)
    return services


def test_header_shows_unread_count_and_list_shows_notifications(browser, two_tasks):
    browser.login("ld.khcn")
    page = browser.get("/").get_data(as_text=True)
    assert badge(page) == 2
    listing = browser.get("/notifications").get_data(as_text=True)
    assert listing.count('class="notification unread"') == 2
    assert "Nhiệm vụ mới cần tiếp nhận: Rà soát thủ tục hành chính" in listing
    assert 'href="/tasks/' in listing
    assert "Chưa đọc: 2" in listing


def test_mark_one_then_all_read(browser, two_tasks):
    services = two_tasks
    browser.login("ld.khcn")
    first, second = _ids(services, "ld.khcn")
    response = browser.post(f"/notifications/{first}/read", token_from="/notifications")
    assert response.status_code == 302 and response.location.endswith("/notifications")
    assert _unread(services, "ld.khcn") == 1
    page = browser.get("/notifications").get_data(as_text=True)
    assert badge(page) == 1 and "Đã đọc lúc" in page
    assert "Chỉ xem thông báo chưa đọc" in page
    unread_only = browser.get("/notifications?unread=1").get_data(as_text=True)
    assert unread_only.count('<li class="notification') == 1
    browser.post("/notifications/read-all", token_from="/notifications")
    assert _unread(services, "ld.khcn") == 0
    assert badge(browser.get("/").get_data(as_text=True)) is None


def test_marking_needs_csrf_and_touches_only_ones_own(browser, two_tasks):
    services = two_tasks
    target = _ids(services, "ld.khcn")[0]
    browser.login("ld.khcn")
    refused = browser.client.post(f"/notifications/{target}/read")
    assert refused.status_code == 400 and _unread(services, "ld.khcn") == 2
    assert browser.client.post("/notifications/read-all").status_code == 400
    browser.post("/logout", token_from="/")
    browser.login("ld.noivu")
    browser.post(f"/notifications/{target}/read", token_from="/notifications")
    browser.post("/notifications/read-all", token_from="/notifications")
    assert _unread(services, "ld.khcn") == 2


def test_notifications_need_sign_in(browser):
    assert browser.get("/notifications").status_code == 302
    assert browser.client.post("/notifications/read-all").status_code in (302, 400)


def test_digest_user_gets_one_daily_mail_others_one_per_event(browser, services, smtp):
    controller, mailbox = smtp
    services.mailer = SmtpMailer("127.0.0.1", controller.port, "chidao@test")
    # ld.khcn chooses the daily digest on the account page; ld.noivu keeps one mail per event
    browser.login("ld.khcn")
    saved = browser.post("/account/preferences", {"language": "vi", "digest": "1"}, token_from="/account")
    assert saved.status_code == 302
    for number, lead in (("31/KH-UBND", "Sở Khoa học và Công nghệ"), ("32/KH-UBND", "Sở Khoa học và Công nghệ"),
                         ("33/KH-UBND", "Sở Nội vụ")):
        import_directive(services, SYSTEM, small_directive(number=number, lead=(lead,)))
    assert send_outbox(services).failed == 0
    assert mailbox.to("ld.khcn@chidao.test") == []
    (event_mail,) = mailbox.to("ld.noivu@chidao.test")
    assert event_mail["Subject"].startswith("Nhiệm vụ mới cần tiếp nhận")
    # the next morning the digest goes out: one mail with both notifications
    services.clock.advance(days=1)
    assert queue_digests(services) == 1
    send_outbox(services)
    (digest,) = mailbox.to("ld.khcn@chidao.test")
    assert digest["Subject"] == "Tổng hợp thông báo ngày 03/06/2025"
    body = digest.get_content()
    assert "Bạn có 2 thông báo mới" in body and body.count("- Nhiệm vụ mới cần tiếp nhận") == 2
    assert len(mailbox.to("ld.noivu@chidao.test")) == 1      # no digest for per-event users
    # once a day only
    assert queue_digests(services) == 0
