"""A province at full scale on PostgreSQL: 1,000,000 assignments by default, bulk-written
with COPY into a fresh database for benchmarks/bench_million.py.

The database is created (``--database``; dropped first if it exists), migrated by the
product's own path (persistence.migrate.upgrade), the real agency registry loaded and
the processes deployed (benchmarks/web_data.connect). Then 150 agencies get a leader
and three officers each, and the engine itself produces the templates: a task just
launched (awaiting acceptance) and the same task accepted with its completion report
open (benchmarks/web_data.templates) — their stored states and pending steps are copied
to every generated instance, re-addressed to its agency and officer.

Generated: 2,000 directives issued over ten months, ``--assignments`` tasks (one lead
agency, one instance each) in the phases awaiting acceptance, in progress, awaiting
confirmation, suspended and completed; 10 % of all assignments open past their
deadline; pending steps; notifications; audit rows (instance started, acceptance);
the instance facts history (a row at the launch, one at the acceptance, one at the
closing). Tasks, instances and pending steps go through COPY from this process; the
rows derived from instances (facts, audit, notifications) by INSERT … SELECT on the
server. Prints the generation time and the database size.

    .venv/bin/python benchmarks/generate_million.py [--assignments 1000000] [--database chidao_million]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from sqlalchemy import select  # noqa: E402

from benchmarks.million_sql import DERIVED  # noqa: E402
from benchmarks.web_data import (AUTHORITY, MONITOR, NOW, SUBJECTS, TODAY, VERBS, add_people, connect,  # noqa: E402
                                 templates)
from persistence.models import AgencyRow  # noqa: E402

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
DIRECTIVES = 2_000
AGENCIES = 150
HISTORY_DAYS = 300
# phase → share of all assignments (the open ones past their deadline are chosen apart)
PHASES = (("awaiting_acceptance", 0.08), ("in_progress", 0.57), ("awaiting_confirmation", 0.07),
          ("suspended", 0.03), ("completed", 0.25))
OVERDUE = 0.10


def server_url(name: str) -> str:
    return ADMIN.rsplit("/", 1)[0] + f"/{name}"


def fresh_database(name: str) -> str:
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url(name)


def pick_agencies(services, count: int) -> list[tuple[int, str, str]]:
    """The registry's first ``count`` agencies in force, the monitor and the authority
    aside, departments and communes first (the registry holds about 150 in all)."""
    order = {"department": 0, "commune": 1, "provincial": 2, "unit": 3, "district": 4}
    with services.database.engine.connect() as conn:
        rows = conn.execute(select(AgencyRow.id, AgencyRow.code, AgencyRow.name, AgencyRow.kind)
                            .where(AgencyRow.valid_to.is_(None), AgencyRow.code.notin_((MONITOR, AUTHORITY)))
                            .order_by(AgencyRow.id)).all()
    rows = sorted(rows, key=lambda r: (order.get(r.kind, 5), r.id))
    return [(r.id, r.code, r.name) for r in rows[:count]]


def pick_phase(roll: float) -> str:
    for phase, share in PHASES:
        if roll < share:
            return phase
        roll -= share
    return PHASES[-1][0]


class Plan:
    """What each assignment is, decided once (seeded) and read by every table's pass."""

    def __init__(self, count: int, agencies, seed: int = 2026):
        rng = random.Random(seed)
        self.issued = [TODAY - timedelta(days=rng.randint(10, HISTORY_DAYS)) for _ in range(DIRECTIVES)]
        open_share = sum(s for p, s in PHASES if p != "completed")
        self.rows = []
        for i in range(count):
            d = i * DIRECTIVES // count
            phase = pick_phase(rng.random())
            issued = self.issued[d]
            age = (TODAY - issued).days
            if phase != "completed" and rng.random() < OVERDUE / open_share:
                due = TODAY - timedelta(days=rng.randint(1, max(1, min(age, 120))))
            elif rng.random() < 0.08:
                due = None
            else:
                due = TODAY + timedelta(days=rng.randint(1, 240))
                if phase == "completed":
                    due = issued + timedelta(days=rng.randint(20, 200))
            agency = agencies[i % len(agencies)]
            officer = None if phase == "awaiting_acceptance" else f"cv{1 + i % 3}.{agency[1]}"
            created = datetime.combine(issued, datetime.min.time(), tzinfo=timezone.utc) + timedelta(hours=2)
            closed = None
            if phase == "completed":
                span = max(1, min(age - 1, 200))
                closed = created + timedelta(days=rng.randint(1, span))
            self.rows.append((d, phase, due, agency, officer, created, closed, rng.random()))


