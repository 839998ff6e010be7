"""Build the tables the text repairer loads (engine/extraction/repair/data/):

* vi_words.tsv — unigram and bigram counts of clean Vietnamese: the clean fixture
  directives (sources.py: fixtures/corpus, fixtures/own, fixtures/directives) and the
  canonical names of the agency registry (config/agencies.json). Only these stable
  sources, read in sorted order, so the table is the same byte for byte wherever it is
  built (the UI's strings, which every feature extends, are not taken: a table built
  from them would differ on every branch);
* eng_ocr_letters.tsv, eng_ocr_tokens.tsv — how Tesseract's English model writes
  Vietnamese: each fixture's fixtures/ocr_eng/NAME.txt (make_ocr_fixtures.py) aligned
  with its clean NAME.txt.

    .venv/bin/python tests/extraction/build_repair_data.py [--leave-out NAME ...] [--out DIR]

``--leave-out`` builds the tables without some directives (their text and their OCR), to
measure the repairer on text it has never seen.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from engine.extraction.repair import training  # noqa: E402
from tests.extraction.sources import FIXTURES, clean_directives as clean_paths  # noqa: E402

DATA = ROOT / "engine" / "extraction" / "repair" / "data"
MIN_TOKEN_COUNT = 2


def clean_directives() -> dict[str, str]:
    return {name: path.read_text(encoding="utf-8") for name, path in clean_paths().items()}


def registry_names() -> list[str]:
    """The registry's agency names as the product writes them."""
    entries = json.loads((ROOT / "config" / "agencies.json").read_text(encoding="utf-8")) \
        if (ROOT / "config" / "agencies.json").exists() else []
    # canonical names only: the aliases include OCR spellings ("Trung tam phuc vu …")
    return sorted(e["name"] for e in entries if not e["name"].startswith("@"))


def build(out: Path, leave_out: set[str]) -> None:
    directives = {n: t for n, t in clean_directives().items() if n not in leave_out}
    unigrams, bigrams = training.count_words([*directives.values(), *registry_names()])
    rows = [(1, w, c) for w, c in sorted(unigrams.items())]
    rows += [(2, a, b, c) for (a, b), c in sorted(bigrams.items())]
    out.mkdir(parents=True, exist_ok=True)
    training.write_tables(out / "vi_words.tsv", f"""
Word counts of clean Vietnamese (built by tests/extraction/build_repair_data.py from the
corpus and test directives and the agency registry's names).
1 <word> <count> | 2 <previous word> <word> <count>; <s> starts a sentence, <num> is a number.
Left out: {', '.join(sorted(leave_out)) or 'nothing'}""", rows)
    pairs = []
    for name, clean in directives.items():
        ocr = FIXTURES / "ocr_eng" / f"{name}.txt"
        if ocr.exists():
            pairs += training.word_pairs(clean, ocr.read_text(encoding="utf-8"))
    letters, tokens = training.count_confusions(pairs)
    training.write_tables(out / "eng_ocr_letters.tsv", f"""
How Tesseract's English model writes each Vietnamese letter (built by
tests/extraction/build_repair_data.py from fixtures/ocr_eng aligned with the clean texts).
<clean letter> <what the OCR wrote, empty: nothing> <count>. Left out: {', '.join(sorted(leave_out)) or 'nothing'}""",
                          [(a, b, c) for (a, b), c in sorted(letters.items())])
    training.write_tables(out / "eng_ocr_tokens.tsv", f"""
Whole OCR tokens and the clean words they stood for, seen at least {MIN_TOKEN_COUNT} times.
<OCR token> <clean word> <count>. Left out: {', '.join(sorted(leave_out)) or 'nothing'}""",
                          [(a, b, c) for (a, b), c in sorted(tokens.items())
                           if c >= MIN_TOKEN_COUNT and a != b])
    print(f"{out}: {len(unigrams)} words, {len(bigrams)} word pairs, {len(pairs)} OCR pairs")


def main(argv: list[str]) -> int:
    leave_out, out = set(), DATA
    args = iter(argv)
    for arg in args:
        if arg == "--leave-out":
            leave_out.add(next(args))
        elif arg == "--out":
            out = Path(next(args))
        else:
            print(__doc__)
            return 2
    build(out, leave_out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
