"""The facts of a directive: number and symbol, type, issuer, date, signer, trích yếu.

Read from the parts Nghị định 30/2020 puts in fixed places: the "Số: 84/TB-VP" line (or a
party document's "Số 02-KH/BCĐTW"), the issuing body's name above it, the place-and-date
line ("An Giang, ngày 04 tháng 4 năm 2025"), the type word ("THÔNG BÁO", "KẾ HOẠCH") with
the trích yếu under it or the "V/v …" line of a công văn, and the signature block (the
title such as "CHỦ TỊCH", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "CHÁNH VĂN PHÒNG", then the
name). A blank number ("Số:    /UBND-KGVX") gives a null number but the type is still
known from the symbol. A day left blank gives "YYYY-MM".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from engine.extraction.agencies.places import PROVINCES
from engine.extraction.layout.line import Line
from engine.extraction.repair.keys import key as make_key

# Type abbreviations of Nghị định 30/2020 (Phụ lục III) and of party documents.
TYPE_CODES = {
    "NQ": "NQ", "QĐ": "QD", "QD": "QD", "CT": "CT", "QC": "QC", "QYĐ": "QYD", "QYD": "QYD",
    "TC": "TC", "TB": "TB", "HD": "HD", "CTR": "CTR", "KH": "KH", "PA": "PA", "ĐA": "DA",
    "DA": "DA", "BC": "BC", "BB": "BB", "TTR": "TTR", "HĐ": "HDONG", "CĐ": "CD", "CD": "CD",
    "BGN": "BGN", "BTT": "BTT", "GUQ": "GUQ", "GM": "GM", "GGT": "GGT", "GNP": "GNP",
    "PG": "PG", "PC": "PC", "PB": "PB", "TBÁO": "TB", "KL": "KL", "BCĐ": "BCD",
}
TYPE_WORDS = [
    ("thong bao", "TB"), ("ke hoach", "KH"), ("quyet dinh", "QD"), ("chi thi", "CT"),
    ("nghi quyet", "NQ"), ("chuong trinh", "CTR"), ("bao cao", "BC"), ("huong dan", "HD"),
    ("cong dien", "CD"), ("ket luan", "KL"), ("to trinh", "TTR"), ("cong van", "CV"),
    ("phuong an", "PA"), ("de an", "DA"), ("quy che", "QC"), ("quy dinh", "QYD"),
]
_NUMBER = re.compile(r"^\s*s[o0]\s*[:.]?\s*(?P<num>\d{0,5})\s*(?P<sep>[/-])\s*(?P<sym>[^\s,;]*)",
                     re.IGNORECASE)
_DATE_LINE = re.compile(r"ngay\s*(?P<d>\d{1,2})?\s*thang\s*(?P<m>\d{1,2})\s*nam\s*(?P<y>\d{4})")
_ROLE = re.compile(r"^(?:kt\.?\s*|tm\.?\s*|tl\.?\s*|q\.\s*)?(?:pho\s+)?(?:chu tich|chanh van phong"
                   r"|giam doc|to truong|truong ban|bi thu|thu truong|tong cuc truong|cuc truong"
                   r"|truong phong|chanh thanh tra|ubnd|uy ban nhan dan|van phong)\b")


@dataclass
class NumberInfo:
    number: str | None      # "84/TB-VP", "02-KH/BCĐTW"; None when the digits are blank
    type: str | None        # "TB", "KH", "CV" …
    symbol: str             # "TB-VP", "UBND-KGVX", "KH/BCĐTW"
    issuer_code: str | None  # the issuer part of the symbol: "VP", "UBND", "BCĐTW"
    text: str


def _type_of(code: str) -> str | None:
    return TYPE_CODES.get(code.upper().replace("Ð", "Đ"))


def parse_number(text: str) -> NumberInfo | None:
    """Parse a "Số: …" line or a bare number and symbol."""
    raw = text.strip()
    k = make_key(raw)
    m = _NUMBER.match(k)
    if m:
        start = m.start("num")
        body = raw[start:].strip()
    elif re.match(r"^\d{1,5}\s*[/-]", raw):
        body = raw
    else:
        return None
    body = re.sub(r"\s*([/-])\s*", r"\1", body).strip()
    body = body.split()[0].strip(" .,;:") if body else body
    m2 = re.match(r"^(?P<num>\d{0,5})(?P<sep>[/-])(?P<sym>\S+)$", body)
    if not m2:
        return None
    num, sep, sym = m2.group("num"), m2.group("sep"), m2.group("sym")
    if sep == "-":                                   # party documents: 02-KH/BCĐTW
        doc_type, _, issuer = sym.partition("/")
        return NumberInfo(f"{num}-{sym}" if num else None, _type_of(doc_type) or "CV",
                          sym, issuer or None, raw)
    first, _, rest = sym.partition("-")
    doc_type = _type_of(first) if rest else None
    issuer = rest if doc_type else sym
    return NumberInfo(f"{num}/{sym}" if num else None, doc_type or "CV", sym, issuer or None, raw)


def parse_issue_date(text: str) -> str | None:
    """"…, ngày 04 tháng 4 năm 2025" → "2025-04-04"; a blank day → "2025-04"."""
    m = _DATE_LINE.search(make_key(text))
    if not m:
        return None
    y, mo = int(m.group("y")), int(m.group("m"))
    if not (1 <= mo <= 12 and 1990 <= y <= 2100):
        return None
    if not m.group("d"):
        return f"{y:04d}-{mo:02d}"
    try:
        return date(y, mo, int(m.group("d"))).isoformat()
    except ValueError:
        return f"{y:04d}-{mo:02d}"


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(\d)-\s+([A-ZĐ])", r"\1-\2", text)


def find_title(lines: list[Line], doc_type: str | None) -> tuple[str | None, str | None]:
    """The trích yếu and the type word found at the top, if any."""
    top = lines[:60]
    for idx, ln in enumerate(top):
        if re.match(r"^v\s*/\s*v\b", ln.skey):
            parts, blanks = [ln.stripped], 0
            for nxt in top[idx + 1:]:
                if nxt.blank:
                    blanks += 1
                    if blanks >= 2 and parts:
                        break
                    continue
                if _DATE_LINE.search(nxt.key) or nxt.skey.startswith(
                        ("kinh gui", "can cu", "cong hoa", "doc lap")) or (
                        nxt.stripped.isupper() and len(nxt.stripped) > 3):
                    break
                blanks = 0
                parts.append(nxt.stripped)
            return _join_title(parts), "CV"
    for idx, ln in enumerate(top):
        for word, code in TYPE_WORDS:
            if ln.skey == word and ln.stripped.isupper():
                parts, last = [], ln
                for nxt in top[idx + 1:]:
                    if nxt.blank:
                        continue
                    starts_lower = nxt.stripped[:1].islower()
                    prev_open = parts and (re.search(_LINK_END, parts[-1]) or (
                        re.search(_PLACE_END, parts[-1]) and _starts_with_province(nxt.skey)))
                    centred = parts and _indent(nxt) >= 8 and _indent(last) >= 8 and not nxt.stripped.isupper()
                    if parts and not (starts_lower or prev_open or centred):
                        break
                    if not starts_lower and re.match(r"^(?:can cu|ngay \d|thuc hien|kinh gui|so\s*:)", nxt.skey):
                        break
                    parts.append(nxt.stripped)
                    last = nxt
                    if len(parts) > 6:
                        break
                return (_join_title(parts) or None), code
    return None, None


# A title line that cannot end there: a link word, or "tỉnh" / "thành phố" whose
# province follows on the next line ("… trên địa bàn tỉnh" / "An Giang năm 2025").
_LINK_END = r"(?:,|-|\bvà|\bvề|\bcủa|\bcho|\btại)$"
_PLACE_END = r"(?:\btỉnh|\bthành phố)$"


def _starts_with_province(key: str) -> bool:
    words = key.split()
    return any(tuple(words[:n]) in PROVINCES for n in (1, 2, 3))


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip())


def _join_title(parts: list[str]) -> str:
    out = ""
    for part in parts:
        out = out + part if out.endswith("-") else f"{out} {part}".strip()
    return _clean(out)


def _right_part(line: Line) -> str:
    """The right-hand column of a line printed in two columns ("- Lưu: VT.      Lê Văn A")."""
    return re.split(r"\s{2,}", line.stripped)[-1]


def find_signer(lines: list[Line], start: int, end: int) -> tuple[str | None, str | None]:
    """The name under the signature block and the title above it (the block may stand
    beside the list of recipients)."""
    name_re = re.compile(r"^(?:[A-ZĐ][a-zà-ỹđ]+)(?:\s+[A-ZĐ][a-zà-ỹđ]+){1,4}$")
    for idx in range(end - 1, max(start - 1, end - 60), -1):
        s = _right_part(lines[idx])
        if not name_re.match(s) or _ROLE.match(make_key(s)):
            continue
        if re.search(r"\b(?:Ủy|Uỷ|Sở|Phòng|Ban|Văn|Cổng|Lưu|Như|Thành|Tỉnh|Hội|Trung)\b", s.split()[0]):
            continue
        title = None
        for back in range(idx - 1, max(start - 1, idx - 15), -1):
            t = _right_part(lines[back]) if lines[back].stripped else ""
            if t and t.isupper() and _ROLE.match(make_key(t)):
                title = _role_case(t)
                break
        return s, title
    return None, None


_CAPITALISED = {"chủ tịch": "Chủ tịch", "văn phòng": "Văn phòng", "ubnd": "UBND", "hđnd": "HĐND",
                "ủy ban nhân dân": "Ủy ban nhân dân", "giám đốc": "Giám đốc"}


def _role_case(text: str) -> str:
    """"PHÓ CHÁNH VĂN PHÒNG" → "Phó Chánh Văn phòng", "KT. CHỦ TỊCH" → "KT. Chủ tịch"."""
    out = text.lower()
    for low, cased in _CAPITALISED.items():
        out = out.replace(low, cased)
    out = re.sub(r"^(kt|tm|tl|q)\.", lambda m: m.group(1).upper() + ".", out)
    out = re.sub(r"\b(phó|chánh|trưởng|tổ)\b", lambda m: m.group(1).capitalize(), out)
    return out[:1].upper() + out[1:]


def header_issuer(lines: list[Line]) -> str | None:
    """The issuing body's name printed in capitals at the top left, if present."""
    parts = []
    for ln in lines[:15]:
        s = ln.stripped
        if not s:
            continue
        s = re.split(r"\s{2,}|CỘNG HÒA|CỘNG HOÀ", s)[0].strip()
        k = make_key(s).strip()
        if k.startswith(("cong hoa", "doc lap", "so", "v/v")) or not s:
            if parts:
                break
            continue
        letters = [c for c in s if c.isalpha()]
        if letters and all(c.isupper() for c in letters) and len(s) < 60 and not re.match(
                r"^(?:thong bao|ke hoach|quyet dinh|chi thi|cong van)$", k):
            parts.append(s)
        elif parts:
            break
    return " ".join(parts) if parts else None


