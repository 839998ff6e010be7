"""What the text repairer learns, and how: word counts from clean Vietnamese text, and
how a wrong OCR model writes Vietnamese letters, from pairs of a clean text and its OCR.

* ``count_words(texts)``: unigram and bigram counts of lower-case words, sentence by
  sentence (a number stands as ``<num>``);
* ``word_pairs(clean, ocr)``: the (OCR token, clean word) pairs of two versions of one
  text, aligned on their accent-folded words;
* ``count_confusions(pairs)``: for every clean letter, what the OCR wrote for it (one or
  two characters, or nothing), from a letter-by-letter alignment of each pair; and how
  often each whole OCR token stood for each clean word.

``write_tables`` / ``read_tables`` store the counts as the tab-separated files the
repairer loads (repair/data/); tests/extraction/build_repair_data.py builds them.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Iterable

from engine.extraction.repair.keys import fold_char

NUMBER = "<num>"
BOUNDARY = "<s>"
_CLEAN_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,/]\d+)*")
_OCR_TOKEN = re.compile(r"[^\s,;:.()\[\]{}\"“”'’‘!?/\-–—|]+")
_SENTENCE_END = re.compile(r"[.;!?()\[\]\n]")


def fold(text: str) -> str:
    return "".join(fold_char(c) for c in unicodedata.normalize("NFC", text))


def sentence_words(text: str) -> Iterable[list[str]]:
    """The lower-case words of each sentence of ``text`` (numbers as ``<num>``)."""
    for part in _SENTENCE_END.split(unicodedata.normalize("NFC", text)):
        words = [NUMBER if w[0].isdigit() else w.lower() for w in _CLEAN_WORD.findall(part)]
        if words:
            yield words


def count_words(texts: Iterable[str], weight: int = 1) -> tuple[Counter, Counter]:
    """(unigram counts, bigram counts) of the words of ``texts``; a sentence's first
    word follows ``<s>``."""
    unigrams: Counter = Counter()
    bigrams: Counter = Counter()
    for text in texts:
        for words in sentence_words(text):
            for prev, word in zip([BOUNDARY, *words], words):
                unigrams[word] += weight
                bigrams[(prev, word)] += weight
    return unigrams, bigrams


def word_pairs(clean: str, ocr: str) -> list[tuple[str, str]]:
    """(OCR token, clean word) pairs of one text in two versions, lower case: the words
    the two agree on once folded, and the words of stretches of equal length between."""
    clean_words = [w.lower() for w in re.findall(r"[^\W_]+", unicodedata.normalize("NFC", clean))]
    ocr_tokens = [t.lower() for t in _OCR_TOKEN.findall(unicodedata.normalize("NFC", ocr))]
    matcher = difflib.SequenceMatcher(None, [fold(w) for w in clean_words], [fold(t) for t in ocr_tokens],
                                      autojunk=False)
    pairs = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs += [(ocr_tokens[j1 + k], clean_words[i1 + k]) for k in range(i2 - i1)]
    return [(o, c) for o, c in pairs if c.isalpha() and len(o) <= 2 * len(c) + 2]


def letter_alignment(ocr: str, clean: str) -> list[tuple[str, str]]:
    """For each letter of ``clean``, the characters of ``ocr`` written for it (possibly
    none); a minimum-edit alignment where letters equal once folded cost nothing."""
    n, m = len(clean), len(ocr)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[int]] = [[0] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for j in range(1, m + 1):            # leading OCR characters: attached to the first letter below
        cost[0][j] = float(j)
    for i in range(1, n + 1):
        c = clean[i - 1]
        for j in range(m + 1):
            best, how = inf, 0
            for k in (0, 1, 2):          # clean letter i written as ocr[j-k:j]
                if j - k < 0 or cost[i - 1][j - k] == inf:
                    continue
                piece = ocr[j - k:j]
                if k == 1:
                    step = 0.0 if fold(piece) == fold(c) else 1.0
                elif k == 0:
                    step = 1.0
                else:            # two characters for one letter: "ti" for "ủ", "ct" only if nothing better
                    step = 1.5 if fold(c) in fold(piece) else 2.0
                if cost[i - 1][j - k] + step < best:
                    best, how = cost[i - 1][j - k] + step, k
            cost[i][j], back[i][j] = best, how
    pieces: list[tuple[str, str]] = []
    j = m
    for i in range(n, 0, -1):
        k = back[i][j]
        pieces.append((clean[i - 1], ocr[j - k:j]))
        j -= k
    pieces.reverse()
    if j > 0 and pieces:                 # OCR characters before the first letter
        first_clean, first_ocr = pieces[0]
        pieces[0] = (first_clean, ocr[:j] + first_ocr)
    return pieces


def count_confusions(pairs: Iterable[tuple[str, str]]) -> tuple[Counter, Counter]:
    """(letter counts: (clean letter, OCR piece) → n, token counts: (OCR token, clean word) → n)."""
    letters: Counter = Counter()
    tokens: Counter = Counter()
    for ocr, clean in pairs:
        tokens[(ocr, clean)] += 1
        for letter, piece in letter_alignment(ocr, clean):
            letters[(letter, piece)] += 1
    return letters, tokens


def write_tables(path: Path, header: str, rows: Iterable[tuple]) -> None:
    lines = [f"# {line}" for line in header.strip().splitlines()]
    lines += ["\t".join(str(x) for x in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_tables(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows
