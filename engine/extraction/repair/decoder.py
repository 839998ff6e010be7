"""The search for the likeliest Vietnamese sentence behind a run of OCR tokens.

Each token offers its readings (a word, or two words for a token the scan glued, with
the channel's cost) and the option of keeping it as written; a Viterbi search picks the
sequence that best explains the tokens under the word-pair model. A reading is
*uncertain* when another scores almost as well in its context, when it explains the
scan badly, or when the token was kept because no Vietnamese word explains it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from engine.extraction.repair.lexicon import BOUNDARY, Lexicon

KEEP_COST = 9.0                   # channel cost of keeping a token as written
_STATES = 12                      # readings of a token the search weighs
_UNCERTAIN_MARGIN = 2.5           # nats between the chosen word and the next best
_GUESS_COST = 8.0                 # a reading that explains the scan this badly is a guess


@dataclass
class Token:
    start: int
    end: int
    written: str
    context: str                     # the word this token stands for in the model's context
    candidates: list[tuple[str, float]] | None = None   # None: kept as written


def first_word(reading: str) -> str:
    return reading.split(" ", 1)[0]


def last_word(reading: str) -> str:
    return reading.rsplit(" ", 1)[-1]


class Sentence:
    """The tokens of one stretch of a line between sentence breaks, decoded together.
    A reading may be two words ("khi có" for a token the scan glued: "khicé")."""

    def __init__(self, tokens: list[Token], lexicon: Lexicon):
        self.tokens = tokens
        self.lexicon = lexicon
        self.context = BOUNDARY             # the word before the first token

    def _states(self, token: Token) -> list[tuple[str, float]]:
        if token.candidates is None:
            return [(token.context, 0.0)]
        glued = [c for c in token.candidates[_STATES:] if " " in c[0]]     # always weighed
        return [*token.candidates[:_STATES], *glued, (token.written.lower(), KEEP_COST)]

    def _inner(self, reading: str) -> float:
        words = reading.split(" ")
        return sum(self.lexicon.logp(a, b) for a, b in zip(words, words[1:]))

    def _step(self, prev: str, reading: str) -> float:
        return self.lexicon.logp(last_word(prev), first_word(reading))

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
                first = first_word(word)
                best, arg = -math.inf, 0
                for k, last in enumerate(prev_lasts):
                    score = prev_scores[k] + logp(last, first)
                    if score > best:
                        best, arg = score, k
                row.append(best + (self._inner(word) if " " in word else 0.0) - cost)
                back.append(arg)
            backs.append(back)
            prev_lasts, prev_scores = [last_word(w) for w, _ in states], row
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
