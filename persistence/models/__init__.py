"""The tables of chidao. Import this package to register every model on Base."""
from persistence.models.base import Base
from persistence.models.people import AgencyRow, CalendarOverrideRow, UserRow
from persistence.models.directives import DirectiveRow, ProcessVersionRow, TaskRow
from persistence.models.tracking import (
    CompletedStepRow, EvidenceRow, InstanceMigrationRow, InstanceRow, PendingStepRow, ReportRow, ReportVersionRow)
from persistence.models.extraction import ExtractionJobRow, ExtractionPageRow
from persistence.models.journal import AuditHeadRow, AuditRow, MarkerRow, NotificationRow, OutboxRow
from persistence.models.tokens import ApiTokenRow
from persistence.models.drafts import DiagramDraftRow
from persistence.models.urging import UrgingItemRow, UrgingRow
from persistence.models.facts import InstanceFactsRow, MonthEndSnapshotRow

__all__ = [
    "Base", "AgencyRow", "CalendarOverrideRow", "UserRow", "DirectiveRow",
    "ProcessVersionRow", "TaskRow", "CompletedStepRow", "EvidenceRow", "InstanceRow",
    "PendingStepRow", "ReportRow", "ReportVersionRow", "AuditRow", "AuditHeadRow", "MarkerRow",
    "NotificationRow", "OutboxRow", "InstanceMigrationRow", "ApiTokenRow", "ExtractionJobRow", "ExtractionPageRow",
    "DiagramDraftRow", "UrgingRow", "UrgingItemRow", "InstanceFactsRow",
    "MonthEndSnapshotRow",
]
