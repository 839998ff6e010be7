"""The tables of chidao. Import this package to register every model on Base."""
from persistence.models.base import Base
from persistence.models.people import AgencyRow, CalendarOverrideRow, LoginAttemptRow, UserRow
from persistence.models.directives import DirectiveRow, ProcessVersionRow, TaskRow
from persistence.models.tracking import (
    CompletedStepRow, EvidenceRow, InstanceRow, PendingStepRow, ReportRow, ReportVersionRow)
from persistence.models.journal import AuditRow, MarkerRow, NotificationRow, OutboxRow
from persistence.models.extraction import ExtractionJobRow, ExtractionPageRow

__all__ = [
    "Base", "AgencyRow", "CalendarOverrideRow", "LoginAttemptRow", "UserRow", "DirectiveRow",
    "ProcessVersionRow", "TaskRow", "CompletedStepRow", "EvidenceRow", "InstanceRow",
    "PendingStepRow", "ReportRow", "ReportVersionRow", "AuditRow", "MarkerRow",
    "NotificationRow", "OutboxRow", "ExtractionJobRow", "ExtractionPageRow",
]
