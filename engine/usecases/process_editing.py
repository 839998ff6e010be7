"""A process owner editing a diagram in the browser: what the editor opens (their own
draft, else the version in force), the draft kept as they go (each save checked by
content and written over the one before; a file they upload becomes their draft the
same way), the server's verdict on the diagram — the checks deployment runs, each
problem naming its element — and discarding the draft. Deployment itself is
engine/usecases/process_deploy.py."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from engine.bpmn.definitions import sha256_of
from engine.bpmn.diagram_document import read_diagram
from engine.bpmn.diagram_problems import Problem, check_for_editor
from engine.domain.errors import DomainError, NotFound
from engine.domain.records import DiagramDraft, ProcessVersion
from engine.domain.users import User
from engine.usecases.context import Services
from engine.usecases.process_catalog import require_editor


@dataclass(frozen=True)
class EditorDocument:
    """What the editor opens for ``key``."""

    key: str
    xml: str
    sha256: str
    in_force_id: int
    in_force_version: int
    base_version_id: int | None       # the version the draft started from (the one in force when none)
    base_version: int | None
    draft_saved_at: datetime | None   # None: no draft, the version in force is shown

    @property
    def from_draft(self) -> bool:
        return self.draft_saved_at is not None

    @property
    def base_moved_on(self) -> bool:
        """A newer version was deployed since the draft was started."""
        return self.base_version_id is not None and self.base_version_id != self.in_force_id


def in_force(uow, key: str) -> ProcessVersion:
    stored = uow.processes.latest(key)
    if stored is None:
        raise NotFound("process.not_found", process=key)
    return stored


def open_editor(services: Services, actor: User, key: str) -> EditorDocument:
    require_editor(actor)
    with services.uow(write=False) as uow:
        current = in_force(uow, key)
        draft = uow.drafts.get(key, actor.login)
        base = uow.processes.get(draft.base_version_id) if draft and draft.base_version_id else None
    if draft is None:
        return EditorDocument(key, current.xml, current.sha256, current.id, current.version, current.id,
                              current.version, None)
    return EditorDocument(key, draft.xml, draft.sha256, current.id, current.version, draft.base_version_id,
                          base.version if base else None, draft.updated_at)


def save_draft(services: Services, actor: User, key: str, data: bytes | str,
               base_version_id: int | None = None) -> DiagramDraft:
    """Keep ``data`` as the actor's draft of ``key`` once it reads as a BPMN document;
    ``base_version_id`` is the version the edit started from (default: the draft's
    own, else the version in force). Refused with DomainError, nothing kept, when it
    is not a diagram."""
    require_editor(actor)
    xml = read_diagram(data)
    now = services.clock.now()
    with services.uow() as uow:
        current = in_force(uow, key)
        previous = uow.drafts.get(key, actor.login)
        base = _base_version(uow, key, base_version_id, previous, current)
        draft = DiagramDraft(key=key, owner_login=actor.login, xml=xml, sha256=sha256_of(xml),
                             base_version_id=base, updated_at=now)
        uow.drafts.save(draft)
        uow.commit()
        return draft


def _base_version(uow, key: str, asked: int | None, previous: DiagramDraft | None, current: ProcessVersion) -> int:
    if asked is not None:
        stored = uow.processes.get(asked)
        if stored is None or stored.key != key:
            raise DomainError("draft.bad_base", process=key)
        return stored.id
    if previous is not None and previous.base_version_id is not None:
        return previous.base_version_id
    return current.id


def discard_draft(services: Services, actor: User, key: str) -> bool:
    """Drop the actor's draft of ``key``; False when there was none."""
    require_editor(actor)
    with services.uow() as uow:
        in_force(uow, key)
        dropped = uow.drafts.delete(key, actor.login)
        uow.commit()
        return dropped


def check_diagram(services: Services, actor: User, key: str, data: bytes | str) -> list[Problem]:
    """What stops ``data`` from being deployed as ``key`` ([] when nothing does)."""
    require_editor(actor)
    with services.uow(write=False) as uow:
        in_force(uow, key)
    try:
        xml = read_diagram(data)
    except DomainError as err:
        return [Problem(err.key, dict(err.params), None, None, err.params.get("line"))]
    return check_for_editor(xml, key)[1]
