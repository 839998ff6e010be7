"""Vietnamese text helpers shared by the domain and the extractor: accent folding
and whitespace normalisation (no matching policy lives here)."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case ``text`` with Vietnamese diacritics removed and đ → d.

    ``fold("Sở Khoa học và Công nghệ") == "so khoa hoc va cong nghe"``.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", text.lower()).strip()


def slugify(text: str) -> str:
    """An ASCII identifier for URLs and logins: ``"Sở Y tế"`` → ``"so-y-te"``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def squash(text: str | None) -> str:
    """Collapse runs of white space into one space and strip the ends."""
    return _SPACES.sub(" ", text or "").strip()
