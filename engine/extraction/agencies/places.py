"""Place names inside agency names: what tells one agency from another of the same kind.

Three rules keep the matcher from inventing an agency:

* the head word of a name (Bộ, Sở, Ủy ban nhân dân, Công an …) is never traded for
  another one: "Bộ Nội vụ" is a ministry, not "Sở Nội vụ";
* the place an administrative unit is named after ("xã Mỹ Hòa", "phường Long Phú") must
  be the same place, word for word, allowing only lost accents and the letters a scan
  confuses; "Mỹ Hòa" is not "Mỹ Thuận";
* a department followed by another province ("Sở Tài chính tỉnh Kiên Giang") is that
  province's department, unknown unless the registry lists it.

It also reads lists that share one prefix — "UBND các phường Long Xuyên, Rạch Giá và
Châu Đốc", "các xã A, B" — into one mention per unit, known or reported unknown.
"""
from __future__ import annotations

import re
from functools import lru_cache

from engine.extraction.agencies.names import Mention, MentionKind, Tok, head_length, words as words_of
from engine.extraction.repair.keys import is_confusion, is_syllable, letter_differences

# Vietnamese provinces and centrally-run cities (folded), before and after the 2025 merger.
PROVINCES = {tuple(p.split()) for p in (
    "an giang|ba ria vung tau|bac giang|bac kan|bac lieu|bac ninh|ben tre|binh dinh|binh duong|"
    "binh phuoc|binh thuan|ca mau|can tho|cao bang|da nang|dak lak|dak nong|dien bien|dong nai|"
    "dong thap|gia lai|ha giang|ha nam|ha noi|ha tinh|hai duong|hai phong|hau giang|hoa binh|"
    "hung yen|khanh hoa|kien giang|kon tum|lai chau|lam dong|lang son|lao cai|long an|nam dinh|"
    "nghe an|ninh binh|ninh thuan|phu tho|phu yen|quang binh|quang nam|quang ngai|quang ninh|"
    "quang tri|soc trang|son la|tay ninh|thai binh|thai nguyen|thanh hoa|thua thien hue|hue|"
    "tien giang|tra vinh|tuyen quang|vinh long|vinh phuc|yen bai|ho chi minh").split("|")}
_PROVINCE_LEVEL = (("tinh",), ("thanh", "pho"))
# Words that name the type of an administrative unit; a place name follows them.
_UNIT_TYPES = (("dac", "khu"), ("thi", "xa"), ("thanh", "pho"), ("thi", "tran"), ("xa",),
               ("phuong",), ("huyen",), ("tinh",))
_UNIT_WRITTEN = {("dac", "khu"): "đặc khu", ("thi", "xa"): "thị xã", ("thanh", "pho"): "thành phố",
                 ("thi", "tran"): "thị trấn", ("xa",): "xã", ("phuong",): "phường", ("huyen",): "huyện"}
_UB = ("uy", "ban", "nhan", "dan")


@lru_cache(maxsize=4096)
def head_of(ws: tuple[str, ...]) -> tuple[str, ...]:
    return ws[:head_length([Tok(w, 0, 0) for w in ws[:4]], 0)]


def heads_agree(query: tuple[str, ...], target: tuple[str, ...]) -> bool:
    """False when both names start with a head word and the head words differ."""
    hq, ht = head_of(query), head_of(target)
    return not (hq and ht and hq != ht)


def place_of(ws: tuple[str, ...]) -> tuple[str, ...]:
    """The unit type and place-name words after the last unit type word ("xa my hoa" →
    "xa my hoa", "uy ban nhan dan thi xa tan chau" → "thi xa tan chau")."""
    for k in range(len(ws) - 1, -1, -1):
        for unit in _UNIT_TYPES:
            if tuple(ws[k:k + len(unit)]) == unit and k + len(unit) < len(ws):
                return tuple(ws[k:])
    return ()


def _same_word(a: str, b: str, plain: bool) -> bool:
    """A place word read as ``a`` for ``b``: the same word with lost accents, or — when
    the scan lost the accents (``plain``) or garbled the word — one confused letter."""
    if a == b:
        return True
    diffs = letter_differences(a, b)
    if diffs is None or len(a) < 3:
        return False
    return len(diffs) == 1 and ((plain and is_confusion(*diffs[0])) or not is_syllable(a))


