"""What an outline item is, beyond its place in the outline.

* ``holds_own_task``: an item with sub-items that also states a task of its own ("- Sở
  X: Chủ trì kiểm tra …; hoàn thành trước ngày ….", then "+" items) — a bullet, or a
  numbered item that names its agency, with a full sentence; not a heading ("1. Sở Tài
  chính", "2. Nhiệm vụ cụ thể", "1. Tuyên truyền, nâng cao nhận thức.") nor an
  introduction ending with ":" or "… các nội dung sau.".
* ``closing_formula``: the standard last item of "Tổ chức thực hiện" ("Trong quá trình
  thực hiện, nếu có khó khăn, vướng mắc, … phản ánh về …") — not a task.
* ``only_implements_and_reports``: an item that only tells the agencies to implement
  what the document assigns elsewhere and how to report ("căn cứ nhiệm vụ được giao tại
  Kế hoạch này, chủ động triển khai thực hiện; định kỳ hằng tháng báo cáo …") — the
  document's reporting rule, not a task of its own. An item with any concrete action
  besides ("…, chủ động triển khai phong trào tại cơ quan; tổ chức cho 100% …") stays a
  task.
"""
from __future__ import annotations

import re

_INTRO_END = re.compile(r"(?:noi dung|nhiem vu|yeu cau|giai phap|cong viec)(?:\s+\w+){0,3}\s+(?:sau|nhu\s+sau)"
                        r"\W*$")
_CLOSING = re.compile(r"^\W*trong\s+qua\s+trinh\s+(?:to\s+chuc\s+)?(?:thuc\s+hien|trien\s+khai)[^.]{0,60}?"
                      r"(?:kho\s+khan|vuong\s+mac|phat\s+sinh)")
_IMPLEMENT = re.compile(
    r"can\s+cu\s+(?:chuc\s+nang,?\s+nhiem\s+vu(?:\s+duoc\s+(?:giao|phan\s+cong))?"
    r"|nhiem\s+vu\s+duoc\s+(?:giao|phan\s+cong))(?:\s+tai\s+[^,;.]{1,60})?\s*,\s*"
    r"(?:(?:chu\s+dong|khan\s+truong|nghiem\s+tuc|kip\s+thoi|to\s+chuc)\s+)*"
    r"(?:trien\s+khai\s+)?(?:thuc\s+hien|trien\s+khai)"
    r"(?:\s+(?:ke\s+hoach|chi\s+thi|cong\s+van|quyet\s+dinh|van\s+ban|thong\s+bao)\s+nay)?"
    r"(?:\s+(?:co\s+hieu\s+qua|nghiem\s+tuc|dong\s+bo|kip\s+thoi))?\s*(?=[;.]|$)")
_REPORT_CLAUSE = re.compile(r"^\W*(?:(?:dinh\s+ky|hang|moi|truoc|cham\s+nhat|va|dong\s+thoi|\([^)]*\))\W*"
                            r"(?:\w+\W+){0,6})?bao\s+cao\b")


def holds_own_task(item, text: str, key: str, content_start: int) -> bool:
    """Whether an item with sub-items states a task of its own (see module doc)."""
    if item.is_background() or not (item.kind in ("dash", "plus", "letter") or content_start > 0):
        return False          # a numbered heading states a task only after its agency
    rest, rest_key = text[content_start:].strip(), key[content_start:].strip()
    if not rest or rest.endswith(":") or not rest.endswith((".", ";")):
        return False
    return len(rest.split()) >= 6 and not _INTRO_END.search(rest_key)


def closing_formula(key: str) -> bool:
    return bool(_CLOSING.match(key))


def only_implements_and_reports(key: str) -> bool:
    m = _IMPLEMENT.search(key)
    if not m or re.search(r"[;:]|\.\s", key[:m.start()]):
        return False          # something is assigned before the formula
    clauses = [c for c in re.split(r"[;.]", key[m.end():]) if c.strip()]
    return all(_REPORT_CLAUSE.match(c) for c in clauses)
