"""A task's item reference as people read it.

The extractor and the annotation schema number a task by its path in the document:
"III.2.a", "5.-3.+1" (the third dash bullet of item 5, then its first "+" bullet),
"2'.a" (item a of the second item numbered 2), "1/2" (the second assignment within item
1), "P3" (the third paragraph), "PL01.I.5.3" (a row of appendix 01), "KH.II.1" (an item of
the plan issued with the decision). Users see the path as the document writes it:
numbers and letters as printed ("III.2.a"), bullets by their position, and the rest in
words.
"""
from __future__ import annotations

import re

_WORDS = {
    "vi": {"dash": "gạch đầu dòng thứ {n}", "plus": "ý + thứ {n}", "para": "đoạn {n}", "task": "nhiệm vụ thứ {n}",
           "again": "mục {label} lần thứ {n}", "appendix": "Phụ lục {n}", "appendix_plain": "Phụ lục",
           "table": "Bảng {n}", "attached": "{kind} kèm theo"},
    "en": {"dash": "dash item {n}", "plus": "plus item {n}", "para": "paragraph {n}", "task": "task {n}",
           "again": "item {label}, occurrence {n}", "appendix": "Appendix {n}", "appendix_plain": "Appendix",
           "table": "Table {n}", "attached": "attached {kind}"},
}
_ATTACHED = {"KH": ("Kế hoạch", "plan"), "CTr": ("Chương trình", "programme"), "QC": ("Quy chế", "regulation"),
             "QyĐ": ("Quy định", "rules"), "ĐA": ("Đề án", "scheme"), "PA": ("Phương án", "plan"),
             "HD": ("Hướng dẫn", "guidance")}
_PRINTED = re.compile(r"^(?:\d{1,3}|[a-zđ]|[IVXLC]{1,6}|Điều \d{1,3})$")


def _prefix(part: str, words: dict, lang: str) -> str | None:
    m = re.fullmatch(r"PL(\w*)", part)
    if m:
        return words["appendix"].format(n=m.group(1)) if m.group(1) else words["appendix_plain"]
    m = re.fullmatch(r"B(\d+)", part)
    if m:
        return words["table"].format(n=m.group(1))
    if part in _ATTACHED:
        return words["attached"].format(kind=_ATTACHED[part][0 if lang == "vi" else 1])
    return None


def readable_ref(ref: str | None, lang: str = "vi") -> str:
    """``ref`` as the document writes it (see module doc); a ref the reviewer typed is
    shown as it is."""
    if not ref:
        return ""
    words = _WORDS.get(lang, _WORDS["vi"])
    ref, _, unit = ref.partition("/")
    parts = ref.split(".")
    head: list[str] = []
    printed: list[str] = []
    after: list[str] = []
    notes: list[str] = []
    for n, part in enumerate(parts):
        prefix = _prefix(part, words, lang) if n == 0 and len(parts) > 1 else None
        label = part.rstrip("'")
        if prefix:
            head.append(prefix)
        elif re.fullmatch(r"P\d+", part) and not printed:
            after.append(words["para"].format(n=part[1:]))
        elif re.fullmatch(r"[-+]\d+", part):
            after.append(words["dash" if part[0] == "-" else "plus"].format(n=part[1:]))
        elif _PRINTED.match(label):
            if label != part:            # the document prints this number twice or more
                notes.append(words["again"].format(label=".".join([*printed, label]), n=len(part) - len(label) + 1))
            if after:
                after.append(f"{label})" if len(label) == 1 and label.isalpha() else label)
            else:
                printed.append(label)
        else:
            return ref + (f"/{unit}" if unit else "")      # not a path the extractor writes
    if unit.isdigit():
        after.append(words["task"].format(n=unit))
    return ", ".join(p for p in [*head, ".".join(printed), *after, *notes] if p)
