"""The deadline phrasings of Vietnamese directives, as patterns on the folded key.

Strong phrases state when the task is done ("hoàn thành trước ngày 25/6/2025", "thời hạn:
cuối tháng 10/2025", "từ ngày 15/6 đến ngày 30/6/2025", "đến hết ngày 31/12/2025"); weak
ones are time references without a completion verb ("trong tháng 9/2025", "trong năm
2026", "đến hết năm 2026", "trong 6 tháng cuối năm 2025"); conditional ones wait for an event ("khi có Quyết
định …", "tại kỳ họp gần nhất", "sau khi được UBND tỉnh phê duyệt"); recurring ones give
a cadence instead of a date.

Readings chosen here:

* a range ("từ ngày A đến ngày B") is due on its end B;
* a half year ("6 tháng cuối năm 2025") is read like a quarter, as its last month
  (2025-12), which falls due on the same day as 31/12/2025;
* a cadence is recurring where it governs the task's own verb: at the start of the task
  or of one of its clauses ("Hằng tháng cập nhật …", "…; hằng tuần tổng hợp …",
  "Thường xuyên theo dõi …"), closing a clause ("… vệ sinh cơ quan định kỳ hằng tháng."),
  as a day of each period ("chậm nhất ngày 10 hằng tháng", "trước ngày 15 của tháng cuối
  quý"), as a frequency ("ít nhất 01 lần/tuần", "2 lần mỗi năm") or as the nature of the
  task ("đây là nhiệm vụ trọng tâm, thường xuyên"). A cadence inside a noun phrase ("kế
  hoạch … để thực hiện hằng tháng, nhằm …", "báo cáo định kỳ hằng tháng đối với chỉ tiêu …")
  describes something else and is not read.
* "tính đến (hết) ngày …" reports a state at a date; it is not a deadline.
"""
from __future__ import annotations

import re

_TRIG = (r"(?:thoi\s+(?:gian|han)(?:\s+(?:hoan\s+thanh|thuc\s+hien|ket\s+thuc))?"
         r"|han\s+(?:chot|hoan\s+thanh)|hoan\s+thanh(?:\s+thanh)?|thuc\s+hien\s+xong"
         r"|xong|ket\s+thuc)")
_T = rf"(?P<trig>{_TRIG})(?:\s*[:\-–]\s*|\s+)"
# A footnote marker printed against a year ("31/10/20256" with footnote 6) is kept apart.
_DATE = (r"(?:(?P<d1>\d{1,2})\s*[/.\-]\s*(?P<m1>\d{1,2})\s*[/.\-]\s*(?P<y1>\d{4})(?P<fn>\d{1,2})?(?!\d)"
         r"|(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s+nam\s+(?P<y2>\d{4})"
         r"|(?P<d3>\d{1,2})\s*/\s*(?P<m3>\d{1,2})(?![\d/]))")
_MONTH = (r"(?:(?P<mm1>\d{1,2})\s*[/.\-]\s*(?P<my1>\d{4})(?!\d)"
          r"|(?P<mm2>\d{1,2})\s+nam\s+(?P<my2>\d{4}))")
_QUARTER = r"quy\s+(?P<q>iv|i{1,3}|[1-4])\s*(?:/|nam\s+|-\s*)(?P<qy>\d{4})"
_YEAR = r"nam\s+(?P<y>(?:19|20)\d\d)(?![\d/])"
_RANGE_START = r"(?:tu\s+)?(?:thang\s+)?\d{1,2}\s*/\s*\d{4}\s*(?:den|-|–)\s*(?:thang\s+)?"
_DAY_START = r"tu\s+(?:ngay\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?\s*(?:den|toi|-|–)\s*(?:het\s+)?"
_HALF = r"6\s+thang\s+(?P<h>dau|cuoi)\s+nam\s+(?P<hy>\d{4})"
_PERIOD = r"(?:ngay|tuan|thang|quy|nam)"

