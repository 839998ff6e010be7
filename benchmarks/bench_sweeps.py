"""Timer sweeps on PostgreSQL: one sweep in this process, then 1, 2 and 4 Celery workers
sweeping together on the real Redis broker, each timer fired exactly once.

The database: instances of the default lifecycle with their June report filed and
returned (benchmarks/bench_steps.py prepares them), cloned in bulk to ``--instances``
rows (executemany), of which ``--due`` have a timer due now. Only the due clones get
task ids of their own (a sweep writes their pending steps, keyed by task id); the others
keep their source's state as it is, since no sweep reads them — they are there so that
the claim of the next due instance runs against a table of that size. It is built once
and copied for every round (CREATE DATABASE … TEMPLATE).

Each round prints the wall time until every due instance was swept and the instances
fired per second; that each due instance fired once, and only once, is checked by
counting its «timer.fired» audit entries in the database. Beside them, the same
instances' timers fired by the engine alone (restore → fire → dump, no database): the
yardstick of this machine at the time of the run.

    .venv/bin/python benchmarks/bench_sweeps.py [--instances 10000] [--due 1000] [--workers 1,2,4]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import psycopg  # noqa: E402
from sqlalchemy import insert, select, text, update  # noqa: E402

from bench_steps import drop_pg, fresh_pg, prepare_report_loop  # noqa: E402
from config.settings import Settings  # noqa: E402
from engine.clock import FixedClock  # noqa: E402
from engine.domain.calendar import LOCAL_TZ  # noqa: E402
from engine.usecases.timers import sweep_timers  # noqa: E402
from persistence.database import Database  # noqa: E402
from persistence.models import InstanceRow  # noqa: E402
from persistence.state_blob import pack_state, unpack_state  # noqa: E402
from tests.conftest import make_services  # noqa: E402
from web.bootstrap import build_services  # noqa: E402
from web.heap import settle_heap  # noqa: E402

SWEEP_AT = datetime(2025, 6, 17, 9, 0, tzinfo=LOCAL_TZ)
SECRET = "bench-secret"
REDIS = "redis://127.0.0.1:6379/14"


def build_template(admin: str, total: int, due: int, workdir: Path) -> str:
    """A database of ``total`` instances, ``due`` of them due at SWEEP_AT; its name."""
    url, name = fresh_pg(admin)
    services = make_services(url, workdir)
    services.mailer = None
    prepare_report_loop(services, tasks=4)
    started = time.perf_counter()
    clone_instances(services, total, due, SWEEP_AT)
    print(f"generated {total:,} instances ({due:,} due) in {time.perf_counter() - started:.1f} s")
    services.database.dispose()
    return name


def clone_instances(services, total: int, due: int, now: datetime) -> None:
    with services.uow() as uow:
        session = uow.session
        source = session.get(InstanceRow, 1)
        state = unpack_state(source.state)
        task_ids = list(json.loads(state)["tasks"].keys())
        pattern = re.compile("|".join(re.escape(t) for t in task_ids))
        columns = {c.name: getattr(source, c.name) for c in InstanceRow.__table__.columns if c.name != "id"}
        existing = session.scalar(select(InstanceRow.id).order_by(InstanceRow.id.desc()).limit(1))
        later = now + timedelta(days=365)
        shared = source.state
        rows = []
        for i in range(total - existing):
            if i < due:
                mapping = {old: str(uuid.uuid4()) for old in task_ids}
                blob = pack_state(pattern.sub(lambda m: mapping[m.group(0)], state))
                rows.append(dict(columns, state=blob, version=0, next_timer_at=now - timedelta(minutes=5)))
            else:
                rows.append(dict(columns, state=shared, version=0, next_timer_at=later))
        for chunk in range(0, len(rows), 1000):
            session.execute(insert(InstanceRow), rows[chunk:chunk + 1000])
        session.execute(update(InstanceRow).where(InstanceRow.id <= existing).values(next_timer_at=later))
        uow.commit()


def copy_of(admin: str, template: str) -> tuple[str, str]:
    name = f"chidao_sweep_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return admin.rsplit("/", 1)[0] + f"/{name}", name


def settings_env(url: str, workdir: Path) -> dict:
    return {"CHIDAO_DATABASE_URL": url, "CHIDAO_DATA_DIR": str(workdir / "data"), "CHIDAO_MAIL_ENABLED": "0",
            "CHIDAO_SECRET_KEY": SECRET, "CHIDAO_NOW": SWEEP_AT.isoformat(), "CHIDAO_REDIS_URL": REDIS}


def fired_once(url: str, due: int) -> str:
    """'yes' when each of the ``due`` instances has exactly one «timer.fired» entry."""
    database = Database.from_url(url)
    try:
        with database.engine.connect() as conn:
            counts = conn.execute(text("SELECT instance_id, count(*) FROM audit_log WHERE action = 'timer.fired' "
                                       "GROUP BY instance_id")).all()
            left = conn.scalar(text("SELECT count(*) FROM instances WHERE next_timer_at <= :now"),
                               {"now": SWEEP_AT})
    finally:
        database.dispose()
    twice = sum(1 for _, n in counts if n > 1)
    if len(counts) == due and not twice and not left:
        return "yes"
    return f"NO: {len(counts)} fired, {twice} more than once, {left} still due"


def in_process_round(admin: str, template: str, due: int, workdir: Path) -> dict:
    url, name = copy_of(admin, template)
    try:
        settings = Settings.from_env(settings_env(url, workdir))
        services = build_services(settings, clock=FixedClock(SWEEP_AT))
        services.mailer = None
        settle_heap()                  # as `chidao tick` and the Celery worker do after start-up
        started = time.perf_counter()
        result = sweep_timers(services)
        seconds = time.perf_counter() - started
        services.database.dispose()
        return {"seconds": seconds, "instances": result.instances, "checked": fired_once(url, due)}
    finally:
        drop_pg(admin, name)


def engine_only_rate(admin: str, template: str, count: int, workdir: Path) -> float:
    """Instances per second whose due timers the engine alone fires: restore → fire → dump."""
    url, name = copy_of(admin, template)
    try:
        services = build_services(Settings.from_env(settings_env(url, workdir)), clock=FixedClock(SWEEP_AT))
        with services.uow(write=False) as uow:
            rows = uow.session.execute(select(InstanceRow.state, InstanceRow.process_version_id)
                                       .where(InstanceRow.next_timer_at <= SWEEP_AT).limit(count)).all()
            process = services.processes.get(uow, rows[0][1])
        states = [unpack_state(r[0]) for r in rows]
        runtime = services.runtime
        started = time.perf_counter()
        for state in states:
            run = runtime.restore(process, state)
            runtime.fire_due_timers(run)
            runtime.dump(run)
        rate = len(states) / (time.perf_counter() - started)
        services.database.dispose()
        return rate
    finally:
        drop_pg(admin, name)


def celery_round(admin: str, template: str, due: int, workers: int, workdir: Path) -> dict:
    url, name = copy_of(admin, template)
    queue = f"chidao-bench-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, **settings_env(url, workdir), PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-m", "celery", "-A", "web.worker", "worker", "--pool", "solo",
                               "-Q", queue, "-n", f"bench{n}-{queue}@%h", "--loglevel", "WARNING",
                               "--without-gossip", "--without-mingle", "--without-heartbeat"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for n in range(workers)]
    try:
        from web import worker
        worker.celery.conf.update(broker_url=REDIS, result_backend=REDIS)
        wait_for_workers(worker.celery, workers)
        warm_up(url, worker, queue, workers)
        started = time.perf_counter()
        results = [worker.sweep.apply_async(queue=queue) for _ in range(workers)]
        done = [r.get(timeout=600) for r in results]
        seconds = time.perf_counter() - started
        return {"workers": workers, "seconds": seconds, "instances": sum(d["instances"] for d in done),
                "per_worker": [d["instances"] for d in done], "checked": fired_once(url, due),
                "rss_mb": [rss_mb(p.pid) for p in procs]}
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        drop_pg(admin, name)


def rss_mb(pid: int) -> float:
    """VmRSS of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def warm_up(url: str, worker, queue: str, workers: int) -> None:
    """Each worker builds its services on its first task: three sweeps per worker are run
    first while the due instances are moved a thousand days on, then moved back."""
    database = Database.from_url(url)
    shift = "UPDATE instances SET next_timer_at = next_timer_at {} interval '1000 days' WHERE {}"
    try:
        with database.engine.begin() as conn:
            conn.execute(text(shift.format("+", "next_timer_at <= :now")), {"now": SWEEP_AT})
        for _ in range(3):
            for r in [worker.sweep.apply_async(queue=queue) for _ in range(workers)]:
                r.get(timeout=300)
        with database.engine.begin() as conn:
            conn.execute(text(shift.format("-", "next_timer_at > :then")), {"then": SWEEP_AT + timedelta(days=999)})
    finally:
        database.dispose()


