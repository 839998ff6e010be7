"""The Vietnamese words the repairer may write, and how likely each is after another.

Two sources:

* the word list of Debian's ``hunspell-vi`` (every Vietnamese syllable, spelt with its
  diacritics; ``/usr/share/hunspell/vi_VN.dic``, or ``$CHIDAO_HUNSPELL_VI``). Without it
  the repairer still works from the counted words alone, less well on rare words, and
  says so (``dictionary_status``);
* word and word-pair counts of clean Vietnamese (data/vi_words.tsv, see training.py),
  to which the pipeline adds the names of the registry's agencies.

``Lexicon.logp(prev, word)`` is a Witten-Bell interpolated bigram probability (log, base
e) on lower-case words; ``forms(folded)`` lists the written words that fold to the same
letters ("cong" → công, cộng, cổng, còng …).
"""
from __future__ import annotations

import math
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from engine.extraction.repair.keys import is_syllable
from engine.extraction.repair.training import BOUNDARY, count_words, fold, read_tables

DATA = Path(__file__).resolve().parent / "data"
HUNSPELL_VI = "/usr/share/hunspell/vi_VN.dic"
_DICTIONARY_WEIGHT = 0.5          # pseudo-count of a word known only from the word list
_UNKNOWN = math.log(1e-8)


@dataclass(frozen=True)
class DictionaryStatus:
    found: bool
    path: str

    @property
    def message(self) -> str | None:
        if self.found:
            return None
        return (f"Không tìm thấy từ điển tiếng Việt ({self.path}, gói Debian hunspell-vi): văn bản OCR "
                f"được khôi phục dấu chỉ từ vốn từ có sẵn, kém chính xác hơn với từ hiếm")


def dictionary_path() -> str:
    return os.environ.get("CHIDAO_HUNSPELL_VI", HUNSPELL_VI)


def dictionary_status() -> DictionaryStatus:
    path = dictionary_path()
    return DictionaryStatus(Path(path).is_file(), path)


@lru_cache(maxsize=4)
def _dictionary_words(path: str) -> frozenset[str]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    words = set()
    for line in lines[1:]:                       # the first line is the entry count
        word = unicodedata.normalize("NFC", line.split("/")[0].strip())
        if word.isalpha() and word.islower() and is_syllable(fold(word)):
            words.add(word)
    return frozenset(words)


class Lexicon:
    def __init__(self, unigrams: Counter, bigrams: Counter, dictionary: Iterable[str] = ()):
        self.unigrams = unigrams
        self.bigrams = bigrams
        self.dictionary = frozenset(dictionary)
        self.total = sum(unigrams.values())
        self._after: Counter = Counter()
        self._followers: Counter = Counter()
        for (prev, _), n in bigrams.items():
            self._after[prev] += n
            self._followers[prev] += 1
        vocabulary = {w for w in unigrams if w.isalpha() and is_syllable(fold(w))} | self.dictionary
        self._unigram_mass = self.total + _DICTIONARY_WEIGHT * len(vocabulary)
        forms: dict[str, list[str]] = {}
        for word in vocabulary:
            forms.setdefault(fold(word), []).append(word)
        self._forms = {f: sorted(ws, key=lambda w: -self.count(w)) for f, ws in forms.items()}
        self.folded_words = sorted(self._forms)
        self._folded_counts = {f: sum(self.count(w) for w in ws) for f, ws in self._forms.items()}
        self._logp_cache: dict[tuple[str, str], float] = {}
        followers: dict[str, list[tuple[int, str]]] = {}
        for (prev, word), n in bigrams.items():
            followers.setdefault(prev, []).append((n, word))
        self._followers_of = {p: [w for _, w in sorted(ws, reverse=True)] for p, ws in followers.items()}

    def followers(self, prev: str) -> list[str]:
        """The words seen after ``prev``, most frequent first."""
        return self._followers_of.get(prev, [])

    def count(self, word: str) -> float:
        return self.unigrams.get(word, 0) + (_DICTIONARY_WEIGHT if word in self.dictionary else 0.0)

    def knows(self, word: str) -> bool:
        return word in self.dictionary or word in self.unigrams

    def forms(self, folded: str) -> list[str]:
        """Written words (most frequent first) whose folded letters are ``folded``."""
        return self._forms.get(folded, [])

    def folded_count(self, folded: str) -> float:
        return self._folded_counts.get(folded, 0.0)

    def unigram_logp(self, word: str) -> float:
        n = self.count(word)
        return math.log(n / self._unigram_mass) if n else _UNKNOWN

    def logp(self, prev: str, word: str) -> float:
        """log P(word | prev), interpolated with the unigram probability (Witten-Bell)."""
        key = (prev, word)
        cached = self._logp_cache.get(key)
        if cached is not None:
            return cached
        n = self.count(word)
        unigram = n / self._unigram_mass if n else math.exp(_UNKNOWN)
        after, followers = self._after.get(prev, 0), self._followers.get(prev, 0)
        if after:
            p = (self.bigrams.get(key, 0) + followers * unigram) / (after + followers)
        else:
            p = unigram
        value = math.log(p)
        if len(self._logp_cache) < 200_000:
            self._logp_cache[key] = value
        return value

    def extended(self, texts: Iterable[str], weight: int = 3) -> "Lexicon":
        """A lexicon that also counts ``texts`` (the registry's agency names), ``weight``
        times each."""
        unigrams, bigrams = count_words(texts, weight)
        return Lexicon(self.unigrams + unigrams, self.bigrams + bigrams, self.dictionary)


def _read_counts(path: Path) -> tuple[Counter, Counter]:
    unigrams: Counter = Counter()
    bigrams: Counter = Counter()
    if not path.is_file():
        return unigrams, bigrams
    for row in read_tables(path):
        if row[0] == "1":
            unigrams[row[1]] = int(row[2])
        else:
            bigrams[(row[1], row[2])] = int(row[3])
    return unigrams, bigrams


@lru_cache(maxsize=4)
def base_lexicon(data: Path = DATA, dictionary: str | None = None) -> Lexicon:
    """The counted words of ``data``/vi_words.tsv with the hunspell-vi word list."""
    unigrams, bigrams = _read_counts(data / "vi_words.tsv")
    return Lexicon(unigrams, bigrams, _dictionary_words(dictionary or dictionary_path()))


__all__ = ["BOUNDARY", "DictionaryStatus", "Lexicon", "base_lexicon", "dictionary_status"]
