"""Every fixture directive in every form it arrives in — its text, a .docx, a text PDF,
and a scanned PDF read by Tesseract's Vietnamese model (replayed from the recorded TSV)
— read by the reading stage, extracted, and scored against its annotation with the
project's scorer (../shared/tools/score_extraction.py; the reimplementation in
scoring.py where shared/ is not at hand). Used by the tests and by
benchmarks/bench_extract.py."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from engine.extraction import extract_document
from engine.extraction.reading import Document, read_bytes

from .conftest import registry_for
from .scan_fixtures import DOCUMENTS, replayed_document, shared_tool
from .scoring import score
from .variants import to_docx, to_text_pdf

VARIANTS = ("text", "docx", "text_pdf", "scan_vie")
SCORER = shared_tool("score_extraction.py")


def read_variant(name: str, variant: str) -> Document:
    text = DOCUMENTS[name].read_text(encoding="utf-8")
    if variant == "text":
        return read_bytes(text.encode("utf-8"), f"{name}.txt")
    if variant == "docx":
        return read_bytes(to_docx(text), f"{name}.docx")
    if variant == "text_pdf":
        return read_bytes(to_text_pdf(text), f"{name}.pdf")
    if variant == "scan_vie":
        return replayed_document(name)
    raise ValueError(variant)


@dataclass
class Scored:
    full_f1: float
    wrong: list            # (gold ref, what was wrong), from the reimplemented scorer
    proposal: dict


def full_f1(gold_path: Path, proposal: dict) -> float:
    """The full F1 the project's scorer gives ``proposal`` against ``gold_path``."""
    if SCORER is None:
        return score(json.loads(gold_path.read_text(encoding="utf-8")), proposal)[1]
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        json.dump(proposal, handle, ensure_ascii=False)
    try:
        out = subprocess.run([sys.executable, str(SCORER), str(gold_path), handle.name], capture_output=True,
                             text=True, check=True).stdout
    finally:
        Path(handle.name).unlink(missing_ok=True)
    return float(re.search(r"full F1: ([0-9.]+)", out).group(1))


def score_document(name: str, document: Document) -> Scored:
    gold_path = DOCUMENTS[name].with_suffix(".json")
    proposal = extract_document(document, registry_for(name), source=DOCUMENTS[name].name)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return Scored(full_f1(gold_path, proposal), score(gold, proposal)[2], proposal)
