"""What a completed step leaves in the records beside the workflow: monthly report
versions, the completion report and its reviews, extension requests and decisions,
coordinating input. Every version is kept."""
from __future__ import annotations

from datetime import datetime

from engine.domain.records import Instance, PendingStep, Report, ReportVersion
from engine.domain.users import User
from engine.ports import UnitOfWork

_REVIEW_FORMS = {
    "report_review": "monthly",
    "completion_approval": "completion",
    "completion_review": "completion",
    "sign_off": "completion",
    "extension_decision": "extension",
}
_IN_REVIEW = ("submitted", "returned")
_STATUS = {"approve": "approved", "accept": "submitted", "confirm": "approved", "return": "returned",
           "refuse": "refused"}


class KnownReports:
    """The instance's reports as a step finds them: its open reports, when they were
    read with the step, answer without asking the database again."""

    def __init__(self, uow: UnitOfWork, instance_id: int, open_reports: list[Report] | None = None):
        self.uow, self.instance_id, self.open = uow, instance_id, open_reports

    def open_of(self, kind: str) -> Report | None:
        """The newest report of ``kind`` filed and not yet approved (submitted or returned)."""
        if self.open is None:
            return self.uow.reports.open_of(self.instance_id, kind)
        return next((r for r in reversed(self.open) if r.kind == kind and r.status in _IN_REVIEW), None)

    def find(self, kind: str, period: str) -> Report | None:
        """The report of ``kind`` for ``period`` (there is one at most), open or not."""
        known = next((r for r in self.open or [] if r.kind == kind and r.period == period), None)
        return known or self.uow.reports.find(self.instance_id, kind, period)


def _submit(uow: UnitOfWork, reports: KnownReports, instance: Instance, kind: str, period: str | None,
            values: dict, actor: User, now: datetime) -> Report:
    """A new version of the open report of ``kind`` (of ``period``, for a monthly
    report: the row its period opened with), or a new report."""
    report = reports.open_of(kind) if period is None else reports.find(kind, period)
    if report is None or (period is None and report.status not in ("submitted", "returned")):
        report = uow.reports.add(Report(instance_id=instance.id, kind=kind, period=period, status="submitted"))
    number = len(report.versions) + 1
    evidence = values.pop("evidence", []) or []
    uow.reports.add_version(report, ReportVersion(number=number, values=values, submitted_by=actor.login,
                                                  submitted_at=now, evidence=evidence))
    report.status = "submitted"
    uow.reports.update(report)
    return report


def _review(uow: UnitOfWork, reports: KnownReports, kind: str, period: str | None, step_name: str,
            values: dict, actor: User, now: datetime) -> None:
    report = reports.find(kind, period) if period else reports.open_of(kind)
    if report is None or report.latest is None:
        return
    version = report.latest
    decision = values.get("decision")
    reviews = list(version.values.get("reviews") or [])
    reviews.append({"step": step_name, "by": actor.login, "name": actor.name, "at": now.isoformat(),
                    "decision": decision, "comment": values.get("comment"),
                    "approved_due_date": values.get("approved_due_date")})
    version.values = {**version.values, "reviews": reviews}
    version.decision, version.comment = decision, values.get("comment")
    version.decided_by, version.decided_at = actor.login, now
    uow.reports.update_version(version)
    report.status = _STATUS.get(decision, report.status)
    if kind == "completion" and decision in ("approve", "accept"):
        report.status = "submitted"     # the leader's approval and the monitor's review: still waits for sign-off
    uow.reports.update(report)


def record_submission(uow: UnitOfWork, instance: Instance, case: dict, step: PendingStep,
                      values: dict, actor: User, now: datetime, open_reports: list[Report] | None = None) -> None:
    """``open_reports``: the instance's open reports, when they were read with the step.
    A monthly report belongs to its step's period (the first lifecycle version kept
    one period at a time in the case)."""
    values = dict(values)
    reports = KnownReports(uow, instance.id, open_reports)
    form, step_name = step.form, step.name
    if form == "monthly_report":
        period = step.period or (case.get("report") or {}).get("month")
        report = _submit(uow, reports, instance, "monthly", period, values, actor, now)
        if step.role == "leader":       # filed by the leader while nobody accepted the task: no review
            report.status = "approved"
            uow.reports.update(report)
        instance.percent = values.get("percent")
    elif form == "completion_report":
        _submit(uow, reports, instance, "completion", None, values, actor, now)
        instance.percent = 100
    elif form == "extension_request":
        values["previous_due_date"] = case.get("due_date")
        _submit(uow, reports, instance, "extension", None, values, actor, now)
    elif form == "input_answer":
        report = _submit(uow, reports, instance, "input", None, values | {"agency": actor.agency_code}, actor, now)
        report.status = "approved"
        uow.reports.update(report)
    elif form in _REVIEW_FORMS:
        _review(uow, reports, _REVIEW_FORMS[form], step.period, step_name, values, actor, now)
