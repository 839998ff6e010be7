"""Completing a step: check the actor may act, validate the form server-side, store
evidence, advance the workflow and write everything back in one transaction. A step
someone else completed first gives a conflict naming who and when."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from engine.domain.access import FORMS_WHILE_SUSPENDED, can_act_on_step
from engine.domain.calendar import local_date
from engine.domain.errors import Conflict, DomainError, Forbidden, NotFound
from engine.domain.input_limits import plausible_step_id, printable
from engine.domain.form_validation import FormContext, clean
from engine.domain.formatting import fmt_moment
from engine.domain.forms import FORMS
from engine.domain.records import CompletedStep, EvidenceFile, PendingStep, StepSurroundings
from engine.domain.status import CLOSED_PHASES
from engine.domain.users import User
from engine.files.evidence_kinds import FileKind, check_evidence
from engine.ports import StaleInstance, UnitOfWork
from engine.usecases.context import Services
from engine.usecases.instances import Change, snapshot, write_back
from engine.usecases.notify import Subject
from engine.usecases.submissions import record_submission

MAX_ATTEMPTS = 5


@dataclass
class Upload:
    filename: str
    content_type: str
    data: bytes


@dataclass
class StepOutcome:
    instance_id: int
    step_id: str
    phase: str
    new_steps: list[str] = field(default_factory=list)


def already_completed(uow: UnitOfWork, step_id: str) -> DomainError:
    done = uow.steps.completion(step_id)
    if done is None:
        return NotFound("step.not_found", step=step_id)
    return Conflict("step.already_completed", who=f"{done.completed_by_name} ({done.completed_by})",
                    when=fmt_moment(done.completed_at))


def form_context(uow: UnitOfWork, instance, task, today: date, form=None) -> FormContext:
    """What the form's checks need; only what ``form`` uses is read (all when None)."""
    kinds = {f.kind for f in form.fields} if form else {"officer", "multichoice"}
    officers, coordinating, agency_name = {}, {}, instance.agency_code
    if "officer" in kinds:
        officers = {u.login: u.name for u in uow.users.with_role(instance.agency_code, "officer")}
        agency = uow.agencies.by_code(instance.agency_code)
        agency_name = agency.name if agency else instance.agency_code
    if "multichoice" in kinds:
        for code in task.coordinating:
            agency = uow.agencies.by_code(code)
            if agency and code != instance.agency_code:
                coordinating[code] = agency.name
    return FormContext(officers=officers, coordinating=coordinating, due_date=instance.due_date,
                       agency_name=agency_name, today=today)


def load_step(uow: UnitOfWork, actor: User, step_id: str) -> PendingStep:
    """The pending step ``step_id`` if ``actor`` may act on it."""
    return _allowed(uow, actor, step_id, uow.steps.pending(step_id))


def load_step_surroundings(uow: UnitOfWork, actor: User, step_id: str) -> tuple[PendingStep, StepSurroundings]:
    """Like ``load_step``, with what completing it needs (see StepSurroundings)."""
    around = uow.steps.surroundings(step_id)
    return _allowed(uow, actor, step_id, around.step(step_id)), around


def _allowed(uow: UnitOfWork, actor: User, step_id: str, step: PendingStep | None) -> PendingStep:
    if step is None:
        raise already_completed(uow, step_id)
    if not can_act_on_step(actor, step):
        raise Forbidden("step.forbidden")
    return step


def _checked_uploads(services: Services, uploads: list[Upload]) -> list[tuple[Upload, FileKind, str]]:
    """Every upload with its kind and the name to keep, all checked before any is
    stored: not empty, not too large, an accepted kind by its content."""
    checked = []
    for upload in uploads:
        if not upload.data:
            raise DomainError("evidence.empty", name=upload.filename)
        if len(upload.data) > services.evidence_max_bytes:
            raise DomainError("evidence.too_large", name=upload.filename, size=len(upload.data),
                              max=services.evidence_max_bytes)
        kind, filename = check_evidence(upload.filename[:300], upload.data)   # never the declared type
        checked.append((upload, kind, filename[:300]))
    return checked


def _store_uploads(services: Services, uow: UnitOfWork, actor: User, instance_id: int,
                   uploads: list[Upload], now) -> list[dict]:
    stored = []
    for upload, kind, filename in _checked_uploads(services, uploads):
        sha = services.blobs.put(upload.data)
        uow.evidence.add(EvidenceFile(sha256=sha, filename=filename, size=len(upload.data),
                                      content_type=kind.content_type, uploaded_by=actor.login, uploaded_at=now,
                                      instance_id=instance_id))
        stored.append({"sha256": sha, "filename": filename, "size": len(upload.data),
                       "content_type": kind.content_type})
    return stored


def complete_step(services: Services, actor: User, step_id: str, values: dict,
                  uploads: list[Upload] | None = None, lang: str = "vi") -> StepOutcome:
    if not plausible_step_id(step_id):
        raise NotFound("step.not_found", step=printable(step_id))
    for _ in range(MAX_ATTEMPTS):
        try:
            return _complete_once(services, actor, step_id, values, uploads or [], lang)
        except StaleInstance:
            continue    # a timer sweep or another step moved the instance first: try again
    with services.uow(write=False) as uow:
        if uow.steps.pending(step_id) is None:
            raise already_completed(uow, step_id)
    raise Conflict("step.changed")


def _complete_once(services: Services, actor: User, step_id: str, values: dict,
                   uploads: list[Upload], lang: str) -> StepOutcome:
    now = services.clock.now()
    with services.uow() as uow:
        services.refresh_calendar(uow)
        step, around = load_step_surroundings(uow, actor, step_id)
        instance, previous = around.instance, around.pending
        subject = Subject(instance=instance, task=around.task, directive=around.directive,
                          agency_name=around.agency_name, base_url=services.base_url)
        if instance.phase in CLOSED_PHASES:
            raise DomainError("step.closed")
        if instance.phase == "suspended" and step.form not in FORMS_WHILE_SUSPENDED:
            raise DomainError("step.suspended")
        form = FORMS[step.form]
        cleaned = clean(form, values, form_context(uow, instance, subject.task, local_date(now), form), lang)
        if uploads:
            cleaned["evidence"] = (cleaned.get("evidence") or []) + _store_uploads(
                services, uow, actor, instance.id, uploads, now)
        run = services.load_run(uow, instance)
        if not services.runtime.is_ready(run, step_id):
            raise StaleInstance(instance.id)     # the step list was read just before another commit
        before = snapshot(instance, previous)
        services.runtime.complete(run, step_id, cleaned)
        record_submission(uow, instance, run.case, step, cleaned, actor, now, around.open_reports)
        uow.steps.record_completion(CompletedStep(
            id=step_id, instance_id=instance.id, name=step.name, form=step.form, completed_by=actor.login,
            completed_by_name=actor.name, agency_code=actor.agency_code, completed_at=now))
        details = {"step": step.name, "form": step.form, "values": _audit_values(cleaned)}
        steps = write_back(uow, services.runtime, run, instance, subject,
                           Change(actor, "step.completed", step_id, details, cleaned.get("comment")),
                           now, before, previous=previous)
        uow.commit()
        services.keep_run(instance, run)
        return StepOutcome(instance.id, step_id, instance.phase, [s.name for s in steps])


def _audit_values(values: dict) -> dict:
    return {k: v for k, v in values.items() if v not in (None, "", [])}
