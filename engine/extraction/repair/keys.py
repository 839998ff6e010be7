"""OCR-tolerant matching keys for Vietnamese text.

``key(text)`` returns a string of exactly the same length as ``text``: every character
is folded on its own (accents removed, đ → d, lower case), digits that OCR put in place
of letters inside words are turned back into letters ("S6" → "so"), garbled digits in
dates are repaired ("2O25" → "2025") and, when a vocabulary is given, syllables that
cannot be Vietnamese are replaced by the one known word they differ from by a single
letter ("cdng" → "cong"). Because the lengths agree, a regular-expression match on the
key gives the span of the same words in the original text.

This module owns only normalisation; what the keys are matched against lives in the
modules that use them.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

# Digits OCR commonly reads in place of a round vowel (ố, ồ, ơ, o …) inside a word.
_DIGIT_AS_LETTER = {"6": "o", "0": "o"}
# Letters OCR commonly reads in place of a digit inside a date.
_LETTER_AS_DIGIT = {"o": "0", "i": "1", "l": "1"}

_WORD = re.compile(r"[a-z0-9]+")
_DATEISH = re.compile(r"(?<![a-z0-9])(?:[0-9oil]{1,2}\s?[/.\-]\s?[0-9oil]{1,2}(?:\s?[/.\-]\s?[0-9oil]{4})?"
                      r"|[0-9oil]{1,2}\s?/\s?[0-9oil]{4}|[0-9oil]{2,4})(?![a-z0-9])")
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?"
    r"(?:[aeiouy]{1,3})(?:ch|ng|nh|[cmnpt])?$"
)


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character folded to one character: base letter, lower case, đ → d."""
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0]
    lowered = base.lower()
    if len(lowered) != 1:
        lowered = base
    return lowered


def fold_keep_length(text: str) -> str:
    """``text`` folded character by character (same length as ``text``)."""
    return "".join(fold_char(c) for c in text)


def is_syllable(word: str) -> bool:
    """Whether the folded ``word`` has the shape of a Vietnamese syllable."""
    return bool(_SYLLABLE.match(word))


def _repair_digits_in_words(folded: str) -> str:
    chars = list(folded)
    for match in _WORD.finditer(folded):
        token = match.group()
        has_letter = any(c.isalpha() for c in token)
        if not has_letter or token.isalpha():
            continue
        letters = sum(c.isalpha() for c in token)
        if letters < len(token) / 2:
            continue
        for offset, c in enumerate(token):
            if c in _DIGIT_AS_LETTER:
                neighbours = token[max(0, offset - 1):offset] + token[offset + 1:offset + 2]
                if any(n.isalpha() for n in neighbours):
                    chars[match.start() + offset] = _DIGIT_AS_LETTER[c]
    return "".join(chars)


def _repair_dates(folded: str) -> str:
    chars = list(folded)
    for match in _DATEISH.finditer(folded):
        span = match.group()
        digits = sum(c.isdigit() for c in span)
        if digits < 3 and not (digits >= 2 and len(span.strip()) <= 4):
            continue
        for offset, c in enumerate(span):
            if c in _LETTER_AS_DIGIT:
                chars[match.start() + offset] = _LETTER_AS_DIGIT[c]
    return "".join(chars)


# Words the extractor's patterns rely on, so an OCR-garbled one ("tromg", "cdng") can be
# read back (only words that cannot be a Vietnamese syllable are ever replaced).
COMMON_WORDS = (
    "trong truoc ngay thang nam quy hoan thanh cham nhat thoi gian han thuong xuyen hang "
    "dinh khi giao chu tri phoi hop voi cac nganh dia phuong huyen tran dac khu nhan dan "
    "tinh nghi yeu cau thuc hien bao cao ket qua nhiem cuoi den het vao truong dong cong "
    "van phong trung tam tiep tuc khan tham muu xay dung trien khai theo doi don doc "
    "kiem tra hoa chinh phuc hanh dien ky chuyen doi phat trien quyet lieu chi dao dap ung"
).split()


