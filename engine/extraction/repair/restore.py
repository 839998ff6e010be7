"""Vietnamese text restored from a wrong-model OCR (or typed without diacritics).

``needs_restoration(text)`` tells such text from Vietnamese written with its letters: in
clean text, about six words in ten carry a letter only Vietnamese has (ơ, ư, ă, đ, a dot
below, a hook above …); an OCR model without those letters writes none.

``restore(text, lexicon, channel)`` rewrites each line word by word: every OCR token gets
the words it may stand for (channel.candidates), a Viterbi search over each sentence
picks the sequence that best explains the tokens under the word-pair model (lexicon),
and the winner is written in the token's case. Numbers, punctuation, abbreviations
("UBND", "KH/BCĐTW") and tokens no Vietnamese word explains are kept as written. Lines
are kept one for one, so line numbers stay those of the OCR text. A word is *uncertain*
when another reading scores almost as well in its context or when it was kept as
written; its span in the restored line is reported for the reviewer.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from engine.extraction.repair.channel import OcrChannel
from engine.extraction.repair.keys import is_syllable, repair_number
from engine.extraction.repair.lexicon import BOUNDARY, Lexicon
from engine.extraction.repair.training import NUMBER, fold

VIETNAMESE_LETTERS = set("ơưăđạảẹẻẽịỉĩọỏụủũỳỷỹỵắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữự")
_TOKEN = re.compile(r"[^\s,;:.()\[\]{}\"“”'’‘!?/\-–—|_=*•…]+")
_SENTENCE_BREAK = re.compile(r"[.;!?()\[\]]\s|[;!?()\[\]]|^\s*[-+•]\s")
_MARKER_START = re.compile(r"^\s*(?:[-+•–]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][).]|[IVX]{1,4}\.)\s")
_KEEP_COST = 9.0
_STATES = 12                       # readings of a token the search weighs
_GLUED_ABOVE = 7.0
_CONTEXT_ABOVE = 9.0              # a token explained worse than this also gets its context's words
_CONTEXT_WORDS = 60
_CONTEXT_EDITS = 4                # a token explained worse than this may be two words glued
_GLUED_PART = 4.5
_GLUE_COST = 3.0
_LETTER_SYMBOLS = set("$@¢&§")      # "$6" for "Số", "S@" for "Sở"
_GLUED_LETTER = 7.0               # a one-letter part may have lost its marked vowel                  # channel cost of keeping a token as written
_UNCERTAIN_MARGIN = 2.5           # nats between the chosen word and the next best
_GUESS_COST = 8.0                 # a reading that explains the scan this badly is a guess
_MARKED_SHARE = 0.25


@dataclass
class RestoredLine:
    raw: str                                   # the line as the OCR wrote it
    text: str                                  # the line restored
    uncertain: list[tuple[int, int]] = field(default_factory=list)   # spans in ``text``

    @property
    def uncertain_words(self) -> list[str]:
        return [self.text[a:b] for a, b in self.uncertain]


@dataclass
class Restoration:
    lines: list[RestoredLine]
    applied: bool

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def raw(self) -> str:
        return "\n".join(line.raw for line in self.lines)


def marked_share(text: str) -> float:
    """Share of the words of ``text`` with a letter only Vietnamese writes."""
    words = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", text))
    words = [w for w in words if len(w) > 1 or w.lower() in "aeiouy"]
    if not words:
        return 1.0
    return sum(1 for w in words if any(c in VIETNAMESE_LETTERS for c in w.lower())) / len(words)


def needs_restoration(text: str) -> bool:
    """Whether ``text`` is Vietnamese written without its letters (see module doc)."""
    return marked_share(text) < _MARKED_SHARE


@dataclass
class _Token:
    start: int
    end: int
    written: str
    context: str                     # the word this token stands for in the model's context
    candidates: list[tuple[str, float]] | None = None   # None: kept as written


def _is_abbreviation(written: str) -> bool:
    letters = [c for c in written if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return False
    return not is_syllable(fold(written)) or len(written) <= 2 and written in ("UB", "KH", "TT", "CT", "VP")


def _keeps(written: str) -> bool:
    """Tokens never rewritten: numbers, dates, codes, abbreviations, Roman numerals."""
    if written[0].isdigit() and sum(c.isdigit() for c in written) >= len(written) / 2 and written.isascii() \
            and not re.fullmatch(r"1[a-z]{1,3}", written):
        return True               # "2025", "5G", "10O%"; not "1é" (lệ), "1a" (là)
    if not any(c.isalpha() or c in _LETTER_SYMBOLS for c in written) or repair_number(written) != written:
        return True               # "l2", "1O", "l": a number the scan read with letters
    if re.fullmatch(r"[IVXL]{1,5}", written) or _is_abbreviation(written):
        return True
    return bool(re.search(r"[a-z][A-Z]", written)) and not re.search(r"\d", written) and len(written) > 3


# Specks a scan reads as punctuation inside a sentence: "báo'cáo", "các.xã", "trước ngày. 31/10".
_GLUED_SPECK = re.compile(r"(?<=[^\W\d_])['’‘.`]{1,2}(?=[^\W\d_])")
# Specks before a line's first word or item marker (". III. TỔ CHỨC", "“1. Kết quả").
_LEADING_SPECK = re.compile(r"^(\s*)(?:[.,'`‘’·_]+\s+|[“\"'‘]+(?=\d{1,2}\.|[IVX]{1,4}\.))")
_LOOSE_PERIOD = re.compile(r"(?<=[^\W\d_A-Z]{2})\.(?= +(?:[a-zđà-ỹ]|\d{1,2}/\d))|(?<=\d/\d{4})\.(?= +\d{1,2}/\d)")


def without_specks(line: str) -> str:
    """``line`` with the specks a scan reads as punctuation inside a sentence turned into
    spaces (see above); abbreviations such as "TP.HCM", "V/v" and item markers are kept."""
    line = _LEADING_SPECK.sub(r"\1", line)
    line = _GLUED_SPECK.sub(lambda m: m.group() if _abbreviation_around(line, m.start()) else " ", line)
    if not line.lstrip().startswith("|"):               # a lone bar is a speck; a table row is not
        line = re.sub(r"(?<=\w) [|¦] (?=\w)", "   ", line)
    return _LOOSE_PERIOD.sub(" ", line)


def _abbreviation_around(line: str, at: int) -> bool:
    left = re.search(r"\S*$", line[:at]).group()
    right = re.match(r"\S*", line[at + 1:]).group()
    return left[-1:].isupper() or (len(right) > 1 and right.isupper()) or len(left) <= 1


# Codes of Nghị định 30/2020 and of the bodies that issue directives, written with Đ, that
# an OCR model without Vietnamese letters writes with D.
_CODES_WITH_D = {"QD": "QĐ", "HDND": "HĐND", "BCD": "BCĐ", "BCDTW": "BCĐTW", "DU": "ĐU", "DBQH": "ĐBQH",
                 "TTHDND": "TTHĐND", "UBMTTQ": "UBMTTQ"}


def _code(written: str) -> str:
    """An abbreviation or symbol as the document wrote it (see above); an O between a
    code's letters and its digits is a zero."""
    if not (len(written) > 1 and written.isupper() or re.search(r"[A-Z]O\d", written)):
        return written
    parts = re.split(r"([-/&])", written)
    parts = [_CODES_WITH_D.get(p, p) for p in parts]
    return re.sub(r"(?<=[A-Z])O(?=\d)", "0", "".join(parts))


