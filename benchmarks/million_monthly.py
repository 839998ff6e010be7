"""The monthly summary's part of benchmarks/bench_million.py: which readings are timed
and how each is prepared. The whole province's counts of an ended month are kept (a
cache, table month_end_snapshots, engine/usecases/monthly_report.py): the bench times
the first reading of a month with nothing kept, with the month before kept (the
month's own kept counts deleted before each call — the one thing the bench writes),
the later readings, the running month (its previous month kept), one directive, and a
leader's own agency."""
from __future__ import annotations

from sqlalchemy import delete

from benchmarks.web_data import NOW
from engine.domain.calendar import end_of_day
from engine.usecases.monthly_report import month_end, monthly_summary
from persistence.models import MonthEndSnapshotRow

SUMMARY_MONTHS = ("2025-08", "2025-07", "2025-06")
KEPT_BEFORE = ("2025-05",)          # the month before the earliest of SUMMARY_MONTHS


class Deferred:
    """A call whose preparation the bench runs before starting the clock."""

    def __init__(self, prepare):
        self.prepare = prepare


def forget_kept(services, months=None) -> None:
    """Delete the kept counts of ``months`` (YYYY-MM), or of every month."""
    stmt = delete(MonthEndSnapshotRow)
    if months is not None:
        stmt = stmt.where(MonthEndSnapshotRow.moment.in_(
            [end_of_day(month_end(int(m[:4]), int(m[5:]))) for m in months]))
    with services.database.engine.begin() as conn:
        conn.execute(stmt)


def monthly_plan(services, monitor, leader, directive_ids: list[int], summary_requests: int, requests: int) -> list:
    """(label, calls, warm-up) of each monthly summary reading timed."""
    def summarise(month: str):
        return lambda: monthly_summary(services, monitor, month)

    def first_reading(month: str, forget):
        def prepare():
            forget_kept(services, forget)
            return summarise(month)
        return Deferred(prepare)

    def warm(months):
        return lambda: [summarise(month)() for month in months]

    months = [SUMMARY_MONTHS[k % len(SUMMARY_MONTHS)] for k in range(summary_requests)]
    running = NOW.strftime("%Y-%m")
    return [
        ("monthly summary, whole province, nothing kept (monitor)",
         [first_reading(month, None) for month in months], None),
        ("monthly summary, whole province, month before kept (monitor)",
         [first_reading(month, [month]) for month in months], warm(KEPT_BEFORE + SUMMARY_MONTHS)),
        ("monthly summary, whole province, counts kept (monitor)",
         [summarise(month) for month in months], warm(SUMMARY_MONTHS)),
        ("monthly summary, running month (monitor)", [summarise(running)] * summary_requests, warm([running])),
        ("monthly summary, one directive (monitor)",
         [(lambda k=k: monthly_summary(services, monitor, SUMMARY_MONTHS[k % 3], directive_ids[k % len(directive_ids)]))
          for k in range(requests)], "first"),
        ("monthly summary, a leader's own agency",
         [(lambda k=k: monthly_summary(services, leader(k), SUMMARY_MONTHS[k % 3])) for k in range(requests)], "first"),
    ]
