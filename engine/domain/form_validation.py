"""Checks submitted step values against the step's form, server-side, and returns the
cleaned values; every problem is reported per field, in the user's language."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from engine.domain.errors import DomainError
from engine.domain.forms import Field, Form, parse_day
from engine.domain.input_limits import MAX_YEAR, MIN_YEAR, forbidden_character, plausible_year, printable


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


def _text(raw, label: str) -> str:
    """``raw`` when it is a string a database can store; a number, a truth value, a
    list or an object is refused (the web posts strings; JSON callers must too)."""
    if not isinstance(raw, str):
        raise DomainError("form.not_text", field=label)
    bad = forbidden_character(raw)
    if bad:
        raise DomainError("input.forbidden_character", field=label, char=bad)
    return raw


def _texts(raw, label: str) -> list[str]:
    """A list of strings, or one string (a single checkbox, a comma-separated list)."""
    if isinstance(raw, str):
        return [v for v in _text(raw, label).split(",") if v.strip()]
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise DomainError("form.not_list", field=label)
    return [_text(v, label) for v in raw]


def _shown(raw) -> str:
    """A refused value as a message quotes it: short, whatever its type."""
    return printable(raw if isinstance(raw, str) else repr(raw))


def _percent(raw, label: str) -> int:
    out_of_range = DomainError("form.bad_number", field=label, min=0, max=100)
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise out_of_range
    try:
        number = float(_text(raw, label).replace(",", ".")) if isinstance(raw, str) else float(raw)
    except (ValueError, OverflowError):
        raise out_of_range from None
    if not 0 <= number <= 100:          # also refuses NaN and infinities
        raise out_of_range
    return int(number)


def _clean_field(spec: Field, raw, ctx: FormContext, lang_label: str):
    if spec.kind in ("text", "textarea"):
        text = _text(raw, lang_label).strip()
        if len(text) > spec.max_length:
            raise DomainError("form.too_long", field=lang_label, max=spec.max_length)
        return text
    if spec.kind == "choice":
        allowed = {value for value, _, _ in spec.choices}
        if not isinstance(raw, str) or raw not in allowed:
            raise DomainError("form.bad_choice", field=lang_label, value=_shown(raw))
        return raw
    if spec.kind == "multichoice":
        values = [v.strip() for v in _texts(raw, lang_label)]
        for value in values:
            if value not in ctx.coordinating:
                raise DomainError("form.no_coordinator", value=_shown(value))
        return sorted(set(values), key=values.index)
    if spec.kind == "date":
        if not isinstance(raw, (str, date)):
            raise DomainError("form.bad_date", field=lang_label, value=_shown(raw))
        try:
            day = parse_day(_text(raw, lang_label) if isinstance(raw, str) else raw)
        except (ValueError, TypeError, OverflowError):
            raise DomainError("form.bad_date", field=lang_label, value=_shown(raw)) from None
        if not plausible_year(day.year):
            raise DomainError("deadline.out_of_range", value=_shown(raw), min=MIN_YEAR, max=MAX_YEAR)
        return day.isoformat()
    if spec.kind == "percent":
        return _percent(raw, lang_label)
    if spec.kind == "officer":
        if not isinstance(raw, str) or raw not in ctx.officers:
            raise DomainError("form.not_officer", value=_shown(raw), agency=ctx.agency_name)
        return raw
    if spec.kind == "files":        # files come as uploads, never as values naming them
        raise DomainError("form.upload_only", field=lang_label)
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
