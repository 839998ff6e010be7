"""People: a user belongs to one agency and holds one or more roles; what a login,
a name and an e-mail address may look like."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.domain.errors import DomainError

ROLES = ("officer", "leader", "coordinator", "monitor", "authority", "process_owner", "auditor", "admin")
ROLE_LABELS = {
    "officer": ("Chuyên viên", "Officer"),
    "leader": ("Lãnh đạo đơn vị", "Agency leader"),
    "coordinator": ("Đơn vị phối hợp", "Coordinator"),
    "monitor": ("Cơ quan theo dõi", "Monitor"),
    "authority": ("Người có thẩm quyền", "Authority"),
    "process_owner": ("Quản trị quy trình", "Process owner"),
    "auditor": ("Thanh tra, kiểm tra", "Auditor"),
    "admin": ("Quản trị hệ thống", "Administrator"),
}


@dataclass(frozen=True)
class User:
    login: str
    name: str
    agency_code: str
    roles: frozenset[str] = field(default_factory=frozenset)
    email: str | None = None
    language: str = "vi"
    digest: bool = False
    active: bool = True
    id: int | None = None
    agency_name: str = ""
    session_version: int = 0   # moved on by sign-out and password change: older sessions end
    must_change_password: bool = False    # set by an administrator's reset: changed at next sign-in

    def has(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def sees_everything(self) -> bool:
        """Auditors read every agency's tasks; admins and process owners too."""
        return self.has("auditor", "admin", "process_owner")


SYSTEM = User(login="system", name="Hệ thống chidao", agency_code="", roles=frozenset({"admin"}))


LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
EMAIL_PATTERN = re.compile(r"^[^@\s<>(),;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
MAX_NAME = 200
MAX_EMAIL = 200
FIELD_LABELS = {
    "login": ("Tên đăng nhập", "Login"), "name": ("Họ và tên", "Name"), "email": ("Thư điện tử", "E-mail"),
    "agency": ("Đơn vị", "Agency"), "roles": ("Vai trò", "Roles"), "password": ("Mật khẩu", "Password"),
}


def field_label(name: str, lang: str = "vi") -> str:
    vi, en = FIELD_LABELS[name]
    return en if lang == "en" else vi


def check_login(login: str, lang: str = "vi") -> DomainError | None:
    if not LOGIN_PATTERN.match(login or ""):
        return DomainError("user.bad_login", value=login or "")
    return None


def check_email(email: str | None, lang: str = "vi") -> DomainError | None:
    """None when ``email`` is empty (no address) or looks like one."""
    if not email:
        return None
    if len(email) > MAX_EMAIL:
        return DomainError("form.too_long", field=field_label("email", lang), max=MAX_EMAIL)
    if not EMAIL_PATTERN.match(email):
        return DomainError("user.bad_email", value=email)
    return None


def check_profile(name: str, email: str | None, roles, lang: str = "vi") -> dict[str, DomainError]:
    """Problems, per field, with a user's name, e-mail address and roles."""
    errors: dict[str, DomainError] = {}
    if not (name or "").strip():
        errors["name"] = DomainError("form.required", field=field_label("name", lang))
    elif len(name) > MAX_NAME:
        errors["name"] = DomainError("form.too_long", field=field_label("name", lang), max=MAX_NAME)
    problem = check_email(email, lang)
    if problem:
        errors["email"] = problem
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        errors["roles"] = DomainError("form.bad_choice", field=field_label("roles", lang), value=unknown[0])
    elif not roles:
        errors["roles"] = DomainError("user.no_roles")
    return errors
