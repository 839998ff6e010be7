"""The agency registry for administrators (/admin/agencies): the list with its groups
and validity dates and a search; adding an agency; one agency's page to rename it or
cease it with a successor (its open tasks are handed over at once)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.domain.calendar import local_date
from engine.domain.errors import DomainError, NotFound
from engine.domain.form_validation import FormInvalid
from engine.domain.forms import parse_day
from engine.usecases.agency_admin import KINDS, add_agency, cease_agency, kind_label, list_agencies, rename_agency
from web.auth import requires_role
from web.context import actor, lang, services

bp = Blueprint("admin_agencies", __name__, url_prefix="/admin/agencies")


@bp.context_processor
def labels():
    return {"kind_label": lambda kind: kind_label(kind, lang()), "kinds": list(KINDS)}


def _day(name: str, label: str, errors: dict):
    raw = request.form.get(name, "").strip()[:40]
    if not raw:
        return None
    try:
        return parse_day(raw)
    except ValueError:
        errors[name] = DomainError("form.bad_date", field=label, value=raw).message(lang())
        return None


def _list(errors: dict | None = None, status: int = 200, draft: dict | None = None):
    search, group = request.args.get("q", "").strip()[:200], request.args.get("group") or None
    state = request.args.get("state", "all")
    found = list_agencies(services(), actor(), search, group, include_ceased=state != "active")
    today = local_date(services().clock.now())
    return render_template("admin/agencies.html", found=found, q=search, group=group, state=state, today=today,
                           errors=errors or {}, draft=draft or {}), status


@bp.get("")
@requires_role("admin")
def index():
    return _list()


@bp.post("")
@requires_role("admin")
def add():
    errors: dict = {}
    valid_from = _day("valid_from", _("Hoạt động từ ngày"), errors)
    draft = {"name": request.form.get("name", "")[:400], "kind": request.form.get("kind", ""),
             "groups": request.form.getlist("groups"), "valid_from": request.form.get("valid_from", "")[:40]}
    if errors:
        return _list(errors, 400, draft)
    try:
        agency = add_agency(services(), actor(), name=draft["name"], kind=draft["kind"], groups=draft["groups"],
                            valid_from=valid_from, lang=lang())
    except FormInvalid as err:
        return _list(err.field_messages(lang()), 400, draft)
    flash(_("Đã thêm cơ quan %(name)s.", name=agency.name), "success")
    return redirect(url_for("admin_agencies.show", code=agency.code))


def _show(code: str, errors: dict | None = None, status: int = 200):
    svc = services()
    today = local_date(svc.clock.now())
    with svc.uow(write=False) as uow:
        agency = uow.agencies.by_code(code)
        if agency is None or agency.is_group:
            raise NotFound("agency.not_found", name=code)
        open_tasks = len(uow.instances.of_agency(code, open_only=True))
        candidates = sorted((a for a in uow.agencies.all() if not a.is_group and a.code != code and a.valid_to is None),
                            key=lambda a: a.name)
        users = uow.users.in_agency(code)
    return render_template("admin/agency.html", agency=agency, open_tasks=open_tasks, candidates=candidates,
                           users=users, today=today, errors=errors or {}), status


@bp.get("/<code>")
@requires_role("admin")
def show(code: str):
    return _show(code)


@bp.post("/<code>/rename")
@requires_role("admin")
def rename(code: str):
    try:
        agency = rename_agency(services(), actor(), code, request.form.get("name", "")[:400], lang())
    except FormInvalid as err:
        return _show(code, err.field_messages(lang()), 400)
    flash(_("Đã đổi tên thành %(name)s; tên cũ được giữ làm tên gọi khác.", name=agency.name), "success")
    return redirect(url_for("admin_agencies.show", code=code))


@bp.post("/<code>/cease")
@requires_role("admin")
def cease(code: str):
    errors: dict = {}
    last_day = _day("last_day", _("Ngày cuối hoạt động"), errors)
    if errors:
        return _show(code, errors, 400)
    try:
        result = cease_agency(services(), actor(), code, last_day=last_day,
                              successor_code=request.form.get("successor", "")[:200], lang=lang())
    except FormInvalid as err:
        return _show(code, err.field_messages(lang()), 400)
    flash(_("Đã ghi nhận chấm dứt hoạt động; %(n)s nhiệm vụ đang mở đã chuyển sang cơ quan kế thừa.",
            n=result.moved), "success")
    return redirect(url_for("admin_agencies.show", code=code))
