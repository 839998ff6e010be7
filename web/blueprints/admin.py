"""Administration (/admin, admins only): the overview and the users — the list with
its search, creating a user (they choose their own password at the first sign-in),
changing a user's name, e-mail, roles and agency, deactivating and reactivating,
resetting a password. Agencies: admin_agencies.py; the calendar: admin_calendar.py.
Handlers parse the form, call one use case with the acting user, render."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.domain.calendar import local_date
from engine.domain.form_validation import FormInvalid
from engine.domain.users import ROLES, User
from engine.usecases.users import (create_user, get_user, list_users, reset_password, set_user_active,
                                   update_user)
from web.auth import requires_role
from web.context import actor, lang, services

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _agencies():
    today = local_date(services().clock.now())
    with services().uow(write=False) as uow:
        return sorted((a for a in uow.agencies.all() if not a.is_group and a.exists_on(today)),
                      key=lambda a: a.name)


@bp.get("")
@requires_role("admin")
def index():
    users = list_users(services(), actor())
    return render_template("admin/index.html", users=len(users), active=sum(u.active for u in users),
                           must_change=sum(u.must_change_password for u in users))


@bp.get("/users")
@requires_role("admin")
def users():
    search, agency = request.args.get("q", "").strip()[:200], request.args.get("agency") or None
    state = request.args.get("state", "all")
    found = list_users(services(), actor(), search, agency, include_inactive=state != "active")
    if state == "inactive":
        found = [u for u in found if not u.active]
    return render_template("admin/users.html", found=found, q=search, agency=agency, state=state,
                           agencies=_agencies())


def _form_user() -> tuple[str, str, str | None, frozenset, str]:
    form = request.form
    return (form.get("login", "").strip()[:200], form.get("name", "").strip()[:500],
            form.get("email", "").strip()[:500] or None, frozenset(form.getlist("roles")),
            form.get("agency", "").strip()[:200])


def _user_form(template_user: User | None, errors: dict | None = None, status: int = 200, **extra):
    return render_template("admin/user_form.html", u=template_user, errors=errors or {}, roles=ROLES,
                           agencies=_agencies(), **extra), status


@bp.route("/users/new", methods=["GET", "POST"])
@requires_role("admin")
def new_user():
    if request.method == "GET":
        return _user_form(None)
    login, name, email, roles, agency = _form_user()
    draft = User(login=login, name=name, agency_code=agency, roles=roles, email=email)
    try:
        create_user(services(), actor(), draft, request.form.get("password", "")[:500], must_change=True,
                    lang=lang())
    except FormInvalid as err:
        return _user_form(draft, err.field_messages(lang()), 400)
    flash(_("Đã tạo người dùng %(login)s; họ phải đổi mật khẩu khi đăng nhập lần đầu.", login=login), "success")
    return redirect(url_for("admin.edit_user", login=login))


@bp.route("/users/<login>", methods=["GET", "POST"])
@requires_role("admin")
def edit_user(login: str):
    current = get_user(services(), actor(), login)
    if request.method == "GET":
        return _user_form(current)
    _login, name, email, roles, agency = _form_user()
    try:
        update_user(services(), actor(), login, name=name, email=email, roles=roles, agency_code=agency,
                    lang=lang())
    except FormInvalid as err:
        draft = User(login=login, name=name, agency_code=agency, roles=roles, email=email, active=current.active,
                     id=current.id, must_change_password=current.must_change_password)
        return _user_form(draft, err.field_messages(lang()), 400)
    flash(_("Đã lưu thông tin của %(login)s.", login=login), "success")
    return redirect(url_for("admin.edit_user", login=login))


@bp.post("/users/<login>/active")
@requires_role("admin")
def user_active(login: str):
    active = request.form.get("active") == "1"
    set_user_active(services(), actor(), login, active)
    flash(_("Đã mở lại tài khoản %(login)s.", login=login) if active
          else _("Đã khóa tài khoản %(login)s: không đăng nhập được, không còn được giao việc.", login=login),
          "success")
    return redirect(url_for("admin.edit_user", login=login))


@bp.post("/users/<login>/password")
@requires_role("admin")
def user_password(login: str):
    current = get_user(services(), actor(), login)
    try:
        reset_password(services(), actor(), login, request.form.get("password", "")[:500], lang())
    except FormInvalid as err:
        return _user_form(current, password_errors=err.field_messages(lang()), status=400)
    flash(_("Đã đặt lại mật khẩu của %(login)s; họ phải đổi mật khẩu khi đăng nhập.", login=login), "success")
    return redirect(url_for("admin.edit_user", login=login))
