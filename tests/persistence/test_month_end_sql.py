"""The monthly summary counted in SQL (persistence/month_end_sql.py) agrees, on SQLite
and PostgreSQL, with the one classifier applied row by row in Python
(tests/persistence/month_end_oracle.py): assignments are given random facts histories
— phases, deadlines moved (extensions) and passing month ends, suspensions,
cancellations, completions, agencies handed over, rows written out of order and
exactly at a month's end — then every month before, across and after the changes,
for viewers who see everything, follow every directive, some or none, the whole
province and one directive: the counts per directive and their previous month's, the
changes (total and the first ones), the late list (totals and the first ones per
agency), the on-time tallies, the XLSX's rows. The whole province's counts of an
ended month are kept, read back the same, and dropped by a facts row valid before
the month's end."""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from engine.domain.calendar import LOCAL_TZ, end_of_day
from engine.domain.status import BUCKETS
from engine.usecases import monthly_summary as model
from engine.usecases.monthly_report import month_end, monthly_rows, monthly_summary
from persistence.models import DirectiveRow, MonthEndSnapshotRow
from tests.conftest import small_directive, user
from tests.persistence import month_end_oracle as oracle
from tests.persistence.helpers import at, launch

NOW = at(2025, 10, 10, 9)
MONTHS = ("2025-07", "2025-08", "2025-09", "2025-10")
# login → the agency whose view it has (None: everything)
VIEWERS = {"admin": None, "chutich": "ubnd-tinh-an-giang", "theodoi": "van-phong-ubnd-tinh",
           "ld.noivu": "so-noi-vu", "ld.khcn": "so-khoa-hoc-va-cong-nghe"}
PHASES = ("awaiting_acceptance", "in_progress", "returned", "awaiting_confirmation", "suspended", "completed",
          "cancelled", "refused")
DUE = (None, date(2024, 12, 31), date(2025, 7, 15), date(2025, 7, 31), date(2025, 8, 1), date(2025, 8, 31),
       date(2025, 9, 1), date(2025, 9, 30), date(2025, 10, 1), date(2025, 10, 9), date(2025, 11, 30), date(2025, 12, 31), date(2026, 1, 15),
       date(2026, 1, 31), date(2026, 2, 5))
HANDED_TO = ("so-khoa-hoc-va-cong-nghe", "so-tai-chinh", "so-noi-vu")
SHOWN_LATE, SHOWN_CHANGES = 2, 7


@dataclass(frozen=True)
class Story:
    """When the directives are launched, when their facts change, and the months read."""

    launches: tuple[datetime, datetime]
    first_change: datetime
    now: datetime
    months: tuple[str, ...]

    def month_ends(self) -> list[datetime]:
        return [end_of_day(month_end(int(m[:4]), int(m[5:]))) for m in self.months[:-1]]


SUMMER = Story((at(2025, 6, 2), at(2025, 8, 14)), at(2025, 6, 3, 8), NOW, ("2025-07", "2025-08", "2025-09", "2025-10"))
NEW_YEAR = Story((at(2025, 10, 1), at(2025, 12, 10)), at(2025, 10, 2, 8), at(2026, 2, 10, 9),
                 ("2025-11", "2025-12", "2026-01", "2026-02"))


