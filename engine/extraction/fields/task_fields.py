"""The fields of one task read from its text: who leads, who coordinates, the
deadline, the expected product, the reporting duty and a short summary.

Lead agencies come, in this order, from the start of the item ("Sở Y tế: …", "Giao Sở
Tài chính chủ trì …", "UBND tỉnh giao Sở X …"), from a "Trường hợp …, <cơ quan> …"
clause, from the heading the item sits under ("2. Giao Sở Khoa học và Công nghệ"), from
the sentence that introduces the list ("… yêu cầu các sở, ngành … thực hiện các nội dung
sau:"), from a "giao <cơ quan>" inside the text, and last from the "Kính gửi" addressees.
Coordinating agencies follow "phối hợp (với)" at the start of the task or after "chủ trì".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from engine.extraction.agencies.matcher import AgencyList, AgencyMatcher, Mention
from engine.extraction.agencies.names import ROLE_PREFIX
from engine.extraction.fields.deadlines import Deadline, choose_deadline, find_deadlines

_ASSIGN = re.compile(r"^\W*(?:(?:giao|de nghi|yeu cau|doi voi|rieng|nho)\s+)")
_SUBJECT_THEN_ASSIGN = re.compile(r"^\W*(?:giao|yeu cau|de nghi)\s+")
_CONDITION = re.compile(r"^\W*truong\s+hop\s+[^,;.]*,\s*")
_TOPIC = re.compile(r"^\W*ve\s[^:;.]{1,120}:\s*")
_CLAUSE_START = re.compile(r"[.;:]\s+(?=\S)|\(\s*(?=\S)")
LABEL_LEAD = re.compile(r"(?:co quan|don vi)\s+(?:chu tri|thuc hien|chiu trach nhiem)\s*[:\-–]\s*")
_LABEL_COORD = re.compile(r"(?:co quan|don vi)\s+phoi\s+hop\s*[:\-–]\s*")
# Articles of a decision that are formulas, not tasks.
_FORMULA = re.compile(r"ban hanh kem theo (?:quyet dinh|chi thi) nay|co hieu luc (?:thi hanh )?(?:ke )?tu"
                      r"|chiu trach nhiem thi hanh|thay the quyet dinh|bai bo")
ASSIGN_AT = re.compile(r"(?:giao|de nghi|yeu cau)\s+")
_MID_ASSIGN = re.compile(r"(?<!duoc )(?<!da )(?<!theo )\b(?:giao|de nghi|yeu cau)\s+"
                         r"(?!tai\b|cho\b|nhiem\b|ve\b|ban\b|quyen\b|dich\b|cua\b)")
# Words after an agency that make it a report of the past rather than an assignment.
_NOT_A_DUTY = re.compile(r"\s*(?:da|dang|duoc|cua|la|va|cung|bao cao ve|co y kien|phat bieu|trinh bay)\b")
_COORD = re.compile(r"phoi\s+hop(?:\s+(?:voi|cung))?\s+")
_PRODUCT_WORDS = (r"ke hoach|quyet dinh|nghi quyet|de an|bao cao|quy che|quy dinh|chuong trinh|huong dan"
                  r"|van ban|danh muc|phuong an|co che|chinh sach|du thao|to trinh|cong van|chi thi")
_RECIPIENT = r"(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd|chu tich)(?: (?:uy ban nhan dan |ubnd )?(?:tinh|cap tinh))?"
_PRODUCT = re.compile(
    r"(?:san pham|ket qua)\s*(?:la|:)\s*(?P<a>[^.;]+)"
    r"|(?:xay dung|ban hanh|trinh|soan thao|hoan thien|lap|tham muu(?:\s+\S+){0,6}?\s+(?:ban hanh|trinh|xay dung))"
    rf"\s+(?:{_RECIPIENT}\s+)?(?P<b>(?:{_PRODUCT_WORDS})\b[^.;:(]{{0,140}})")
# A product named by a number is a document cited, not one to make ("ban hành Kế hoạch số 12/KH-UBND").
_CITED = re.compile(r"\s*so\s*\d")
# Where a product's name ends: the words that say where it goes or when ("… năm 2026 trình UBND tỉnh …").
_PRODUCT_END = re.compile(r"\s+(?:trinh|gui|de|nham|truoc ngay|hoan thanh|cham nhat|trong (?:thang|quy|nam)\b"
                          r"|bao cao (?:ubnd|uy ban|chu tich)|tham muu|phoi hop|thuc hien|trien khai)\b")
_REPORTING = re.compile(
    r"(?:(?:dinh ky|hang thang|hang quy|hang nam|hang tuan)\s+)?bao\s+cao\s+(?:ket\s+qua|tien\s+do"
    r"|tinh\s+hinh)[^.;]*|gui\s+(?:ve|den)\s+[^.;]*")
_APPENDIX_REF = re.compile(r"phan cong tai (?:cac )?phu luc|theo phu luc (?:dinh kem|kem theo)")


class LeadSource(StrEnum):
    """Where a task's lead agencies were read (see module doc)."""

    ITEM = "item"                  # the start of the item ("Sở Y tế: …")
    CONDITION = "condition"        # "Trường hợp …, <cơ quan> …"
    HEADING = "heading"            # the heading the item sits under
    INTRO = "intro"                # the sentence introducing the list
    TEXT = "text"                  # a "giao <cơ quan>" inside the text
    ADDRESSEES = "addressees"      # the "Kính gửi" block
    TABLE = "table"                # the lead cell of a task table
    NONE = "none"


