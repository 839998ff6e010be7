"""The wording both files of the monthly summary share (DOCX and XLSX): the count
columns' headings (the classifier's own labels, in the order leaders read them), the
figures as leaders quote them («07/36 hoàn thành đúng hạn»), a rate in percent and
the document's metadata (issuer, place, signer) passed in by the caller."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from engine.domain.status import BUCKETS, bucket_label
from engine.usecases.monthly_summary import MonthlySummary

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {".docx": DOCX_TYPE, ".xlsx": XLSX_TYPE}


@dataclass(frozen=True)
class Letterhead:
    """Who issues the report, where and when; the signer's title (and name if known)."""

    issuer_parent: str
    issuer: str
    place: str
    day: date
    signer_title: str = "Thủ trưởng cơ quan"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=lambda: ["Chủ tịch, các Phó Chủ tịch UBND tỉnh",
                                                           "Các sở, ban, ngành tỉnh", "UBND các xã, phường",
                                                           "Lưu: VT"])


def headings() -> list[str]:
    return [bucket_label(code) for code in BUCKETS]


def of_total(count: int, total: int) -> str:
    return f"{count:02d}/{total:02d}"


def quoted_counts(counts: dict[str, int]) -> str:
    """«07/36 đã hoàn thành đúng hạn; 16/36 thường xuyên / không thời hạn; …» (columns
    with a count only)."""
    total = sum(counts.values())
    parts = [f"{of_total(counts[code], total)} {bucket_label(code).lower()}" for code in BUCKETS if counts[code]]
    return "; ".join(parts) if parts else "không có nhiệm vụ nào"


def percent(rate: float) -> str:
    return f"{rate * 100:.1f}%".replace(".", ",")


def signed(delta: int) -> str:
    return f"+{delta}" if delta > 0 else str(delta)


def scope_phrase(summary: MonthlySummary) -> str:
    if summary.directive_id is not None and summary.directives:
        row = summary.directives[0]
        return f"văn bản {row.label} ({row.title})" if row.label else f"văn bản «{row.title}»"
    return "các văn bản chỉ đạo của UBND tỉnh"


def as_of_phrase(summary: MonthlySummary) -> str:
    return f"Số liệu tính đến hết ngày {summary.as_of:%d/%m/%Y}"


def column_label(code: str | None) -> str:
    return bucket_label(code) if code else "(chưa giao)"