def _is_marker(match: re.Match, line: str) -> bool:
    """An item's letter ("b)", "c.") or a letter of an abbreviation with a slash ("b/c",
    "V/v"): kept as written."""
    after = line[match.end():match.end() + 1]
    if re.fullmatch(r"[IVXLivxl]{1,5}", match.group()) and after in ".)" and not line[:match.start()].strip():
        return True               # a Roman numeral a scan misread ("Vv.", "Il.")
    if len(match.group()) > 2:
        return False
    if after == "/" or line[match.start() - 1:match.start()] == "/":
        return True
    return len(match.group()) == 1 and after in (")", "]", "}", ".") and not line[:match.start()].strip(" -–+•")


def _cased(word: str, written: str, capitals_line: bool = False) -> str:
    """``word`` in the case the token was written in; in a line of running text, two or
    three capitals a scan made of one word ("SG", "SY") give a capitalised word."""
    if " " in word:                        # a glued token: "SY" → "Sở Y", "Khicé" → "Khi có"
        words = word.split(" ")
        if written.isupper() and len(written) <= 3 and not capitals_line:
            return " ".join(w[:1].upper() + w[1:] for w in words)
        return " ".join([_cased(words[0], written, capitals_line), *words[1:]])
    letters = [c for c in written if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        if len(letters) > 3 or capitals_line:
            return word.upper()
        return word[:1].upper() + word[1:]
    first = written[0]
    if first.isupper() or first in "$§" or (not first.isalpha() and len(written) > 1 and written[1:2].isupper()):
        return word[:1].upper() + word[1:]
    return word


def _first(reading: str) -> str:
    return reading.split(" ", 1)[0]


def _last(reading: str) -> str:
    return reading.rsplit(" ", 1)[-1]


class _Sentence:
    """The tokens of one stretch of a line between sentence breaks, decoded together.
    A reading may be two words ("khi có" for a token the scan glued: "khicé")."""

    def __init__(self, tokens: list[_Token], lexicon: Lexicon):
        self.tokens = tokens
        self.lexicon = lexicon
        self.context = BOUNDARY             # the word before the first token

    def _states(self, token: _Token) -> list[tuple[str, float]]:
        if token.candidates is None:
            return [(token.context, 0.0)]
        glued = [c for c in token.candidates[_STATES:] if " " in c[0]]     # always weighed
        return [*token.candidates[:_STATES], *glued, (token.written.lower(), _KEEP_COST)]

    def _inner(self, reading: str) -> float:
        words = reading.split(" ")
        return sum(self.lexicon.logp(a, b) for a, b in zip(words, words[1:]))

    def _step(self, prev: str, reading: str) -> float:
        return self.lexicon.logp(_last(prev), _first(reading))

    def decode(self) -> list[tuple[str, bool]]:
        """(chosen reading, uncertain) for each token."""
        if not self.tokens:
            return []
        logp = self.lexicon.logp
        lattice = [self._states(t) for t in self.tokens]
        backs: list[list[int]] = []
        prev_lasts = [self.context]
        prev_scores = [0.0]
        for states in lattice:
            row, back = [], []
            for word, cost in states:
                first = _first(word)
                best, arg = -math.inf, 0
                for k, last in enumerate(prev_lasts):
                    score = prev_scores[k] + logp(last, first)
                    if score > best:
                        best, arg = score, k
                row.append(best + (self._inner(word) if " " in word else 0.0) - cost)
                back.append(arg)
            backs.append(back)
            prev_lasts, prev_scores = [_last(w) for w, _ in states], row
        path = [max(range(len(prev_scores)), key=lambda k: prev_scores[k])]
        for n in range(len(lattice) - 1, 0, -1):
            path.append(backs[n][path[-1]])
        path.reverse()
        chosen = [lattice[n][k][0] for n, k in enumerate(path)]
        return [(chosen[n], self._uncertain(n, chosen, lattice)) for n in range(len(chosen))]

    def _uncertain(self, n: int, chosen: list[str], lattice) -> bool:
        token = self.tokens[n]
        if token.candidates is None:
            return False
        states = lattice[n]
        prev = chosen[n - 1] if n else self.context
        nxt = chosen[n + 1] if n + 1 < len(chosen) else None

        def local(word: str, cost: float) -> float:
            score = self._step(prev, word) + self._inner(word) - cost
            return score + (self._step(word, nxt) if nxt is not None else 0.0)

        picked = next((local(w, c) for w, c in states if w == chosen[n]), -math.inf)
        if chosen[n] == token.written.lower() and not self.lexicon.knows(chosen[n]):
            return True
        if next((c for w, c in states if w == chosen[n]), 0.0) > _GUESS_COST:
            return True           # read far from what the scan wrote: a guess from the context
        others = [local(w, c) for w, c in states if w != chosen[n]]
        return bool(others) and picked - max(others) < _UNCERTAIN_MARGIN


class Restorer:
    def __init__(self, lexicon: Lexicon, channel: OcrChannel):
        self.lexicon = lexicon
        self.channel = channel

    def _token(self, match: re.Match, line: str) -> _Token:
        written = match.group()
        token = _Token(match.start(), match.end(), written, written.lower())
        lower = written.lower()
        if written[0].isdigit() and _keeps(written):
            token.context = NUMBER
        elif (_keeps(written) and not self._misread_capitals(written)) or _is_marker(match, line):
            pass
        elif any(c in VIETNAMESE_LETTERS for c in lower) and self.lexicon.knows(lower):
            token.candidates = [(lower, 0.0)]     # written with its Vietnamese letters: trusted
        else:
            token.candidates = self.channel.candidates(lower, self.lexicon)
            if len(lower) >= 3 and (not token.candidates or token.candidates[0][1] > _GLUED_ABOVE):
                token.candidates = sorted([*token.candidates, *self._glued(lower)], key=lambda c: c[1])
            elif len(written) == 2 and written.isupper() and written.isalpha():
                # two capitals in running text: an abbreviation, or a word whose marked vowel
                # the scan lost together with the space ("SY tế" for "Sở Y tế")
                token.candidates = sorted([*token.candidates, *self._glued(lower, _GLUED_LETTER)],
                                          key=lambda c: c[1])
        return token

    def _misread_capitals(self, written: str) -> bool:
        """Two or three capitals no directive writes ("SG" for "Sở"): a word, not an
        abbreviation (the abbreviations directives use are in the word counts)."""
        return 2 <= len(written) <= 3 and written.isalpha() and written.isupper() and \
            written.lower() not in self.lexicon.unigrams

    def _add_context_readings(self, tokens: list[_Token]) -> None:
        """A token no word explains well ("tniréc") may be the word its context calls for:
        the words often seen after the token before it that begin with the same letter and
        are a few edits away join its readings (the channel still prices each)."""
        for n, token in enumerate(tokens):
            if token.candidates is None or (token.candidates and token.candidates[0][1] <= _CONTEXT_ABOVE):
                continue
            before = tokens[n - 1] if n else None
            prev = (_last(before.candidates[0][0]) if before.candidates else before.context) if before else BOUNDARY
            lower = token.written.lower()
            guess = self.channel.guess(lower)
            known = {w for w, _ in token.candidates}
            extra = []
            for word in self.lexicon.followers(prev)[:_CONTEXT_WORDS]:
                folded = fold(word)
                if word in known or not word.isalpha() or folded[:1] != guess[:1]:
                    continue
                if Levenshtein.distance(folded, guess) <= _CONTEXT_EDITS:
                    extra.append((word, self.channel.cost(lower, word)))
            token.candidates = sorted([*token.candidates, *extra], key=lambda c: c[1])

    def _glued(self, lower: str, part_limit: float = 0.0) -> list[tuple[str, float]]:
        """Readings of a token the scan glued from two words ("khicé" → "khi có")."""
        limit = part_limit or _GLUED_PART
        found = []
        for cut in range(1, len(lower)):
            left = self.channel.candidates(lower[:cut], self.lexicon)
            right = self.channel.candidates(lower[cut:], self.lexicon)
            for lw, lc in left[:3]:
                for rw, rc in right[:2]:
                    if lc < limit and rc < limit:
                        found.append((f"{lw} {rw}", lc + rc + _GLUE_COST))
        return sorted(found, key=lambda c: c[1])[:6]

    def _segments(self, lines: list[str]) -> tuple[list[list[_Token]], list[list[tuple[int, _Token]]]]:
        """The tokens of each line, and the sentences they form: a sentence runs on over
        a line break (wrapped text) and ends at its punctuation, a blank line or a line
        that starts an item."""
        per_line = [[self._token(m, line) for m in _TOKEN.finditer(line)] for line in lines]
        segments: list[list[tuple[int, _Token]]] = [[]]

        def close():
            if segments[-1]:
                segments.append([])

        for n, line in enumerate(lines):
            if not line.strip() or _MARKER_START.match(line):
                close()
            breaks = [m.start() for m in _SENTENCE_BREAK.finditer(line)]
            last_end = 0
            for token in per_line[n]:
                if any(last_end <= b < token.start for b in breaks):
                    close()
                segments[-1].append((n, token))
                last_end = token.end
            if re.search(r"[.;!?:]\W*$", line):
                close()
        return per_line, [s for s in segments if s]

    def lines(self, raws: list[str]) -> list[RestoredLine]:
        cleaned = [without_specks(r) for r in raws]
        per_line, segments = self._segments(cleaned)
        readings: dict[int, tuple[str, bool]] = {}
        for segment in segments:
            self._add_context_readings([t for _, t in segment])
            decoded = _Sentence([t for _, t in segment], self.lexicon).decode()
            for (_, token), reading in zip(segment, decoded):
                readings[id(token)] = reading
        return [self._rewrite(raw, line, per_line[n], readings) for n, (raw, line) in enumerate(zip(raws, cleaned))]

    @staticmethod
    def _rewrite(raw: str, line: str, tokens: list[_Token], readings: dict) -> RestoredLine:
        letters = [c for c in line if c.isalpha()]
        capitals_line = bool(letters) and sum(c.isupper() for c in letters) > 0.7 * len(letters)
        pieces: list[str] = []
        uncertain: list[tuple[int, int]] = []
        pos, length = 0, 0
        for token in tokens:
            if token.candidates is None:
                code = _code(token.written)
                if code != token.written:            # "QD-UBND" → "QĐ-UBND", "TCTO1" → "TCT01"
                    pieces.append(line[pos:token.start] + code)
                    length += token.start - pos + len(code)
                    pos = token.end
                continue
            word, unsure = readings[id(token)]
            out = token.written if word == token.written.lower() else _cased(word, token.written, capitals_line)
            pieces.append(line[pos:token.start])
            length += token.start - pos
            if unsure:
                uncertain.append((length, length + len(out)))
            pieces.append(out)
            length += len(out)
            pos = token.end
        pieces.append(line[pos:])
        return RestoredLine(raw, "".join(pieces), uncertain)


def restore(text: str, lexicon: Lexicon, channel: OcrChannel, *, force: bool = False) -> Restoration:
    """``text`` restored when it needs it (or when ``force``), else as is."""
    text = unicodedata.normalize("NFC", text)
    lines = text.split("\n")
    if not (force or needs_restoration(text)):
        return Restoration([RestoredLine(ln, ln) for ln in lines], applied=False)
    return Restoration(Restorer(lexicon, channel).lines(lines), applied=True)
