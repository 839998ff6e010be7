"""The audit log at scale: how long the audit search's pages take and how fast the
whole chain is checked, with a log of N rows (1,000,000 by default).

Fills a fresh PostgreSQL database (``--database-url``, a server URL; a database of its
own is created and dropped) with N audit rows written by INSERT … SELECT over
generate_series — the test users as actors, their agencies, chidao's actions, 50,000
task numbers, two months of instants — then times, through the use cases, the first
page and a page halfway down of several searches, and the full chain check (the
generated rows carry no valid hashes, so every row is reported: the check's worst
case). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_audit.py [--database-url postgresql://postgres@127.0.0.1:5432/postgres]
                                               [--rows 1000000]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from engine.domain.users import SYSTEM  # noqa: E402
from engine.usecases.audit_chain import verify_chain  # noqa: E402
from engine.usecases.audit_log import AuditFilter, search_log  # noqa: E402
from engine.domain.audit_actions import ACTIONS  # noqa: E402
from tests.conftest import PEOPLE, make_services  # noqa: E402

_LOGINS = [p[0] for p in PEOPLE]
_AGENCIES = sorted({p[2] for p in PEOPLE})
VALUES = {"logins": _LOGINS, "n_logins": len(_LOGINS), "agencies": _AGENCIES, "n_agencies": len(_AGENCIES),
          "actions": list(ACTIONS), "n_actions": len(ACTIONS)}

FILL = """
INSERT INTO audit_log (seq, at, actor_login, actor_name, agency_code, action, instance_id, task_id, directive_id,
                       step_id, before_json, after_json, prev_hash, hash)
SELECT s, timestamp '2025-06-01' + (s * interval '5 seconds'), (%(logins)s::text[])[1 + s %% %(n_logins)s],
       'Người dùng', (%(agencies)s::text[])[1 + s %% %(n_agencies)s], (%(actions)s::text[])[1 + s %% %(n_actions)s],
       1 + s %% 50000, 1 + s %% 50000, 1 + s %% 2000, NULL,
       '{"phase":"in_progress"}', '{"phase":"in_progress","n":' || s || '}', '', ''
FROM generate_series(%(first)s, %(last)s) AS s
"""


def timed(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    name = f"chidao_bench_audit_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = args.database_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            services = make_services(url, Path(tmp))
            start = time.perf_counter()
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("DELETE FROM audit_log")
                for first in range(1, args.rows + 1, 200_000):
                    conn.execute(FILL, {"first": first, "last": min(first + 199_999, args.rows), **VALUES})
                conn.execute("UPDATE audit_head SET seq = %(n)s", {"n": args.rows})   # appends go after them
                conn.execute("ANALYZE audit_log")
            print(f"filled {args.rows:,} rows in {time.perf_counter() - start:.1f} s")
            searches = {
                "everything": AuditFilter(),
                "one actor": AuditFilter(actor="admin"),
                "one acting agency": AuditFilter(agency="so-noi-vu"),
                "one action": AuditFilter(action="step.completed"),
                "a week": AuditFilter(date_from=date(2025, 6, 10), date_to=date(2025, 6, 16)),
            }
            for label, flt in searches.items():
                first = timed(lambda: search_log(services, SYSTEM, flt))
                page = search_log(services, SYSTEM, flt)
                deep = page.older and timed(lambda: search_log(services, SYSTEM, flt, before_id=page.older // 2 or 1))
                print(f"search {label:<18} first page {first:7.1f} ms   a page halfway {deep or 0:7.1f} ms")
            start = time.perf_counter()
            report = verify_chain(services, SYSTEM)
            seconds = time.perf_counter() - start
            print(f"chain check of {report.checked:,} rows: {seconds:.1f} s ({report.checked / seconds:,.0f} rows/s)")
            services.database.dispose()
    finally:
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