def _moment(chance: random.Random, story: Story) -> datetime:
    if chance.random() < 0.3:
        return chance.choice(story.month_ends()) + timedelta(seconds=chance.choice((0, 1)))
    minutes = int((story.now - story.first_change).total_seconds() // 60)
    return story.first_change + timedelta(minutes=chance.randrange(0, minutes))


def _histories(services, chance: random.Random, story: Story) -> list[int]:
    """Two directives addressed to every department (the second launched later and
    followed by Sở Nội vụ as its monitor); then random facts rows for every assignment,
    through the facts history's own writer."""
    services.clock.set(story.launches[0])
    launch(services, small_directive(lead=["@so_ban_nganh"], coordinating=[], number="96/KH-UBND"))
    services.clock.set(story.launches[1])
    launch(services, small_directive(lead=["@so_ban_nganh"], coordinating=[], number="97/KH-UBND"))
    with services.uow() as uow:
        uow.session.execute(update(DirectiveRow).where(DirectiveRow.number == "97/KH-UBND")
                            .values(monitor_agency="so-noi-vu"))
        ids = sorted(i.id for d in uow.directives.all() for t in uow.directives.tasks_of(d.id)
                     for i in uow.instances.of_task(t.id))
        for instance_id in ids:
            for _ in range(chance.randint(0, 4)):
                current = uow.instances.get(instance_id)
                changed = replace(
                    current, phase=chance.choice(PHASES), due_date=chance.choice(DUE),
                    accept_due=chance.choice((None, date(2025, 7, 20), date(2025, 9, 5))),
                    completed_on_time=chance.choice((None, True, False)),
                    submitted_on_time=chance.choice((None, True, False)),
                    suspended_at=chance.choice((None, at(2025, 8, 2))), updated_at=_moment(chance, story),
                    agency_code=chance.choice((current.agency_code,) * 3 + HANDED_TO))
                uow.instances.facts.record_if_changed(changed, uow.instances.ids.id_of(changed.agency_code))
        uow.commit()
    return ids


def _judged(month: str, today: datetime) -> tuple[tuple[datetime, date], tuple[datetime, date]]:
    year, number = int(month[:4]), int(month[5:])
    before = (year, number - 1) if number > 1 else (year - 1, 12)
    def end(y, m):
        last = month_end(y, m)
        return (end_of_day(last), last) if end_of_day(last) <= today else (today, today.date())
    return end(year, number), end(*before)


def _check(services, login: str, month: str, directive_id: int | None = None) -> None:
    summary = monthly_summary(services, user(services, login), month, directive_id)
    now, before = _judged(month, services.clock.now())
    seen, previous = oracle.month(oracle.facts_rows(services), VIEWERS[login], now, before, directive_id)
    expected: dict[int, tuple[dict, dict]] = {}
    for s in seen:
        expected.setdefault(s.directive_id, (model.empty_counts(), model.empty_counts()))[0][s.column] += 1
    for directive, column in previous.values():
        expected.setdefault(directive, (model.empty_counts(), model.empty_counts()))[1][column] += 1
    where = (login, month, directive_id)
    assert {r.directive_id: (r.counts, r.previous) for r in summary.directives} == expected, where
    assert summary.province.total == len(seen) == sum(summary.province.counts[c] for c in BUCKETS), where
    changes = [s for s in seen if s.column != s.previous]
    assert summary.changes_total == len(changes), where
    assert [(a.instance_id, a.previous_column, a.column) for a in summary.changes] == [
        (s.instance_id, s.previous, s.column) for s in changes[:SHOWN_CHANGES]], where
    late = oracle.late_lists(seen)
    assert [(g.agency_code, g.total, [a.instance_id for a in g.tasks]) for g in summary.late_by_agency] == [
        (code, n, ids[:SHOWN_LATE]) for code, n, ids in late], where
    days = {s.instance_id: s.days_late for s in seen}
    assert all(a.days_late == days[a.instance_id] > 0 for g in summary.late_by_agency for a in g.tasks), where
    assert {r.agency_code: (r.on_time, r.late) for r in summary.rates} == oracle.tallies(seen, now[1].year), where
    with monthly_rows(services, user(services, login), month, directive_id) as rows:
        assert [(a.instance_id, a.column, a.previous_column, a.days_late) for a in rows.assignments] == [
            (s.instance_id, s.column, s.previous, s.days_late) for s in seen], where
        assert [a.instance_id for a in rows.late] == [i for _, _, ids in late for i in ids], where


def _kept(services) -> list[datetime]:
    with services.uow(write=False) as uow:
        return list(uow.session.scalars(select(MonthEndSnapshotRow.moment).order_by(MonthEndSnapshotRow.moment)))


@pytest.fixture
def shown(monkeypatch):
    monkeypatch.setattr(model, "LATE_SHOWN_PER_AGENCY", SHOWN_LATE)
    monkeypatch.setattr(model, "CHANGES_SHOWN", SHOWN_CHANGES)


@pytest.fixture
def histories(any_services, shown):
    ids = _histories(any_services, random.Random(18), SUMMER)
    any_services.clock.set(NOW)
    return any_services, ids


def _every_month(services, story: Story) -> None:
    for month in story.months:
        for login in VIEWERS:
            _check(services, login, month)
        _check(services, "admin", month)                    # the whole province again: the kept counts
    assert _kept(services) == story.month_ends()


def test_every_month_and_view_agrees_with_the_classifier_row_by_row(histories):
    services, ids = histories
    assert len(ids) > 40
    _every_month(services, SUMMER)
    with services.uow(write=False) as uow:
        directives = sorted(d.id for d in uow.directives.all())
    for month in ("2025-08", "2025-10"):
        for directive_id in directives:
            _check(services, "admin", month, directive_id)
            _check(services, "ld.noivu", month, directive_id)


def test_across_the_new_year_the_rates_are_judged_in_their_own_year(any_services, shown):
    services = any_services
    _histories(services, random.Random(2026), NEW_YEAR)
    services.clock.set(NEW_YEAR.now)
    _every_month(services, NEW_YEAR)


def test_a_row_valid_before_a_kept_month_end_drops_those_months(histories):
    services, ids = histories
    for month in ("2025-07", "2025-08", "2025-09"):
        _check(services, "theodoi" if month == "2025-07" else "admin", month)
    assert len(_kept(services)) == 2                        # theodoi follows one directive only: not kept
    with services.uow() as uow:                             # written late, valid since 20/8 (a clock set back)
        current = uow.instances.get(ids[0])
        late = replace(current, phase="cancelled", updated_at=at(2025, 8, 20))
        uow.instances.facts.record_if_changed(late, uow.instances.ids.id_of(late.agency_code))
        uow.commit()
    assert _kept(services) == []                            # August and September both judged it
    for month in ("2025-08", "2025-09"):
        _check(services, "admin", month)
        _check(services, "admin", month)
