"""Deploying a process owner's draft as a new version: first the review — what the
draft changes against the version in force, element by element, and whether the
deployment checks let it through — then the deployment itself, with the change note
the owner must write, in one transaction: the new version, its audit row, the draft
gone. A diagram the checks refuse is refused with the element and the reason, and
nothing is stored."""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.bpmn.diagram_diff import DiagramDiff, diff_diagrams
from engine.bpmn.diagram_problems import DiagramRefused, Problem, check_for_editor
from engine.domain.errors import Conflict, DomainError, NotFound
from engine.domain.records import DiagramDraft, ProcessVersion
from engine.domain.users import User
from engine.usecases.context import Services
from engine.usecases.process_catalog import require_editor
from engine.usecases.process_editing import in_force
from engine.usecases.setup import Deployment, store_version

MAX_NOTE_CHARS = 2000


@dataclass
class DeployReview:
    key: str
    draft: DiagramDraft
    in_force: ProcessVersion
    base_version: int | None             # the version the draft was started from
    diff: DiagramDiff
    problems: list[Problem] = field(default_factory=list)

    @property
    def deployable(self) -> bool:
        return not self.problems and not self.diff.empty

    @property
    def base_moved_on(self) -> bool:
        return self.draft.base_version_id is not None and self.draft.base_version_id != self.in_force.id


def _draft_of(uow, actor: User, key: str) -> DiagramDraft:
    draft = uow.drafts.get(key, actor.login)
    if draft is None:
        raise NotFound("draft.none", process=key)
    return draft


def review_draft(services: Services, actor: User, key: str) -> DeployReview:
    """The actor's draft of ``key`` against the version in force, and its problems."""
    require_editor(actor)
    with services.uow(write=False) as uow:
        current = in_force(uow, key)
        draft = _draft_of(uow, actor, key)
        base = uow.processes.get(draft.base_version_id) if draft.base_version_id else None
    problems = check_for_editor(draft.xml, key)[1]
    diff = diff_diagrams(current.xml, draft.xml, key)
    return DeployReview(key, draft, current, base.version if base else None, diff, problems)


def clean_note(note: str | None) -> str:
    text = "\n".join(" ".join(line.split()) for line in (note or "").strip().splitlines()).strip()
    if not text:
        raise DomainError("process.note_required")
    if len(text) > MAX_NOTE_CHARS:
        raise DomainError("process.note_too_long", max=MAX_NOTE_CHARS)
    return text


def deploy_draft(services: Services, actor: User, key: str, note: str | None, reviewed_sha256: str) -> Deployment:
    """Deploy the actor's draft of ``key`` as its next version with ``note``; the draft
    must be the one reviewed (``reviewed_sha256``), else Conflict: it changed since."""
    require_editor(actor)
    text = clean_note(note)
    with services.uow(write=False) as uow:
        draft = _draft_of(uow, actor, key)
    if draft.sha256 != reviewed_sha256:
        raise Conflict("draft.changed")
    compiled, problems = check_for_editor(draft.xml, key)
    if problems:
        raise DiagramRefused(problems[0])
    now = services.clock.now()
    with services.uow() as uow:
        current = in_force(uow, key)
        if current.sha256 == compiled.sha256:
            raise DomainError("process.no_change", version=current.version)
        deployment = store_version(uow, actor, compiled, now, text)
        if not deployment.created:
            raise DomainError("process.same_as_version", version=deployment.version)
        still = uow.drafts.get(key, actor.login)
        if still is None or still.sha256 != draft.sha256:
            raise Conflict("draft.changed")
        uow.drafts.delete(key, actor.login)
        uow.commit()
        return deployment
