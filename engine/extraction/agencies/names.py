"""How agency names are written: tokens, abbreviations, group phrases, head words.

Turns a text into folded word tokens that keep their span in the original text, with
abbreviations expanded ("UBND" → ủy ban nhân dân, "Sở KH&CN" → sở khoa học và công nghệ,
"VP" → văn phòng …), and knows the generic phrases that address a whole group of agencies
("các sở, ban, ngành tỉnh", "UBND các xã, phường, đặc khu", "các địa phương") and the
words an agency name starts with (Sở, Ban, Công an, Văn phòng, Trung tâm …). The matcher
(agencies.matcher) decides which registry agency a phrase denotes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from engine.extraction.repair.keys import key as make_key

ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "vp": "van phong",
    "vpubnd": "van phong uy ban nhan dan", "bhxh": "bao hiem xa hoi",
    "kh&cn": "khoa hoc va cong nghe", "khcn": "khoa hoc va cong nghe",
    "gd&dt": "giao duc va dao tao", "gddt": "giao duc va dao tao",
    "tn&mt": "tai nguyen va moi truong", "nn&mt": "nong nghiep va moi truong",
    "nn&ptnt": "nong nghiep va phat trien nong thon",
    "kh&dt": "ke hoach va dau tu", "khdt": "ke hoach va dau tu",
    "tt&tt": "thong tin va truyen thong", "tttt": "thong tin va truyen thong",
    "ldtbxh": "lao dong thuong binh va xa hoi", "tb&xh": "thuong binh va xa hoi",
    "vhttdl": "van hoa the thao va du lich", "vh&tt": "van hoa va thong tin",
    "gtvt": "giao thong van tai", "tp": "thanh pho", "tx": "thi xa",
    "bql": "ban quan ly", "ttpvhcc": "trung tam phuc vu hanh chinh cong",
    "cntt": "cong nghe thong tin",
}

_TOKEN = re.compile(r"[a-z0-9]+(?:&[a-z0-9]+)*")
_PLAIN_ABBREVIATIONS = [a for a in ABBREVIATIONS if a.isalpha() and len(a) >= 4]


@dataclass(frozen=True)
class Tok:
    """One folded word and the span of the written word it comes from."""

    word: str
    start: int
    end: int


class MentionKind(StrEnum):
    """How a mention was read."""

    EXACT = "exact"            # a registry spelling, word for word
    GROUP = "group"            # a generic phrase naming a group ("các sở, ban, ngành")
    FUZZY = "fuzzy"            # a registry spelling with OCR noise
    PREFIX = "prefix"          # the beginning of a name cut by a page break
    GENERIC = "generic"        # a phrase naming no agency ("các cơ quan liên quan")
    UNKNOWN = "unknown"        # looks like an agency's name; the registry does not know it
    AMBIGUOUS = "ambiguous"    # matches several agencies equally well


@dataclass
class Mention:
    """An agency (or group, or generic phrase, or unknown name) found in a text: the
    agencies it names, its span in the text and the tokens it covers
    (``tokens[first_token:end_token]``)."""

    names: tuple[str, ...]
    start: int
    end: int
    first_token: int
    end_token: int
    score: float
    kind: MentionKind
    text: str = ""
    candidates: tuple[str, ...] = ()

    @property
    def truncated(self) -> bool:
        return self.kind == MentionKind.PREFIX


def tokenize(text: str, text_key: str | None = None) -> list[Tok]:
    """Folded, abbreviation-expanded word tokens of ``text`` with original spans."""
    k = text_key if text_key is not None else make_key(text)
    tokens: list[Tok] = []
    for match in _TOKEN.finditer(k):
        word = match.group()
        expansion = ABBREVIATIONS.get(word)
        if expansion is None and len(word) >= 4 and word.isalpha() and \
                text[match.start():match.end()].isupper():
            near = [a for a in _PLAIN_ABBREVIATIONS if len(a) == len(word)
                    and sum(x != y for x, y in zip(a, word)) == 1]
            if len(near) == 1:                 # "UBMD" read by OCR for "UBND"
                expansion = ABBREVIATIONS[near[0]]
        if expansion is None and "&" in word:
            expansion = " ".join(word.split("&"))
        for part in (expansion or word).split():
            tokens.append(Tok(part, match.start(), match.end()))
    return tokens


def words(text: str) -> tuple[str, ...]:
    return tuple(t.word for t in tokenize(text))


# Generic phrases that address groups, on expanded folded words. The role is resolved to
# a registry group token by the kinds of its members (see AgencyMatcher).
_PEOPLE = r"(?:(?:thu truong|lanh dao|giam doc|chu tich|pho chu tich) )?"
_UB = r"uy ban nhan dan "
GROUP_PATTERNS: list[tuple[re.Pattern, tuple[str, ...]]] = [
    (re.compile(_PEOPLE + r"(?:cac )?(?:so (?:ban )?nganh|co quan(?: don vi)?)(?: tinh| cap tinh)?"
                r" (?:va )?(?:cac )?dia phuong(?: co lien quan| lien quan)?"), ("departments", "local")),
    (re.compile(_PEOPLE + r"(?:cac )?(?:so ban nganh|so nganh)(?: tinh| cap tinh| thuoc tinh)?"
                r"(?: co lien quan| lien quan)?"), ("departments",)),
    (re.compile(r"(?:cac )?nganh (?:co )?lien quan"), ("departments",)),
    (re.compile(r"(?:cac )?co quan chuyen mon thuoc " + _UB + r"tinh"), ("departments",)),
    (re.compile(_PEOPLE + _UB + r"(?:cac )?(?:huyen thi xa (?:va )?thanh pho|cap huyen"
                r"|huyen thanh pho|huyen thi xa)"), ("district",)),
    (re.compile(r"(?:cac )?huyen thi xa (?:va )?thanh pho"), ("district",)),
    (re.compile(_PEOPLE + _UB + r"(?:cac )?(?:xa phuong(?: (?:va )?(?:thi tran|dac khu))?"
                r"|cap xa(?: sau sap xep| moi)?)"), ("commune",)),
    (re.compile(r"don vi hanh chinh cap xa(?: moi)?"), ("commune",)),
    (re.compile(r"(?:cac )?xa phuong(?: (?:va )?(?:thi tran|dac khu))?"), ("commune",)),
    (re.compile(_PEOPLE + r"(?:" + _UB + r")?(?:cac )?dia phuong(?: co lien quan| lien quan)?"),
     ("local",)),
]
# Phrases naming no agency in particular ("các cơ quan, đơn vị có liên quan").
GENERIC_PATTERNS = [
    re.compile(r"(?:cac )?(?:co quan|don vi|to chuc)(?: (?:co quan|don vi|to chuc|ca nhan))*"
               r"(?: co lien quan| lien quan)"),
    re.compile(r"cac (?:co quan|don vi) (?:chuyen mon )?(?:thuoc|truc thuoc)"),
    re.compile(r"cac (?:co quan|don vi)(?: (?:co quan|don vi))*"),
]
# Words a role of a person adds in front of an agency name.
ROLE_PREFIX = re.compile(r"(?:dong chi )?(?:thu truong|lanh dao|giam doc|pho giam doc|chu tich|pho chu tich"
                         r"|truong ban|chanh) ")
# First words of agency names, used to spot names the registry does not know.
HEAD_WORDS = {
    ("so",), ("ban",), ("bo",), ("cong", "an"), ("van", "phong"), ("trung", "tam"),
    ("chi", "cuc"), ("cuc",), ("uy", "ban", "nhan", "dan"), ("truong",), ("bao", "hiem"),
    ("ngan", "hang"), ("thanh", "tra"), ("kho", "bac"), ("hoi", "dong"), ("toa", "an"),
    ("vien",), ("benh", "vien"), ("dai",), ("lien", "doan"), ("hoi",), ("tinh", "doan"),
    ("cong", "ty"), ("tong", "cong", "ty"), ("dien", "luc"), ("buu", "dien"), ("phong",),
    ("chi", "nhanh"), ("hai", "quan"), ("uy", "ban"), ("vien", "thong"), ("tap", "doan"),
    ("mat", "tran"),
}
# Capitalised words that start the next cell or clause, never a name ("… An Giang Khi có …").
NAME_STOP = {"khi", "năm", "tháng", "quý", "trước", "trong", "thường", "hằng", "hàng", "định",
             "từ", "đến", "sau", "ngày", "hoàn", "thực", "chủ", "phối"}


def head_length(tokens: list[Tok], i: int) -> int:
    """How many tokens from ``i`` form an agency head word (0 if none)."""
    best = 0
    for head in HEAD_WORDS:
        n = len(head)
        if n > best and tuple(t.word for t in tokens[i:i + n]) == head:
            best = n
    return best


def joined_offsets(tokens: list[Tok]) -> tuple[str, list[int]]:
    """The tokens' words joined by spaces and where each word starts in that string."""
    offsets, pos = [], 0
    for tok in tokens:
        offsets.append(pos)
        pos += len(tok.word) + 1
    return " ".join(t.word for t in tokens), offsets


def tokens_in(match_end: int, offsets: list[int], start_index: int) -> int:
    """The index just past the last token a match ending at ``match_end`` covers."""
    j = start_index
    while j < len(offsets) and offsets[j] < match_end:
        j += 1
    return j