def copy_directives(conn, plan: Plan, first: int) -> None:
    columns = ("id", "number", "doc_type", "issuer", "issued_on", "issued_month", "signer", "title", "body",
               "monitor_agency", "authority_agency", "created_by", "created_at")
    with conn.cursor().copy(f"COPY directives ({', '.join(columns)}) FROM STDIN") as copy:
        for d, issued in enumerate(plan.issued):
            kind = ("KH", "TB", "CV", "QĐ", "CT")[d % 5]
            copy.write_row((first + d, f"{d + 100}/{kind}-UBND", kind, "UBND tỉnh An Giang", issued,
                            f"{issued:%Y-%m}", "Hồ Văn Mừng",
                            f"Kế hoạch triển khai nhiệm vụ {SUBJECTS[d % len(SUBJECTS)]} (đợt {d + 1})", "",
                            MONITOR, "ubnd-tinh-an-giang", "system",
                            datetime.combine(issued, datetime.min.time(), tzinfo=timezone.utc)))


def copy_tasks(conn, plan: Plan, first_directive: int, first_task: int) -> None:
    columns = ("id", "directive_id", "position", "ref", "summary", "lead", "coordinating", "coordinating_groups",
               "deadline_kind", "deadline_value", "deadline_before", "deadline_text", "product")
    per = {}
    with conn.cursor().copy(f"COPY tasks ({', '.join(columns)}) FROM STDIN") as copy:
        for i, (d, phase, due, agency, *_rest) in enumerate(plan.rows):
            position = per[d] = per.get(d, -1) + 1
            summary = f"{VERBS[i % len(VERBS)]} {SUBJECTS[(i // 7) % len(SUBJECTS)]} tại địa bàn (nhiệm vụ {i + 1})"
            copy.write_row((first_task + i, first_directive + d, position, str(position + 1), summary,
                            json.dumps([agency[2]], ensure_ascii=False), "[]", "[]",
                            "date" if due else "none", due.isoformat() if due else None, False,
                            f"chậm nhất {due:%d/%m/%Y}" if due else None, "Báo cáo kết quả"))


def copy_instances(conn, plan: Plan, tpl: dict, first_task: int, first_instance: int) -> None:
    columns = ("id", "task_id", "agency_id", "process_version_id", "state", "version", "next_timer_at", "phase",
               "deadline_kind", "due_date", "original_due_date", "officer_login", "submitted_at",
               "due_at_submission", "closed_at", "completed_on_time", "submitted_on_time", "accept_due",
               "suspended_at", "outcome", "percent", "created_at", "updated_at")
    with conn.cursor().copy(f"COPY instances ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(["int4", "int4", "int4", "int4", "bytea", "int4", "timestamptz", "varchar", "varchar", "date",
                        "date", "varchar", "timestamptz", "date", "timestamptz", "bool", "bool", "date",
                        "timestamptz", "varchar", "int4", "timestamptz", "timestamptz"])
        for i, (d, phase, due, agency, officer, created, closed, roll) in enumerate(plan.rows):
            template = tpl["awaiting_acceptance" if phase == "awaiting_acceptance" else "in_progress"]
            submitted = closed if closed else (created + timedelta(days=20) if phase == "awaiting_confirmation"
                                               else None)
            on_time = (roll < 0.75) if closed else None
            submitted_on_time = (submitted.date() <= due if due else True) if submitted else None
            copy.write_row((
                first_instance + i, first_task + i, agency[0], template["version"], template["state"], 1, None,
                phase, "date" if due else "none", due, due, officer, submitted, due if submitted else None, closed,
                on_time, submitted_on_time,
                (created + timedelta(days=5)).date() if phase == "awaiting_acceptance" else None,
                created + timedelta(days=30) if phase == "suspended" else None,
                "completed" if closed else None, int(roll * 90) if officer else None, created,
                closed or created + timedelta(days=2)))


