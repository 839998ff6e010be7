"""Where the default data shipped with chidao lives on disk."""
import json
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent
PROJECT_DIR = CONFIG_DIR.parent
WORKFLOWS_DIR = PROJECT_DIR / "workflows"
AGENCIES_FILE = CONFIG_DIR / "agencies.json"
DEMO_DIR = CONFIG_DIR / "demo"
DEMO_DIRECTIVES_DIR = DEMO_DIR / "directives"


def load_agency_entries(path: Path = AGENCIES_FILE) -> list[dict]:
    """The registry entries of ``agencies.json`` (An Giang province, 2025)."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
