"""The monthly summary's file for whoever asks (CLI, web page, REST API): the format
follows the file name's extension (.docx or .xlsx), the letterhead is the asking
user's agency under the province's people's committee, dated today."""
from __future__ import annotations

from datetime import datetime
from pathlib import PurePath

from engine.domain.calendar import local_date
from engine.domain.errors import DomainError
from engine.domain.users import User
from engine.usecases.monthly_summary import MonthlySummary
from web.bootstrap import DEFAULT_AUTHORITY
from web.exports.monthly_report_docx import to_docx
from web.exports.monthly_report_text import FORMATS, Letterhead
from web.exports.monthly_report_xlsx import to_xlsx

PLACE = DEFAULT_AUTHORITY.removeprefix("UBND tỉnh ").strip()


def format_of(name: str) -> str:
    """".docx" or ".xlsx" from a file name (any case); a DomainError for anything else."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in FORMATS:
        raise DomainError("report.bad_format", name=(name or "")[:100])
    return suffix


def letterhead(actor: User, now: datetime) -> Letterhead:
    issuer = actor.agency_name or actor.agency_code
    parent = "" if issuer.casefold() == DEFAULT_AUTHORITY.casefold() else DEFAULT_AUTHORITY
    return Letterhead(issuer_parent=parent, issuer=issuer, place=PLACE, day=local_date(now))


def file_name(summary: MonthlySummary, suffix: str) -> str:
    scope = f"-van-ban-{summary.directive_id}" if summary.directive_id is not None else ""
    return f"bao-cao-thang-{summary.month}{scope}{suffix}"


def render(summary: MonthlySummary, suffix: str, actor: User, now: datetime) -> tuple[bytes, str]:
    """(the file's bytes, its media type)."""
    data = to_docx(summary, letterhead(actor, now)) if suffix == ".docx" else to_xlsx(summary)
    return data, FORMATS[suffix]
