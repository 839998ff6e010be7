"""The facts history (models/facts.py): SqlInstances records an instance's facts when
it is added and whenever a save changes them, queued with the save itself so both
commit in the same transaction; ``FactsHistory.as_of`` reads, for a moment, the facts
each instance had then."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from engine.domain.records import Instance
from persistence.fast_sql import FastSql, Statement
from persistence.models import AgencyRow, DirectiveRow, InstanceFactsRow, InstanceRow, TaskRow

FACT_NAMES = ("process_version_id", "phase", "deadline_kind", "due_date", "accept_due", "completed_on_time",
              "submitted_on_time", "suspended_at")
F = InstanceFactsRow

RECORD = Statement(lambda: insert(InstanceFactsRow.__table__).values(
    instance_id=bindparam("instance_id"), valid_from=bindparam("valid_from"), agency_id=bindparam("agency_id"),
    **{name: bindparam(name) for name in FACT_NAMES}))


def facts_key(instance: Instance, agency_id: int) -> tuple:
    return (agency_id, *(getattr(instance, name) for name in FACT_NAMES))


class FactsHistory:
    def __init__(self, session: Session, fast: FastSql):
        self.session, self.fast = session, fast
        self._known: dict[int, tuple] = {}      # instance id → the facts last read or written

    def loaded(self, instance: Instance, agency_id: int) -> None:
        self._known[instance.id] = facts_key(instance, agency_id)

    def record_if_changed(self, instance: Instance, agency_id: int) -> None:
        """Queue a facts row valid from the instance's ``updated_at`` when its facts differ
        from those it was read with (or it was not read in this unit of work)."""
        key = facts_key(instance, agency_id)
        if self._known.get(instance.id) == key:
            return
        self._known[instance.id] = key
        self.fast.queue(RECORD, {"instance_id": instance.id, "valid_from": instance.updated_at,
                                 "agency_id": agency_id, **{name: getattr(instance, name) for name in FACT_NAMES}})

    def as_of(self, moment: datetime, directive_id: int | None = None) -> list[dict]:
        """Each instance that existed at ``moment`` with the facts it had then (the last
        row valid from ``moment`` or earlier), its task, directive and agency."""
        latest = (select(F.instance_id, func.max(F.id).label("facts_id"))
                  .where(F.valid_from <= moment).group_by(F.instance_id).subquery())
        stmt = (select(F.instance_id, *[getattr(F, name) for name in FACT_NAMES],
                       AgencyRow.code.label("agency_code"), AgencyRow.name.label("agency_name"),
                       TaskRow.id.label("task_id"), TaskRow.ref.label("task_ref"), TaskRow.summary.label("task_summary"),
                       TaskRow.deadline_text,
                       DirectiveRow.id.label("directive_id"), DirectiveRow.number.label("directive_number"),
                       DirectiveRow.title.label("directive_title"),
                       DirectiveRow.monitor_agency, DirectiveRow.authority_agency)
                .join(latest, latest.c.facts_id == F.id)
                .join(AgencyRow, AgencyRow.id == F.agency_id)
                .join(InstanceRow, InstanceRow.id == F.instance_id)
                .join(TaskRow, TaskRow.id == InstanceRow.task_id)
                .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id))
        if directive_id is not None:
            stmt = stmt.where(DirectiveRow.id == directive_id)
        stmt = stmt.order_by(DirectiveRow.id, TaskRow.id, AgencyRow.name, F.instance_id)
        return [dict(r) for r in self.session.execute(stmt).mappings().all()]

