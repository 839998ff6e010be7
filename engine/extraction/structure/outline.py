"""The outline of a directive's body: headings, numbered items and bullets.

Reads the layout's body lines into a tree as Nghị định 30/2020 documents are written:
Roman sections (I., II.), numbered headings and nested numbers (1., 1.1., 1.1.1.),
lettered items (a), b), đ)), dash bullets (-) and plus bullets (+). A line that does not
start an item continues the current one, so wrapped lines, blank lines and paragraphs
inside an item stay with it. Numbers are accepted as headings only where they fit the
numbering in progress, so a wrapped line that happens to start with "3." or a year is
not taken for a heading. Each item gets its reference as printed ("2.a", "5.-3.+1"); a
number printed twice gets a prime ("2'").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from engine.extraction.layout.line import Line
from engine.extraction.repair.keys import key as make_key, repair_number

_ROMAN = re.compile(r"^(?P<label>[IVX]{1,4})\s*[.)]\s*(?P<rest>.*)$")
_ARTICLE = re.compile(r"^(?P<label>dieu\s+\d{1,3})\s*[.:]\s*(?P<rest>.*)$")
# "3," for "3.": a scan may read the period of a number as a comma
_NUM = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})(?:(?P<punct>[.)]|,(?=\s))\s*|\s+)(?P<rest>\S.*)?$")
_LETTER = re.compile(r"^(?P<label>[a-zđ])\s*(?P<punct>[)\]}]|\.)\s*(?P<rest>\S.*)?$")
_BULLET = re.compile(r"^(?P<label>[-–—•·+*])\s*(?P<rest>\S.*)$")
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
_ROMAN_LIKE = re.compile(r"^([IVXLivxl]{1,5})\s*[.)]\s*(?P<rest>.*)$")


def _roman_readings(written: str) -> set[str]:
    """The Roman numerals a scan may have written as ``written`` ("Vv" → V, "Il" → II)."""
    upper = written.upper().replace("L", "I")
    collapsed = re.sub(r"(.)\1+$", r"\1", upper)
    return {upper, collapsed}
_DIGIT_AS_LETTER = {"6": "b", "8": "b", "0": "o"}
# Capitals a scan reads for a digit of an item number ("S." for "5.").
_LETTER_AS_DIGIT = {"S": "5", "Z": "2", "B": "8", "G": "6", "T": "7"}
_BACKGROUND = re.compile(
    r"^(?:ve\s+)?(?:ket qua|tinh hinh|danh gia|ton tai|han che|nguyen nhan|muc dich|yeu cau\W*$"
    r"|muc tieu|kinh phi|bai hoc|quan diem|can cu|thuc trang|kho khan|dac diem|boi canh"
    r"|y nghia|pham vi|doi tuong|mot so ket qua|nhung ket qua|chi tieu)")
# A section that sets how the agencies report ("IV. CHẾ ĐỘ BÁO CÁO", "4. Chế độ thông tin, báo cáo").
_REPORTING_SECTION = re.compile(r"^(?:ve\s+)?che\s+do\s+(?:thong\s+tin\W*\s*)?bao\s+cao\b")
_TASK_SECTION = re.compile(r"nhiem vu|giai phap|to chuc thuc hien|phan cong|ket luan|chi dao"
                           r"|trach nhiem|de nghi|kien nghi|noi dung thuc hien")
_RANK = {"roman": 0, "letter": 5, "dash": 6, "plus": 7}


class ItemKind(StrEnum):
    """What marks an item of the outline."""

    ROOT = "root"          # the body itself
    ROMAN = "roman"        # I., II.
    ARTICLE = "article"    # Điều 1.
    NUM = "num"            # 1., 1.1., 1.1.1.
    LETTER = "letter"      # a), b), đ)
    DASH = "dash"          # -
    PLUS = "plus"          # +
    PARA = "para"          # a paragraph of a body without numbered items


@dataclass
class Item:
    kind: ItemKind
    label: str = ""
    rank: int = -1
    lines: list[Line] = field(default_factory=list)
    first_rest: str = ""           # text of the first line after the marker
    first_offset: int = 0          # where that text starts in the first line
    children: list["Item"] = field(default_factory=list)
    parent: "Item | None" = None
    ref: str = ""

    def __post_init__(self):
        self.kind = ItemKind(self.kind)

    @property
    def line_range(self) -> tuple[int, int]:
        nos = [ln.no for ln in self.lines if not ln.blank] or [ln.no for ln in self.lines]
        return (nos[0], nos[-1]) if nos else (0, 0)

    def own_text(self) -> tuple[str, str]:
        """The item's text without its marker, and the key of the same text."""
        texts, keys = [], []
        for n, ln in enumerate(self.lines):
            if ln.blank:
                continue
            start = self.first_offset if n == 0 and self.kind != "root" else 0
            texts.append(ln.text[start:].strip())
            keys.append(ln.key[start:].strip())
        return _join(texts), _join(keys)

    def ancestors(self):
        node = self.parent
        while node is not None and node.kind != "root":
            yield node
            node = node.parent

    @property
    def title(self) -> str:
        return self.first_rest.strip()

    def in_reporting_section(self) -> bool:
        """Whether the item is, or sits in, a section that sets the reporting rule."""
        return any(node.kind in (ItemKind.ROMAN, ItemKind.NUM) and _REPORTING_SECTION.match(
            make_key(node.title.split(":")[0]).strip()) for node in [self, *self.ancestors()])

    def is_background(self) -> bool:
        """Whether the item sits in a section that reports rather than assigns
        ("Kết quả đạt được", "Tồn tại, hạn chế", "Mục tiêu", "Kinh phí" …)."""
        for node in [self, *self.ancestors()]:
            if node.kind not in ("roman", "num"):
                continue
            title_key = make_key(node.title.split(":")[0]).strip()
            if not (node.children or node.kind == "roman" or len(node.lines) > 1):
                continue
            if (_BACKGROUND.match(title_key) and not _TASK_SECTION.search(title_key)
                    and len(title_key.split()) <= 10):
                return True
        return False


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if not out:
            out = part
        elif out.endswith("-") and part[:1].isalnum() and not out.endswith(" -"):
            out += part       # "02-" + "KH/BCĐTW", "57-" + "NQ/TW"
        else:
            out += " " + part
    return out