@dataclass
class Lead:
    agencies: AgencyList | None
    source: LeadSource
    content_start: int = 0

    def __post_init__(self):
        self.source = LeadSource(self.source)


@dataclass
class Fields:
    lead: list[str] = field(default_factory=list)
    lead_mentions: list[Mention] = field(default_factory=list)
    lead_source: LeadSource = LeadSource.NONE
    coordinating: list[str] = field(default_factory=list)
    coordinating_groups: list[str] = field(default_factory=list)
    unresolved: list[Mention] = field(default_factory=list)
    unresolved_lead: list[Mention] = field(default_factory=list)
    deadline: Deadline = field(default_factory=Deadline)
    extra_deadlines: list[Deadline] = field(default_factory=list)
    deadline_inherited: bool = False
    product: str | None = None
    reporting: str | None = None
    summary: str = ""
    content: str = ""


class FieldReader:
    def __init__(self, matcher: AgencyMatcher, default_year: int | None = None):
        self.matcher = matcher
        self.default_year = default_year

    def addressee(self, text: str, key: str) -> Lead:
        """Agencies written at the start of an item or heading (after a "Về …:" topic),
        and where its content starts."""
        topic = _TOPIC.match(key)
        pos = topic.end() if topic else 0
        m = _ASSIGN.match(key, pos)
        pos = m.end() if m else pos
        found = self.matcher.parse_list(text, pos, report_unknown=True)
        if not starts_at(found, pos, key) or all(x.kind == "generic" for x in found.mentions):
            cond = _CONDITION.match(key)
            if cond:
                found = self.matcher.parse_list(text, cond.end(), report_unknown=True)
                if found.resolved and starts_at(found, cond.end(), key):
                    return Lead(found, "condition", 0)
            return Lead(None, "none", 0)
        then = _SUBJECT_THEN_ASSIGN.match(key[found.end:])
        if then and all(self._kind(n) == "authority" for n in found.resolved):
            second = self.matcher.parse_list(text, found.end + then.end(), report_unknown=True)
            if second.mentions and second.mentions[0].kind != "generic":
                found = second
        start = found.end
        while start < len(text) and text[start] in " :-–,.;)":
            start += 1
        return Lead(found, "item", start)

    def _kind(self, name: str) -> str | None:
        agency = self.matcher.registry.get(name)
        return agency.kind if agency else None

    def labelled(self, text: str, key: str, label: re.Pattern) -> AgencyList | None:
        """Agencies a plan names in a labelled field ("Cơ quan chủ trì: Sở Tư pháp")."""
        m = label.search(key)
        if not m:
            return None
        found = self.matcher.parse_list(text, m.end(), report_unknown=True)
        return found if found.mentions and starts_at(found, m.end(), key) else None

    def assignments(self, text: str, key: str) -> list[tuple[int, AgencyList]]:
        """Sentences of an item that give a task to someone ("… Giao Sở X tổng hợp …;
        Đề nghị Sở Y hướng dẫn …", "…: Sở Y tế tiếp tục …"): where each starts and who."""
        topic = _TOPIC.match(key)
        starts = [topic.end() if topic else 0] + [m.end() for m in _CLAUSE_START.finditer(key)]
        found: list[tuple[int, AgencyList]] = []
        for pos in sorted(set(starts)):
            if found and pos < found[-1][1].end:
                continue          # inside the agencies just read: "Giao X (Y) …"
            verb = ASSIGN_AT.match(key, pos)
            at = verb.end() if verb else pos
            agencies = self.matcher.parse_list(text, at, report_unknown=bool(verb))
            if not (agencies.resolved or agencies.unknown) or not starts_at(agencies, at, key):
                continue
            if all(m.kind == "generic" for m in agencies.mentions):
                continue
            if not verb and (_NOT_A_DUTY.match(key, agencies.end) or not agencies.resolved):
                continue
            found.append((pos, agencies))
        if not found:
            for m in _MID_ASSIGN.finditer(key):
                agencies = self.matcher.parse_list(text, m.end(), report_unknown=True)
                if agencies.resolved and starts_at(agencies, m.end(), key):
                    found.append((m.start(), agencies))
                    break
        return found

    def coordinating(self, text: str, key: str) -> AgencyList:
        labelled = self.labelled(text, key, _LABEL_COORD)
        if labelled is not None:
            return labelled
        for m in _COORD.finditer(key):
            before = key[max(0, m.start() - 12):m.start()]
            if m.start() > 40 and not re.search(r"chu\s+tri\W*$", before):
                continue
            return self.matcher.parse_list(text, m.end(), report_unknown=True)
        return AgencyList()

    def read(self, content: str, key: str, lead: Lead, *, item_start=True, summary: str = "") -> Fields:
        out = Fields(content=content, summary=summary_of(summary or content))
        if lead.agencies is not None:
            out.lead = lead.agencies.resolved
            out.lead_mentions = list(lead.agencies.mentions)
            out.unresolved.extend(lead.agencies.unknown)
            out.unresolved_lead.extend(lead.agencies.unknown)
        out.lead_source = lead.source if out.lead or out.unresolved else "none"
        coord = self.coordinating(content, key)
        for name in coord.resolved:
            target = out.coordinating_groups if name.startswith("@") else out.coordinating
            if name not in target and name not in out.lead:
                target.append(name)
        out.unresolved.extend(coord.unknown)
        found = find_deadlines(content, default_year=self.default_year, item_start=item_start,
                               text_key=key)
        out.deadline, out.extra_deadlines = choose_deadline(found)
        if out.deadline.kind == "conditional" and out.deadline.span:
            out.deadline.text = content[out.deadline.span[0]:out.deadline.span[1]]
        out.product = product_of(content, key)
        rm = _REPORTING.search(key)
        if rm:
            out.reporting = _tidy(_first_words(content[rm.start():rm.end()], 16))
        return out


