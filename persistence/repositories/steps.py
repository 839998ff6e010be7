"""Pending steps (the rows every inbox reads) and completed steps (who did what, once).
Completing a step reads and writes these on every request, so their statements go
through the fast path (persistence/fast_sql.py)."""
from __future__ import annotations

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from engine.domain.records import CompletedStep, PendingStep, StepSurroundings
from engine.ports import StaleInstance
from persistence.fast_sql import FastSql, Statement
from persistence.models import CompletedStepRow, PendingStepRow
from persistence.repositories.people import USERS_OF_INSTANCE_AGENCY, USERS_OF_STEP_AGENCY, AgencyIds, SqlUsers
from persistence.repositories.reports import OPEN_OF_STEP, reports_from_rows
from persistence.repositories.tracking import (STATE_BY_ID, STATE_OF_STEP, WITH_CONTEXT, WITH_CONTEXT_OF_STEP,
                                              SqlInstances)

_PENDING_COLUMNS = ("id", "instance_id", "name", "title", "form", "role", "agency_id", "assignee_login",
                    "due_date", "optional", "created_at", "period")
_COMPLETED_COLUMNS = ("id", "instance_id", "name", "form", "completed_by", "completed_by_name", "agency_code",
                      "completed_at")


def _pending_table():
    return PendingStepRow.__table__


def _select_pending():
    table = _pending_table()
    return select(*[table.c[name] for name in _PENDING_COLUMNS])


def _ordered(query):
    table = _pending_table()
    return query.order_by(table.c.optional, table.c.due_date)


PENDING_BY_ID = Statement(lambda: _select_pending().where(_pending_table().c.id == bindparam("step_id")))
PENDING_OF_INSTANCE = Statement(lambda: _ordered(_select_pending().where(
    _pending_table().c.instance_id == bindparam("instance_id"))))
PENDING_BESIDE_STEP = Statement(lambda: _ordered(_select_pending().where(
    _pending_table().c.instance_id == select(_pending_table().c.instance_id)
    .where(_pending_table().c.id == bindparam("step_id")).scalar_subquery())))
DELETE_PENDING = Statement(lambda: delete(_pending_table()).where(_pending_table().c.id == bindparam("step_id")))
INSERT_PENDING = Statement(lambda: insert(_pending_table()), column_keys=list(_PENDING_COLUMNS))
UPDATE_PENDING = Statement(lambda: update(_pending_table()).where(_pending_table().c.id == bindparam("step_id"))
                           .values(assignee_login=bindparam("new_assignee"), due_date=bindparam("new_due"),
                                   agency_id=bindparam("new_agency_id"), role=bindparam("new_role")))
# a step that stays pending while its definition changes (an instance migrated onto a version
# that renamed the step or gave it another form) has the rest of its row rewritten too
UPDATE_PENDING_DEFINITION = Statement(
    lambda: update(_pending_table()).where(_pending_table().c.id == bindparam("step_id"))
    .values(name=bindparam("new_name"), title=bindparam("new_title"), form=bindparam("new_form"),
            role=bindparam("new_role"), optional=bindparam("new_optional"), assignee_login=bindparam("new_assignee"),
            due_date=bindparam("new_due"), agency_id=bindparam("new_agency_id"), period=bindparam("new_period")))
INSERT_COMPLETED = Statement(lambda: insert(CompletedStepRow.__table__), column_keys=list(_COMPLETED_COLUMNS))


