"""Administering users (admins only): the list, creating one, changing their name,
e-mail address, roles and agency, deactivating and reactivating them, and resetting
a password (the user must choose a new one at the next sign-in). Every change is
audited; bad input is reported per field and changes nothing. Passwords are set only
through engine/usecases/passwords.py."""
from __future__ import annotations

from dataclasses import replace

from engine.domain.calendar import local_date
from engine.domain.errors import DomainError, Forbidden, NotFound
from engine.domain.form_validation import FormInvalid
from engine.domain.records import AuditEntry
from engine.domain.users import User, check_login, check_profile
from engine.text import fold
from engine.usecases.context import Services
from engine.usecases.passwords import new_password_problem, set_password


def _require_admin(actor: User) -> None:
    if not actor.has("admin"):
        raise Forbidden("admin.forbidden")


def _audit(uow, actor: User, action: str, now, before: dict | None, after: dict | None) -> None:
    uow.audit.append(AuditEntry(at=now, actor_login=actor.login, actor_name=actor.name,
                                agency_code=actor.agency_code or "", action=action, before=before, after=after))


def _profile(user: User) -> dict:
    return {"login": user.login, "name": user.name, "email": user.email, "agency": user.agency_code,
            "roles": sorted(user.roles), "active": user.active}


def _agency_problem(uow, code: str, today, lang: str) -> DomainError | None:
    agency = uow.agencies.by_code(code or "")
    if agency is None or agency.is_group:
        return DomainError("agency.not_found", name=code or "")
    if not agency.exists_on(today):
        return DomainError("user.agency_ceased", name=agency.name)
    return None


def list_users(services: Services, actor: User, search: str = "", agency: str | None = None,
               include_inactive: bool = True) -> list[User]:
    """Every user (by login), narrowed by a search over login, name and e-mail, and an agency."""
    _require_admin(actor)
    wanted = fold(search.strip()) if search else ""
    with services.uow(write=False) as uow:
        users = uow.users.all()
    return [u for u in users
            if (not agency or u.agency_code == agency) and (include_inactive or u.active)
            and (not wanted or wanted in fold(f"{u.login} {u.name} {u.email or ''}"))]


def get_user(services: Services, actor: User, login: str) -> User:
    _require_admin(actor)
    with services.uow(write=False) as uow:
        found = uow.users.by_login(login)
    if found is None:
        raise NotFound("user.not_found", login=login)
    return found


def create_user(services: Services, actor: User, user: User, password: str | None, *,
                must_change: bool = False, lang: str = "vi") -> User:
    """Add ``user`` with ``password`` (None: no password yet, cannot sign in);
    ``must_change``: they choose their own at the first sign-in."""
    _require_admin(actor)
    errors = check_profile(user.name, user.email, user.roles, lang)
    problem = check_login(user.login, lang)
    if problem:
        errors["login"] = problem
    if password is not None:
        problem = new_password_problem(password, login=user.login, name=user.name)
        if problem:
            errors["password"] = problem
    now = services.clock.now()
    with services.uow() as uow:
        problem = _agency_problem(uow, user.agency_code, local_date(now), lang)
        if problem:
            errors["agency"] = problem
        if "login" not in errors and uow.users.by_login(user.login) is not None:
            errors["login"] = DomainError("user.duplicate", login=user.login)
        if errors:
            raise FormInvalid(errors)
        created = uow.users.add(replace(user, email=user.email or None, active=True))
        if password is not None:
            created = set_password(uow, created, password, must_change=must_change, field="password")
        _audit(uow, actor, "user.created", now, None, _profile(created))
        uow.commit()
        return created


def update_user(services: Services, actor: User, login: str, *, name: str, email: str | None, roles,
                agency_code: str, lang: str = "vi") -> User:
    """Change a user's name, e-mail address, roles and agency."""
    _require_admin(actor)
    roles = frozenset(roles)
    email = (email or "").strip() or None
    errors = check_profile(name, email, roles, lang)
    if login == actor.login and "admin" not in roles:
        errors["roles"] = DomainError("user.own_admin")
    now = services.clock.now()
    with services.uow() as uow:
        current = uow.users.by_login(login)
        if current is None:
            raise NotFound("user.not_found", login=login)
        if agency_code != current.agency_code:
            problem = _agency_problem(uow, agency_code, local_date(now), lang)
            if problem:
                errors["agency"] = problem
        if errors:
            raise FormInvalid(errors)
        updated = replace(current, name=name.strip(), email=email, roles=roles, agency_code=agency_code)
        before, after = _profile(current), _profile(updated)
        if before != after:
            uow.users.update(updated)
            changed = [k for k in after if before[k] != after[k]]
            _audit(uow, actor, "user.updated", now, {k: before[k] for k in changed},
                   {"login": login} | {k: after[k] for k in changed})
            uow.commit()
        return updated


def set_user_active(services: Services, actor: User, login: str, active: bool) -> User:
    """Deactivate (cannot sign in, no longer offered as an assignee) or reactivate."""
    _require_admin(actor)
    if login == actor.login and not active:
        raise DomainError("user.own_deactivation")
    now = services.clock.now()
    with services.uow() as uow:
        current = uow.users.by_login(login)
        if current is None:
            raise NotFound("user.not_found", login=login)
        if current.active == active:
            return current
        updated = replace(current, active=active)
        uow.users.update(updated)
        _audit(uow, actor, "user.reactivated" if active else "user.deactivated", now,
               {"login": login, "active": current.active}, {"login": login, "active": active})
        uow.commit()
        return updated


def reset_password(services: Services, actor: User, login: str, new: str, lang: str = "vi") -> None:
    """Give ``login`` the temporary password ``new``, to be changed at the next sign-in."""
    _require_admin(actor)
    now = services.clock.now()
    with services.uow() as uow:
        user = uow.users.by_login(login)
        if user is None:
            raise NotFound("user.not_found", login=login)
        set_password(uow, user, new, must_change=True, field="password")
        _audit(uow, actor, "user.password_reset", now, None, {"login": login, "must_change": True})
        uow.commit()