# Word pairs that carry the structure and the deadlines of a directive. A pair written
# with one letter wrong in one of its words ("hoam thanh", "Moi nhan") is read back.
KEY_BIGRAMS = {tuple(p.split()) for p in (
    "noi nhan", "kinh gui", "phu luc", "chu tri", "phoi hop", "hoan thanh", "truoc ngay",
    "cham nhat", "thoi gian", "thoi han", "thuong xuyen", "nhiem vu", "noi dung", "don vi",
    "co quan", "san pham", "ket qua", "uy ban", "ban nhan", "nhan dan", "dia phuong", "ban nganh",
    "trong thang", "trong nam", "trong quy", "cuoi thang", "den ngay", "tu ngay", "dap ung",
    "khi co", "tai ky", "ky hop", "dinh ky", "hang thang", "hang nam", "hang quy", "truong hop",
    "de nghi", "yeu cau", "thuc hien", "bao cao", "cac so", "so noi", "noi vu", "tai chinh",
    "cong an", "van phong", "cap xa", "cap huyen", "dac khu", "thi xa", "thanh pho",
    "giao so", "giao cong", "giao van", "giao uy", "giao ban", "giao trung", "lien quan",
    "tiep theo", "nam tiep", "chu tich", "pho chu", "thu truong", "giam doc", "lanh dao", "tong hop",
    "theo doi", "don doc", "trien khai", "chu dong", "thi hanh", "trach nhiem",
)}
_BIGRAM_FIRSTS: dict[str, set[str]] = {}
_BIGRAM_SECONDS: dict[str, set[str]] = {}
for _a, _b in KEY_BIGRAMS:
    _BIGRAM_FIRSTS.setdefault(_b, set()).add(_a)
    _BIGRAM_SECONDS.setdefault(_a, set()).add(_b)


# Letters a scan reads one for another (similar shapes). A word of correct Vietnamese is
# only ever "repaired" through one of these, so clean text keeps its words: "Bộ Nội vụ"
# is not "Sở Nội vụ", "các cơ quan" not "các sở quan", "quá trình" not "quý trình".
_CONFUSED = {frozenset(pair) for pair in (
    "mn", "uv", "vy", "ce", "od", "ua", "hb", "li", "rn", "ao", "co", "eo", "ft", "gq", "ij", "ky",
    "ai")}


def is_confusion(x: str, y: str) -> bool:
    """Whether a scan reads the letter ``x`` for ``y`` (or ``y`` for ``x``)."""
    return frozenset((x, y)) in _CONFUSED


def letter_differences(a: str, b: str) -> list[tuple[str, str]] | None:
    """The letters where two words of the same length differ (None: lengths differ)."""
    if len(a) != len(b):
        return None
    return [(x, y) for x, y in zip(a, b) if x != y]


def _one_letter_apart(a: str, b: str) -> bool:
    """Whether OCR could have read ``b`` as ``a``: one letter differs, and either the pair
    is a known confusion or ``a`` cannot be a Vietnamese syllable at all."""
    diffs = letter_differences(a, b)
    if diffs is None or len(diffs) != 1:
        return False
    return is_confusion(*diffs[0]) or not is_syllable(a)


def _repair_bigrams(folded: str) -> str:
    chars = list(folded)
    tokens = list(_WORD.finditer(folded))
    for a, b in zip(tokens, tokens[1:]):
        if folded[a.end():b.start()].strip():
            continue
        w1, w2 = a.group(), b.group()
        if (w1, w2) in KEY_BIGRAMS:
            continue
        firsts = _BIGRAM_FIRSTS.get(w2, ())
        if w2.isdigit():                  # "Mam 2025", "thamg 6/2025", "ngav 15/8/2025"
            firsts = ("nam", "thang", "ngay", "quy")
        fixes = [f for f in firsts if _one_letter_apart(f, w1)]
        if len(fixes) == 1:
            chars[a.start():a.end()] = fixes[0]
            continue
        fixes = [f for f in _BIGRAM_SECONDS.get(w1, ()) if _one_letter_apart(f, w2)]
        if len(fixes) == 1:
            chars[b.start():b.end()] = fixes[0]
    return "".join(chars)


