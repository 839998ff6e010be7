"""How the records of a task read for people: a step's submitted values with their
form labels (choices, officers, agencies, dates dd/mm/yyyy, evidence files), report
versions with their reviews, and the audit log turned into a timeline of who did what,
acting for which agency, and what changed (before → after).

Pure functions over records already loaded: the callers gather the names of users and
agencies once (one query each) and pass them in. Codes (phases, actions, escalation
rungs, notification kinds) stay codes; the web layer words them in the user's language."""
from __future__ import annotations

from datetime import date, datetime

from engine.domain.formatting import fmt_day
from engine.domain.forms import FORMS
from engine.domain.notification_texts import EFFECT_RECIPIENTS
from engine.domain.records import AuditEntry, Report, ReportVersion

# the form whose fields a report's values follow
REPORT_FORMS = {"monthly": "monthly_report", "completion": "completion_report",
                "extension": "extension_request", "input": "input_answer"}
# snapshot keys of an audit entry shown as changes, in this order
CHANGE_KEYS = ("phase", "due_date", "officer", "escalation", "outcome", "agency")
_HIDDEN_VALUES = ("reviews", "evidence")
MIGRATION_ACTIONS = ("instance.migrated", "instance.migration_reverted")
_REVIEW_FORM = {"monthly": "report_review", "completion": "sign_off", "extension": "extension_decision"}


class Names:
    """Display names for the logins and agency codes a page mentions."""

    def __init__(self, users: dict[str, str] | None = None, agencies: dict[str, str] | None = None,
                 titles: dict[str, str] | None = None):
        self.users, self.agencies, self.titles = users or {}, agencies or {}, titles or {}

    def user(self, login: str | None) -> str:
        return self.users.get(login, login or "") if login else ""

    def agency(self, code: str | None) -> str:
        return self.agencies.get(code, code or "") if code else ""

    def step(self, name: str | None) -> str:
        return self.titles.get(name, name or "") if name else ""


def _choice_label(form_key: str, field_name: str, value, lang: str) -> str:
    form = FORMS.get(form_key)
    spec = form.field(field_name) if form else None
    for choice, vi, en in (spec.choices if spec else ()):
        if choice == value:
            return en if lang == "en" else vi
    return str(value)


def decision_label(form_key: str | None, value, lang: str = "vi") -> str:
    if value in (None, ""):
        return ""
    return _choice_label(form_key or "", "decision", value, lang)


def display_value(form_key: str, name: str, value, names: Names, lang: str = "vi"):
    """One submitted value as people read it (files come back as a list of dicts)."""
    form = FORMS.get(form_key)
    spec = form.field(name) if form else None
    kind = spec.kind if spec else ("date" if name.endswith("due_date") else "text")
    if kind == "files":
        return [f for f in (value or []) if isinstance(f, dict)]
    if kind == "choice":
        return _choice_label(form_key, name, value, lang)
    if kind == "officer":
        return names.user(value)
    if kind == "multichoice":
        return ", ".join(names.agency(v) for v in (value or []))
    if kind == "date":
        return fmt_day(value) if value else ""
    if kind == "percent":
        return f"{value}%"
    return "" if value is None else str(value)


def display_values(form_key: str, values: dict, names: Names, lang: str = "vi",
                   hidden: tuple[str, ...] = _HIDDEN_VALUES) -> list[dict]:
    """The non-empty values of a submission, in the form's field order, labelled
    (``hidden`` names are left out: a report shows its evidence and reviews apart)."""
    form = FORMS.get(form_key)
    out = []
    ordered = [f.name for f in form.fields] if form else []
    ordered += [k for k in values if k not in ordered]
    for name in ordered:
        value = values.get(name)
        if name in hidden or name.startswith("_") or value in (None, "", []):
            continue
        spec = form.field(name) if form else None
        label = spec.label(lang) if spec else _EXTRA_LABELS.get(name, (name, name))[lang == "en"]
        out.append({"name": name, "label": label, "text": display_value(form_key, name, value, names, lang)})
    return out


_EXTRA_LABELS = {
    "previous_due_date": ("Thời hạn trước khi gia hạn", "Deadline before the extension"),
    "agency": ("Đơn vị", "Agency"),
}


