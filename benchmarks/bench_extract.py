"""How long directive extraction takes.

Prints, for each directive (default: the demo directives shipped in config/demo, the
largest about 40 KB, plus a ~40 KB OCR-damaged copy of it), its size, the number of tasks
found, the time of the first extraction (which also indexes the agency registry) and the
median of later runs. Measures only; asserts nothing.

    .venv/bin/python benchmarks/bench_extract.py [FILE ...] [--runs N]
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config.defaults import DEMO_DIRECTIVES_DIR, load_agency_entries  # noqa: E402
from engine.domain.agencies import AgencyRegistry  # noqa: E402
from engine.extraction import extract_text, read_document  # noqa: E402


def _ocr_copy(text: str) -> str:
    sys.path.insert(0, str(ROOT / "tests" / "extraction"))
    from ocr_damage import damage

    return damage(text, seed=3)


def main(argv: list[str]) -> int:
    runs = 20
    if "--runs" in argv:
        runs = int(argv[argv.index("--runs") + 1])
        argv = [a for a in argv if a not in ("--runs", str(runs))]
    files = [Path(a) for a in argv] or sorted(DEMO_DIRECTIVES_DIR.glob("*.txt"))
    samples = []
    for path in files:
        started = time.perf_counter()
        text = read_document(path)
        samples.append((path.name, text, time.perf_counter() - started))
    if not argv:
        biggest = max(samples, key=lambda s: len(s[1].encode("utf-8")))
        samples.append((f"{biggest[0]} (OCR-damaged copy)", _ocr_copy(biggest[1]), 0.0))
    print(f"{'directive':45} {'KB':>6} {'tasks':>6} {'read s':>8} {'first s':>8} {'median s':>9}")
    for name, text, read_seconds in samples:
        registry = AgencyRegistry.from_entries(load_agency_entries())
        started = time.perf_counter()
        result = extract_text(text, registry)
        first = time.perf_counter() - started
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            extract_text(text, registry)
            times.append(time.perf_counter() - started)
        size = len(text.encode("utf-8")) / 1024
        print(f"{name:45} {size:6.1f} {len(result['tasks']):6d} {read_seconds:8.3f} {first:8.3f} "
              f"{statistics.median(times):9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