def starts_upper(rest: str | None) -> bool:
    if not rest:
        return False
    first = next((c for c in rest if c.isalnum() or c in "\"“'("), "")
    return bool(first) and (first.isupper() or first.isdigit() or first in "\"“'(")


def _letter_index(label: str) -> int:
    return _LETTERS.index(label) if label in _LETTERS else -1


class _Parser:
    def __init__(self):
        self.root = Item("root")
        self.stack = [self.root]

    def marker(self, line: Line):
        text = line.text
        lead = len(text) - len(text.lstrip())
        first, sep, rest = text.strip().partition(" ")
        marker_first = re.match(r"^([^.)\]}]*)([.)\]}]?)$", first)
        if marker_first and len(first) <= 5:      # OCR: "l." for "1.", "Il." for "II."
            first = repair_number(marker_first.group(1)) + marker_first.group(2)
        elif re.fullmatch(r"[0-9lIoO]{1,2}(?:\.[0-9lIoO]{1,2}){1,3}\.?", first) and any(c.isdigit() for c in first):
            first = repair_number(first)          # "l.1." for "1.1."
        digit = _LETTER_AS_DIGIT.get(first[:1]) if re.fullmatch(r"[A-Z][.)]", first) else None
        if digit and starts_upper(rest) and self.next_number(digit):
            return "num", digit, 1, lead + len(first) + 1      # OCR: "S." for "5."
        s = f"{first}{sep}{rest}"
        misread = re.match(r"^([680])[)\]}]$", first)
        if misread and rest and self.plausible_letter(_DIGIT_AS_LETTER[misread.group(1)]):
            return "letter", _DIGIT_AS_LETTER[misread.group(1)], _RANK["letter"], lead + len(first) + 1
        m = _ARTICLE.match(line.key.strip())
        if m and s[:1].isupper():
            label = "Điều " + m.group("label").split()[-1]
            return "article", label, 0, lead + m.start("rest")
        m = _ROMAN.match(s)
        if m and (starts_upper(m.group("rest")) or not m.group("rest")):
            return "roman", m.group("label"), 0, lead + m.start("rest")
        misread = _ROMAN_LIKE.match(s)          # OCR: "Vv." for "V." where V is due
        if misread and starts_upper(misread.group("rest")) and self._next_roman() and \
                self._next_roman() in _roman_readings(misread.group(1)):
            return "roman", self._next_roman(), 0, lead + misread.start("rest")
        m = _NUM.match(s)
        if m and (m.group("punct") or "." in m.group("label")) and starts_upper(m.group("rest")):
            label = m.group("label").rstrip(".")
            if self.plausible_number(label):
                return "num", label, label.count(".") + 1, lead + m.start("rest")
        m = _LETTER.match(s)
        if m and m.group("rest") is not None and (m.group("punct") != "." or starts_upper(m.group("rest"))):
            label = self._without_diacritics(m.group("label"))
            if m.group("punct") != "." or self.plausible_letter(label):
                return "letter", label, _RANK["letter"], lead + m.start("rest")
        m = _BULLET.match(s)
        if m and starts_upper(m.group("rest")):
            kind = "plus" if m.group("label") in "+*" else "dash"
            return kind, m.group("label"), _RANK[kind], lead + m.start("rest")
        return None

    def _siblings(self, rank: int) -> list[Item]:
        for node in reversed(self.stack):
            if node.rank < rank:
                return node.children
        return self.root.children

    def _next_roman(self) -> str:
        romans = [c.label for c in self.root.children if c.kind == ItemKind.ROMAN]
        return _ROMANS[_ROMANS.index(romans[-1]) + 1] if romans and romans[-1] in _ROMANS[:-1] else ""

    def plausible_number(self, label: str) -> bool:
        parts = [int(p) for p in label.split(".")]
        depth = len(parts)
        siblings = [c for c in self._siblings(depth) if c.kind == "num" and c.rank == depth]
        if depth > 1:
            parent = next((n for n in reversed(self.stack) if n.kind == "num" and n.rank == depth - 1), None)
            if parent is None or parent.label != ".".join(map(str, parts[:-1])):
                return False
        last = int(siblings[-1].label.split(".")[-1]) if siblings else 0
        return parts[-1] in (last, last + 1, last + 2) or (parts[-1] == 1 and not siblings)

    def next_number(self, label: str) -> bool:
        """Whether ``label`` is exactly the next top-level number (for misread markers)."""
        siblings = [c for c in self._siblings(1) if c.kind == "num" and c.rank == 1]
        return bool(siblings) and siblings[-1].label.isdigit() and int(siblings[-1].label) + 1 == int(label)

    def _without_diacritics(self, label: str) -> str:
        """"d" right after a "d)" item is "đ)" written by an OCR without Vietnamese letters
        (the alphabet of item letters runs a, b, c, d, đ, e …)."""
        siblings = [c for c in self._siblings(_RANK["letter"]) if c.kind == "letter"]
        return "đ" if label == "d" and siblings and siblings[-1].label == "d" else label

    def plausible_letter(self, label: str) -> bool:
        siblings = [c for c in self._siblings(_RANK["letter"]) if c.kind == "letter"]
        if not siblings:
            return label == "a"
        return 0 < _letter_index(label) - _letter_index(siblings[-1].label) <= 2

    def feed(self, line: Line) -> None:
        found = None if line.blank else self.marker(line)
        if not found:
            self.stack[-1].lines.append(line)
            return
        kind, label, rank, offset = found
        while self.stack[-1].rank >= rank:
            self.stack.pop()
        parent = self.stack[-1]
        item = Item(kind, label, rank, [line], line.text[offset:], offset, parent=parent)
        parent.children.append(item)
        self.stack.append(item)


