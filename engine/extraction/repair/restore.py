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

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from engine.extraction.repair.channel import OcrChannel
from engine.extraction.repair.decoder import Sentence, Token, last_word
from engine.extraction.repair.lexicon import BOUNDARY, Lexicon
from engine.extraction.repair.tokens import (TOKEN, VIETNAMESE_LETTERS, cased, code_as_written, is_marker,
                                             kept_as_written, without_specks)
from engine.extraction.repair.training import NUMBER, fold

_SENTENCE_BREAK = re.compile(r"[.;!?()\[\]]\s|[;!?()\[\]]|^\s*[-+•]\s")
_MARKER_START = re.compile(r"^\s*(?:[-+•–]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][).]|[IVX]{1,4}\.)\s")
_GLUED_ABOVE = 7.0                # a token explained worse than this may be two words glued
_GLUED_PART = 4.5                 # … when each part is explained better than this
_GLUED_LETTER = 7.0               # a one-letter part may have lost its marked vowel
_GLUE_COST = 3.0
_CONTEXT_ABOVE = 9.0              # a token explained worse than this also gets its context's words
_CONTEXT_WORDS = 60
_CONTEXT_EDITS = 4
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


class Restorer:
    def __init__(self, lexicon: Lexicon, channel: OcrChannel):
        self.lexicon = lexicon
        self.channel = channel

    def _token(self, match: re.Match, line: str) -> Token:
        written = match.group()
        token = Token(match.start(), match.end(), written, written.lower())
        lower = written.lower()
        if written[0].isdigit() and kept_as_written(written):
            token.context = NUMBER
        elif (kept_as_written(written) and not self._misread_capitals(written)) or is_marker(match, line):
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

    def _add_context_readings(self, tokens: list[Token]) -> None:
        """A token no word explains well ("tniréc") may be the word its context calls for:
        the words often seen after the token before it that begin with the same letter and
        are a few edits away join its readings (the channel still prices each)."""
        for n, token in enumerate(tokens):
            if token.candidates is None or (token.candidates and token.candidates[0][1] <= _CONTEXT_ABOVE):
                continue
            before = tokens[n - 1] if n else None
            prev = (last_word(before.candidates[0][0]) if before.candidates else before.context) if before else BOUNDARY
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

    def _segments(self, lines: list[str]) -> tuple[list[list[Token]], list[list[tuple[int, Token]]]]:
        """The tokens of each line, and the sentences they form: a sentence runs on over
        a line break (wrapped text) and ends at its punctuation, a blank line or a line
        that starts an item."""
        per_line = [[self._token(m, line) for m in TOKEN.finditer(line)] for line in lines]
        segments: list[list[tuple[int, Token]]] = [[]]

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
            decoded = Sentence([t for _, t in segment], self.lexicon).decode()
            for (_, token), reading in zip(segment, decoded):
                readings[id(token)] = reading
        return [self._rewrite(raw, line, per_line[n], readings) for n, (raw, line) in enumerate(zip(raws, cleaned))]

    @staticmethod
    def _rewrite(raw: str, line: str, tokens: list[Token], readings: dict) -> RestoredLine:
        letters = [c for c in line if c.isalpha()]
        capitals_line = bool(letters) and sum(c.isupper() for c in letters) > 0.7 * len(letters)
        pieces: list[str] = []
        uncertain: list[tuple[int, int]] = []
        pos, length = 0, 0
        for token in tokens:
            if token.candidates is None:
                code = code_as_written(token.written)
                if code != token.written:            # "QD-UBND" → "QĐ-UBND", "TCTO1" → "TCT01"
                    pieces.append(line[pos:token.start] + code)
                    length += token.start - pos + len(code)
                    pos = token.end
                continue
            word, unsure = readings[id(token)]
            out = token.written if word == token.written.lower() else cased(word, token.written, capitals_line)
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