def product_of(content: str, key: str) -> str | None:
    """The product the task's text names ("Sản phẩm: …", "xây dựng Kế hoạch …", "trình
    UBND tỉnh Tờ trình …"), not a document it cites by number."""
    for pm in _PRODUCT.finditer(key):
        if pm.group("a"):
            start, end = pm.span("a")
        else:
            start, end = pm.span("b")
            if _CITED.match(key, start + _head_length(key, start)):
                continue
            cut = _PRODUCT_END.search(key, start + 4, end)
            end = cut.start() if cut else end
        return _tidy(_first_words(content[start:end], 25)) or None
    return None


def _head_length(key: str, start: int) -> int:
    """Length of the product word at ``start`` ("ke hoach", "bao cao" …)."""
    m = re.match(rf"(?:{_PRODUCT_WORDS})\b", key[start:])
    return m.end() if m else 0


def starts_at(found: AgencyList, pos: int, key: str) -> bool:
    """Whether the first agency of ``found`` is written at ``pos`` (a role such as
    "Giám đốc", "Chủ tịch" may stand in front of it)."""
    if not found.mentions:
        return False
    gap = key[pos:found.mentions[0].start].strip()
    return not gap or bool(ROLE_PREFIX.fullmatch(gap + " "))


def is_formula(key: str) -> bool:
    return bool(_FORMULA.search(key))


def topic_of(text: str, key: str) -> str:
    """The "Về …:" topic an item starts with, if any."""
    m = _TOPIC.match(key)
    return text[:m.end()].strip() if m else ""


def refers_to_appendix(key: str) -> bool:
    return bool(_APPENDIX_REF.search(key))


def _first_words(text: str, limit: int) -> str:
    words = text.split()
    return " ".join(words[:limit]) if len(words) > limit else text


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:-")
    return text[:1].upper() + text[1:] if text else text


def summary_of(content: str, limit: int = 40) -> str:
    """The first clause of a task's content, capitalised, at most ``limit`` words."""
    text = re.sub(r"\s+", " ", content).strip(" -–:;,")
    text = re.sub(r"^(Về [^:;.]{1,120}:\s*)(\w)", lambda m: m.group(1) + m.group(2).upper(), text)
    cut = re.search(r"(?<![A-ZĐ]\.)(?<!\bTP)(?<!\bTX)[.;](?=\s+[A-ZĐÀ-Ỹ(“\"]|\s*$)", text)
    if cut and len(text[:cut.start()].split()) >= 6:
        text = text[:cut.start()]
    words = text.split()
    if len(words) > limit:
        text = " ".join(words[:limit])
    return text[:1].upper() + text[1:] if text else text
