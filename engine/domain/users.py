"""People: a user belongs to one agency and holds one or more roles."""
from __future__ import annotations

from dataclasses import dataclass, field

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

    def has(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def sees_everything(self) -> bool:
        """Auditors read every agency's tasks; admins and process owners too."""
        return self.has("auditor", "admin", "process_owner")


SYSTEM = User(login="system", name="Hệ thống chidao", agency_code="", roles=frozenset({"admin"}))
