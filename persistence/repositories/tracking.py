"""Instances: their state (compressed, persistence/state_blob.py), the projected columns lists and inboxes read,
optimistic locking and timer claims. Pending steps live in repositories/steps.py,
reports and evidence in repositories/reports.py."""
from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import bindparam, func, literal_column, select, update
from sqlalchemy.orm import Session

from engine.domain.records import Instance
from engine.ports import StaleInstance
from persistence.fast_sql import FastSql, Statement
from persistence.models import AgencyRow, DirectiveRow, InstanceRow, PendingStepRow, TaskRow
from persistence.repositories.directives import directive_from_row, task_from_row
from persistence.repositories.facts import FactsHistory
from persistence.repositories.people import AgencyIds
from persistence.state_blob import pack_state, unpack_state

_PROJECTED = ("next_timer_at", "phase", "deadline_kind", "due_date", "original_due_date", "officer_login",
              "submitted_at", "due_at_submission", "closed_at", "completed_on_time", "outcome", "escalation", "percent",
              "submitted_on_time", "accept_due", "suspended_at")


def _context_columns():
    instance = [c for c in InstanceRow.__table__.c if c.name != "state"]
    return instance, list(TaskRow.__table__.c), list(DirectiveRow.__table__.c)


def _with_context(instance_id):
    instance, task, directive = _context_columns()
    tables = InstanceRow.__table__, TaskRow.__table__, DirectiveRow.__table__, AgencyRow.__table__
    return (select(*instance, *task, *directive, tables[3].c.name)
            .join(tables[1], tables[1].c.id == tables[0].c.task_id)
            .join(tables[2], tables[2].c.id == tables[1].c.directive_id)
            .join(tables[3], tables[3].c.id == tables[0].c.agency_id)
            .where(tables[0].c.id == instance_id))


def _instance_of_step():
    steps = PendingStepRow.__table__
    return select(steps.c.instance_id).where(steps.c.id == bindparam("step_id")).scalar_subquery()


WITH_CONTEXT = Statement(lambda: _with_context(bindparam("instance_id")))
WITH_CONTEXT_OF_STEP = Statement(lambda: _with_context(_instance_of_step()))
STATE_OF = Statement(lambda: select(InstanceRow.__table__.c.state)
                     .where(InstanceRow.__table__.c.id == bindparam("instance_id"),
                            InstanceRow.__table__.c.version == bindparam("version")))
# the state beside the step's context: read with it so that a step whose workflow is not in
# this process's memory (most steps, with several workers) needs no round trip more for it
STATE_OF_STEP = Statement(lambda: select(InstanceRow.__table__.c.id, InstanceRow.__table__.c.version,
                                         InstanceRow.__table__.c.state)
                          .where(InstanceRow.__table__.c.id == _instance_of_step()))
STATE_BY_ID = Statement(lambda: select(InstanceRow.__table__.c.id, InstanceRow.__table__.c.version,
                                       InstanceRow.__table__.c.state)
                        .where(InstanceRow.__table__.c.id == bindparam("instance_id")))


def _claim(locked: bool):
    table = InstanceRow.__table__
    query = (select(table.c.id).where(table.c.next_timer_at <= bindparam("now", type_=table.c.next_timer_at.type))
             .order_by(table.c.next_timer_at, table.c.id).limit(1))
    return query.with_for_update(skip_locked=True) if locked else query


# the next due instance, when the sweep excludes none: one statement compiled once
CLAIM_NEXT_LOCKED = Statement(lambda: _claim(True))
CLAIM_NEXT = Statement(lambda: _claim(False))
_SAVED = ("state", "version", "updated_at", "agency_id", "process_version_id") + _PROJECTED
DIVISION_BY_ZERO = "22012"


def _save():
    return (update(InstanceRow.__table__)
            .where(InstanceRow.__table__.c.id == bindparam("instance_id"),
                   InstanceRow.__table__.c.version == bindparam("expected_version"))
            .values(**{name: bindparam(f"new_{name}") for name in _SAVED}))


def _save_or_fail():
    """PostgreSQL: the UPDATE in a CTE, then 1 / (rows it changed): a version that moved
    fails the statement itself (division by zero), so a COMMIT sent behind it in the
    same pipeline never runs."""
    changed = _save().returning(InstanceRow.__table__.c.id).cte("changed")
    return select((literal_column("1") / func.count()).label("saved")).select_from(changed)


SAVE = Statement(_save)
SAVE_OR_FAIL = Statement(_save_or_fail)


