"""Make an OCR-damaged copy of a clean directive, the way a poor scan comes back:
most diacritics lost, some read as the wrong accent or as a digit ("Số" → "S6",
"Kế" → "Ké"), a few letters confused ("công" → "cdng", "Chủ" → "Cha") and a few digits
of dates read as letters ("2025" → "2O25"). Deterministic for a given seed.

    python tests/extraction/ocr_damage.py CLEAN.txt DAMAGED.txt [seed]
"""
from __future__ import annotations

import random
import sys
import unicodedata

_WRONG_ACCENT = {
    "ố": "6", "ồ": "6", "ổ": "6", "ộ": "6", "ỗ": "6", "ế": "é", "ề": "é", "ể": "é", "ệ": "é",
    "ơ": "o", "ờ": "ò", "ớ": "ó", "ư": "u", "ứ": "ú", "ừ": "ù", "ả": "á", "ạ": "a", "ậ": "á",
    "ắ": "á", "ặ": "a", "ị": "i", "ọ": "o", "ụ": "u", "ỳ": "y", "ẩ": "á", "ủ": "a", "ã": "i",
}
_LETTER_SWAP = {"o": "d", "u": "a", "n": "m", "e": "c", "h": "b"}
_DIGIT_SWAP = {"0": "O", "1": "l"}


def _strip(char: str) -> str:
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    return unicodedata.normalize("NFD", char)[0]


def damage(text: str, seed: int = 7, strip_rate: float = 0.82, garble_rate: float = 0.08,
           swap_rate: float = 0.012, digit_rate: float = 0.03) -> str:
    rnd = random.Random(seed)
    out = []
    for char in unicodedata.normalize("NFC", text):
        lower = char.lower()
        accented = unicodedata.normalize("NFD", char) != char or lower == "đ"
        if accented and char.isalpha():
            r = rnd.random()
            if r < strip_rate:
                out.append(_strip(char))
            elif r < strip_rate + garble_rate and lower in _WRONG_ACCENT:
                wrong = _WRONG_ACCENT[lower]
                out.append(wrong.upper() if char.isupper() and wrong.isalpha() else wrong)
            else:
                out.append(char)
        elif lower in _LETTER_SWAP and rnd.random() < swap_rate:
            swapped = _LETTER_SWAP[lower]
            out.append(swapped.upper() if char.isupper() else swapped)
        elif char in _DIGIT_SWAP and rnd.random() < digit_rate:
            out.append(_DIGIT_SWAP[char])
        else:
            out.append(char)
    return "".join(out)


def damage_harshly(text: str, seed: int = 7) -> str:
    """A worse scan: nearly every accent lost, more letters and digits misread, and item
    markers misread too ("1." → "l.", "b)" → "6)", "c)" → "c}")."""
    import re

    rnd = random.Random(seed)
    damaged = damage(text, seed, strip_rate=0.93, garble_rate=0.05, swap_rate=0.03, digit_rate=0.08)
    lines = []
    for line in damaged.split("\n"):
        s = line.lstrip()
        if re.match(r"^1\.", s) and rnd.random() < 0.5:
            line = line.replace("1.", "l.", 1)
        if re.match(r"^b\)", s) and rnd.random() < 0.5:
            line = line.replace("b)", "6)", 1)
        if re.match(r"^[a-g]\)", s) and rnd.random() < 0.2:
            line = line.replace(")", "}", 1)
        lines.append(line)
    return "\n".join(lines)


if __name__ == "__main__":
    src, dst = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    with open(src, encoding="utf-8") as handle:
        damaged = damage(handle.read(), seed)
    with open(dst, "w", encoding="utf-8") as handle:
        handle.write(damaged)
