"""Resolve the agency names a directive writes to the agencies of the registry.

``AgencyMatcher(registry, on=day)``:

* ``match(phrase)`` → ``MatchResult(agency_name, score, ambiguous)`` for one name as
  written ("Sở KH&CN", "VP UBND tỉnh", "S6 Noi vu", "Các địa phương");
* ``find_all(text)`` → ``[(name_or_group_token, (start, end), score), …]`` for every
  known agency or group mentioned in a text;
* ``parse_list(text, pos)`` reads the list of agencies written at ``pos`` ("Sở Tư pháp;
  Sở Tài chính và các Sở ngành liên quan", "UBND các phường A, B và C") for the task
  builder and the table reader, reporting names the registry does not know instead of
  inventing them; a unit in brackets after an agency ("Văn phòng UBND tỉnh (Trung tâm …)")
  specifies that agency and is kept apart.

Matching is exact on folded, abbreviation-expanded words first, then tolerant of OCR
noise (edit distance on the accent-folded words, rapidfuzz), and — only where a table
cell was cut by a page break — of a name's unfinished beginning. Generic group phrases
resolve to the registry's group tokens by the kinds of their members, and "các địa
phương" to the local level that exists on the directive's date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from engine.extraction.agencies import names as names_mod
from engine.extraction.agencies.index import AgencyIndex
from engine.extraction.agencies.names import Mention, Tok
from engine.extraction.agencies.places import plain_flags, shared_list_at


@dataclass(frozen=True)
class MatchResult:
    agency_name: str | None
    score: float
    ambiguous: bool = False
    names: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()


@dataclass
class AgencyList:
    mentions: list[Mention] = field(default_factory=list)
    seps: list[str] = field(default_factory=list)   # separator before mention k+1
    end: int = 0
    specified: list[Mention] = field(default_factory=list)   # "X (Y)": the Y of X

    @property
    def resolved(self) -> list[str]:
        out: list[str] = []
        for m in self.mentions:
            if m.kind not in ("unknown", "ambiguous", "generic"):
                out.extend(n for n in m.names if n not in out)
        return out

    @property
    def unknown(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind in ("unknown", "ambiguous")]


class AgencyMatcher:
    def __init__(self, registry, *, on: date | None = None, threshold: float = 88.0,
                 index: AgencyIndex | None = None):
        self.registry = registry
        self.on = on
        self.threshold = threshold
        self.index = index or AgencyIndex(registry, threshold)

    def with_date(self, on: date | None) -> "AgencyMatcher":
        """The same matcher (same index) judging groups on another day."""
        return AgencyMatcher(self.registry, on=on, threshold=self.threshold, index=self.index)

    @property
    def vocabulary(self):
        return self.index.vocabulary

    def key(self, text: str) -> str:
        return self.index.key(text)

    def tokens(self, text: str) -> list[Tok]:
        return self.index.tokens(text)

    def mention_at(self, text: str, tokens: list[Tok], i: int, *, allow_prefix=False,
                   report_unknown=False) -> Mention | None:
        return self.index.mention_at(text, tokens, i, on=self.on, allow_prefix=allow_prefix,
                                     report_unknown=report_unknown, resolve=self.match)

    # -- public API -----------------------------------------------------------------
    def match(self, phrase: str) -> MatchResult:
        """The registry agency a name as written denotes (None if unknown)."""
        tokens = self.tokens(phrase)
        joined, _ = names_mod.joined_offsets(tokens)
        role = names_mod.ROLE_PREFIX.match(joined)
        if role and len(tokens) > 2:
            skip = len(role.group().split())
            tokens = tokens[skip:]
        if not tokens:
            return MatchResult(None, 0.0)
        ws = tuple(t.word for t in tokens)
        m = self.mention_at(phrase, tokens, 0)
        if m and m.end_token == len(tokens) and m.kind == "group":
            return MatchResult(m.names[0], m.score, False, m.names)
        exact = self.index.exact_owners(ws)
        if exact and len(exact) == 1:
            name = next(iter(exact))
            return MatchResult(name, 100.0, False, (name,))
        if m and m.end_token == len(tokens) and m.kind in ("exact", "fuzzy"):
            return MatchResult(m.names[0], m.score, False, m.names)
        if m and m.end_token == len(tokens) and m.kind == "ambiguous":
            return MatchResult(None, m.score, True, (), m.candidates)
        if m and m.end_token == len(tokens) and m.kind == "unknown":
            return MatchResult(None, 0.0)
        owners, best_score, rivals = self.index.best_fuzzy(" ".join(ws), plain_flags(phrase, tokens))
        if not owners:
            return MatchResult(None, 0.0)
        if best_score < self.threshold:
            return MatchResult(None, best_score)
        if len(owners) > 1 or rivals:
            return MatchResult(None, best_score, True, (), tuple(sorted({*owners, *rivals})))
        return MatchResult(owners[0], best_score, False, (owners[0],))

    def find_all(self, text: str) -> list[tuple[str, tuple[int, int], float]]:
        """Every known agency or group token mentioned in ``text`` with its span."""
        tokens = self.tokens(text)
        out, i = [], 0
        while i < len(tokens):
            m = self.mention_at(text, tokens, i)
            if m and m.kind in ("exact", "group", "fuzzy"):
                out.extend((name, (m.start, m.end), m.score) for name in m.names)
                i = m.end_token
            else:
                i += 1
        return out

    def parse_list(self, text: str, pos: int = 0, *, tokens: list[Tok] | None = None,
                   allow_prefix=False, report_unknown=True, stop_on_space=True) -> AgencyList:
        """The agencies written one after another from ``pos`` (separated by , ; và).
        "UBND các xã A, B" gives one mention per unit; a unit in parentheses right after
        an agency ("Văn phòng UBND tỉnh (Trung tâm …)") specifies it and is kept apart."""
        tokens = tokens if tokens is not None else self.tokens(text)
        result = AgencyList(end=pos)
        i = next((n for n, t in enumerate(tokens) if t.start >= pos), len(tokens))
        sep = None
        while i < len(tokens):
            i = self._skip_role(tokens, i)
            found = shared_list_at(self.index, text, tokens, i) if i < len(tokens) else None
            if found is None:
                m = self.mention_at(text, tokens, i, allow_prefix=allow_prefix,
                                    report_unknown=report_unknown)
                found = [m] if m is not None else None
            if found is None:
                break
            for n, m in enumerate(found):
                if result.mentions:
                    result.seps.append(sep if n == 0 else "punct")
                result.mentions.append(m)
            result.end = found[-1].end
            i = found[-1].end_token
            if i >= len(tokens):
                break
            i = self._parenthetical(text, tokens, i, result)
            if i >= len(tokens):
                break
            gap = text[result.end:tokens[i].start]
            if re.search(r"[,;/]", gap):
                sep = "punct"
            elif gap.strip():
                break
            else:
                sep = "space"
            if tokens[i].word == "va" and gap.strip() in ("", ","):
                sep, i = "va", i + 1
            if sep == "space" and stop_on_space:
                break
        return result

    def _parenthetical(self, text: str, tokens: list[Tok], i: int, result: AgencyList) -> int:
        """Skip "(<agencies>)" written right after the last agency of ``result``."""
        gap = text[tokens[i - 1].end:tokens[i].start]
        if gap.strip() != "(":
            return i
        inner = self.parse_list(text, tokens[i].start, tokens=tokens, report_unknown=True,
                                stop_on_space=False)
        close = text.find(")", inner.end)
        if not inner.mentions or close < 0 or text[inner.end:close].strip():
            return i
        result.specified.extend(inner.mentions)
        result.end = close + 1
        return next((n for n, t in enumerate(tokens) if t.start > close), len(tokens))

    @staticmethod
    def _skip_role(tokens: list[Tok], i: int) -> int:
        joined, _ = names_mod.joined_offsets(tokens[i:i + 7])
        role = names_mod.ROLE_PREFIX.match(joined)
        return i + len(role.group().split()) if role else i