def wait_for_workers(app, count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        if len([r for r in replies if any(k.startswith("bench") for k in r)]) >= count:
            return
    raise RuntimeError(f"{count} Celery workers did not answer within {timeout} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instances", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        template = build_template(args.pg, args.instances, args.due, workdir)
        try:
            yardstick = engine_only_rate(args.pg, template, min(args.due, 200), workdir)
            one = in_process_round(args.pg, template, args.due, workdir)
            rounds = [celery_round(args.pg, template, args.due, int(n), workdir) for n in args.workers.split(",")]
        finally:
            drop_pg(args.pg, template)
    print(f"PostgreSQL, {args.instances:,} instances of which {args.due:,} due")
    print(f"{'sweeping':<22} {'seconds':>8} {'instances/s':>12} {'fired':>6}  each fired exactly once")
    print(f"{'one sweep, in process':<22} {one['seconds']:>8.2f} {one['instances'] / one['seconds']:>12.1f} "
          f"{one['instances']:>6}  {one['checked']}")
    for r in rounds:
        label = f"{r['workers']} Celery worker" + ("s" if r["workers"] > 1 else "")
        print(f"{label:<22} {r['seconds']:>8.2f} {r['instances'] / r['seconds']:>12.1f} {r['instances']:>6}  "
              f"{r['checked']} (per worker: {', '.join(map(str, r['per_worker']))}; "
              f"VmRSS after: {', '.join(f'{m:.0f}' for m in r['rss_mb'])} MB)")
    print(f"yardstick: the engine alone (restore → fire → dump, no database) {yardstick:.1f} instances/s")
    print("target: one sweep of 10,000 instances with 1,000 due under 10 s")


if __name__ == "__main__":
    main()
