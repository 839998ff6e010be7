"""Audit rows as entries, and the audit search: rows matching the filters, newest first, one page at a time cut
by id (keyset paging: a page costs the same on the first page and the millionth).
Each filter has an index ending with the id (migration 0003), so the database walks
the newest matching rows of the most selective one and stops after a page."""
from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.domain.records import AuditEntry
from engine.ports import AuditQuery
from persistence.models import AgencyRow, AuditRow, InstanceRow


def audit_entry(row: AuditRow, parse: bool = True) -> AuditEntry:
    """The entry a row holds (``parse``: its before/after JSON read too)."""
    return AuditEntry(
        at=row.at, actor_login=row.actor_login, actor_name=row.actor_name, agency_code=row.agency_code,
        action=row.action, instance_id=row.instance_id, task_id=row.task_id, directive_id=row.directive_id,
        step_id=row.step_id,
        before=json.loads(row.before_json) if parse and row.before_json else None,
        after=json.loads(row.after_json) if parse and row.after_json else None,
        prev_hash=row.prev_hash, hash=row.hash, id=row.id, seq=row.seq)


def search_audit(session: Session, query: AuditQuery) -> list[AuditEntry]:
    stmt = select(AuditRow)
    if query.actor:
        stmt = stmt.where(AuditRow.actor_login == query.actor)
    if query.agency:
        stmt = stmt.where(AuditRow.agency_code == query.agency)
    if query.lead_agency:
        led = (select(InstanceRow.id).join(AgencyRow, AgencyRow.id == InstanceRow.agency_id)
               .where(AgencyRow.code == query.lead_agency))
        stmt = stmt.where(AuditRow.instance_id.in_(led.scalar_subquery()))
    if query.directive_id:
        stmt = stmt.where(AuditRow.directive_id == query.directive_id)
    if query.instance_id:
        stmt = stmt.where(AuditRow.instance_id == query.instance_id)
    if query.action:
        stmt = stmt.where(AuditRow.action == query.action)
    if query.since:
        stmt = stmt.where(AuditRow.at >= query.since)
    if query.until:
        stmt = stmt.where(AuditRow.at < query.until)
    if query.after_id:         # the page of rows just newer than after_id: read upwards, then turn round
        stmt = stmt.where(AuditRow.id > query.after_id).order_by(AuditRow.id.asc())
        return [audit_entry(r) for r in reversed(session.scalars(stmt.limit(query.limit)).all())]
    if query.before_id:
        stmt = stmt.where(AuditRow.id < query.before_id)
    return [audit_entry(r) for r in session.scalars(stmt.order_by(AuditRow.id.desc()).limit(query.limit))]
