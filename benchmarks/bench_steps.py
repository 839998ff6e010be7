"""Step throughput, printed for SQLite and PostgreSQL in one run.

1. Steps per second through the use-case layer (complete_step: load, validate, restore,
   complete, save with the optimistic lock, pending steps, report version, audit,
   notifications, commit), round-robin over many instances, from one thread:
   - cache hit: the workflow of the instance's previous step is still in this process's
     memory (engine/bpmn/run_cache.py), so the step skips the restore;
   - cache missed: the cache holds nothing, so every step restores the workflow from its
     stored state, as nearly every step does on a server of several workers with many
     open assignments;
   then from THREADS threads of the same process (cache hit), each on its own instances.
2. Beside them, the raw SpiffWorkflow rate for the same step: deserialize_json (with
   its spec) → complete the ready task → serialize_json, no database.
3. One sweep over 10,000 instances of which 1,000 are due (skip with --skip-sweep;
   benchmarks/bench_sweeps.py measures sweeps on PostgreSQL with Celery workers).

    .venv/bin/python benchmarks/bench_steps.py [--steps 400] [--pg postgresql://postgres@127.0.0.1/postgres]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402
from sqlalchemy import insert, select, update  # noqa: E402
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer  # noqa: E402
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG  # noqa: E402
from SpiffWorkflow.util.task import TaskState  # noqa: E402

from engine.bpmn.run_cache import RunCache  # noqa: E402
from engine.bpmn.script_engine import StepScope, enter_scope, leave_scope  # noqa: E402
from engine.clock import clock_in_effect  # noqa: E402
from engine.domain.calendar import LOCAL_TZ  # noqa: E402
from engine.domain.users import User  # noqa: E402
from engine.usecases.directives import import_directive  # noqa: E402
from engine.usecases.steps import complete_step  # noqa: E402
from engine.usecases.timers import sweep_timers  # noqa: E402
from persistence.models import InstanceRow  # noqa: E402
from persistence.state_blob import pack_state, unpack_state  # noqa: E402
from tests.conftest import make_services, small_directive  # noqa: E402
from web.heap import settle_heap  # noqa: E402

START = datetime(2025, 6, 2, 9, 0, tzinfo=LOCAL_TZ)
THREADS = 4


def user(services, login):
    with services.uow(write=False) as uow:
        return uow.users.by_login(login)


def staff_everyone(services):
    """A leader and an officer for every agency that has a task."""
    with services.uow() as uow:
        codes = {s["agency_code"] for s in uow.queries.all_pending()}
        for code in codes:
            for prefix, role in (("ld", "leader"), ("cv", "officer")):
                if uow.users.by_login(f"{prefix}.{code}") is None:
                    uow.users.add(User(login=f"{prefix}.{code}", name=f"{role} {code}", agency_code=code,
                                       roles=frozenset({role}), email=f"{prefix}.{code}@bench.test"))
        uow.commit()


def pending(services, name):
    with services.uow(write=False) as uow:
        return [s for s in uow.queries.all_pending() if s["name"] == name]


def pending_loop_steps(services):
    """The revise_report and review_report steps open now (one of them per instance)."""
    with services.uow(write=False) as uow:
        return [s for s in uow.queries.all_pending() if s["name"] in ("revise_report", "review_report")]


def prepare_report_loop(services, tasks: int):
    """Instances with a monthly report filed and returned once: from there the
    steps revise_report (officer) ↔ review_report 'return' (leader) repeat forever."""
    payload = small_directive(lead=["@so_ban_nganh"], coordinating=[])
    payload["tasks"] = [dict(payload["tasks"][0], ref=str(i), summary=f"Nhiệm vụ thử {i}") for i in range(tasks)]
    import_directive(services, user(services, "admin"), payload)
    staff_everyone(services)
    for step in pending(services, "accept"):
        complete_step(services, user(services, f"ld.{step['agency_code']}"), step["id"],
                      {"decision": "accept", "officer": f"cv.{step['agency_code']}"})
    for step in pending(services, "monthly_report"):
        complete_step(services, user(services, step["assignee_login"]), step["id"], {"percent": 5, "done": "Bắt đầu"})
    for step in pending(services, "review_report"):
        complete_step(services, user(services, f"ld.{step['agency_code']}"), step["id"],
                      {"decision": "return", "comment": "Bổ sung"})


def usecase_rate(services, steps: int, threads: int = 1) -> float:
    """Steps per second; with ``threads`` > 1, that many threads of this one process
    (as a threaded web server runs them), each on its own instances."""
    if threads == 1:
        started = time.perf_counter()
        _complete_steps(services, steps)
        return steps / (time.perf_counter() - started)
    share, errors = steps // threads, []

    def work(mine):
        try:
            _complete_steps(services, share, threads, mine)
        except Exception as error:  # noqa: BLE001 - reported below, the figure would be wrong
            errors.append(error)

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        raise errors[0]
    return share * threads / (time.perf_counter() - started)


def _complete_steps(services, steps: int, threads: int = 1, mine: int = 0) -> None:
    users = {}

    def who(login):
        if login not in users:
            users[login] = user(services, login)
        return users[login]

    done = 0
    while done < steps:
        batch = [s for s in pending_loop_steps(services) if s["instance_id"] % threads == mine]
        for step in batch:
            if done >= steps:
                break
            if step["name"] == "revise_report":
                complete_step(services, who(step["assignee_login"]), step["id"], {"percent": 10, "done": "Cập nhật"})
            else:
                complete_step(services, who(f"ld.{step['agency_code']}"), step["id"],
                              {"decision": "return", "comment": "Bổ sung"})
            done += 1
        if not batch:
            raise RuntimeError("no step to complete")


def raw_spiff_rate(services, steps: int) -> float:
    """deserialize_json → complete the ready task → serialize_json, as SpiffWorkflow ships."""
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    with services.uow(write=False) as uow:
        row = uow.instances.get(1)
        process = services.processes.get(uow, row.process_version_id)
    run = services.runtime.restore(process, row.state)
    blob = serializer.serialize_json(run.workflow)
    engine = services.runtime.script_engine
    scope = StepScope(rules=services.runtime.rules(process), clock=services.clock)
    token = enter_scope(scope)     # the same clock and helpers the use cases run with
    try:
        with clock_in_effect(services.clock):
            started = time.perf_counter()
            for _ in range(steps):
                workflow = serializer.deserialize_json(blob)
                workflow.script_engine = engine
                task = next(t for t in workflow.get_tasks(state=TaskState.READY, manual=True)
                            if t.task_spec.name in ("revise_report", "review_report"))
                task.data["decision"] = "return"
                task.run()
                workflow.do_engine_steps()
                blob = serializer.serialize_json(workflow)
            return steps / (time.perf_counter() - started)
    finally:
        leave_scope(token)


def clone_instances(services, total: int, due: int) -> None:
    """Grow to ``total`` instances by cloning instance 1 with fresh task ids; only
    ``due`` of them have a timer due now."""
    now = services.clock.now()
    with services.uow() as uow:
        session = uow.session
        source = session.get(InstanceRow, 1)
        state = unpack_state(source.state)
        task_ids = list(json.loads(state)["tasks"].keys())
        columns = {c.name: getattr(source, c.name) for c in InstanceRow.__table__.columns if c.name != "id"}
        existing = session.scalar(select(InstanceRow.id).order_by(InstanceRow.id.desc()).limit(1))
        pattern = re.compile("|".join(re.escape(t) for t in task_ids))
        rows = []
        for i in range(total - existing):
            mapping = {old: str(uuid.uuid4()) for old in task_ids}
            text = pattern.sub(lambda m: mapping[m.group(0)], state)     # every id, in one pass
            row = dict(columns, state=pack_state(text), version=0,
                       next_timer_at=now - timedelta(minutes=5) if i < due else now + timedelta(days=365))
            rows.append(row)
        ids = []
        for chunk in range(0, len(rows), 500):
            result = session.execute(insert(InstanceRow).returning(InstanceRow.id), rows[chunk:chunk + 500])
            ids.extend(result.scalars().all())
        session.execute(update(InstanceRow).where(InstanceRow.id <= existing)
                        .values(next_timer_at=now + timedelta(days=365)))
        uow.commit()


def sweep_time(services) -> tuple[float, int]:
    services.clock.set(services.clock.now())
    started = time.perf_counter()
    result = sweep_timers(services)
    return time.perf_counter() - started, result.instances


def missed_rate(services, steps: int) -> float:
    """Steps per second when every step restores its workflow from the stored state: the
    workflow cache is swapped for one that keeps nothing, then put back."""
    kept = services.runs
    services.runs = RunCache(size=0)
    try:
        return usecase_rate(services, steps)
    finally:
        services.runs = kept


def bench(name: str, url: str, steps: int, workdir: Path, sweep: bool) -> dict:
    services = make_services(url, workdir)
    services.mailer = None
    prepare_report_loop(services, tasks=4)
    settle_heap()                  # as every production process does after start-up (web/heap.py)
    figures = {"database": name}
    usecase_rate(services, 40)     # warm: statements prepared, workflows in memory
    figures["usecase_steps_per_s"] = usecase_rate(services, steps)
    figures["missed_steps_per_s"] = missed_rate(services, steps)
    figures["threaded_steps_per_s"] = usecase_rate(services, steps, threads=THREADS)
    figures["raw_spiff_steps_per_s"] = raw_spiff_rate(services, max(50, steps // 2))
    if sweep:
        services.clock.set(datetime(2025, 6, 17, 9, 0, tzinfo=LOCAL_TZ))
        clone_instances(services, total=10_000, due=1_000)
        figures["sweep_seconds"], figures["swept"] = sweep_time(services)
    services.database.dispose()
    return figures


def fresh_pg(admin_url: str) -> tuple[str, str]:
    name = f"chidao_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}", name


def drop_pg(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sweep", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(bench("SQLite", f"sqlite:///{tmp}/bench.db", args.steps, Path(tmp), not args.skip_sweep))
        if not args.skip_pg:
            url, name = fresh_pg(args.pg)
            try:
                results.append(bench("PostgreSQL", url, args.steps, Path(tmp) / "pg", not args.skip_sweep))
            finally:
                drop_pg(args.pg, name)
    print(f"{'database':<11} {'cache hit':>10} {'cache missed':>13} {f'{THREADS} threads':>10} "
          f"{'raw Spiff':>10} {'missed/raw':>11} {'sweep 10k (1k due)':>19}   (steps/s)")
    for r in results:
        ratio = r["missed_steps_per_s"] / r["raw_spiff_steps_per_s"]
        sweep = f"{r['sweep_seconds']:>15.2f} s ({r['swept']} fired)" if "sweep_seconds" in r else ""
        print(f"{r['database']:<11} {r['usecase_steps_per_s']:>10.1f} {r['missed_steps_per_s']:>13.1f} "
              f"{r['threaded_steps_per_s']:>10.1f} {r['raw_spiff_steps_per_s']:>10.1f} {ratio:>11.0%} {sweep}")
    print("targets: use case ≥ 40% of raw on SQLite; ≥ 250 steps/s on PostgreSQL from one process")
    print("(one thread; cache hit: the workflow still in this process's memory; cache missed: restored from")
    print(" the stored state on every step, what a server of several workers mostly sees; threads: the same")
    print(" process with that many threads, cache hit)")


if __name__ == "__main__":
    main()