class SqlSteps:
    def __init__(self, session: Session, ids: AgencyIds, fast: FastSql, instances: SqlInstances, users: SqlUsers):
        self.session, self.ids, self.fast, self.instances, self.users = session, ids, fast, instances, users

    def _record(self, row: tuple) -> PendingStep:
        (step_id, instance_id, name, title, form, role, agency_id, assignee, due, optional, created_at, period) = row
        return PendingStep(id=step_id, instance_id=instance_id, name=name, title=title, form=form, role=role,
                           agency_code=self.ids.code_of(agency_id), assignee=assignee, due=due,
                           optional=bool(optional), created_at=created_at, period=period)

    def replace(self, instance_id: int, steps, previous=None) -> None:
        """Make the instance's pending rows exactly ``steps``. ``previous`` (the rows
        as loaded earlier in this unit of work) saves reading them again; rows of
        steps still pending keep their creation time. The writes are queued."""
        if previous is None:
            previous = self.of_instance(instance_id)
        existing = {s.id: s for s in previous}
        wanted = {s.id: s for s in steps}
        for step_id in existing:
            if step_id not in wanted:
                self.fast.queue(DELETE_PENDING, {"step_id": step_id})
        for step in wanted.values():
            old = existing.get(step.id)
            if old is None:
                self.fast.queue(INSERT_PENDING, dict(
                    id=step.id, instance_id=instance_id, name=step.name, title=step.title, form=step.form,
                    role=step.role, agency_id=self.ids.id_of(step.agency_code), assignee_login=step.assignee,
                    due_date=step.due, optional=step.optional, created_at=step.created_at, period=step.period))
            elif (old.name, old.title, old.form, old.optional, old.period) != (
                    step.name, step.title, step.form, step.optional, step.period):   # e.g. after a migration
                self.fast.queue(UPDATE_PENDING_DEFINITION, dict(
                    step_id=step.id, new_name=step.name, new_title=step.title, new_form=step.form,
                    new_role=step.role, new_optional=step.optional, new_assignee=step.assignee, new_due=step.due,
                    new_agency_id=self.ids.id_of(step.agency_code), new_period=step.period))
            elif (old.assignee, old.due, old.agency_code, old.role) != (step.assignee, step.due, step.agency_code,
                                                                        step.role):
                self.fast.queue(UPDATE_PENDING, dict(step_id=step.id, new_assignee=step.assignee, new_due=step.due,
                                                     new_agency_id=self.ids.id_of(step.agency_code),
                                                     new_role=step.role))

    def pending(self, step_id: str) -> PendingStep | None:
        row = self.fast.first(PENDING_BY_ID, step_id=step_id)
        return self._record(row) if row else None

    def of_instance(self, instance_id: int) -> list[PendingStep]:
        return [self._record(r) for r in self.fast.rows(PENDING_OF_INSTANCE, instance_id=instance_id)]

    def surroundings(self, step_id: str) -> StepSurroundings:
        """Five statements, on PostgreSQL in one round trip. The instance is read
        first, then its stored state (kept for ``instances.state_of``: used when it is
        of the version read and the workflow is not in this process's memory): a step
        list or report read after another transaction's commit then goes with an older
        version, which the optimistic lock turns away (a read that no
        longer finds the step finds nothing: no reports, no users). The users of
        the instance's agency come last and answer this unit of work's user lookups
        (the people most of its steps go to)."""
        context, state, pending, reports, users = self.fast.rows_many([
            (WITH_CONTEXT_OF_STEP, {"step_id": step_id}), (STATE_OF_STEP, {"step_id": step_id}),
            (PENDING_BESIDE_STEP, {"step_id": step_id}),
            (OPEN_OF_STEP, {"step_id": step_id}), (USERS_OF_STEP_AGENCY, {"step_id": step_id})])
        instance, task, directive, agency_name = (
            self.instances.context_from_row(context[0]) if context else (None, None, None, ""))
        if instance is not None and state:
            self.instances.keep_state_read(state[0])
        if instance is not None and users:    # none: the step went in between (or the agency has none)
            self.users.remember_agency(instance.agency_code, users)
        steps = [self._record(r) for r in pending] if instance is not None else []
        return StepSurroundings(instance=instance, task=task, directive=directive, agency_name=agency_name,
                                pending=steps, open_reports=reports_from_rows(reports) if instance else [])

    def around_instance(self, instance_id: int) -> StepSurroundings:
        """A claimed (locked) instance with its context, stored state (kept for
        ``instances.state_of``) and pending steps, and the users of its agency (they
        answer this unit of work's lookups for it): four statements, on PostgreSQL in
        one round trip. No open reports are read (``open_reports`` is empty)."""
        context, state, pending, users = self.fast.rows_many([
            (WITH_CONTEXT, {"instance_id": instance_id}), (STATE_BY_ID, {"instance_id": instance_id}),
            (PENDING_OF_INSTANCE, {"instance_id": instance_id}),
            (USERS_OF_INSTANCE_AGENCY, {"instance_id": instance_id})])
        if not context:
            return StepSurroundings(instance=None, task=None, directive=None, agency_name="", pending=[],
                                    open_reports=[])
        instance, task, directive, agency_name = self.instances.context_from_row(context[0])
        if state:
            self.instances.keep_state_read(state[0])
        if users:
            self.users.remember_agency(instance.agency_code, users)
        return StepSurroundings(instance=instance, task=task, directive=directive, agency_name=agency_name,
                                pending=[self._record(r) for r in pending], open_reports=[])

    def record_completion(self, done: CompletedStep) -> None:
        """Record who completed a step (queued); a second completion of the same step
        (another transaction got there first) surfaces as StaleInstance when it is sent."""
        self.fast.queue(INSERT_COMPLETED, dict(
            id=done.id, instance_id=done.instance_id, name=done.name, form=done.form,
            completed_by=done.completed_by, completed_by_name=done.completed_by_name,
            agency_code=done.agency_code, completed_at=done.completed_at), on_clash=StaleInstance(done.instance_id))

    def _completed(self, row: CompletedStepRow) -> CompletedStep:
        return CompletedStep(id=row.id, instance_id=row.instance_id, name=row.name, form=row.form,
                             completed_by=row.completed_by, completed_by_name=row.completed_by_name,
                             agency_code=row.agency_code, completed_at=row.completed_at)

    def completion(self, step_id: str) -> CompletedStep | None:
        row = self.session.get(CompletedStepRow, step_id)
        return self._completed(row) if row else None

    def completions_of(self, instance_id: int) -> list[CompletedStep]:
        rows = self.session.scalars(select(CompletedStepRow).where(CompletedStepRow.instance_id == instance_id)
                                    .order_by(CompletedStepRow.completed_at))
        return [self._completed(r) for r in rows]
