"""Web latency with a province's worth of tasks: p50/p95 over HTTP of the inbox, a task
page and the directive list.

Fills a fresh database (SQLite by default, ``--database-url`` for PostgreSQL) with
100,000 tasks (one tracked instance each) across 100 agencies: 2,000 directives of 50
tasks, four people per agency, realistic pending steps (acceptance, monthly and
completion reports, the optional actions the inbox must skip) and a few notifications
per task — see benchmarks/web_data.py.

Then starts the real app (create_app) behind a real HTTP server (werkzeug) in a thread,
signs in over HTTP and times sequential GETs. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_web.py [--database-url URL] [--tasks 100000] [--agencies 100]
                                             [--requests 200] [--keep DIR]
"""
from __future__ import annotations

import argparse
import http.client
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select, text  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

from benchmarks.web_data import (PASSWORD, add_people, analyze, connect, fill, filled_before,  # noqa: E402
                                 pick_agencies)
from persistence.models import InstanceRow  # noqa: E402
from web.app import create_app  # noqa: E402


# ---- HTTP ------------------------------------------------------------------------------

class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass

class Client:
    """A signed-in visitor over plain HTTP (one connection per request)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        payload = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, payload

    def sign_in(self, login: str) -> None:
        _, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        status, _ = self.request("POST", "/login", {"login": login, "password": PASSWORD, "csrf_token": token})
        if status != 302:
            raise SystemExit(f"could not sign in as {login} (HTTP {status})")


def timed(client: Client, paths: list[str], requests: int, warmup: int = 5) -> dict | None:
    for path in paths[:warmup]:
        status, _ = client.request("GET", path)
        if status == 404:
            return None
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}")
    times = []
    for n in range(requests):
        path = paths[n % len(paths)]
        started = time.perf_counter()
        status, _ = client.request("GET", path)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}")
    times.sort()
    return {"p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1], "max": times[-1],
            "n": len(times)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary directory")
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=100)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep", help="keep the SQLite database in this directory (reused if it is there; a "
                                       "--database-url that was filled before is reused too)")
    parser.add_argument("--no-analyze", action="store_true", help="do not run ANALYZE after filling")
    args = parser.parse_args()

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="chidao-bench-web-"))
    workdir.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    try:
        started = time.perf_counter()
        services = connect(url, workdir)
        agencies = pick_agencies(services, args.agencies)
        if filled_before(services):
            print(f"reusing the tasks already in {url}")
        else:
            add_people(services, agencies)
            counts = fill(services, agencies, args.tasks)
            if not args.no_analyze:
                analyze(services)
            print(f"filled {url} in {time.perf_counter() - started:.0f} s: " +
                  ", ".join(f"{v:,} {k}" for k, v in counts.items()))
        with services.database.engine.connect() as conn:
            busiest = conn.execute(text(
                "SELECT assignee_login, count(*) FROM pending_steps WHERE optional = :f AND assignee_login IS NOT NULL "
                "GROUP BY assignee_login ORDER BY 2 DESC LIMIT 1"), {"f": False}).one()
            agency0 = agencies[0][1]
            task_ids = [r[0] for r in conn.execute(
                select(InstanceRow.id).where(InstanceRow.agency_id == agencies[0][0]).limit(50))]
        app = create_app(services=services)
        server = make_server("127.0.0.1", 0, app, threaded=False, request_handler=QuietHandler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        print(f"app on http://127.0.0.1:{server.server_port} ({services.database.dialect}); "
              f"{args.requests} sequential GETs per line, milliseconds")
        print(f"{'who':28} {'page':44} {'p50':>7} {'p95':>7} {'max':>7}")
        leader, officer = f"ld.{agency0}", busiest[0]
        plan = [
            (officer, "inbox", ["/"]),
            (officer, "inbox, overdue only", ["/?urgency=overdue"]),
            (leader, "inbox (with the officers' steps)", ["/"]),
            (leader, "inbox, search 'chuyển đổi số'", ["/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"]),
            (leader, "inbox, completion reports due soon", ["/?urgency=due_soon&kind=completion_report"]),
            (leader, "inbox, page 10", ["/?page=10"]),
            ("chutich", "inbox (authority: optional steps skipped)", ["/"]),
            ("thanhtra", f"inbox of {agency0[:20]} (auditor)", [f"/?agency={agency0}"]),
            (leader, "notifications", ["/notifications"]),
            (leader, "task page /tasks/<id>", [f"/tasks/{i}" for i in task_ids]),
            (leader, "directive list /directives", ["/directives"]),
        ]
        clients: dict[str, Client] = {}
        for who, label, paths in plan:
            if who not in clients:
                clients[who] = Client(server.server_port)
                clients[who].sign_in(who)
            figures = timed(clients[who], paths, args.requests)
            if figures is None:
                print(f"{who:28} {label:44}   skipped: {paths[0]} answers 404 (route not built yet)")
                continue
            print(f"{who:28} {label:44} {figures['p50']:7.1f} {figures['p95']:7.1f} {figures['max']:7.1f}")
        print(f"(busiest officer {officer}: {busiest[1]:,} pending steps of their own)")
        server.shutdown()
        services.database.dispose()
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