PATTERNS = [
    # (name, strength, regex)
    ("range", "strong", re.compile(rf"{_T}{_RANGE_START}{_MONTH}")),
    ("date_q", "strong", re.compile(
        rf"(?:{_T})?(?P<q>cham\s+nhat\s+(?:la\s+)?truoc(?:\s+ngay)?|truoc(?:\s+ngay)?"
        rf"|cham\s+nhat(?:\s+(?:la|vao|den))?(?:\s+ngay)?)\s*{_DATE}")),
    ("date_t", "strong", re.compile(
        rf"{_T}(?P<q>den\s+(?:het\s+)?ngay|den\s+het|(?:vao|trong)\s+ngay|ngay)?\s*{_DATE}")),
    ("date_fill", "strong", re.compile(
        rf"(?P<trig>hoan\s+thanh)[^.;:]{{0,60}}?(?P<q>den\s+(?:het\s+)?ngay)\s*{_DATE}")),
    ("date_range", "strong", re.compile(rf"(?<!tinh\s){_DAY_START}(?P<q>ngay\s+)?{_DATE}")),
    ("date_until", "strong", re.compile(rf"(?<!tinh\s)(?P<q>den\s+het\s+ngay)\s+{_DATE}")),
    ("month_t", "strong", re.compile(
        rf"{_T}(?P<q>(?:trong|cuoi|truoc|vao)(?:\s+thang)?|thang)?\s*(?:thang\s+)?{_MONTH}")),
    ("quarter_t", "strong", re.compile(rf"{_T}(?:trong\s+|cuoi\s+|truoc\s+)?{_QUARTER}")),
    ("half_t", "strong", re.compile(rf"{_T}(?:trong\s+)?{_HALF}")),
    ("year_t", "strong", re.compile(rf"{_T}(?P<q>trong|cuoi|truoc)?\s*{_YEAR}")),
    ("month_w", "weak", re.compile(rf"(?P<q>trong|cuoi|truoc)\s+thang\s+{_MONTH}")),
    ("quarter_w", "weak", re.compile(rf"(?:trong|cuoi)\s+{_QUARTER}")),
    ("half_w", "weak", re.compile(rf"trong\s+{_HALF}")),
    ("year_w", "weak", re.compile(rf"(?P<q>trong)\s+{_YEAR}")),
    ("year_until", "weak", re.compile(rf"(?<!tinh\s)den\s+het\s+{_YEAR}")),
    ("from_w", "weak", re.compile(
        rf"(?:dap\s+ung|bao\s+dam|dam\s+bao|kip\s+thoi|san\s+sang)[^.;]{{0,80}}?tu\s+ngay\s+{_DATE}")),
]
_APPROVAL = (r"(?:phe\s+duyet|ban\s+hanh|giao|chap\s+thuan|bo\s+tri|thong\s+qua|cho\s+y\s+kien"
             r"|cho\s+phep|quyet\s+dinh)")
CONDITIONAL = re.compile(
    r"(?:ngay\s+)?khi\s+co\s+(?!the\b|du\b|dieu\s+kien\b)[a-z]+[^.;,]*"
    r"|tai\s+ky\s+hop[^.;,]*"
    rf"|khi\s+duoc\s+(?:[a-z]+\s+){{0,6}}?{_APPROVAL}[^.;,]*"
    rf"|sau\s+khi\s+(?:duoc\s+)?(?:[a-z]+\s+){{0,6}}?{_APPROVAL}[^.;,]*")
CONDITIONAL_START = re.compile(r"^\W*truong\s+hop\s+[^,.;]*")
RECURRING_START = re.compile(
    rf"^\W*(?:dinh\s+ky\s+)?(?:hang|moi)\s+{_PERIOD}\b"
    r"|^\W*dinh\s+ky\s+(?:\d+\s+thang|thang|quy|nam)(?:\s*,\s*(?:thang|quy|nam))*"
    r"|^\W*thuong\s+xuyen\b(?!\s+hon\b)")
# "… và đột xuất (khi có yêu cầu)" after "thường xuyên": the occasions on demand are part of the cadence
_ON_DEMAND = (r"\s*,?\s*(?:va|hoac)\s+dot\s+xuat"
              r"(?:\s+(?:khi|theo)\s+(?:co\s+)?(?:yeu\s+cau|chi\s+dao|phat\s+sinh)[^.;,]*)?")
