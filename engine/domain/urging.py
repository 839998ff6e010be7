"""Urging (đôn đốc): the letter a monitor issues to the agencies whose assignments
are late, as a model both the preview page and the DOCX print, and the record kept of
each letter sent (which assignments it urged, with the deadline in force and the days
late on the day it went out)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# an urged assignment counts as "urged lately" for this many days (the dashboard's
# «cần đôn đốc» list leaves it out meanwhile)
RECENT_URGING_DAYS = 7
MAX_SELECTED = 500


@dataclass(frozen=True)
class LetterLine:
    """One late assignment as the letter lists it."""

    instance_id: int
    directive_label: str        # the directive's number, or its title when unnumbered
    task_ref: str
    task_summary: str
    due_date: date              # the deadline in force
    days_late: int


@dataclass(frozen=True)
class LetterGroup:
    """One addressed agency and its late assignments."""

    agency_code: str
    agency_name: str
    lines: tuple[LetterLine, ...]


@dataclass(frozen=True)
class UrgingLetter:
    """What the urging letter says, already worded (Vietnamese, as official letters are)."""

    issuer_parent: str          # the body the issuer belongs to, e.g. «UBND tỉnh An Giang»
    issuer: str                 # the monitor agency
    place: str
    day: date
    subject: str                # after «V/v»
    groups: tuple[LetterGroup, ...]
    directives: tuple[str, ...]  # the directives the late tasks come from

    @property
    def addressees(self) -> list[str]:
        return [g.agency_name for g in self.groups]

    @property
    def instance_ids(self) -> list[int]:
        return [line.instance_id for g in self.groups for line in g.lines]

    @property
    def task_count(self) -> int:
        return sum(len(g.lines) for g in self.groups)


@dataclass
class UrgingItem:
    instance_id: int
    agency_code: str
    due_date: date
    days_late: int
    id: int | None = None


@dataclass
class Urging:
    """One urging letter as issued."""

    issuer_agency: str
    issued_by: str
    issued_by_name: str
    issued_at: datetime
    issued_on: date
    subject: str
    items: list[UrgingItem] = field(default_factory=list)
    id: int | None = None


@dataclass(frozen=True)
class UrgedSummary:
    """How often an assignment was urged, and when last."""

    count: int = 0
    last_at: datetime | None = None


def subject_line(directives: tuple[str, ...]) -> str:
    if len(directives) == 1:
        return f"đôn đốc thực hiện nhiệm vụ được giao tại {directives[0]}"
    return "đôn đốc thực hiện các nhiệm vụ quá hạn"


def place_of(authority_name: str) -> str:
    """«UBND tỉnh An Giang» → «An Giang» (the place a provincial letter is dated at)."""
    for marker in ("tỉnh ", "thành phố "):
        index = authority_name.lower().rfind(marker)
        if index >= 0:
            return authority_name[index + len(marker):].strip()
    return ""


@dataclass(frozen=True)
class Addressed:
    """One assignment going into a letter, with the agency it is addressed to."""

    agency_code: str
    agency_name: str
    line: LetterLine


def compose_letter(issuer_parent: str, issuer: str, place: str, day: date,
                   assignments: list[Addressed]) -> UrgingLetter:
    """The letter: one group per agency (by name), its tasks by deadline, most late first
    on a tie; the subject names the directive when there is only one."""
    by_agency: dict[str, list[Addressed]] = {}
    for item in assignments:
        by_agency.setdefault(item.agency_code, []).append(item)
    groups = []
    for code, items in sorted(by_agency.items(), key=lambda kv: kv[1][0].agency_name):
        lines = sorted((i.line for i in items), key=lambda line: (line.due_date, -line.days_late, line.instance_id))
        groups.append(LetterGroup(code, items[0].agency_name, tuple(lines)))
    directives = tuple(dict.fromkeys(i.line.directive_label for i in sorted(
        assignments, key=lambda i: i.line.instance_id)))
    return UrgingLetter(issuer_parent=issuer_parent, issuer=issuer, place=place, day=day,
                        subject=subject_line(directives), groups=tuple(groups), directives=directives)


def issuer_heading(issuer_code: str, issuer_name: str | None, issuer_parent: str | None,
                   authority_name: str | None) -> tuple[str, str, str]:
    """(the body the issuer belongs to, the issuer, the place) as the letter heads them:
    the issuer's parent in the registry, else the directive's authority; the place is
    the authority's province."""
    name = issuer_name or issuer_code
    parent = issuer_parent or authority_name or ""
    return ("" if parent == name else parent), name, place_of(authority_name or parent)


# The letter's own sentences: official letters are written in Vietnamese whatever the
# reader's language, so these are not translated.
NUMBER_HINT = "……/……"
TABLE_HEADINGS = ("STT", "Văn bản giao", "Mục", "Nhiệm vụ", "Thời hạn đang áp dụng", "Số ngày quá hạn")


def opening(letter: UrgingLetter) -> str:
    where = ", ".join(letter.directives)
    return (f"Thực hiện {where}, các cơ quan, đơn vị dưới đây được giao chủ trì thực hiện nhiệm vụ; đến ngày "
            f"{letter.day:%d/%m/%Y}, các nhiệm vụ sau đã quá thời hạn hoàn thành nhưng chưa có báo cáo kết quả:")


def group_heading(number: int, group: LetterGroup) -> str:
    return f"{number}. {group.agency_name} ({len(group.lines)} nhiệm vụ)"


def closing(letter: UrgingLetter) -> str:
    return (f"{letter.issuer} đề nghị Thủ trưởng các cơ quan, đơn vị nêu trên khẩn trương chỉ đạo hoàn thành các "
            "nhiệm vụ, báo cáo kết quả; trường hợp chưa hoàn thành, báo cáo rõ nguyên nhân, đề xuất giải pháp và "
            "thời hạn hoàn thành./.")


def signer_title(issuer: str) -> str:
    """Who signs for the issuer, by the kind of body it is."""
    lowered = issuer.lower()
    if lowered.startswith("văn phòng"):
        return "Chánh Văn phòng"
    if lowered.startswith("sở"):
        return "Giám đốc"
    if lowered.startswith(("ubnd", "ủy ban")):
        return "TM. Ủy ban nhân dân\nChủ tịch"
    return "Thủ trưởng cơ quan"


def recipients(letter: UrgingLetter) -> list[str]:
    return [*letter.addressees, "Lưu: VT"]
