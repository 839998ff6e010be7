"""The agency registry indexed for matching, and the reading of one agency mention.

Every name and alias of the registry is indexed as folded, abbreviation-expanded words.
``AgencyIndex.mention_at`` reads what is written from one token on: a generic group
phrase (resolved to a group token by the kinds of the group's members), a phrase naming
no agency ("các cơ quan có liên quan"), an exact spelling, a spelling with OCR noise
(edit distance on the folded words — never across a head word or a place name, see
agencies.places), the unfinished beginning of a name cut by a page break (only where the
caller allows it), or — where the caller asks — a name that looks like an agency's (Sở …,
Ban …, Trung tâm …) but that the registry does not know (agencies.unknown). A known name
followed by another province ("Sở Tài chính tỉnh Kiên Giang") is read as unknown.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from engine.extraction.agencies import names as names_mod
from engine.extraction.agencies.names import Mention, MentionKind, Tok, tokenize
from engine.extraction.agencies.places import home_province, places_agree, plain_flags, province_at
from engine.extraction.agencies.unknown import unknown_at
from engine.extraction.repair.keys import COMMON_WORDS, Vocabulary, key as make_key


class _Reading(NamedTuple):
    """One way to read the words from a token: up to ``end_token``, naming ``names``."""

    end_token: int
    priority: int            # which reading wins at equal length: group 2, generic 1, spelling 0
    names: tuple[str, ...]
    kind: MentionKind


# Words that start the next cell of a table row (a time), never the end of a name.
_NEXT_CELL = {"nam", "thang", "quy", "khi", "thuong", "hang", "truoc", "trong", "tu", "den"}


class AgencyIndex:
    def __init__(self, registry, threshold: float = 88.0):
        # a snapshot: the index never reads the registry object again, so a cached index
        # cannot see agencies edited in place after it was built
        self.agencies = tuple(registry)
        registry = self.agencies
        self.threshold = threshold
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._exact: dict[tuple[str, ...], set[str]] = {}
        self._exact_all: dict[tuple[str, ...], set[str]] = {}
        self._choices: dict[str, set[str]] = {}
        self.home = home_province(registry)
        vocab_words: set[str] = set()
        for agency in registry:
            for spelling in {agency.name, *agency.aliases}:
                if spelling.startswith("@"):
                    continue
                ws = names_mod.words(spelling)
                if not ws:
                    continue
                vocab_words.update(ws)
                self._exact_all.setdefault(ws, set()).add(agency.name)
                self._choices.setdefault(" ".join(ws), set()).add(agency.name)
                if spelling.isupper() and len(ws) > 1:
                    continue   # header fragments such as "ỦY BAN NHÂN DÂN"
                self._exact.setdefault(ws, set()).add(agency.name)
        for ws, owners in self._exact.items():
            for owner in owners:
                self._by_first.setdefault(ws[0], []).append((ws, owner))
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.vocabulary = Vocabulary(vocab_words | set(COMMON_WORDS))
        self._prep_cache = None
        self._plain_cache = None
        self._lead_cache: dict[str, list[str]] = {}
        self._roles = self._resolve_roles()

    # -- groups -------------------------------------------------------------------
    def _resolve_roles(self) -> dict[str, str | None]:
        kinds: dict[str, Counter] = {}
        for agency in self.agencies:
            for group in agency.groups:
                kinds.setdefault(group, Counter())[agency.kind] += 1

        def best(wanted: set[str]) -> str | None:
            scored = [(sum(c[k] for k in wanted) / sum(c.values()), t) for t, c in kinds.items()]
            scored = [s for s in scored if s[0] >= 0.5]
            return max(scored)[1] if scored else None

        return {"departments": best({"department", "provincial"}),
                "district": best({"district"}), "commune": best({"commune"})}

    def role_token(self, role: str, on: date | None) -> str | None:
        """The group token a generic phrase's role stands for on day ``on``."""
        if role != "local":
            return self._roles.get(role)
        district, commune = self._roles.get("district"), self._roles.get("commune")
        if district and (on is None or any(district in a.groups and a.exists_on(on) for a in self.agencies)):
            return district
        return commune or district

    def key(self, text: str) -> str:
        return make_key(text, self.vocabulary)

    def tokens(self, text: str) -> list[Tok]:
        return tokenize(text, self.key(text))

    # -- one mention at a token -----------------------------------------------------
    def mention_at(self, text: str, tokens: list[Tok], i: int, *, on: date | None = None,
                   allow_prefix=False, report_unknown=False, resolve=None) -> Mention | None:
        """The agency, group or generic phrase written from token ``i``, if any."""
        if i >= len(tokens):
            return None
        words = self._prepared(tokens)[0]
        best = self._spelled_at(tokens, i, on)
        if best:
            j, found, kind = best.end_token, best.names, best.kind
            if kind == MentionKind.EXACT:
                j, foreign = self._absorb_province(text, tokens, words, j)
                if foreign:
                    return self._mention(text, tokens, i, j, (), 0.0, "unknown")
            return self._mention(text, tokens, i, j, found, 100.0, kind)
        plain = self._plain(text, tokens)
        fuzzy = self._fuzzy_at(words, i, plain=plain)
        if fuzzy:
            j, found, score, kind = fuzzy
            j, foreign = self._absorb_province(text, tokens, words, j)
            if foreign:
                return self._mention(text, tokens, i, j, (), 0.0, "unknown")
            return self._mention(text, tokens, i, j, found, score, kind)
        if allow_prefix:
            prefix = self._prefix_at(words, i)
            fuzzy = self._fuzzy_at(words, i, lenient=True, plain=plain)
            if fuzzy and (not prefix or fuzzy[0] > prefix[0]):
                j, found, score, kind = fuzzy
                return self._mention(text, tokens, i, j, found, score, kind)
            if prefix:
                j, found = prefix
                return self._mention(text, tokens, i, j, found, 75.0, "prefix")
        if report_unknown:
            return self._unknown_at(text, tokens, i, resolve)
        return None

    def _spelled_at(self, tokens: list[Tok], i: int, on: date | None) -> "_Reading | None":
        """The longest group phrase, generic phrase or exact registry spelling written
        from token ``i`` (at equal length a group wins over a generic phrase, which wins
        over a spelling)."""
        words, joined, offsets = self._prepared(tokens)
        readings: list[_Reading] = []
        for pattern, roles in names_mod.GROUP_PATTERNS:
            m = pattern.match(joined, offsets[i])
            if m and (m.end() == len(joined) or joined[m.end()] == " "):
                groups = tuple(t for t in (self.role_token(r, on) for r in roles) if t)
                if groups:
                    readings.append(_Reading(names_mod.tokens_in(m.end(), offsets, i), 2, groups,
                                             MentionKind.GROUP))
        for pattern in names_mod.GENERIC_PATTERNS:
            m = pattern.match(joined, offsets[i])
            if m and (m.end() == len(joined) or joined[m.end()] == " "):
                readings.append(_Reading(names_mod.tokens_in(m.end(), offsets, i), 1, (), MentionKind.GENERIC))
        for ws, _owner in self._by_first.get(words[i], ()):
            if tuple(words[i:i + len(ws)]) == ws:
                owners = tuple(sorted(self._exact[ws]))
                kind = MentionKind.EXACT if len(owners) == 1 else MentionKind.AMBIGUOUS
                readings.append(_Reading(i + len(ws), 0, owners, kind))
                break
        return max(readings, key=lambda r: (r.end_token, r.priority), default=None)

    def _prepared(self, tokens: list[Tok]):
        cached = self._prep_cache
        if cached and cached[0] is tokens and cached[1] == len(tokens):
            return cached[2:]
        joined, offsets = names_mod.joined_offsets(tokens)
        words = [t.word for t in tokens]
        self._prep_cache = (tokens, len(tokens), words, joined, offsets)
        return words, joined, offsets

    def _plain(self, text: str, tokens: list[Tok]) -> tuple[bool, ...]:
        cached = self._plain_cache
        if cached and cached[0] is tokens and cached[1] is text:
            return cached[2]
        plain = plain_flags(text, tokens)
        self._plain_cache = (tokens, text, plain)
        return plain

    def _lead_words(self, first: str) -> list[str]:
        found = self._lead_cache.get(first)
        if found is None:
            found = [w for w in self._by_first
                     if w == first or (len(first) >= 4 and abs(len(w) - len(first)) <= 1
                                       and Levenshtein.distance(w, first) <= 1)]
            self._lead_cache[first] = found
        return found

    def _mention(self, text, tokens, i, j, found, score, kind) -> Mention:
        start, end = tokens[i].start, tokens[j - 1].end
        if text.count("(", start, end) > text.count(")", start, end) and text[end:end + 1] == ")":
            end += 1                 # "UBND cấp xã (mới)": the bracket closes inside the name
        candidates = found if kind == "ambiguous" else ()
        return Mention(tuple(found) if kind != "ambiguous" else (), start, end, i, j, score,
                       MentionKind(kind), text[start:end], candidates)

    def _absorb_province(self, text: str, tokens: list[Tok], words: list[str], j: int) -> tuple[int, bool]:
        """Where a name ends once "tỉnh …" after it is read, and whether that names
        another province than the registry's ("Sở Tài chính tỉnh Kiên Giang")."""
        if j < len(tokens) and text[tokens[j - 1].end:tokens[j].start].strip():
            return j, False          # a separator: what follows is another name
        found = province_at(words, j - 1 if words[j - 1] == "tinh" else j)
        if found:
            return found[0], self.home is not None and found[1] != self.home
        if j < len(words) and words[j] == "tinh" and words[j - 1] != "tinh" and \
                not text[tokens[j].start:tokens[j].end][:1].isupper():    # "Tỉnh Đoàn" is a name
            j += 1
        return j, False

    def _fuzzy_at(self, words: list[str], i: int, lenient: bool = False, plain=None):
        """A spelling written with OCR noise from token ``i``. Lenient (table cells): up to
        two more letters wrong, if no other agency comes as close."""
        first = words[i]
        scored = []
        for lead_word in self._lead_words(first):
            for ws, owner in self._by_first[lead_word]:
                target = " ".join(ws)
                allowed = max(1, int(len(target) * 0.12))
                if lenient:
                    allowed = max(allowed, int(len(target) * 0.2)) if len(target) >= 10 else 0
                for n in ((len(ws),) if lenient else (len(ws), len(ws) - 1, len(ws) + 1)):
                    if n < 2 or i + n > len(words):
                        continue
                    if lenient and any(w in _NEXT_CELL and w not in ws for w in words[i:i + n]):
                        continue
                    d = Levenshtein.distance(" ".join(words[i:i + n]), target, score_cutoff=allowed)
                    if d <= allowed and places_agree(tuple(words[i:i + n]), ws, plain and plain[i:i + n]):
                        scored.append((d / len(target), n != len(ws), -n, owner, i + n, d))
        if not scored:
            return None
        scored.sort()
        top = scored[0]
        strict = max(1, int(len(" ".join(words[i:top[4]])) * 0.12))
        if top[5] > strict:                    # only a lenient match: it must stand out
            if any(s[3] != top[3] and s[5] <= top[5] + 1 for s in scored):
                return None
        rivals = {s[3] for s in scored if s[0] == top[0] and s[3] != top[3]}
        score = round(100 * (1 - top[0]), 1)
        if rivals:
            return top[4], tuple(sorted({top[3], *rivals})), score, "ambiguous"
        return top[4], (top[3],), score, "fuzzy"

    def _prefix_at(self, words: list[str], i: int):
        head = names_mod.head_length([Tok(w, 0, 0) for w in words[i:i + 4]], 0)
        best_k, owners = 0, {}
        for ws, owner in self._by_first.get(words[i], ()):
            k, misread = 0, 0
            while k < len(ws) and i + k < len(words):
                a, b = words[i + k], ws[k]
                if a != b:
                    if misread or len(a) != len(b) or len(a) < 3 or sum(x != y for x, y in zip(a, b)) > 1:
                        break
                    misread += 1             # one word with one letter misread by OCR
                k += 1
            if max(2, head + 1) <= k < len(ws):
                if k > best_k:
                    best_k, owners = k, {}
                if k == best_k:
                    owners[owner] = min(owners.get(owner, 99), len(ws) - k)
        if not owners:
            return None
        least = min(owners.values())
        chosen = [o for o, rest in owners.items() if rest == least]
        return (i + best_k, (chosen[0],)) if len(chosen) == 1 else None

    def _unknown_at(self, text: str, tokens: list[Tok], i: int, resolve) -> Mention | None:
        mention = unknown_at(text, tokens, i)
        if mention is None:
            return None
        result = resolve(mention.text) if resolve else None
        if result and result.agency_name and not result.ambiguous and result.score >= self.threshold:
            mention.names, mention.kind, mention.score = result.names, MentionKind.FUZZY, result.score
        return mention

    def best_fuzzy(self, query: str, plain: tuple[bool, ...] | None = None):
        """(owners, score, rivals) of the spelling closest to a whole phrase."""
        ws = tuple(query.split())
        hits = [h for h in process.extract(query, list(self._choices), scorer=fuzz.ratio, limit=12)
                if places_agree(ws, tuple(h[0].split()), plain)][:6]
        if not hits:
            return [], 0.0, set()
        best_text, best_score, _ = hits[0]
        owners = sorted(self._choices[best_text])
        rivals = {o for h in hits[1:] if h[1] >= best_score - 2 for o in self._choices[h[0]]}
        return owners, best_score, rivals - set(owners)

    def exact_owners(self, ws: tuple[str, ...]) -> set[str]:
        return self._exact_all.get(ws, set())
