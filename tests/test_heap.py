"""The production entry points settle the heap after start-up (web/heap.py): checked in
a fresh interpreter that imports gunicorn's entry point."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from web.heap import YOUNG_THRESHOLD

ROOT = Path(__file__).resolve().parents[1]
PROBE = ("import gc, web.wsgi; print(gc.get_threshold()[0], gc.get_freeze_count() > 0)")


def test_the_wsgi_entry_point_freezes_its_start_up_objects_and_raises_the_young_threshold(tmp_path):
    env = dict(os.environ, CHIDAO_DATA_DIR=str(tmp_path), CHIDAO_DATABASE_URL=f"sqlite:///{tmp_path}/c.db",
               CHIDAO_SECRET_KEY="test-secret-key", CHIDAO_RATELIMIT_STORAGE="memory://", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == [str(YOUNG_THRESHOLD), "True"]
