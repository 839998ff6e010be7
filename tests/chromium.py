"""Debian's chromium for browser tests: never a downloaded browser
(tests/browser/ensure_chromium.sh installs the package), always these flags."""
from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def launch(playwright):
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium is missing: run tests/browser/ensure_chromium.sh (as root)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