def places_agree(query: tuple[str, ...], target: tuple[str, ...],
                 plain: tuple[bool, ...] | None = None) -> bool:
    """Whether two names that read alike name the same place (and the same head).
    ``plain`` tells, word by word, whether the query was written without accents."""
    if not heads_agree(query, target):
        return False
    pq, pt = place_of(query), place_of(target)
    if not pq and not pt:
        return True
    flags = (plain or (True,) * len(query))[len(query) - len(pq):]
    return len(pq) == len(pt) and all(_same_word(a, b, f) for a, b, f in zip(pq, pt, flags))


def plain_flags(text: str, tokens: list[Tok]) -> tuple[bool, ...]:
    """For each token, whether it is written in plain letters (no Vietnamese accents)."""
    return tuple(text[t.start:t.end].isascii() for t in tokens)


def province_at(words: list[str], j: int) -> tuple[int, tuple[str, ...]] | None:
    """``(end, province)`` when "tỉnh X" / "thành phố X" naming a province starts at j."""
    for level in _PROVINCE_LEVEL:
        if tuple(words[j:j + len(level)]) != level:
            continue
        k = j + len(level)
        for n in (3, 2, 1):
            name = tuple(words[k:k + n])
            if len(name) == n and name in PROVINCES:
                return k + n, name
    return None


def home_province(registry) -> tuple[str, ...] | None:
    """The province a registry belongs to, read from its authority ("UBND tỉnh X")."""
    counts: dict[tuple[str, ...], int] = {}
    for agency in registry:
        for spelling in (agency.name, *agency.aliases):
            ws = words_of(spelling)
            for k in range(len(ws)):
                found = province_at(list(ws), k)
                if found:
                    weight = 5 if getattr(agency, "kind", "") == "authority" else 1
                    counts[found[1]] = counts.get(found[1], 0) + weight
    return max(counts, key=counts.get) if counts else None


def _capitalised(text: str, tok: Tok) -> bool:
    return text[tok.start:tok.end][:1].isupper()


def shared_list_at(index, text: str, tokens: list[Tok], i: int):
    """Mentions of a list of units sharing one prefix, from token i, or None:
    "UBND các xã A, B và C", "các phường A, B". Each known unit gives an exact mention,
    each other one an unknown mention named in full ("UBND xã A")."""
    words = [t.word for t in tokens]
    k = i + 4 if tuple(words[i:i + 4]) == _UB else i
    has_ub = k > i
    plural = k < len(words) and words[k] == "cac"
    k += plural
    unit = next((u for u in _UNIT_TYPES[:-1] if tuple(words[k:k + len(u)]) == u), None)
    if unit is None or not (plural or has_ub):
        return None
    k += len(unit)
    names: list[tuple[int, int]] = []
    while k < len(tokens) and _capitalised(text, tokens[k]) and head_length(tokens, k) == 0:
        start = k
        while k < len(tokens) and _capitalised(text, tokens[k]) and k - start < 4:
            if k > start and text[tokens[k - 1].end:tokens[k].start].strip():
                break
            k += 1
        names.append((start, k))
        if k >= len(tokens):
            break
        gap = text[tokens[k - 1].end:tokens[k].start]
        if gap.strip() == "," and words[k] == "va":
            k += 1
        elif gap.strip() == "" and words[k] == "va":
            k += 1
        elif gap.strip() != ",":
            break
        if k < len(tokens) and tuple(words[k:k + len(unit)]) == unit:
            k += len(unit)          # "xã A, xã B": the type repeated
    if not names or (len(names) < 2 and not plural):
        return None
    mentions = []
    for n, (a, b) in enumerate(names):
        ws = _UB + unit + tuple(words[a:b])
        owners = index.exact_owners(ws) or index.exact_owners(unit + tuple(words[a:b]))
        start = tokens[i].start if n == 0 else tokens[a].start
        span_text = text[start:tokens[b - 1].end]
        if len(owners) == 1:
            mentions.append(Mention(tuple(owners), start, tokens[b - 1].end, i if n == 0 else a, b,
                                    100.0, MentionKind.EXACT, span_text))
        else:
            written = f"UBND {_UNIT_WRITTEN[unit]} {text[tokens[a].start:tokens[b - 1].end]}"
            mentions.append(Mention((), start, tokens[b - 1].end, i if n == 0 else a, b, 0.0,
                                    MentionKind.UNKNOWN, re.sub(r"\s+", " ", written)))
    return mentions