def copy_steps(conn, plan: Plan, tpl: dict, agency_ids: dict, template_agency: str, first_instance: int) -> int:
    columns = ("id", "instance_id", "name", "title", "form", "role", "agency_id", "assignee_login", "due_date",
               "optional", "created_at")
    rng = random.Random(7)
    written = 0
    with conn.cursor().copy(f"COPY pending_steps ({', '.join(columns)}) FROM STDIN") as copy:
        for i, (d, phase, due, agency, officer, created, closed, _roll) in enumerate(plan.rows):
            if phase in ("completed", "suspended"):
                continue
            template = tpl["awaiting_acceptance" if phase == "awaiting_acceptance" else "in_progress"]
            for step in template["steps"]:
                form = step["form"]
                if phase == "awaiting_confirmation" and form == "completion_report":
                    continue
                code = agency[1] if step["agency_code"] == template_agency else step["agency_code"]
                if form == "accept":
                    step_due = (created + timedelta(days=5)).date()
                elif form == "completion_report":
                    step_due = due
                else:
                    step_due = step["due_date"]
                copy.write_row((str(uuid.UUID(int=rng.getrandbits(128))), first_instance + i, step["name"],
                                step["title"], form, step["role"], agency_ids.get(code),
                                officer if step["assignee_login"] else None, step_due, step["optional"], created))
                written += 1
    return written


def generate(name: str, assignments: int) -> dict:
    started = time.perf_counter()
    url = fresh_database(name)
    with tempfile.TemporaryDirectory() as tmp:
        services = connect(url, Path(tmp))
        agencies = pick_agencies(services, AGENCIES)
        add_people(services, agencies)
        tpl = templates(services, agencies[0][1], agencies[0][2])
        services.database.dispose()
    timings = {"schema, registry, people, templates": time.perf_counter() - started}
    plan_started = time.perf_counter()
    plan = Plan(assignments, agencies)
    timings["plan (Python)"] = time.perf_counter() - plan_started
    counts = {}
    with psycopg.connect(url) as conn:
        def next_id(table: str) -> int:
            return conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0]

        agency_ids = dict(conn.execute("SELECT code, id FROM agencies").fetchall())
        first_directive, first_task, first_instance = next_id("directives"), next_id("tasks"), next_id("instances")
        seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_log").fetchone()[0]

        def step(label: str, fn) -> None:
            at = time.perf_counter()
            fn()
            conn.commit()
            timings[label] = time.perf_counter() - at
            print(f"  {label}: {timings[label]:.1f} s", flush=True)

        step("COPY directives", lambda: copy_directives(conn, plan, first_directive))
        step("COPY tasks", lambda: copy_tasks(conn, plan, first_directive, first_task))
        step("COPY instances", lambda: copy_instances(conn, plan, tpl, first_task, first_instance))
        step("COPY pending steps", lambda: counts.__setitem__(
            "pending_steps", copy_steps(conn, plan, tpl, agency_ids, agencies[0][1], first_instance)))
        for n, sql in enumerate(DERIVED):
            label = (("facts",) * 4 + ("notifications",) * 3 + ("audit",))[n]
            step(f"INSERT … SELECT {label} ({n + 1})", lambda sql=sql: conn.execute(
                sql, {"first": first_instance, "seq": seq, "today": TODAY}))
    with psycopg.connect(url, autocommit=True) as conn:
        at = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        timings["VACUUM ANALYZE"] = time.perf_counter() - at
        for table in ("directives", "tasks", "instances", "pending_steps", "instance_facts", "notifications",
                      "audit_log"):
            counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        overdue = conn.execute("SELECT count(*) FROM instances WHERE closed_at IS NULL AND due_date < %s",
                               (TODAY,)).fetchone()[0]
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return {"seconds": time.perf_counter() - started, "timings": timings, "counts": counts, "size": size,
            "overdue": overdue, "url": url}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assignments", type=int, default=1_000_000)
    parser.add_argument("--database", default="chidao_million")
    args = parser.parse_args()
    print(f"generating {args.assignments:,} assignments into {args.database} (today {NOW:%d/%m/%Y})", flush=True)
    result = generate(args.database, args.assignments)
    counts = result["counts"]
    print(", ".join(f"{v:,} {k}" for k, v in counts.items()))
    print(f"open past their deadline: {result['overdue']:,} ({result['overdue'] / counts['instances']:.1%})")
    print(f"generated in {result['seconds']:.0f} s; database size {result['size'] / 2**20:,.0f} MB "
          f"(pg_database_size)")


if __name__ == "__main__":
    main()
