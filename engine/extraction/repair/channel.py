"""How an OCR model that does not know Vietnamese writes Vietnamese words.

Tesseract's English model reads the base letters of most words right and guesses the
marked vowels: "ồ" as "6" or "é", "ư" as "w", "t" or "ir", "ơ" as "d", "@" or "¢", "ủ" as
"ti", "ii" or "l", "ã" as "3" or "4". ``OcrChannel.cost(ocr, word)`` is −log P(the OCR
wrote ``ocr`` | the document said ``word``): each letter of the word is written as one
or two characters, or dropped, at a cost learned from aligned pairs of clean and OCR'd
text (data/eng_ocr_letters.tsv, see training.py) and backed off, for what was never seen,
to the shape of the confusion (a vowel read as another vowel, a digit or a symbol costs
less than a consonant read as another consonant). Whole tokens seen often enough
(data/eng_ocr_tokens.tsv: "ctia" for "của") cost less still.

``candidates(ocr, lexicon)`` proposes the words of the lexicon an OCR token may stand for,
cheapest first.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from engine.extraction.repair.keys import is_confusion
from engine.extraction.repair.lexicon import DATA, Lexicon
from engine.extraction.repair.training import fold, read_tables

VOWELS = set("aeiouy")
# Characters an OCR model that lacks Vietnamese letters writes for a marked vowel.
_VOWELISH = set("aeiouyáàảãạâấầẩẫậăắằẳẵặéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵ"
                "0123456789@¢&$°ªºœæøåäëïöüÿ")
_PRIOR_SHARE = 0.15
_DIGIT_SHAPES = {("l", "1"), ("i", "1"), ("o", "0"), ("s", "5"), ("b", "8"), ("g", "9"), ("z", "2"), ("a", "4"),
                 ("s", "$"), ("s", "§")}             # what a letter's confusions never seen in the data may still take
_KNOWN_TOKEN_BONUS = 2.0
_KNOWN_TOKEN_MIN = 5              # a whole token seen fewer times says little
_MAX_CANDIDATES = 12
_MAX_FOLDED = 14
_FORMS = 6


def _prior_cost(letter: str, piece: str) -> float:
    """The cost (nats) of ``letter`` written as ``piece`` when the data never showed it."""
    base = fold(letter)
    if piece == letter:
        return 0.1
    if not piece:
        return 5.0 if base in VOWELS else 6.5
    if len(piece) == 1:
        if fold(piece) == base:
            return 1.5
        if base in VOWELS and piece in _VOWELISH:
            return 4.0
        if is_confusion(fold(piece), base) or (base, piece) in _DIGIT_SHAPES:
            return 4.5                           # shapes alike: "h" read as "b", "l" as "1"
        return 7.0
    if base in fold(piece):
        other = fold(piece).replace(base, "", 1)
        return 7.5 if other.isalpha() and other not in VOWELS else 4.5   # "sy" for "y": a letter added
    if base in VOWELS and all(c in _VOWELISH or c.isalpha() for c in piece):
        return 6.5
    return 8.5


class OcrChannel:
    def __init__(self, letters: Counter, tokens: Counter):
        self._letters: dict[str, Counter] = {}
        for (letter, piece), n in letters.items():
            self._letters.setdefault(letter, Counter())[piece] += n
        self._letter_totals = {letter: sum(c.values()) for letter, c in self._letters.items()}
        self._tokens: dict[str, Counter] = {}
        for (ocr, clean), n in tokens.items():
            self._tokens.setdefault(ocr, Counter())[clean] += n
        guesses: dict[str, Counter] = {}
        for (letter, piece), n in letters.items():
            if len(piece) == 1 and not piece.isalpha():
                guesses.setdefault(piece, Counter())[fold(letter)] += n
        self._guess = {piece: c.most_common(1)[0][0] for piece, c in guesses.items()}
        self._piece_costs: dict[tuple[str, str], float] = {}

    def piece_cost(self, letter: str, piece: str) -> float:
        key = (letter, piece)
        cost = self._piece_costs.get(key)
        if cost is None:
            cost = self._piece_costs[key] = self._piece_cost(letter, piece)
        return cost

    def _piece_cost(self, letter: str, piece: str) -> float:
        """−log P(piece | letter): what the data shows, mixed with the shape prior so a
        confusion of another font or scan is never impossible."""
        seen = self._letters.get(letter)
        total = self._letter_totals.get(letter, 0)
        prior = math.exp(-_prior_cost(letter, piece))
        if not total:
            return -math.log(prior)
        return -math.log((1 - _PRIOR_SHARE) * seen.get(piece, 0) / total + _PRIOR_SHARE * prior)

    def cost(self, ocr: str, word: str) -> float:
        """−log P(``ocr`` | ``word``): each letter of ``word`` written as 0–2 characters."""
        m = len(ocr)
        piece = self.piece_cost
        singles = [ocr[j - 1] for j in range(1, m + 1)]
        pairs = [ocr[j - 2:j] if j >= 2 else "" for j in range(m + 1)]
        previous = [0.0]                                  # characters before the first letter:
        for c in ocr:                                     # a letter the scan added is dear
            previous.append(previous[-1] + (9.0 if c.isalpha() else 6.0))
        for letter in word:
            dropped = piece(letter, "")
            row = [previous[0] + dropped]
            for j in range(1, m + 1):
                best = previous[j] + dropped
                one = previous[j - 1] + piece(letter, singles[j - 1])
                if one < best:
                    best = one
                if j >= 2:
                    two = previous[j - 2] + piece(letter, pairs[j])
                    if two < best:
                        best = two
                row.append(best)
            previous = row
        return previous[m] if word else m * 7.0

    def guess(self, ocr: str) -> str:
        """The folded letters ``ocr`` most likely stands for (digits and symbols read as
        the letters they usually replace)."""
        return "".join(self._guess.get(c, fold(c)) if not c.isalpha() else fold(c) for c in ocr)

    def seen_as(self, ocr: str) -> Counter:
        """The clean words this whole OCR token stood for in the training data."""
        return self._tokens.get(ocr, Counter())

    def candidates(self, ocr: str, lexicon: Lexicon) -> list[tuple[str, float]]:
        """(word, channel cost) for the words ``ocr`` (lower case) may stand for."""
        return list(_candidates(self, lexicon, ocr))


@lru_cache(maxsize=20_000)
def _candidates(channel: OcrChannel, lexicon: Lexicon, ocr: str) -> tuple[tuple[str, float], ...]:
    guess = channel.guess(ocr)
    limit = 1 if len(guess) <= 2 else 2
    found = process.extract(guess, lexicon.folded_words, scorer=Levenshtein.distance,
                            score_cutoff=limit, limit=None)
    if len(guess) >= 5 and not any(d <= 1 for _, d, _ in found):      # "tniréc": look further
        found = process.extract(guess, lexicon.folded_words, scorer=Levenshtein.distance,
                                score_cutoff=3, limit=None)
    # near and frequent first: "tric" is "truoc" (two edits, common) before "trach" (one, rare)
    folded = sorted(found, key=lambda hit: 1.5 * hit[1] - math.log(1 + lexicon.folded_count(hit[0])))[:_MAX_FOLDED]
    words = {w for f, _, _ in folded for w in lexicon.forms(f)[:_FORMS]}
    seen = channel.seen_as(ocr)
    words.update(w for w in seen if lexicon.knows(w))
    scored = []
    total_seen = sum(seen.values())
    for word in words:
        cost = channel.cost(ocr, word)
        if seen.get(word) and total_seen >= _KNOWN_TOKEN_MIN:
            cost = min(cost, -math.log(seen[word] / total_seen) + _KNOWN_TOKEN_BONUS)
        scored.append((word, cost))
    # keep the words likeliest a priori too: "bé" is more often "bộ" than "bẽ"
    scored.sort(key=lambda wc: wc[1] - lexicon.unigram_logp(wc[0]))
    return tuple(scored[:_MAX_CANDIDATES])


def _read(path: Path) -> Counter:
    counts: Counter = Counter()
    if path.is_file():
        for row in read_tables(path):
            counts[(row[0], row[1])] = int(row[2])
    return counts


@lru_cache(maxsize=4)
def eng_channel(data: Path = DATA) -> OcrChannel:
    """The channel of Tesseract's English model, as learned into ``data``."""
    return OcrChannel(_read(data / "eng_ocr_letters.tsv"), _read(data / "eng_ocr_tokens.tsv"))
