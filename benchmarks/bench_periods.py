"""What many open monthly report periods cost one instance: a task nobody reports on
keeps every period open (one token each), so its state grows by a period a month.
Printed for 0, 6, 12 and 24 months without a report: open report steps, the stored
state's size (JSON, before compression), and the time to file one report through the
runtime (restore, complete, dump) and with the workflow kept in memory (complete,
dump) — the engine alone, no database.

    .venv/bin/python benchmarks/bench_periods.py [--repeat 20]
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, time as day_time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.bpmn.definitions import compile_process  # noqa: E402
from engine.bpmn.runtime import BpmnRuntime  # noqa: E402
from engine.clock import FixedClock  # noqa: E402
from engine.domain.calendar import LOCAL_TZ  # noqa: E402

BPMN = Path(__file__).resolve().parents[1] / "workflows" / "directive_task.bpmn"
START = datetime(2025, 6, 2, 9, 0, tzinfo=LOCAL_TZ)


def instance_after(runtime: BpmnRuntime, clock: FixedClock, process, months: int):
    """An accepted task whose officer never files a report, ``months`` after launch."""
    clock.set(START)
    case = {"lead_agency": "so-khcn", "monitor_agency": "vp", "authority_agency": "ubnd",
            "deadline": {"kind": "recurring", "value": None}, "due_date": None, "original_due_date": None,
            "accept_due": "2025-06-05", "coordinating": []}
    run = runtime.start(process, case)
    accept = next(s for s in runtime.ready_steps(run) if s.name == "accept")
    runtime.complete(run, accept.task_id, {"decision": "accept", "officer": "cv.khcn"})
    day = START.date()
    while day < (START + timedelta(days=30.5 * months)).date():
        day += timedelta(days=1)
        clock.set(datetime.combine(day, day_time(9), LOCAL_TZ))
        runtime.fire_due_timers(run)
        run.effects.clear()
    return run


def file_one(runtime: BpmnRuntime, run):
    step = next(s for s in runtime.ready_steps(run) if s.name == "monthly_report")
    runtime.complete(run, step.task_id, {"percent": 10, "done": "Báo cáo"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    process = compile_process(BPMN.read_text(encoding="utf-8"))
    clock = FixedClock(START)
    runtime = BpmnRuntime(clock)
    print(f"{'months':>6} {'open reports':>12} {'state KB':>9} {'restore+file+dump ms':>21} {'file+dump ms':>13}")
    for months in (0, 6, 12, 24):
        run = instance_after(runtime, clock, process, months)
        state = runtime.dump(run)
        open_reports = sum(1 for s in runtime.ready_steps(run) if s.name == "monthly_report")
        started = time.perf_counter()
        for _ in range(args.repeat):
            fresh = runtime.restore(process, state)
            file_one(runtime, fresh)
            runtime.dump(fresh)
        cold = (time.perf_counter() - started) / args.repeat * 1000
        warm_runs = [runtime.restore(process, state) for _ in range(args.repeat)]
        for kept in warm_runs:
            runtime.dump(kept)       # the state memo is filled, as for a workflow kept in memory
        started = time.perf_counter()
        for kept in warm_runs:
            file_one(runtime, kept)
            runtime.dump(kept)
        warm = (time.perf_counter() - started) / args.repeat * 1000
        print(f"{months:>6} {open_reports:>12} {len(state) / 1024:>9.1f} {cold:>21.1f} {warm:>13.1f}")


if __name__ == "__main__":
    main()
