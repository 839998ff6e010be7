"""The working-day calendar for administrators (/admin/calendar): a month, week by
week, with public holidays, make-up working days and the overrides; a form to set a
day as worked or off, or to clear its override (the use case of ``chidao calendar
set``). New due days follow at once (the engine reloads the calendar)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.domain.errors import DomainError
from engine.domain.forms import parse_day
from engine.usecases.calendar_view import month_view
from engine.usecases.setup import set_calendar_day
from web.auth import requires_role
from web.context import actor, lang, services

bp = Blueprint("admin_calendar", __name__, url_prefix="/admin/calendar")
KINDS = {"working": True, "off": False, "default": None}
MAX_NOTE = 300


def _month_arg() -> tuple[int | None, int | None, str | None]:
    raw = request.args.get("month", "").strip()[:20]
    if not raw:
        return None, None, None
    try:
        month, year = (int(p) for p in raw.split("/"))
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise ValueError
        return year, month, None
    except ValueError:
        return None, None, DomainError("calendar.bad_month", value=raw).message(lang())


def _page(year=None, month=None, errors: dict | None = None, status: int = 200, draft: dict | None = None):
    view = month_view(services(), actor(), year, month, lang())
    return render_template("admin/calendar.html", m=view, errors=errors or {}, draft=draft or {}), status


@bp.get("")
@requires_role("admin")
def index():
    year, month, problem = _month_arg()
    return _page(year, month, {"month": problem} if problem else None, 400 if problem else 200)


@bp.post("")
@requires_role("admin")
def set_day():
    raw_day, kind = request.form.get("day", "").strip()[:40], request.form.get("kind", "")
    note = request.form.get("note", "").strip()
    draft = {"day": raw_day, "kind": kind, "note": note[:MAX_NOTE]}
    errors = {}
    day = None
    try:
        day = parse_day(raw_day)
    except ValueError:
        errors["day"] = DomainError("form.bad_date", field=_("Ngày"), value=raw_day).message(lang())
    if kind not in KINDS:
        errors["kind"] = DomainError("form.bad_choice", field=_("Loại ngày"), value=kind).message(lang())
    if len(note) > MAX_NOTE:
        errors["note"] = DomainError("form.too_long", field=_("Ghi chú"), max=MAX_NOTE).message(lang())
    if errors:
        return _page(day.year if day else None, day.month if day else None, errors, 400, draft)
    set_calendar_day(services(), actor(), day, KINDS[kind], note)
    flash(_("Đã lưu ngày %(day)s.", day=day.strftime("%d/%m/%Y")), "success")
    return redirect(url_for("admin_calendar.index", month=f"{day.month:02d}/{day.year}"))
