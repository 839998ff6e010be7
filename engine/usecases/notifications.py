"""A user's in-app notifications: the latest ones (all, or of one kind), the unread count the page header
shows, and marking one, several or all of them read. The engine writes notifications
in the transaction of each step and timer (engine/usecases/notify.py); these use
cases only read them and mark them read, always for the acting user alone."""
from __future__ import annotations

from dataclasses import dataclass

from engine.domain.records import Notification
from engine.domain.users import User
from engine.usecases.context import Services

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


@dataclass
class NotificationList:
    items: list[Notification]
    unread: int
    limit: int
    unread_only: bool
    kind: str | None = None
    kinds: tuple[str, ...] = ()     # the kinds the user has notifications of (the filter's choices)

    @property
    def maybe_more(self) -> bool:
        return len(self.items) >= self.limit and self.limit < MAX_LIMIT


def list_notifications(services: Services, actor: User, *, unread_only: bool = False,
                       limit: int = DEFAULT_LIMIT, kind: str | None = None) -> NotificationList:
    """The actor's latest notifications, newest first (of one ``kind`` when given; a
    kind the actor has none of lists nothing), with their unread count."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    with services.uow(write=False) as uow:
        kinds = tuple(uow.notifications.kinds_of(actor.login))
        if kind is not None and kind not in kinds:
            items = []
        else:
            items = uow.notifications.of_user(actor.login, unread_only=unread_only, limit=limit, kind=kind)
        return NotificationList(items=items, unread=uow.notifications.unread_count(actor.login), limit=limit,
                                unread_only=unread_only, kind=kind, kinds=kinds)


def unread_count(services: Services, actor: User) -> int:
    with services.uow(write=False) as uow:
        return uow.notifications.unread_count(actor.login)


def mark_read(services: Services, actor: User, ids: list[int] | None = None) -> int:
    """Mark the actor's notifications ``ids`` read (all of them when None); another
    user's notifications are never touched. Returns how many changed."""
    if ids is not None and not ids:
        return 0
    with services.uow() as uow:
        changed = uow.notifications.mark_read(actor.login, ids, services.clock.now())
        uow.commit()
        return changed