def _moment(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def version_view(report: Report, version: ReportVersion, step_forms: dict[str, str], names: Names,
                 lang: str = "vi") -> dict:
    form_key = REPORT_FORMS.get(report.kind, "")
    recorded = list(version.values.get("reviews") or [])
    if not recorded and version.decision:   # stored before every review was kept: the last one
        recorded = [{"by": version.decided_by, "at": version.decided_at, "decision": version.decision,
                     "comment": version.comment}]
    reviews = []
    for review in recorded:
        review_form = step_forms.get(review.get("step")) or _REVIEW_FORM.get(report.kind)
        reviews.append({
            "step": review.get("step"), "step_title": names.step(review.get("step")),
            "by": review.get("by"), "by_name": review.get("name") or names.user(review.get("by")),
            "at": _moment(review.get("at")), "decision": review.get("decision"),
            "decision_label": decision_label(review_form, review.get("decision"), lang),
            "comment": review.get("comment") or "",
            "approved_due_date": review.get("approved_due_date"),
        })
    return {
        "number": version.number, "submitted_by": version.submitted_by,
        "submitted_by_name": names.user(version.submitted_by), "submitted_at": version.submitted_at,
        "values": display_values(form_key, version.values, names, lang),
        "raw": {k: v for k, v in version.values.items() if k != "reviews"},
        "evidence": list(version.evidence or []), "reviews": reviews, "decision": version.decision,
    }


def report_view(report: Report, step_forms: dict[str, str], names: Names, lang: str = "vi",
                today: date | None = None) -> dict:
    """A report with every version; a monthly one also with its due day, whether it was
    filed late and, seen from ``today``, whether it is missed (not filed, due day over)."""
    missed = today is not None and report.missed(today)
    return {
        "id": report.id, "kind": report.kind, "period": report.period, "period_label": period_label(report.period),
        "status": report.status, "due_date": report.due_date, "filed_at": report.filed_at,
        "filed_late": report.filed_late, "missed": missed,
        "days_missed": (today - report.due_date).days if missed else 0,
        "versions": [version_view(report, v, step_forms, names, lang) for v in report.versions],
    }


def period_label(period: str | None) -> str:
    """"2025-06" → "06/2025"."""
    if not period or len(period) != 7:
        return period or ""
    return f"{period[5:]}/{period[:4]}"


def _change_value(key: str, value, names: Names) -> str | None:
    if value in (None, ""):
        return None
    if key == "due_date":
        return fmt_day(value)
    if key == "officer":
        return names.user(value)
    if key == "agency":
        return names.agency(value)
    return str(value)


def entry_view(entry: AuditEntry, step_forms: dict[str, str], names: Names, lang: str = "vi") -> dict:
    """One audit row as a timeline item."""
    before, after = entry.before or {}, entry.after or {}
    data = after.get("data") or {}
    changes = []
    for key in CHANGE_KEYS:
        old, new = before.get(key), after.get(key)
        if key in after and old != new and (entry.before is not None or new not in (None, "")):
            changes.append({"key": key, "raw_before": old, "raw_after": new,
                            "before": _change_value(key, old, names), "after": _change_value(key, new, names)})
    old_steps, new_steps = set(before.get("steps") or []), set(after.get("steps") or [])
    effects = list(after.get("effects") or data.get("effects") or [])
    form_key = data.get("form") or step_forms.get(data.get("step"))
    values = data.get("values") or {}
    return {
        "id": entry.id, "at": entry.at, "action": entry.action, "actor": entry.actor_login,
        "actor_name": entry.actor_name, "agency": entry.agency_code, "agency_name": names.agency(entry.agency_code),
        "step": data.get("step"), "step_title": names.step(data.get("step")), "form": form_key,
        "values": display_values(form_key, values, names, lang, hidden=("reviews",)) if form_key else [],
        "changes": changes,
        "steps_opened": [names.step(s) for s in sorted(new_steps - old_steps)],
        "steps_closed": [names.step(s) for s in sorted(old_steps - new_steps)],
        "effects": [k for k in effects if k in EFFECT_RECIPIENTS],      # notices sent
        "records": [k for k in effects if k not in EFFECT_RECIPIENTS],  # report periods opened, dues moved
        "transfer": {"from": names.agency(data.get("from")), "to": names.agency(data.get("to"))}
        if entry.action == "agency.transferred" else None,
        "migration": {"from": data.get("from_version"), "to": data.get("to_version"), "reason": data.get("reason")}
        if entry.action in MIGRATION_ACTIONS else None,
        "urging": {"id": data.get("urging"), "due_date": data.get("due_date"), "days_late": data.get("days_late")}
        if entry.action == "instance.urged" else None,
    }


def logins_in(entries: list[AuditEntry], reports: list[Report]) -> set[str]:
    """Every login a timeline and its reports mention (to fetch their names at once)."""
    found: set[str] = set()
    for entry in entries:
        for snap in (entry.before or {}, entry.after or {}):
            found.add(snap.get("officer"))
        found.add(((entry.after or {}).get("data") or {}).get("values", {}).get("officer"))
    for report in reports:
        for version in report.versions:
            found.update((version.submitted_by, version.decided_by))
            found.update(review.get("by") for review in version.values.get("reviews") or [])
    found.discard(None)
    return found


def agencies_in(entries: list[AuditEntry], reports: list[Report]) -> set[str]:
    found: set[str] = set()
    for entry in entries:
        found.add(entry.agency_code)
        for snap in (entry.before or {}, entry.after or {}):
            found.add(snap.get("agency"))
        data = (entry.after or {}).get("data") or {}
        found.update((data.get("values") or {}).get("input_agencies") or [])
        found.update(v for k, v in data.items() if k in ("from", "to"))
    for report in reports:
        for version in report.versions:
            found.add(version.values.get("agency"))
            found.update(version.values.get("input_agencies") or [])
    found.discard(None)
    found.discard("")
    return found

