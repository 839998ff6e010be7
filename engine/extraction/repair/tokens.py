"""What an OCR model without Vietnamese letters wrote, token by token: which tokens are
words to restore and which are kept as written (numbers, dates, codes, abbreviations,
Roman numerals, item markers), the specks a scan reads as punctuation, the codes it
writes with D for Đ, and the case a restored word takes from its token."""
from __future__ import annotations

import re

from engine.extraction.repair.keys import is_syllable, repair_number
from engine.extraction.repair.training import fold

VIETNAMESE_LETTERS = set("ơưăđạảẹẻẽịỉĩọỏụủũỳỷỹỵắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữự")
TOKEN = re.compile(r"[^\s,;:.()\[\]{}\"“”'’‘!?/\-–—|_=*•…]+")
LETTER_SYMBOLS = set("$@¢&§")      # "$6" for "Số", "S@" for "Sở"


def is_abbreviation(written: str) -> bool:
    letters = [c for c in written if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return False
    return not is_syllable(fold(written)) or len(written) <= 2 and written in ("UB", "KH", "TT", "CT", "VP")


def kept_as_written(written: str) -> bool:
    """Tokens never rewritten: numbers, dates, codes, abbreviations, Roman numerals."""
    if written[0].isdigit() and sum(c.isdigit() for c in written) >= len(written) / 2 and written.isascii() \
            and not re.fullmatch(r"1[a-z]{1,3}", written):
        return True               # "2025", "5G", "10O%"; not "1é" (lệ), "1a" (là)
    if not any(c.isalpha() or c in LETTER_SYMBOLS for c in written) or repair_number(written) != written:
        return True               # "l2", "1O", "l": a number the scan read with letters
    if re.fullmatch(r"[IVXL]{1,5}", written) or is_abbreviation(written):
        return True
    return bool(re.search(r"[a-z][A-Z]", written)) and not re.search(r"\d", written) and len(written) > 3


# Specks a scan reads as punctuation inside a sentence: "báo'cáo", "các.xã", "trước ngày. 31/10".
_GLUED_SPECK = re.compile(r"(?<=[^\W\d_])['’‘.`]{1,2}(?=[^\W\d_])")
# Specks before a line's first word or item marker (". III. TỔ CHỨC", "“1. Kết quả").
# A dash glued to a line's first word ("-Giao Sở Y tế", "-Can cu") is a speck too: a bullet has its space.
_LEADING_SPECK = re.compile(r"^(\s*)(?:[.,'`‘’·_]+\s+|[“\"'‘]+(?=\d{1,2}\.|[IVX]{1,4}\.)|[-–](?=[^\W\d_]))")
_LOOSE_PERIOD = re.compile(r"(?<=[^\W\d_A-Z]{2})\.(?= +(?:[a-zđà-ỹ]|\d{1,2}/\d))|(?<=\d/\d{4})\.(?= +\d{1,2}/\d)")


def without_specks(line: str) -> str:
    """``line`` with the specks a scan reads as punctuation inside a sentence turned into
    spaces (see above); abbreviations such as "TP.HCM", "V/v" and item markers are kept."""
    line = _LEADING_SPECK.sub(r"\1", line)
    line = _GLUED_SPECK.sub(lambda m: m.group() if _abbreviation_around(line, m.start(), m.end()) else " ", line)
    if not line.lstrip().startswith("|"):               # a lone bar is a speck; a table row is not
        line = re.sub(r"(?<=\w) [|¦] (?=\w)", "   ", line)
    return _LOOSE_PERIOD.sub(" ", line)


def _abbreviation_around(line: str, at: int, end: int) -> bool:
    """Whether the mark at ``at``–``end`` joins the letters of an abbreviation: an upper-case
    letter before it ("TP.HCM"), upper-case letters after it ("Q.BT"), or a single letter
    before it. What follows counts in letters only: "Giao'S@ Y tế" (Sở misread) is a speck."""
    left = re.search(r"\S*$", line[:at]).group()
    right = re.match(r"[^\W\d_]*", line[end:]).group()
    return left[-1:].isupper() or (len(right) > 1 and right.isupper()) or len(left) <= 1


# Codes of Nghị định 30/2020 and of the bodies that issue directives, written with Đ, that
# an OCR model without Vietnamese letters writes with D.
_CODES_WITH_D = {"QD": "QĐ", "HDND": "HĐND", "BCD": "BCĐ", "BCDTW": "BCĐTW", "DU": "ĐU", "DBQH": "ĐBQH",
                 "TTHDND": "TTHĐND", "UBMTTQ": "UBMTTQ"}


def code_as_written(written: str) -> str:
    """An abbreviation or symbol as the document wrote it (see above); an O between a
    code's letters and its digits is a zero."""
    if not (len(written) > 1 and written.isupper() or re.search(r"[A-Z]O\d", written)):
        return written
    parts = re.split(r"([-/&])", written)
    parts = [_CODES_WITH_D.get(p, p) for p in parts]
    return re.sub(r"(?<=[A-Z])O(?=\d)", "0", "".join(parts))


def is_marker(match: re.Match, line: str) -> bool:
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


def cased(word: str, written: str, capitals_line: bool = False) -> str:
    """``word`` in the case the token was written in; in a line of running text, two or
    three capitals a scan made of one word ("SG", "SY") give a capitalised word."""
    if " " in word:                        # a glued token: "SY" → "Sở Y", "Khicé" → "Khi có"
        words = word.split(" ")
        if written.isupper() and len(written) <= 3 and not capitals_line:
            return " ".join(w[:1].upper() + w[1:] for w in words)
        return " ".join([cased(words[0], written, capitals_line), *words[1:]])
    letters = [c for c in written if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        if len(letters) > 3 or capitals_line:
            return word.upper()
        return word[:1].upper() + word[1:]
    first = written[0]
    if first.isupper() or first in "$§" or (not first.isalpha() and len(written) > 1 and written[1:2].isupper()):
        return word[:1].upper() + word[1:]
    return word
