"""Helpers for full-stack tests: act as a user through the use cases, move the clock,
sweep timers, read what landed in the database."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from engine.domain.calendar import LOCAL_TZ
from engine.usecases.directives import import_directive
from engine.usecases.queries import list_steps
from engine.usecases.steps import complete_step
from engine.usecases.timers import sweep_timers
from tests.conftest import small_directive, user


def at(y, m, d, h=9, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=LOCAL_TZ)


def launch(services, payload=None, login="admin"):
    return import_directive(services, user(services, login), payload or small_directive())


def steps_of(services, login, **kwargs):
    return list_steps(services, user(services, login), **kwargs)


def step_named(services, login, name, optional=False):
    rows = [s for s in steps_of(services, login, optional=optional) if s["name"] == name]
    assert rows, f"{login} has no {name}: {[s['name'] for s in steps_of(services, login)]}"
    return rows[0]


def act(services, login, name, optional=False, uploads=None, **values):
    step = step_named(services, login, name, optional)
    return complete_step(services, user(services, login), step["id"], values, uploads)


def live_until(services, moment: datetime):
    """Move the clock day by day (08:30 local) to ``moment``, sweeping each morning."""
    current = services.clock.now().astimezone(LOCAL_TZ)
    while current < moment:
        current = min(moment, datetime.combine(current.date() + timedelta(days=1), time(8, 30), LOCAL_TZ))
        services.clock.set(current)
        sweep_timers(services)


def notifications(services, login):
    with services.uow(write=False) as uow:
        return uow.notifications.of_user(login, limit=500)


def kinds(services, login):
    return sorted(n.kind for n in notifications(services, login))


def instance(services, instance_id):
    with services.uow(write=False) as uow:
        return uow.instances.get(instance_id)
