"""The reading stage and OCR come first in the extraction pipeline: they import nothing
of the later stages (only each other and the shared error), so the others can build on
them without a cycle."""
import ast
from pathlib import Path

import pytest

EXTRACTION = Path(__file__).resolve().parents[2] / "engine" / "extraction"
ALLOWED = {
    "reading": ("engine.extraction.reading", "engine.extraction.ocr", "engine.extraction.errors"),
    "ocr": ("engine.extraction.ocr", "engine.extraction.errors"),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return {name for name in found if name.startswith("engine")}


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_a_first_stage_imports_no_later_one(stage):
    wrong = {f"{path.name}: {name}" for path in (EXTRACTION / stage).glob("*.py")
             for name in _imports(path) if not name.startswith(ALLOWED[stage])}
    assert not wrong, sorted(wrong)
    assert list((EXTRACTION / stage).glob("*.py"))
