"""The reporting duty a directive sets for everyone it addresses (document "reporting_rule").

Found, in this order:

0. in a section of its own ("IV. CHẾ ĐỘ BÁO CÁO", "4. Chế độ báo cáo"): its first sentence
   that reports;
1. in the closing paragraph after the last item ("Các cơ quan, đơn vị, địa phương báo cáo
   kết quả thực hiện về Sở … trước ngày …", "Định kỳ hằng quý (…), các cơ quan … báo cáo
   …");
2. in an item addressed to every agency or a group of them — by its own first words or
   by the heading it sits under ("4. Lãnh đạo các Sở, ban, ngành tỉnh … báo cáo tiến độ
   trước ngày 15 hàng tháng về …", "2. Các sở, ban, ngành …; định kỳ hằng tuần báo cáo
   tiến độ về Sở Nội vụ") — a clause that reports periodically.

A report one agency owes inside its own task ("1. Giao Sở Tài chính: … báo cáo … trước
ngày 05 hằng tháng") is that task's reporting, not the document's rule.
"""
from __future__ import annotations

import re

from engine.extraction.repair.keys import key as make_key
from engine.extraction.structure.outline import Item, walk

_REPORT = re.compile(r"\bbao\s+cao\b")
_TO = re.compile(r"\bbao\s+cao\b[^.;]{0,80}?\b(?:ve|gui|cho)\b")
_CADENCE = re.compile(r"dinh\s+ky|(?:hang|moi)\s+(?:tuan|thang|quy|nam)|truoc\s+ngay\s+\d|cham\s+nhat")
_PERIODIC = re.compile(r"dinh\s+ky|(?:hang|moi)\s+(?:tuan|thang|quy|nam)|cua\s+thang\s+cuoi")
_EVERY = re.compile(r"(?:cac|toan\s+the)\s+(?:co\s+quan|so|don\s+vi|dia\s+phuong|nganh|xa|phuong|huyen"
                    r"|thanh\s+vien)\b")
_SENTENCE = re.compile(r"(?<=[.;])\s+")


def _clauses(text: str):
    for part in _SENTENCE.split(text):
        part = re.sub(r"\s+", " ", part).strip(" ;")
        if part:
            yield part


def _tidy(clause: str, limit: int = 45) -> str:
    clause = clause.rstrip("./ ")
    clause = re.sub(r"^(?:và|đồng thời)\s+", "", clause)
    words = clause.split()
    return " ".join(words[:limit])


def _from_closing(closing_text: str) -> str | None:
    for clause in _clauses(closing_text):
        k = make_key(clause)
        if _TO.search(k) and (_CADENCE.search(k) or _EVERY.search(k)):
            return _tidy(clause)
    return None


def _addressed_to_every(item: Item) -> bool:
    heads = [make_key(node.title)[:80] for node in [item, *item.ancestors()]]
    return any(_EVERY.search(h) for h in heads)


def _from_items(roots: list[Item]) -> str | None:
    for root in roots:
        for item in walk(root):
            if not _addressed_to_every(item):
                continue
            text, _ = item.own_text()
            for clause in _clauses(text):
                k = make_key(clause)
                m = _REPORT.search(k)
                if m and _PERIODIC.search(k) and _TO.search(k):
                    start = _CADENCE.search(k[:m.start()])
                    return _tidy(clause[start.start():] if start else clause)
    return None


def _from_reporting_section(roots: list[Item]) -> str | None:
    for root in roots:
        for item in walk(root):
            if not item.in_reporting_section() or item.children:
                continue
            text, _ = item.own_text()
            title = item.title.split(":")[0]
            body = text[len(title):] if text.startswith(title) else text
            for clause in _clauses(body):
                if _REPORT.search(make_key(clause)):
                    return _tidy(clause)
    return None


def reporting_rule(roots: list[Item], closing_text: str) -> str | None:
    """The document's reporting rule, if it states one (see module doc)."""
    return _from_reporting_section(roots) or _from_closing(closing_text) or _from_items(roots)
