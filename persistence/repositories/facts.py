"""The facts history (models/facts.py), written: SqlInstances records an instance's
facts when it is added and whenever a save changes them, queued with the save itself
so everything commits in the same transaction. Recording a row also closes the
instance's earlier rows (their ``valid_to``, so each row keeps "valid until the
earliest later row", whatever order the moments came in) and drops the month-end
counts kept for any month whose end the new row is valid before — normally none, as
rows are written at the moment they become valid. The reads are month_end_sql.py's."""
from __future__ import annotations

from sqlalchemy import bindparam, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from engine.domain.records import Instance
from persistence.fast_sql import FastSql, Statement
from persistence.models import InstanceFactsRow, MonthEndSnapshotRow, TaskRow

FACT_NAMES = ("process_version_id", "phase", "deadline_kind", "due_date", "accept_due", "completed_on_time",
              "submitted_on_time", "suspended_at")
F = InstanceFactsRow.__table__

RECORD = Statement(lambda: insert(F).values(
    instance_id=bindparam("instance_id"), valid_from=bindparam("since"), agency_id=bindparam("agency_id"),
    directive_id=select(TaskRow.__table__.c.directive_id)
    .where(TaskRow.__table__.c.id == bindparam("task_id")).scalar_subquery(),
    **{name: bindparam(name) for name in FACT_NAMES}))
CLOSE_EARLIER = Statement(lambda: update(F).where(
    F.c.instance_id == bindparam("instance_id"), or_(F.c.valid_to.is_(None), F.c.valid_to > bindparam("since")))
    .values(valid_to=bindparam("since")))
FORGET_KEPT = Statement(lambda: delete(MonthEndSnapshotRow.__table__).where(
    MonthEndSnapshotRow.__table__.c.moment >= bindparam("since", type_=MonthEndSnapshotRow.__table__.c.moment.type)))


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
        since = instance.updated_at
        self.fast.queue(CLOSE_EARLIER, {"instance_id": instance.id, "since": since})
        self.fast.queue(RECORD, {"instance_id": instance.id, "since": since, "agency_id": agency_id,
                                 "task_id": instance.task_id, **{name: getattr(instance, name) for name in FACT_NAMES}})
        self.fast.queue(FORGET_KEPT, {"since": since})
