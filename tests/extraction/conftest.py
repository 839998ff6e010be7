"""Shared fixtures of the extraction tests: the registries and the fixture files."""
import json
from pathlib import Path

import pytest

from config.defaults import load_agency_entries
from engine.domain.agencies import AgencyRegistry

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
OWN = FIXTURES / "own"


def registry_for(text_name: str) -> AgencyRegistry:
    """The registry a fixture directive belongs to (An Giang unless named otherwise)."""
    for province in ("dong_thap", "quang_ninh"):
        if province in text_name:
            entries = json.loads((OWN / f"registry_{province}.json").read_text(encoding="utf-8"))
            return AgencyRegistry.from_entries(entries)
    return AgencyRegistry.from_entries(load_agency_entries())


@pytest.fixture(scope="session")
def registry() -> AgencyRegistry:
    return AgencyRegistry.from_entries(load_agency_entries())
