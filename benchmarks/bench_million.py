"""Read latency with a province at full scale: p50/p95 of the use cases the web pages
call, in process, on a database benchmarks/generate_million.py filled; then a few
pages over HTTP through gunicorn -w 2, and the memory (VmRSS) of a web worker after
serving them and of a Celery worker after a sweep over that database.

Each measured call is a different user or agency than the one before (rotating through
the generated agencies), so what a call reads is rarely what the previous one left in
PostgreSQL's caches of this process. Beside the figures, the yardstick of the same run:
a trivial ``SELECT 1`` round trip through the unit of work, and — with
``--yardstick-database`` — the same use cases on a small database.

The monthly summary's readings are benchmarks/million_monthly.py's (the one thing the
bench writes: it deletes kept month-end counts, a cache, to time first readings).

    .venv/bin/python benchmarks/bench_million.py [--database chidao_million] [--requests 50]
                                                 [--yardstick-database chidao_million_10k] [--no-http]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from benchmarks.bench_http import free_port  # noqa: E402
from benchmarks.bench_web import Client  # noqa: E402
from benchmarks.generate_million import server_url  # noqa: E402
from benchmarks.web_data import NOW  # noqa: E402
from config.settings import Settings  # noqa: E402
from engine.clock import FixedClock  # noqa: E402
from engine.usecases.audit_log import AuditFilter, search_log  # noqa: E402
from engine.usecases.directive_view import dashboard, task_list_view  # noqa: E402
from engine.usecases.inbox import inbox  # noqa: E402
from benchmarks.million_monthly import Deferred, monthly_plan  # noqa: E402
from engine.usecases.queries import directives_page  # noqa: E402
from web.bootstrap import build_services  # noqa: E402

SECRET = "bench-secret"
MONITOR_LOGIN, AUDITOR_LOGIN = "theodoi", "thanhtra"


def settings_env(url: str, workdir: Path) -> dict:
    return {"CHIDAO_DATABASE_URL": url, "CHIDAO_DATA_DIR": str(workdir / "data"), "CHIDAO_MAIL_ENABLED": "0",
            "CHIDAO_SECRET_KEY": SECRET, "CHIDAO_NOW": NOW.isoformat(), "CHIDAO_REDIS_URL": "redis://127.0.0.1:6379/14"}


def open_services(url: str, workdir: Path):
    services = build_services(Settings.from_env(settings_env(url, workdir)), clock=FixedClock(NOW))
    services.mailer = None
    return services


def agency_codes(services) -> list[str]:
    with services.database.engine.connect() as conn:
        return [r[0] for r in conn.execute(text(
            "SELECT DISTINCT a.code FROM instances i JOIN agencies a ON a.id = i.agency_id ORDER BY 1"))]


def percentiles(times: list[float]) -> dict:
    times = sorted(times)
    return {"p50": statistics.median(times), "p95": times[max(0, int(round(len(times) * 0.95)) - 1)],
            "max": times[-1], "n": len(times)}


def timed(calls) -> dict:
    """Milliseconds of each call of ``calls`` (an iterable of zero-argument functions)."""
    times = []
    for call in calls:
        if isinstance(call, Deferred):
            call = call.prepare()
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return percentiles(times)


def in_process(services, requests: int, heavy: int, summary_requests: int, only: str = "") -> list[tuple[str, dict]]:
    codes = agency_codes(services)
    with services.database.engine.connect() as conn:
        directive_ids = [r[0] for r in conn.execute(text("SELECT id FROM directives ORDER BY id"))]
    with services.uow(write=False) as uow:
        people = {login: uow.users.by_login(login) for login in
                  [f"cv{1 + n % 3}.{c}" for n, c in enumerate(codes)] + [f"ld.{c}" for c in codes]
                  + [MONITOR_LOGIN, AUDITOR_LOGIN]}
    monitor, auditor = people[MONITOR_LOGIN], people[AUDITOR_LOGIN]

    def rotate(n: int, make):
        return [make(k) for k in range(n)]

    def officer(k):
        return people[f"cv{1 + k % 3}.{codes[k % len(codes)]}"]

    def leader(k):
        return people[f"ld.{codes[k % len(codes)]}"]

    def select_one():
        with services.uow(write=False) as uow:
            uow.session.execute(text("SELECT 1")).scalar()

    status_sets = (("overdue",), ("on_track", "due_soon"), ("awaiting_acceptance", "acceptance_late"),
                   ("done_on_time", "done_late"))
    plan = [
        ("yardstick: SELECT 1 through the unit of work", rotate(requests, lambda k: select_one)),
        ("inbox of an officer", rotate(requests, lambda k: lambda: inbox(services, officer(k)))),
        ("inbox of a leader", rotate(requests, lambda k: lambda: inbox(services, leader(k)))),
        ("inbox of the monitor (whole province)", rotate(requests, lambda k: lambda: inbox(services, monitor))),
        ("task list, by status and agency (monitor)", rotate(requests, lambda k: lambda: task_list_view(
            services, monitor, agency=codes[k % len(codes)], statuses=status_sets[k % len(status_sets)]))),
        ("task list, by status (leader, own agency)", rotate(requests, lambda k: lambda: task_list_view(
            services, leader(k), statuses=status_sets[k % len(status_sets)]))),
        ("directive list, page 1 (monitor)", rotate(requests, lambda k: lambda: directives_page(
            services, monitor, 50, 0))),
        ("directive list, page 1 (leader)", rotate(requests, lambda k: lambda: directives_page(
            services, leader(k), 50, 0))),
        ("dashboard, whole province (monitor)", rotate(heavy, lambda k: lambda: dashboard(services, monitor))),
        ("dashboard of one agency (monitor)", rotate(heavy, lambda k: lambda: dashboard(
            services, monitor, agency=codes[k % len(codes)]))),
        ("dashboard (leader, own agency)", rotate(heavy, lambda k: lambda: dashboard(services, leader(k)))),
        ("audit search, by agency (auditor)", rotate(requests, lambda k: lambda: search_log(
            services, auditor, AuditFilter(agency=codes[k % len(codes)])))),
        ("audit search, by action (auditor)", rotate(requests, lambda k: lambda: search_log(
            services, auditor, AuditFilter(action=("instance.started", "step.completed")[k % 2])))),
        ("audit search, unfiltered first page", rotate(requests, lambda k: lambda: search_log(
            services, auditor, AuditFilter()))),
    ]
    plan = [(label, calls, "first") for label, calls in plan]
    plan += monthly_plan(services, monitor, leader, directive_ids, summary_requests, requests)
    out = []
    for label, calls, warm in plan:
        if only and only not in label and not label.startswith("yardstick"):
            continue
        if warm == "first":
            calls[0]()      # the first call of a kind compiles its statements
        elif warm is not None:
            warm()
        out.append((label, timed(calls)))
        print(f"  {label}: p95 {out[-1][1]['p95']:.1f} ms", flush=True)
    return out


# ---- over HTTP, and the workers' memory ------------------------------------------------

def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as handle:
            found += [int(p) for p in handle.read().split()]
    return found


def start_gunicorn(url: str, port: int, workdir: Path) -> subprocess.Popen:
    env = dict(os.environ, **settings_env(url, workdir), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
                             "--log-level", "warning", "--timeout", "300", "web.wsgi:app"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            status, _ = Client(port).request("GET", "/login")
            if status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("gunicorn did not answer: " + proc.stderr.read().decode()[-2000:])


def over_http(url: str, codes: list[str], requests: int, heavy: int, workdir: Path) -> tuple[list, list[float]]:
    port = free_port()
    proc = start_gunicorn(url, port, workdir)
    try:
        signed: dict[str, Client] = {}

        def client(login: str) -> Client:
            if login not in signed:
                signed[login] = Client(port)
                signed[login].sign_in(login)
            return signed[login]

        def get(login: str, path: str):
            def call():
                status, _ = client(login).request("GET", path)
                if status != 200:
                    raise SystemExit(f"GET {path} as {login} answered {status}")
            return call

        n = min(requests, len(codes))
        plan = [
            ("GET / (inbox), officers", [get(f"cv1.{codes[k]}", "/") for k in range(n)]),
            ("GET / (inbox), leaders", [get(f"ld.{codes[k]}", "/") for k in range(n)]),
            ("GET / (inbox), the monitor", [get(MONITOR_LOGIN, "/") for _ in range(n)]),
            ("GET /directives (monitor)", [get(MONITOR_LOGIN, "/directives") for _ in range(n)]),
            ("GET /dashboard (monitor)", [get(MONITOR_LOGIN, "/dashboard") for _ in range(heavy)]),
        ]
        out = []
        for login in [f"cv1.{c}" for c in codes[:n]] + [f"ld.{c}" for c in codes[:n]] + [MONITOR_LOGIN]:
            client(login)           # signing in is not what is timed
        for label, calls in plan:
            calls[0]()
            out.append((label, timed(calls)))
            print(f"  {label}: p95 {out[-1][1]['p95']:.1f} ms", flush=True)
        return out, [rss_mb(pid) for pid in children(proc.pid)]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def celery_rss(url: str, workdir: Path) -> tuple[float, float, dict]:
    """VmRSS of one Celery worker (solo pool) once started and after a sweep over ``url``."""
    import uuid

    from benchmarks.bench_sweeps import wait_for_workers
    queue = f"chidao-million-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, **settings_env(url, workdir), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "web.worker", "worker", "--pool", "solo",
                             "-Q", queue, "-n", f"bench-{queue}@%h", "--loglevel", "WARNING", "--without-gossip",
                             "--without-mingle", "--without-heartbeat"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        from web import worker
        worker.celery.conf.update(broker_url=env["CHIDAO_REDIS_URL"], result_backend=env["CHIDAO_REDIS_URL"])
        wait_for_workers(worker.celery, 1)
        before = rss_mb(proc.pid)
        result = worker.sweep.apply_async(queue=queue).get(timeout=600)
        return before, rss_mb(proc.pid), result
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def database_facts(services) -> str:
    with services.database.engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM instances")).scalar()
        size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
    return f"{n:,} assignments, {size / 2**20:,.0f} MB"


def print_table(title: str, rows: list[tuple[str, dict]], beside: dict[str, dict] | None = None) -> None:
    print(title)
    head = f"{'use case':48} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'n':>4}"
    print(head + (f" {'small p50':>10} {'small p95':>10}" if beside else ""))
    for label, f in rows:
        line = f"{label:48} {f['p50']:8.1f} {f['p95']:8.1f} {f['max']:8.1f} {f['n']:4d}"
        if beside and label in beside:
            line += f" {beside[label]['p50']:10.1f} {beside[label]['p95']:10.1f}"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="chidao_million")
    parser.add_argument("--yardstick-database", help="a small database generated the same way (e.g. 10,000)")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--heavy-requests", type=int, default=10, help="of the dashboards (seconds each at 1M)")
    parser.add_argument("--summary-requests", type=int, default=6,
                        help="of the whole province's monthly summary (its first reading of a month counts "
                             "every assignment; the bench empties the kept counts before each such call)")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--only", default="", help="time only the use cases whose label contains this, in process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        beside, small = None, ""
        if args.yardstick_database:
            services = open_services(server_url(args.yardstick_database), workdir)
            small = database_facts(services)
            print(f"yardstick database {args.yardstick_database}: {small}", flush=True)
            beside = dict(in_process(services, args.requests, args.heavy_requests, args.summary_requests, args.only))
            services.database.dispose()
        url = server_url(args.database)
        services = open_services(url, workdir)
        facts = database_facts(services)
        print(f"database {args.database}: {facts}", flush=True)
        rows = in_process(services, args.requests, args.heavy_requests, args.summary_requests, args.only)
        codes = agency_codes(services)
        services.database.dispose()
        http_rows, web_rss = ([], []) if args.no_http or args.only else over_http(
            url, codes, args.requests, args.heavy_requests, workdir)
        celery = None if args.only else celery_rss(url, workdir)
    print()
    print_table(f"in process, PostgreSQL, {facts}" + (f" (small: {small})" if small else ""), rows, beside)
    if http_rows:
        print()
        print_table("over HTTP, gunicorn -w 2, sequential GETs (signed in beforehand)", http_rows)
        print(f"VmRSS of the gunicorn web workers after serving those pages: "
              + ", ".join(f"{r:.0f} MB" for r in web_rss))
    if celery:
        print(f"VmRSS of a Celery worker (solo pool): {celery[0]:.0f} MB started, {celery[1]:.0f} MB after a sweep "
              f"over the database ({celery[2]})")
    print("target: inbox p95 < 50 ms for an officer, a leader and a monitor")


if __name__ == "__main__":
    main()
