"""Names that look like an agency's but that the registry does not know.

``unknown_at(text, tokens, i)`` reads, from a head word (Sở, Ban, Bộ, Kho bạc, Trung tâm,
Hội …), the whole name as written so the reviewer sees it in full: capitalised words,
short lower-case links inside the name ("Kho bạc Nhà nước khu vực XV", "Hội Liên hiệp
Phụ nữ tỉnh", "Sở Văn hóa, Thể thao và Du lịch"), a name that is only its head
("Tỉnh Đoàn"). It stops at the next agency's head word, at a separator that does not
continue the name, and at words that start the next clause.
"""
from __future__ import annotations

import re

from engine.extraction.agencies import names as names_mod
from engine.extraction.agencies.names import Mention, MentionKind, Tok

# Heads that are a whole name by themselves.
_COMPLETE_HEADS = {("tinh", "doan"), ("tinh", "uy"), ("kho", "bac")}
# Lower-case words that may end a name ("… tỉnh", "… Trung ương").
_TAIL_WORDS = {"tinh", "trung", "uong", "quoc", "gia", "viet", "nam"}
_TAIL_WRITTEN = {"tỉnh", "trung", "ương", "quốc", "gia", "việt", "nam"}
_ROMAN = re.compile(r"^[IVXLC]+$")


def _written(text: str, tok: Tok) -> str:
    return text[tok.start:tok.end]


def _starts_name(text: str, tok: Tok) -> bool:
    w = _written(text, tok)
    return w[:1].isupper() or w[:1].isdigit()


def unknown_at(text: str, tokens: list[Tok], i: int):
    """The unknown agency name written from token ``i`` (kind "unknown"), or None."""
    n_head = names_mod.head_length(tokens, i)
    if not n_head or not _written(text, tokens[i])[:1].isupper():
        return None
    head = tuple(t.word for t in tokens[i:i + n_head])
    j = i + n_head
    end = j          # tokens up to here belong to the name
    capitals = 0     # capitalised words in a row just before j
    while j < len(tokens) and j - i < 14:
        tok = tokens[j]
        gap = text[tokens[j - 1].end:tok.start].strip()
        if gap and gap not in (",", "-", "–"):
            break
        written = _written(text, tok)
        if gap and (not written[:1].isupper() or names_mod.head_length(tokens, j)):
            break    # a comma continues a name only before a capitalised non-head word
        if _starts_name(text, tok):
            if (names_mod.head_length(tokens, j) and end > i + n_head) or \
                    written.lower() in names_mod.NAME_STOP:
                break
            numeral = bool(_ROMAN.match(written)) or written[:1].isdigit()
            j, end = j + 1, j + 1
            capitals = 2 if numeral else capitals + 1     # "… khu vực XV" ends the name
            continue
        run = _lower_run(text, tokens, j)
        reach = j + 2 if capitals == 1 else j + 1       # "Nông dân tỉnh"; "Cần Thơ tỉnh"
        tail = next((k for k in range(j, min(run, reach)) if _tail_word(text, tokens[k])), None)
        if tail is not None and (end > i + n_head or head in _COMPLETE_HEADS):
            end = tail + 1               # "… Phụ nữ tỉnh", "Ban Dân tộc tỉnh"
            break
        if run > j and run < len(tokens) and _links(text, tokens, run):
            j, capitals = run, 0         # "khu vực XV", "và Truyền thông"
            continue
        if capitals == 1 and end > i + n_head:
            end = j + 1                  # "Sở Y tế", "Ban Quản lý"
            nxt = j + 1
            if nxt < len(tokens) and text[tok.end:tokens[nxt].start].strip() in (",", "-", "–") \
                    and _written(text, tokens[nxt])[:1].isupper() and not names_mod.head_length(tokens, nxt):
                j, capitals = nxt, 0     # "Sở Văn hóa, Thể thao và Du lịch"
                continue
        break
    if end == i + n_head and head not in _COMPLETE_HEADS:
        return None
    while end > i + n_head and tokens[end - 1].word == "va":
        end -= 1
    start, stop = tokens[i].start, tokens[end - 1].end
    return Mention((), start, stop, i, end, 0.0, MentionKind.UNKNOWN, text[start:stop])


def _tail_word(text: str, tok: Tok) -> bool:
    """A word that may end a name: "tỉnh" (not "tình"), "trung ương" …, as written."""
    written = _written(text, tok).lower()
    return tok.word in _TAIL_WORDS and (written.isascii() or written in _TAIL_WRITTEN)


def _lower_run(text: str, tokens: list[Tok], j: int) -> int:
    """Index after up to three lower-case words from j that are not clause words."""
    run = j
    while run < len(tokens) and run - j < 3 and not _starts_name(text, tokens[run]) and \
            _written(text, tokens[run]).lower() not in names_mod.NAME_STOP and \
            not text[tokens[run - 1].end:tokens[run].start].strip():
        run += 1
    return run


def _links(text: str, tokens: list[Tok], run: int) -> bool:
    """Whether the lower-case words before token ``run`` link two parts of one name."""
    written = _written(text, tokens[run])
    return not text[tokens[run - 1].end:tokens[run].start].strip() and \
        (written[:1].isupper() or bool(_ROMAN.match(written))) and \
        not names_mod.head_length(tokens, run) and written.lower() not in names_mod.NAME_STOP
