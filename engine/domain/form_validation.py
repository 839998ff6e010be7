"""Checks submitted step values against the step's form, server-side, and returns the
cleaned values; every problem is reported per field, in the user's language."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from engine.domain.errors import DomainError
from engine.domain.forms import Field, Form, parse_day


class FormInvalid(DomainError):
    """One or more fields are wrong; ``errors`` maps field name → DomainError."""

    def __init__(self, errors: dict[str, DomainError]):
        super().__init__("form.invalid", detail="; ".join(e.message() for e in errors.values()))
        self.errors = errors

    def message(self, lang: str = "vi") -> str:
        return "; ".join(e.message(lang) for e in self.errors.values())

    def field_messages(self, lang: str = "vi") -> dict[str, str]:
        return {name: err.message(lang) for name, err in self.errors.items()}


@dataclass
class FormContext:
    """What the checks need to know about the task and its agency."""

    officers: dict[str, str] = field(default_factory=dict)       # login → display name
    coordinating: dict[str, str] = field(default_factory=dict)   # agency code → name
    due_date: date | None = None
    agency_name: str = ""
    today: date | None = None


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _clean_field(spec: Field, raw, ctx: FormContext, lang_label: str):
    if spec.kind in ("text", "textarea"):
        text = str(raw).strip()
        if len(text) > spec.max_length:
            raise DomainError("form.too_long", field=lang_label, max=spec.max_length)
        return text
    if spec.kind == "choice":
        allowed = {value for value, _, _ in spec.choices}
        if raw not in allowed:
            raise DomainError("form.bad_choice", field=lang_label, value=raw)
        return raw
    if spec.kind == "multichoice":
        values = raw if isinstance(raw, list) else [v for v in str(raw).split(",") if v.strip()]
        values = [str(v).strip() for v in values]
        for value in values:
            if value not in ctx.coordinating:
                raise DomainError("form.no_coordinator", value=value)
        return sorted(set(values), key=values.index)
    if spec.kind == "date":
        try:
            return parse_day(raw).isoformat()
        except (ValueError, TypeError):
            raise DomainError("form.bad_date", field=lang_label, value=raw) from None
    if spec.kind == "percent":
        try:
            number = int(float(str(raw).replace(",", ".")))
        except ValueError:
            raise DomainError("form.bad_number", field=lang_label, min=0, max=100) from None
        if not 0 <= number <= 100:
            raise DomainError("form.bad_number", field=lang_label, min=0, max=100)
        return number
    if spec.kind == "officer":
        if raw not in ctx.officers:
            raise DomainError("form.not_officer", value=raw, agency=ctx.agency_name)
        return raw
    if spec.kind == "files":
        values = raw if isinstance(raw, list) else [raw]
        return [str(v) for v in values if v]
    raise ValueError(f"unknown field kind {spec.kind}")


def clean(form: Form, values: dict, ctx: FormContext, lang: str = "vi") -> dict:
    """Validate ``values`` for ``form``; return the cleaned values or raise FormInvalid."""
    errors: dict[str, DomainError] = {}
    cleaned: dict = {}
    for name in values:
        if form.field(name) is None and not name.startswith("_"):
            errors[name] = DomainError("form.unknown_field", field=name)
    for spec in form.fields:
        raw = values.get(spec.name)
        label = spec.label(lang)
        required = spec.required or (
            spec.required_when is not None and values.get(spec.required_when[0]) == spec.required_when[1])
        if _empty(raw):
            if required:
                errors[spec.name] = DomainError("form.required", field=label)
            elif spec.kind in ("files", "multichoice"):
                cleaned[spec.name] = []
            else:
                cleaned[spec.name] = None
            continue
        try:
            cleaned[spec.name] = _clean_field(spec, raw, ctx, label)
        except DomainError as err:
            errors[spec.name] = err
    _check_dates(form, cleaned, ctx, errors, lang)
    if errors:
        raise FormInvalid(errors)
    return cleaned


def _check_dates(form: Form, cleaned: dict, ctx: FormContext, errors: dict, lang: str) -> None:
    """Cross-field rules: an extension needs a deadline and must move it later."""
    if form.key == "extension_request":
        if ctx.due_date is None:
            errors["new_due_date"] = DomainError("form.no_deadline")
        elif cleaned.get("new_due_date") and date.fromisoformat(cleaned["new_due_date"]) <= ctx.due_date:
            errors["new_due_date"] = DomainError(
                "form.date_not_after", field=form.field("new_due_date").label(lang),
                after=ctx.due_date.strftime("%d/%m/%Y"))
    if form.key in ("extension_decision", "resume") and ctx.today:
        key = "approved_due_date" if form.key == "extension_decision" else "new_due_date"
        value = cleaned.get(key)
        if value and date.fromisoformat(value) < ctx.today:
            errors[key] = DomainError("form.date_not_after", field=form.field(key).label(lang),
                                      after=ctx.today.strftime("%d/%m/%Y"))
