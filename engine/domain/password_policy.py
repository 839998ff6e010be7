"""What a new password must be: long enough, not the login, not the person's name,
not the demo's shared password, and hard to guess by the zxcvbn estimate (score 3 of 4
or more, given the login, the name and the product's own words as known to the
attacker). A refusal names the reason, from the part of the password that made it
weak, as a DomainError with a message in Vietnamese and English."""
from __future__ import annotations

import unicodedata

from zxcvbn import zxcvbn

from engine.domain.errors import DomainError

MIN_LENGTH = 8
MAX_LENGTH = 200
MIN_SCORE = 3                 # zxcvbn: 3 = "safely unguessable", about 10^8 guesses or more
ESTIMATED_PREFIX = 72         # zxcvbn's own upper bound on what it estimates
DEMO_PASSWORD = "chidao2025"  # the demo's shared password (web/demo.py seeds it on purpose)
# words an attacker tries first against this product, besides the login and the name
PRODUCT_WORDS = ("chidao", DEMO_PASSWORD, "angiang", "an giang", "ubnd", "ubndtinh", "matkhau", "mat khau")

# zxcvbn's name for what matched → our reason
_PATTERN_REASONS = {"repeat": "password.repeated", "sequence": "password.sequence",
                    "spatial": "password.keyboard", "date": "password.date", "regex": "password.date"}
_COMMON_DICTIONARIES = {"passwords"}


def unmarked(text: str) -> str:
    """Without Vietnamese marks, case kept: «Nguyễn Đức» → «Nguyen Duc»."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Lower case without Vietnamese marks: «Nguyễn Thị Lan» → «nguyen thi lan»."""
    return unmarked(text).lower()


def _compact(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _name_words(name: str) -> list[str]:
    words = [w for w in fold(name).split() if len(w) >= 3]
    return words + [_compact(name)] if name.strip() else words


def password_problem(password: str, *, login: str, name: str = "") -> DomainError | None:
    """Why ``password`` may not be the new password of ``login`` (called ``name``), or
    None when it may."""
    if len(password) < MIN_LENGTH:
        return DomainError("password.too_short", min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return DomainError("password.too_long", max=MAX_LENGTH)
    compact = _compact(password)
    if not password.strip():
        return DomainError("password.repeated")
    if compact and compact in (_compact(login), _compact(login)[::-1]):
        return DomainError("password.is_login")
    if name.strip() and compact == _compact(name):
        return DomainError("password.is_name")
    if compact == _compact(DEMO_PASSWORD):
        return DomainError("password.demo")
    return _estimate_problem(password, login, name)


def _estimate_problem(password: str, login: str, name: str) -> DomainError | None:
    personal = [login, fold(login)] + _name_words(name)
    # judged without marks, so «Nguyễn» counts as the name «nguyen» it spells
    result = zxcvbn(unmarked(password)[:ESTIMATED_PREFIX], user_inputs=personal + list(PRODUCT_WORDS))
    if result["score"] >= MIN_SCORE:
        return None
    return _reason(result["sequence"], {fold(p) for p in personal})


def _reason(matches: list[dict], personal: set[str]) -> DomainError:
    """The reason given by the longest recognised part of the password."""
    recognised = [m for m in matches if m["pattern"] != "bruteforce"]
    if not recognised:
        return DomainError("password.guessable")
    weakest = max(recognised, key=lambda m: len(m["token"]))
    if weakest["pattern"] == "dictionary":
        if weakest.get("dictionary_name") == "user_inputs":
            word = weakest.get("matched_word", "")
            if fold(word) in personal:
                return DomainError("password.has_personal")
            return DomainError("password.product_word")
        if weakest.get("dictionary_name") in _COMMON_DICTIONARIES:
            return DomainError("password.common")
        return DomainError("password.word")
    return DomainError(_PATTERN_REASONS.get(weakest["pattern"], "password.guessable"))
