"""The clean fixture directives, by name: the corpus's (fixtures/corpus), the other
provinces' letters and the project's own (fixtures/own, without the ``ocr_`` copies of
synthetic damage), and the further layouts (fixtures/directives). The one list the
wrong-model OCR fixtures, the repair tables and their tests are made from; sorted, so
what is built from it is the same on every machine."""
from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FOLDERS = ("corpus", "own", "directives")


def clean_directives() -> dict[str, Path]:
    """name → the clean text's path, sorted by name; each has its NAME.json beside it."""
    found: dict[str, Path] = {}
    for folder in FOLDERS:
        for path in (FIXTURES / folder).glob("*.txt"):
            if not path.stem.startswith("ocr_"):          # synthetic damage copies are not sources
                found[path.stem] = path
    return dict(sorted(found.items()))