class Vocabulary:
    """Known folded words, used to repair OCR-garbled syllables of the same length."""

    def __init__(self, words: Iterable[str] = ()):
        self.words: set[str] = set()
        self._by_shape: dict[tuple[int, int, str], list[str]] = {}
        for word in words:
            self.add(word)

    def add(self, word: str) -> None:
        word = word.strip()
        if len(word) < 3 or not word.isalpha() or word in self.words:
            return
        self.words.add(word)
        for i in range(len(word)):
            self._by_shape.setdefault((len(word), i, word[:i] + word[i + 1:]), []).append(word)

    def correction(self, token: str) -> str | None:
        """The single known word ``token`` differs from by one letter, if any."""
        if token in self.words or len(token) < 3:
            return None
        found = set()
        for i in range(len(token)):
            found.update(self._by_shape.get((len(token), i, token[:i] + token[i + 1:]), ()))
        return found.pop() if len(found) == 1 else None


def key(text: str, vocabulary: Vocabulary | None = None) -> str:
    """The matching key of ``text``: same length, folded and OCR-repaired."""
    return _key(text, vocabulary) if len(text) < 2000 else _key.__wrapped__(text, vocabulary)


@lru_cache(maxsize=8192)
def _key(text: str, vocabulary: Vocabulary | None) -> str:
    folded = _repair_bigrams(_repair_digits_in_words(_repair_dates(fold_keep_length(text))))
    if vocabulary is None or not vocabulary.words:
        return folded
    chars = list(folded)
    for match in _WORD.finditer(folded):
        token = match.group()
        if not token.isalpha() or is_syllable(token):
            continue
        original = text[match.start():match.end()]
        if original.isupper() and len(original) > 1:
            continue  # an abbreviation such as CSDL or LGSP
        fixed = vocabulary.correction(token)
        if fixed:
            chars[match.start():match.end()] = fixed
    return "".join(chars)


def apply_repairs(text: str, text_key: str) -> str:
    """``text`` with the letters its key repaired ("S6 Noi vu" → "So Noi vu"), case kept."""
    out = []
    for char, k in zip(text, text_key):
        if k != fold_char(char) and k.isalnum():
            out.append(k.upper() if char.isupper() else k)
        else:
            out.append(char)
    return "".join(out)


def words_of(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits only)."""
    return _WORD.findall(key(text))


def ocr_noise_ratio(text: str) -> float:
    """Share of the words of ``text`` that look damaged: accentless where Vietnamese
    needs accents, or not shaped like a Vietnamese syllable."""
    tokens = re.findall(r"[^\W\d_]+", text)
    if not tokens:
        return 0.0
    folded = [fold_keep_length(t) for t in tokens]
    plain = sum(1 for t, f in zip(tokens, folded) if t.lower() == f)
    odd = sum(1 for f in folded if not is_syllable(f))
    return min(1.0, (max(0, plain - 0.45 * len(tokens)) + odd) / len(tokens))


_NUMBERISH = re.compile(r"^[0-9lIoO]{1,3}(?:\.[0-9lIoO]{1,3}){0,3}\.?$")


_ROMANISH = re.compile(r"^(?=[IVXl]*[IVX])[IVXl]{1,4}(?=[.)]?$)")


def repair_number(token: str) -> str:
    """A row or item number OCR read with letters ("l2" → "12", "1O" → "10", "l." → "1."),
    or a Roman numeral read with a lower-case L ("Il" → "II")."""
    if _NUMBERISH.match(token) and (any(c.isdigit() for c in token) or token.rstrip(".)") == "l"):
        return token.translate(str.maketrans("lIoO", "1100"))
    if _ROMANISH.match(token):
        return token.replace("l", "I")
    return token