_FIELD_LABEL = re.compile(r"^(?:co quan|don vi)\s+(?:chu tri|phoi hop|thuc hien)|^(?:thoi gian|thoi han|tien do)"
                          r"(?:\s+\w+){0,2}\s*:|^(?:san pham|ket qua du kien|(?:nguon\s+)?kinh phi)\s*:")


def _fold_field_lines(node: Item) -> None:
    """Bullets that only fill in a task's fields ("- Cơ quan chủ trì: …", "- Thời gian
    hoàn thành: …") belong to the task above them, not to tasks of their own."""
    for child in node.children:
        _fold_field_lines(child)
    if node.children and all(c.kind in ("dash", "plus") and not c.children and
                             _FIELD_LABEL.match(make_key(c.title).strip()) for c in node.children):
        for child in node.children:
            node.lines.extend(child.lines)
        node.children = []


def parse_outline(lines: list[Line]) -> Item:
    parser = _Parser()
    for line in lines:
        parser.feed(line)
    _fold_field_lines(parser.root)
    _assign_refs(parser.root, "", set())
    return parser.root


def _assign_refs(node: Item, prefix: str, used: set[str], roman: str = "") -> None:
    counters = {"dash": 0, "plus": 0}
    for child in node.children:
        child_roman = roman
        if child.kind in ("roman", "article"):
            ref = child_roman = child.label
        elif child.kind == "num":
            if node.kind in ("root", "roman", "article", "num"):
                ref = f"{roman}.{child.label}" if roman else child.label
            else:
                ref = f"{prefix}.{child.label}"
        elif child.kind == "letter":
            ref = f"{prefix}.{child.label}" if prefix else child.label
        else:
            counters[child.kind] += 1
            mark = "-" if child.kind == "dash" else "+"
            ref = f"{prefix}.{mark}{counters[child.kind]}" if prefix else f"{mark}{counters[child.kind]}"
        while ref in used:
            head, _, tail = ref.rpartition(".")
            ref = f"{head}.{tail}'" if head else ref + "'"
        used.add(ref)
        child.ref = ref
        _assign_refs(child, ref, used, child_roman)


def walk(node: Item):
    for child in node.children:
        yield child
        yield from walk(child)
