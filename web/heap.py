"""How a long-running chidao process keeps Python's garbage collector out of its way.

A step builds a SpiffWorkflow tree of a few thousand objects with reference cycles
(each task points at its workflow and back), so the collector runs often; each full
collection scans every object the process holds: the parsed diagrams, the catalogs,
the kept workflows. Measured on a timer sweep (benchmarks/bench_sweeps.py, 1,000 due
instances): with the default thresholds a full collection came every hundred instances
and took 0.1–0.3 s, about 1.5–3 s of the sweep. After start-up the process's own objects
are moved out of the collector's sight (``gc.freeze``: they live as long as the
process anyway) and young objects are collected every ``YOUNG_THRESHOLD`` allocations
instead of 700, so a step's garbage mostly dies young; full collections become rare.
Called by each process entry point (gunicorn's web.wsgi, the Celery worker, ``chidao
serve`` and ``chidao tick``) after building its services; it acts once per process
(the tests run CLI commands many times in one process)."""
from __future__ import annotations

import gc

YOUNG_THRESHOLD = 5_000        # allocations between two collections of the youngest generation
OLDER_THRESHOLDS = (20, 10)    # collections of one generation between two of the next


_settled = False


def settle_heap() -> None:
    """Collect once, then freeze what survives and raise the youngest threshold; the
    first call of the process only."""
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