_PLACE_DATE = re.compile(r"(?<![\wÀ-ỹ])([A-ZĐ][a-zà-ỹđ]+(?:\s+[A-ZĐ][a-zà-ỹđ]+){0,3}),\s*ngày")


def province_of(lines: list[Line]) -> str | None:
    """The province of the document: the place of its place-and-date line (which may
    share a line with "Số: …"), else the "TỈNH …" of its header, else the province the
    text names most — never a person's name written after "UBND tỉnh"."""
    for ln in lines[:40]:
        m = _PLACE_DATE.search(ln.text)
        if m:
            return m.group(1)
    for ln in lines[:12]:
        m = re.match(r"^\s*TỈNH\s+([A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]+?)(?:\s{2,}|$)", ln.text)
        if m and tuple(make_key(m.group(1)).split()) in PROVINCES:
            return m.group(1).title()
    counts: dict[str, int] = {}
    for ln in lines:
        for m in re.finditer(r"tỉnh\s+([A-ZĐ][\wÀ-ỹ]+(?:\s+[A-ZĐ][\wÀ-ỹ]+)?)", ln.text):
            if tuple(make_key(m.group(1)).split()) in PROVINCES:
                counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return max(counts, key=counts.get) if counts else None


def chairman_decides(lines: list[Line]) -> bool:
    """Whether a decision names the chairman as its issuing authority ("CHỦ TỊCH ỦY BAN
    NHÂN DÂN TỈNH …" standing alone between the title and the "Căn cứ" lines)."""
    for ln in lines[:40]:
        if ln.skey.startswith(("can cu", "quyet dinh:")):
            return False
        if ln.stripped.isupper() and re.match(r"^chu tich (?:uy ban nhan dan|ubnd)\b", ln.skey):
            return True
    return False
