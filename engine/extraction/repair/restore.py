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

from engine.extraction.repair.channel import OcrChannel
from engine.extraction.repair.keys import is_syllable, repair_number
from engine.extraction.repair.lexicon import BOUNDARY, Lexicon
from engine.extraction.repair.training import NUMBER, fold

VIETNAMESE_LETTERS = set("ơưăđạảẹẻẽịỉĩọỏụủũỳỷỹỵắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữự")
_TOKEN = re.compile(r"[^\s,;:.()\[\]{}\"“”'’‘!?/\-–—|_=*•…]+")
_SENTENCE_BREAK = re.compile(r"[.;!?()\[\]]\s|[;!?()\[\]]|^\s*[-+•]\s")
_MARKER_START = re.compile(r"^\s*(?:[-+•–]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][).]|[IVX]{1,4}\.)\s")
_KEEP_COST = 9.0                  # channel cost of keeping a token as written
_UNCERTAIN_MARGIN = 2.5           # nats between the chosen word and the next best
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
    if written[0].isdigit() and sum(c.isdigit() for c in written) >= len(written) / 2:
        return True
    if not any(c.isalpha() for c in written) or repair_number(written) != written:
        return True               # "l2", "1O", "l": a number the scan read with letters
    if re.fullmatch(r"[IVXL]{1,5}", written) or _is_abbreviation(written):
        return True
    return bool(re.search(r"[a-z][A-Z]", written)) and not re.search(r"\d", written) and len(written) > 3


def _is_marker(match: re.Match, line: str) -> bool:
    """An item's letter ("b)", "c.") or a letter of an abbreviation with a slash ("b/c",
    "V/v"): kept as written."""
    if len(match.group()) > 2:
        return False
    after = line[match.end():match.end() + 1]
    if after == "/" or line[match.start() - 1:match.start()] == "/":
        return True
    return len(match.group()) == 1 and after in (")", "]", "}", ".") and not line[:match.start()].strip(" -–+•")


def _cased(word: str, written: str) -> str:
    letters = [c for c in written if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    first = written[0]
    if first.isupper() or (not first.isalpha() and len(written) > 1 and written[1:2].isupper()):
        return word[:1].upper() + word[1:]
    return word


class _Sentence:
    """The tokens of one stretch of a line between sentence breaks, decoded together."""

    def __init__(self, tokens: list[_Token], lexicon: Lexicon, context: str = BOUNDARY):
        self.tokens = tokens
        self.lexicon = lexicon
        self.context = context              # the word before the first token

    def _states(self, token: _Token) -> list[tuple[str, float]]:
        if token.candidates is None:
            return [(token.context, 0.0)]
        return [*token.candidates, (token.written.lower(), _KEEP_COST)]

    def decode(self) -> list[tuple[str, bool]]:
        """(chosen word, uncertain) for each token."""
        if not self.tokens:
            return []
        lattice = [self._states(t) for t in self.tokens]
        scores: list[list[float]] = []
        backs: list[list[int]] = []
        prev_words = [self.context]
        prev_scores = [0.0]
        for states in lattice:
            row, back = [], []
            for word, cost in states:
                best, arg = -math.inf, 0
                for k, (pw, ps) in enumerate(zip(prev_words, prev_scores)):
                    s = ps + self.lexicon.logp(pw, word)
                    if s > best:
                        best, arg = s, k
                row.append(best - cost)
                back.append(arg)
            scores.append(row)
            backs.append(back)
            prev_words, prev_scores = [w for w, _ in states], row
        path = [max(range(len(scores[-1])), key=lambda k: scores[-1][k])]
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
            score = self.lexicon.logp(prev, word) - cost
            return score + (self.lexicon.logp(word, nxt) if nxt is not None else 0.0)

        picked = next((local(w, c) for w, c in states if w == chosen[n]), -math.inf)
        if chosen[n] == token.written.lower() and not self.lexicon.knows(chosen[n]):
            return True
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
        elif _keeps(written) or _is_marker(match, line):
            pass
        elif any(c in VIETNAMESE_LETTERS for c in lower) and self.lexicon.knows(lower):
            token.candidates = [(lower, 0.0)]     # written with its Vietnamese letters: trusted
        else:
            token.candidates = self.channel.candidates(lower, self.lexicon)
        return token

    def _sentences(self, line: str) -> list[list[_Token]]:
        breaks = [m.start() for m in _SENTENCE_BREAK.finditer(line)]
        groups: list[list[_Token]] = [[]]
        for match in _TOKEN.finditer(line):
            while breaks and breaks[0] < match.start():
                breaks.pop(0)
                if groups[-1]:
                    groups.append([])
            groups[-1].append(self._token(match, line))
        return [g for g in groups if g]

    def line(self, raw: str, context: str = BOUNDARY) -> tuple[RestoredLine, str]:
        """The line restored, and the word the next line's first word follows
        (``<s>`` when this line ends a sentence)."""
        pieces: list[str] = []
        uncertain: list[tuple[int, int]] = []
        pos, length = 0, 0
        sentences = self._sentences(raw)
        if _MARKER_START.match(raw):
            context = BOUNDARY
        for n, tokens in enumerate(sentences):
            decoded = _Sentence(tokens, self.lexicon, context if n == 0 else BOUNDARY).decode()
            for token, (word, unsure) in zip(tokens, decoded):
                if token.candidates is None:
                    continue
                written = token.written if word == token.written.lower() else _cased(word, token.written)
                pieces.append(raw[pos:token.start])
                length += token.start - pos
                if unsure:
                    uncertain.append((length, length + len(written)))
                pieces.append(written)
                length += len(written)
                pos = token.end
            context = decoded[-1][0] if decoded and tokens[-1].candidates is not None else \
                (tokens[-1].context if tokens else BOUNDARY)
        pieces.append(raw[pos:])
        if not raw.strip() or re.search(r"[.;!?:]\W*$", raw):
            context = BOUNDARY
        return RestoredLine(raw, "".join(pieces), uncertain), context


def restore(text: str, lexicon: Lexicon, channel: OcrChannel, *, force: bool = False) -> Restoration:
    """``text`` restored line by line when it needs it (or when ``force``), else as is.
    A line continues the sentence of the line above unless that one ended it."""
    text = unicodedata.normalize("NFC", text)
    lines = text.split("\n")
    if not (force or needs_restoration(text)):
        return Restoration([RestoredLine(ln, ln) for ln in lines], applied=False)
    restorer = Restorer(lexicon, channel)
    restored, context = [], BOUNDARY
    for raw in lines:
        line, context = restorer.line(raw, context)
        restored.append(line)
    return Restoration(restored, applied=True)
