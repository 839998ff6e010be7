"""How long a wrong password takes for a login that exists, one that does not and a
disabled account — the three must not be told apart by their time (the unknown login
is checked against a dummy scrypt hash). Runs the sign-in use case on a fresh SQLite
database with a limiter that never locks; prints the median and the spread of each.
Measures only; asserts nothing.

    .venv/bin/python benchmarks/bench_sign_in.py [--runs N]
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from engine.usecases.auth import authenticate  # noqa: E402
from tests.conftest import make_services  # noqa: E402


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 40
    with tempfile.TemporaryDirectory() as tmp:
        services = make_services(f"sqlite:///{tmp}/bench.db", Path(tmp))
        services.settings.signin_failures = 10 ** 6          # never locks during the measurement
        services.settings.signin_address_limit = "1000000 per 1 second"
        from web.bootstrap import attempt_limits

        services.attempts = attempt_limits(services.settings)
        with services.database.engine.begin() as conn:
            conn.execute(text("UPDATE users SET active = :no WHERE login = 'cv2.khcn'"), {"no": False})
        cases = {"known login, wrong password": "cv.khcn", "unknown login": "khong-ton-tai",
                 "disabled account": "cv2.khcn"}
        times = {name: [] for name in cases}
        for _ in range(runs):
            for name, login in cases.items():           # interleaved, so drift hits all alike
                started = time.perf_counter()
                assert authenticate(services, login, "sai-mat-khau", "10.0.0.1") is None
                times[name].append((time.perf_counter() - started) * 1000)
        print(f"wrong password, {runs} runs each (ms): median  [p10 – p90]")
        for name, values in times.items():
            values.sort()
            p10, p90 = values[len(values) // 10], values[(len(values) * 9) // 10]
            print(f"  {name:<28} {statistics.median(values):6.1f}  [{p10:5.1f} – {p90:5.1f}]")
        services.database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
