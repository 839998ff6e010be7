"""Where a person lands after signing in (and from the brand link): their own
password page while an administrator's reset is pending; otherwise administrators on
/admin, process owners with no lane role on /processes, auditors on /audit, leaders
and monitors with nothing pending on the dashboard, everyone else on their to-do list
— never on a to-do list that is empty by role. The menu entries each role sees are
chosen here too."""
from __future__ import annotations

from flask import url_for

from engine.domain.users import User
from engine.usecases.audit_chain import AUDIT_READERS
from engine.usecases.queries import list_steps
from web.context import services

LANE_ROLES = ("officer", "leader", "coordinator", "monitor", "authority")


def landing_url(user: User) -> str:
    if user.must_change_password:
        return url_for("account.password_page")
    if user.has("admin"):
        return url_for("admin.index")
    if user.has("process_owner") and not user.has(*LANE_ROLES):
        return url_for("processes.index")
    if user.has("auditor") and not user.has(*LANE_ROLES):
        return url_for("audit.index")
    if user.has("leader", "monitor") and not list_steps(services(), user, limit=1):
        return url_for("dashboard.index")
    return url_for("inbox.index")


def menu_flags(user: User) -> dict[str, bool]:
    """Which menu entries ``user`` gets."""
    return {"inbox": user.has(*LANE_ROLES) or user.has("process_owner"),
            "audit": user.has(*AUDIT_READERS), "admin": user.has("admin"),
            "processes": user.has("process_owner", "admin", "auditor")}
