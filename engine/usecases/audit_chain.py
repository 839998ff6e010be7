"""Checking the audit chain (the CLI's ``audit verify`` and the audit page's button):
the whole log against its hashes, positions and signed checkpoint. The check reads
in one transaction; its result is then kept (when, by whom, what it found) in a
short one of its own, with an audit entry, so writers are never held up by a long
check and the log itself shows who checked it when."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from engine.domain.audit_chain import ChainProblem, ChainReport, Problem, check_chain
from engine.domain.errors import Forbidden
from engine.domain.records import AuditEntry
from engine.domain.users import User
from engine.usecases.context import Services

LAST_CHECK_MARKER = "audit_last_check"
AUDIT_READERS = ("auditor", "monitor", "admin")


@dataclass(frozen=True)
class LastCheck:
    at: datetime
    by: str
    checked: int
    intact: bool
    problems: int
    first: ChainProblem | None


def may_read_audit(actor: User) -> bool:
    return actor.active and actor.has(*AUDIT_READERS)


def verify_chain(services: Services, actor: User) -> ChainReport:
    """Check the whole chain and keep the result as the last check."""
    if not actor.has(*AUDIT_READERS):
        raise Forbidden("audit.forbidden")
    with services.uow(write=False) as uow:
        report = check_chain(uow.audit.rows_for_verification(), uow.audit.checkpoint(), services.audit_key)
    now = services.clock.now()
    first = report.first_broken
    record = {"at": now.isoformat(), "by": actor.login, "checked": report.checked, "intact": report.intact,
              "problems": len(report.problems),
              "first": None if first is None else {"kind": first.kind.value, "seq": first.seq,
                                                   "last": first.last_seq, "id": first.row_id}}
    with services.uow() as uow:
        uow.markers.put(LAST_CHECK_MARKER, json.dumps(record))
        uow.audit.append(AuditEntry(at=now, actor_login=actor.login, actor_name=actor.name,
                                    agency_code=actor.agency_code or "", action="audit.verified",
                                    after={k: v for k, v in record.items() if k not in ("at", "by")}))
        uow.commit()
    return report


def last_check(uow) -> LastCheck | None:
    raw = uow.markers.get(LAST_CHECK_MARKER)
    if not raw:
        return None
    try:
        data = json.loads(raw)
        first = data.get("first")
        return LastCheck(at=datetime.fromisoformat(data["at"]), by=data.get("by", ""), checked=int(data["checked"]),
                         intact=bool(data["intact"]), problems=int(data.get("problems", 0)),
                         first=None if not first else ChainProblem(Problem(first["kind"]), first.get("seq"),
                                                                   first.get("last"), first.get("id")))
    except (KeyError, ValueError, TypeError):
        return None