class SqlInstances:
    def __init__(self, session: Session, ids: AgencyIds, dialect: str, fast: FastSql):
        self.session, self.ids, self.dialect, self.fast = session, ids, dialect, fast
        self.facts = FactsHistory(session, fast)
        self._read_ahead: dict[int, tuple[int, bytes]] = {}     # at most the one instance of a step

    def keep_state_read(self, row) -> None:
        """Keep a (id, version, packed state) row read ahead for ``state_of`` (once)."""
        self._read_ahead = {row[0]: (row[1], row[2])}

    def _record(self, row, state: str | None = None) -> Instance:
        values = {name: getattr(row, name) for name in _PROJECTED}
        if state is None and getattr(row, "state", None) is not None:
            state = unpack_state(row.state)
        record = Instance(task_id=row.task_id, agency_code=self.ids.code_of(row.agency_id),
                          process_version_id=row.process_version_id, state=state,
                          version=row.version, created_at=row.created_at, updated_at=row.updated_at,
                          id=row.id, **values)
        self.facts.loaded(record, row.agency_id)
        return record

    def add(self, instance: Instance) -> Instance:
        row = InstanceRow(task_id=instance.task_id, agency_id=self.ids.id_of(instance.agency_code),
                          process_version_id=instance.process_version_id, state=pack_state(instance.state),
                          version=0, created_at=instance.created_at, updated_at=instance.updated_at,
                          **{name: getattr(instance, name) for name in _PROJECTED})
        self.session.add(row)
        self.session.flush()
        instance.id, instance.version = row.id, 0
        self.facts.record_if_changed(instance, row.agency_id)
        return instance

    def with_context(self, instance_id: int):
        """(instance, its task, its directive, its agency's name) in one statement. The
        state is left out (``state`` None): ``state_of`` reads it when it is needed."""
        found = self.fast.first(WITH_CONTEXT, instance_id=instance_id)
        return self.context_from_row(found) if found is not None else None

    def context_from_row(self, found: tuple):
        """(instance, task, directive, agency name) from a row of WITH_CONTEXT(_OF_STEP)."""
        instance, task, directive = (SimpleNamespace(**{c.name: v for c, v in zip(columns, part)})
                                     for columns, part in _split(_context_columns(), found))
        return self._record(instance), task_from_row(task), directive_from_row(directive), found[-1]

    def state_of(self, instance_id: int, version: int) -> str:
        """The state saved as ``version``; StaleInstance if the instance has moved on
        since it was read (each statement reads what is committed when it starts).
        A state read ahead of that version is used instead of a new read."""
        ahead = self._read_ahead.pop(instance_id, None)
        if ahead is not None and ahead[0] == version:
            return unpack_state(ahead[1])
        found = self.fast.first(STATE_OF, instance_id=instance_id, version=version)
        if found is None:
            raise StaleInstance(instance_id)
        return unpack_state(found[0])

    def get(self, instance_id: int) -> Instance | None:
        row = self.session.get(InstanceRow, instance_id)
        return self._record(row) if row else None

    def save(self, instance: Instance, expected_version: int) -> None:
        """Queue the instance's new state; StaleInstance is raised when it is sent if
        another transaction saved it first (the version no longer matches)."""
        values = {f"new_{name}": getattr(instance, name) for name in _PROJECTED}
        values.update(new_state=pack_state(instance.state), new_version=expected_version + 1,
                      new_updated_at=instance.updated_at, new_agency_id=self.ids.id_of(instance.agency_code),
                      new_process_version_id=instance.process_version_id,
                      instance_id=instance.id, expected_version=expected_version)
        if self.dialect == "postgresql":
            self.fast.queue(SAVE_OR_FAIL, values, on_clash=StaleInstance(instance.id), fails_as=DIVISION_BY_ZERO)
        else:
            self.fast.queue(SAVE, values, expect_rows=1, on_clash=StaleInstance(instance.id))
        self.facts.record_if_changed(instance, values["new_agency_id"])
        instance.version = expected_version + 1

    def claim_due(self, now: datetime, limit: int, exclude: set[int] | frozenset = frozenset()) -> list[int]:
        if limit == 1 and not exclude:     # what a sweep asks for nearly every time
            found = self.fast.first(CLAIM_NEXT_LOCKED if self.dialect == "postgresql" else CLAIM_NEXT, now=now)
            return [found[0]] if found else []
        query = (select(InstanceRow.id).where(InstanceRow.next_timer_at <= now)
                 .order_by(InstanceRow.next_timer_at, InstanceRow.id).limit(limit))
        if exclude:
            query = query.where(InstanceRow.id.not_in(list(exclude)))
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return list(self.session.scalars(query))

    def of_task(self, task_id: int) -> list[Instance]:
        rows = self.session.scalars(select(InstanceRow).where(InstanceRow.task_id == task_id).order_by(InstanceRow.id))
        return [self._record(r) for r in rows]

    def of_agency(self, agency_code: str, open_only: bool = True) -> list[Instance]:
        query = select(InstanceRow).where(InstanceRow.agency_id == self.ids.id_of(agency_code))
        if open_only:
            query = query.where(InstanceRow.closed_at.is_(None))
        return [self._record(r) for r in self.session.scalars(query.order_by(InstanceRow.id))]

    def ids_on_version(self, version_id: int, *, directive_id: int | None = None, agency_code: str | None = None,
                       phases=(), open_only: bool = True) -> list[int]:
        query = select(InstanceRow.id).where(InstanceRow.process_version_id == version_id)
        if directive_id is not None:
            query = query.join(TaskRow, TaskRow.id == InstanceRow.task_id).where(TaskRow.directive_id == directive_id)
        if agency_code is not None:
            query = query.where(InstanceRow.agency_id == self.ids.id_of(agency_code))
        if phases:
            query = query.where(InstanceRow.phase.in_(list(phases)))
        if open_only:
            query = query.where(InstanceRow.closed_at.is_(None))
        return list(self.session.scalars(query.order_by(InstanceRow.id)))

    def count_by_version(self) -> dict[int, dict[str, int]]:
        rows = self.session.execute(select(InstanceRow.process_version_id, InstanceRow.phase, func.count())
                                    .group_by(InstanceRow.process_version_id, InstanceRow.phase))
        counts: dict[int, dict[str, int]] = {}
        for version_id, phase, count in rows:
            counts.setdefault(version_id, {})[phase] = count
        return counts




def _split(groups, row: tuple):
    start = 0
    for columns in groups:
        yield columns, row[start:start + len(columns)]
        start += len(columns)
