"""The working-day calendar as an administrator reads it: one month, week by week,
each day with what the law says (public holidays and make-up working weekends, from
the ``holidays`` package), the administrator's override and its note, and whether it
is a working day in the end (the override wins). Setting or clearing an override is
``engine.usecases.setup.set_calendar_day`` (``chidao calendar set``)."""
from __future__ import annotations

import calendar as month_grid
from dataclasses import dataclass
from datetime import date

import holidays

from engine.domain.calendar import WorkingCalendar, local_date
from engine.domain.errors import DomainError, Forbidden
from engine.domain.users import User
from engine.usecases.context import Services

HOLIDAY_LANGUAGES = {"vi": "vi", "en": "en_US"}


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    holiday: str | None          # the public holiday's name
    makeup: bool                 # a weekend day the law makes a working day
    override: bool | None        # the administrator's: True worked, False off, None none
    note: str
    working: bool                # in the end
    today: bool

    @property
    def weekend(self) -> bool:
        return self.day.weekday() >= 5


@dataclass(frozen=True)
class CalendarMonth:
    year: int
    month: int
    weeks: list[list[CalendarDay]]
    overrides: list[CalendarDay]     # this month's overridden days

    @property
    def previous(self) -> tuple[int, int]:
        return (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)

    @property
    def next(self) -> tuple[int, int]:
        return (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)


def month_view(services: Services, actor: User, year: int | None = None, month: int | None = None,
               lang: str = "vi") -> CalendarMonth:
    if not actor.has("admin"):
        raise Forbidden("admin.forbidden")
    today = local_date(services.clock.now())
    year, month = year or today.year, month or today.month
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise DomainError("calendar.bad_month", value=f"{month:02d}/{year}")
    with services.uow(write=False) as uow:
        overrides, notes = uow.calendar.overrides(), uow.calendar.notes()
    law = holidays.country_holidays("VN", years=(year - 1, year, year + 1), language=HOLIDAY_LANGUAGES[lang])
    effective = WorkingCalendar(overrides)
    weeks = []
    for week in month_grid.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([CalendarDay(day=d, in_month=d.month == month, holiday=law.get(d),
                                  makeup=d in law.weekend_workdays, override=overrides.get(d),
                                  note=notes.get(d, ""), working=effective.is_working_day(d), today=d == today)
                      for d in week])
    marked = [d for week in weeks for d in week if d.in_month and d.override is not None]
    return CalendarMonth(year, month, weeks, marked)
