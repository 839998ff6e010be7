"""Steps over HTTP: gunicorn (``-w 2`` and ``-w 4``, web.wsgi as in production) on a
fresh PostgreSQL database, driven by N concurrent REST clients (threads, http.client,
one keep-alive connection each) that read their inbox (GET /api/v1/steps) and complete
their steps (POST /api/v1/steps/<id>/complete) with personal API tokens.

The database is bench_steps.py's: instances of the default lifecycle past their first
monthly report, whose officer revises (revise_report) and leader returns (review_report)
forever. Each client has agencies of its own (agency i, i+N, …) and acts as their
officer and leader, so no two clients race for one step. Printed per worker count and N:
completions per second, and p50/p95/p99 of the completion request; beside them the
in-process rate of the same step with the workflow cache missed (every step restores
from the stored state, what a server of several workers sees), measured in the same run
on the same database.

    .venv/bin/python benchmarks/bench_http.py [--seconds 20] [--clients 1,4,16] [--workers 2,4]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_steps import START, drop_pg, fresh_pg, missed_rate, prepare_report_loop, usecase_rate, user  # noqa: E402
from engine.usecases.api_tokens import create_api_token  # noqa: E402
from tests.conftest import make_services  # noqa: E402

SECRET = "test-secret"      # tests.conftest.make_services signs the audit chain with it
LOOP_STEPS = {"revise_report": {"percent": 10, "done": "Cập nhật"},
              "review_report": {"decision": "return", "comment": "Bổ sung"}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tokens_by_agency(services) -> dict[str, dict[str, str]]:
    """Agency code → {"officer": secret, "leader": secret} for every agency with loop steps."""
    with services.uow(write=False) as uow:
        codes = sorted({s["agency_code"] for s in uow.queries.all_pending() if s["name"] in LOOP_STEPS})
    found = {}
    for code in codes:
        found[code] = {role: create_api_token(services, user(services, f"{prefix}.{code}"), "bench").secret
                       for role, prefix in (("officer", "cv"), ("leader", "ld"))}
    return found


def start_gunicorn(url: str, workers: int, port: int, workdir: Path) -> subprocess.Popen:
    env = dict(os.environ, CHIDAO_DATABASE_URL=url, CHIDAO_DATA_DIR=str(workdir / "data"), CHIDAO_MAIL_ENABLED="0",
               CHIDAO_SECRET_KEY=SECRET, CHIDAO_NOW=START.isoformat(), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                             "--log-level", "warning", "web.wsgi:app"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/openapi.json")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("gunicorn did not answer: " + proc.stderr.read().decode()[-2000:])


class Client(threading.Thread):
    def __init__(self, port: int, tokens: list[dict[str, str]], until: float):
        super().__init__(daemon=True)
        self.port, self.tokens, self.until = port, tokens, until
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def call(self, conn, method: str, path: str, token: str, body: dict | None = None):
        headers = {"Authorization": f"Bearer {token}"}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        conn.request(method, path, body=data, headers=headers)
        answer = conn.getresponse()
        return answer.status, json.loads(answer.read() or b"{}")

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        turn = 0
        while time.monotonic() < self.until and len(self.errors) < 20:
            mine = self.tokens[turn % len(self.tokens)]
            turn += 1
            for role in ("officer", "leader"):
                status, inbox = self.call(conn, "GET", "/api/v1/steps", mine[role])
                if status != 200:
                    self.errors.append(f"inbox {status}")
                    continue
                step = next((s for s in inbox["steps"] if s["name"] in LOOP_STEPS and s.get("can_act", True)), None)
                if step is None:
                    continue
                started = time.perf_counter()
                status, answer = self.call(conn, "POST", f"/api/v1/steps/{step['id']}/complete", mine[role],
                                           {"values": LOOP_STEPS[step["name"]]})
                if status == 200:
                    self.latencies.append(time.perf_counter() - started)
                else:
                    self.errors.append(f"complete {status}: {answer.get('error')}")
        conn.close()


def drive(port: int, tokens: dict, clients: int, seconds: float) -> dict:
    codes = sorted(tokens)
    until = time.monotonic() + seconds
    threads = [Client(port, [tokens[c] for c in codes[i::clients]], until) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies = sorted(x for t in threads for x in t.latencies)
    errors = [e for t in threads for e in t.errors]
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [float("nan")] * 99
    return {"clients": clients, "done": len(latencies), "rate": len(latencies) / wall,
            "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--workers", default="2,4")
    parser.add_argument("--tasks", type=int, default=4, help="tasks of the directive (each goes to every agency)")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url, name = fresh_pg(args.pg)
        try:
            services = make_services(url, workdir)
            services.mailer = None
            prepare_report_loop(services, tasks=args.tasks)
            tokens = tokens_by_agency(services)
            usecase_rate(services, 40)
            missed = missed_rate(services, 200)
            services.database.dispose()
            for workers in (int(w) for w in args.workers.split(",")):
                port = free_port()
                server = start_gunicorn(url, workers, port, workdir)
                try:
                    for clients in (int(c) for c in args.clients.split(",")):
                        rows.append(dict(drive(port, tokens, clients, args.seconds), workers=workers))
                finally:
                    server.terminate()
                    server.wait(timeout=30)
        finally:
            drop_pg(args.pg, name)
    print(f"PostgreSQL, {len(tokens)} agencies, {args.seconds:.0f} s per row; gunicorn web.wsgi:app")
    print(f"{'workers':>7} {'clients':>7} {'completions/s':>14} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'vs in-process missed':>21} errors")
    for r in rows:
        print(f"{r['workers']:>7} {r['clients']:>7} {r['rate']:>14.1f} {r['p50']:>7.1f} {r['p95']:>7.1f} "
              f"{r['p99']:>7.1f} {r['rate'] / missed:>21.0%} {len(r['errors'])} {r['errors'][:2] or ''}")
    print(f"yardstick: in process, one thread, workflow cache missed: {missed:.1f} steps/s (same database, same run)")
    print("target: over HTTP at least half the in-process missed-cache rate")


if __name__ == "__main__":
    main()
