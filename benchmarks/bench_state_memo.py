"""What keeping the stored tasks on restore saves (engine/bpmn/state.py), engine only:
an instance three review rounds in is restored from its stored state, its review step
completed and its state dumped, with the memo filled from the stored state (what a
restore does) and with it emptied (every task converted again), the two interleaved in
one run; CPU time per step.

    .venv/bin/python benchmarks/bench_state_memo.py [--steps 600]
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.bpmn.state import MEMO_ATTRIBUTE  # noqa: E402
from engine.domain.calendar import LOCAL_TZ  # noqa: E402
from tests.engine.lifecycle_driver import Lifecycle  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=600)
    args = parser.parse_args()
    life = Lifecycle(datetime(2025, 6, 2, 9, 0, tzinfo=LOCAL_TZ))
    life.do("accept", decision="accept", officer="cv.khcn")
    life.do("monthly_report", percent=10, done="Bắt đầu")
    for _ in range(3):
        life.do("review_report", decision="return", comment="Bổ sung")
        life.do("revise_report", percent=20, done="Cập nhật")
    runtime, stored = life.runtime, life.runtime.dump(life.run)

    def step(kept: bool) -> float:
        started = time.process_time()
        run = runtime.restore(life.run.process, stored)
        if not kept:
            delattr(run.workflow, MEMO_ATTRIBUTE)
        ready = next(s for s in runtime.ready_steps(run) if s.name == "review_report")
        runtime.complete(run, ready.task_id, {"decision": "return", "comment": "Bổ sung"})
        runtime.dump(run)
        return time.process_time() - started

    totals = {True: 0.0, False: 0.0}
    for i in range(args.steps):
        totals[bool(i % 2)] += step(bool(i % 2))
    half = args.steps / 2
    print(f"state of {len(stored) / 1024:.0f} KB; CPU time per restore → complete → dump:")
    print(f"  stored tasks kept on restore: {totals[True] / half * 1000:.2f} ms")
    print(f"  every task converted again:   {totals[False] / half * 1000:.2f} ms")


if __name__ == "__main__":
    main()
