"""Who may see and do what: every rule of role and agency in one place."""
from __future__ import annotations

from engine.domain.records import Directive, Instance, PendingStep, TaskDef
from engine.domain.users import User


def can_act_on_step(user: User, step: PendingStep) -> bool:
    """The step's lane role and agency are the user's, and it is assigned to them or
    to nobody in particular. Auditors never act."""
    if not user.active or user.has("auditor") and not user.has(step.role):
        return False
    if step.role not in user.roles or step.agency_code != user.agency_code:
        return False
    return step.assignee is None or step.assignee == user.login


def can_view_instance(user: User, instance: Instance, task: TaskDef, directive: Directive,
                      pending: list[PendingStep] = ()) -> bool:
    """Everyone involved in a task sees it: its lead agency, its coordinating
    agencies, the monitor and authority of its directive; auditors see everything."""
    if user.sees_everything:
        return True
    agency = user.agency_code
    if agency == instance.agency_code:
        return True
    if agency in (directive.monitor_agency, directive.authority_agency):
        return user.has("monitor", "authority", "leader", "officer")
    if agency in task.coordinating:
        return True
    return any(s.agency_code == agency for s in pending)



# what can still be done to a suspended task: resume it or cancel it (by the authority)
FORMS_WHILE_SUSPENDED = ("resume", "cancel")
PROCESS_EDITORS = ("process_owner", "admin")


def can_edit_processes(user: User) -> bool:
    """Process owners (and administrators) edit, deploy and migrate process diagrams."""
    return user.active and user.has(*PROCESS_EDITORS)


def can_read_processes(user: User) -> bool:
    """Process versions, their diagrams and their use are read by their editors and by
    auditors."""
    return user.active and user.has(*PROCESS_EDITORS, "auditor")


def can_urge(user: User) -> bool:
    """Monitors urge the agencies late on the directives their own agency monitors
    (engine/usecases/urging.py)."""
    return user.active and bool(user.agency_code) and user.has("monitor")


def can_read_urgings(user: User) -> bool:
    """The urging letters issued are read by monitors (their agency's), by the leaders of
    the agencies a letter is addressed to (those letters) and, every one, by auditors
    and administrators."""
    return user.active and user.has("monitor", "leader", "auditor", "admin")