RECURRING = re.compile(
    r"nhiem\s+vu(?:\s+[a-z]+){0,3}?\s*,?\s*(?:va\s+)?thuong\s+xuyen"
    r"|thoi\s+(?:gian|han)(?:\s+(?:thuc\s+hien|hoan\s+thanh))?\s*[:\-]?\s*"
    rf"(?:thuong\s+xuyen(?:{_ON_DEMAND})?|(?:dinh\s+ky\s+)?hang\s+{_PERIOD}|dinh\s+ky)"
    r"|\(\s*thuong\s+xuyen\s*\)"
    r"|(?:^|(?<=[.;:]\s))(?:thuc\s+hien\s+)?thuong\s+xuyen"
    r"(?:\s+trong\s+(?:nam\s+hoc|qua\s+trinh|suot|thoi\s+gian|mua)[^.;]*)?(?=\s*[.;]|\s*$)"
    # "thường xuyên và đột xuất (khi có yêu cầu)": recurring, the occasions on demand included
    rf"|(?:thuc\s+hien\s+)?thuong\s+xuyen{_ON_DEMAND}"
    r"|dinh\s+ky\s+(?:hang\s+)?(?:\d+\s+thang|thang|quy|nam|tuan)(?:\s*,\s*(?:\d+\s+thang|thang|quy|nam))*"
    r"(?=\s*,?\s*(?:tong\s+hop|bao\s+cao))"
    # a day of each period
    rf"|(?:(?:truoc|cham\s+nhat|vao|den)\s+(?:ngay\s+)?|ngay\s+)\d{{1,2}}\s+(?:hang|moi)\s+{_PERIOD}"
    r"|(?:truoc|cham\s+nhat|vao)\s+ngay\s+\d{1,2}\s+(?:cua\s+)?(?:thang|quy)\s+(?:cuoi|dau|tiep\s+theo)"
    r"(?:\s+(?:quy|nam))?"
    # a cadence opening a clause, or closing one
    rf"|(?<=[.;:(])\s*(?:dinh\s+ky\s+)?(?:hang|moi)\s+{_PERIOD}\b(?!\s+(?:va|hoac)\b)"
    # a frequency
    rf"|(?:(?:it|toi)\s+(?:nhat|thieu)\s+)?\d{{1,2}}\s+lan\s*(?:/|\s+(?:moi|mot|trong\s+(?:mot|1|01)))\s*{_PERIOD}\b")
# A cadence closing a clause; not read after a purpose ("… để thực hiện hằng tháng").
RECURRING_END = re.compile(rf"(?:dinh\s+ky\s+)?(?:hang|moi)\s+{_PERIOD}(?=\s*[.;]|\s*$)")
PURPOSE_BEFORE = re.compile(r"\bde\s+[a-z]+(?:\s+[a-z]+)?\s*$")
# Phrase mode (a whole cell or phrase): bare forms are accepted too.
BARE = [
    ("date_b", re.compile(rf"(?P<q>){_DATE}")),
    ("quarter_b", re.compile(_QUARTER)),
    ("month_b", re.compile(rf"(?P<q>)(?:thang\s+)?{_MONTH}")),
    ("year_b", re.compile(rf"(?P<q>)(?:nam\s+)?(?P<y>(?:19|20)\d\d)(?![\d/])")),
]
ON_DEMAND = re.compile(r"thuong\s+xuyen\s*,?\s*(?:va|hoac)\s+dot\s+xuat")
BARE_RECURRING = re.compile(
    r"thuong\s+xuyen|hang\s+(?:ngay|tuan|thang|quy|nam)|dinh\s+ky|lien\s+tuc")
BARE_CONDITIONAL = re.compile(
    r"(?:ngay\s+|sau\s+)?khi\b.*|truong\s+hop\b.*|tai\s+ky\s+hop\b.*")
QUARTER_END = {"i": 3, "1": 3, "ii": 6, "2": 6, "iii": 9, "3": 9, "iv": 12, "4": 12}
