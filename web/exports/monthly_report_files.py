"""The monthly summary's file for whoever asks (CLI, web page, REST API): the format
follows the file name's extension (.docx or .xlsx), the letterhead is the asking
user's agency under the province's people's committee, dated today. The file is
written to a file object the caller gives (a temporary file: the XLSX of a million
assignments is written row by row as the database streams them, never held whole)."""
from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import PurePath
from typing import BinaryIO

from flask import send_file

from engine.domain.calendar import local_date
from engine.domain.errors import DomainError
from engine.domain.users import User
from engine.usecases.context import Services
from engine.usecases.monthly_report import monthly_rows, monthly_summary
from engine.usecases.monthly_summary import MonthlySummary
from web.bootstrap import DEFAULT_AUTHORITY
from web.exports.monthly_report_docx import to_docx
from web.exports.monthly_report_text import FORMATS, Letterhead
from web.exports.monthly_report_xlsx import write_xlsx

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


def write_file(services: Services, actor: User, month: str | None, directive_id, suffix: str,
               target: BinaryIO) -> MonthlySummary:
    """Write the summary's file in the format of ``suffix`` to ``target``; the summary."""
    if suffix == ".docx":
        summary = monthly_summary(services, actor, month, directive_id)
        target.write(to_docx(summary, letterhead(actor, services.clock.now())))
        return summary
    with monthly_rows(services, actor, month, directive_id) as rows:
        write_xlsx(rows, target)
        return rows.summary


def to_temporary_file(services: Services, actor: User, month: str | None, directive_id,
                      suffix: str) -> tuple[BinaryIO, MonthlySummary]:
    """The file written to a temporary file (deleted once closed), rewound; the summary."""
    handle = tempfile.TemporaryFile()
    try:
        summary = write_file(services, actor, month, directive_id, suffix, handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle, summary


def send(handle: BinaryIO, summary: MonthlySummary, suffix: str):
    """The Flask response streaming the file as an attachment (closed when sent)."""
    response = send_file(handle, mimetype=FORMATS[suffix])
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(summary, suffix)}"'
    return response
