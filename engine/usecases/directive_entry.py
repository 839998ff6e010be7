"""Entering a directive by hand or from an extraction review: the choices the forms
offer, the check shown before launch (every error and "6 rõ" gap, per task, with the
agencies each task will be assigned to), the launch itself through import_directive,
and reading an uploaded file into an extraction proposal. Only monitors and
administrators enter directives."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from marshmallow import ValidationError

from engine.domain.deadlines import Deadline
from engine.domain.directive_entry import (IssueTotals, NameResolver, Normalized, normalize, parse_issue_date,
                                           unusable_deadline)
from engine.domain.errors import DomainError, Forbidden
from engine.domain.users import User
from engine.messages import render
from engine.schemas.directive_import import DirectiveImportSchema, flatten_errors
from engine.usecases.context import Services
from engine.files.document_bounds import check_directive_file
from engine.usecases.directive_files import read_directive_bytes
from engine.usecases.directives import DEFAULT_PROCESS, ImportResult, import_directive, plan_tasks

ENTRY_ROLES = ("monitor", "admin")


def may_enter(actor: User) -> bool:
    return actor.active and actor.has(*ENTRY_ROLES)


def _require(actor: User) -> None:
    if not may_enter(actor):
        raise Forbidden("directive.entry_forbidden")


def _matcher(registry):
    from engine.extraction import AgencyMatcher

    return AgencyMatcher(registry)


def _phrase_parser():
    from engine.extraction import parse_deadline_phrase

    return parse_deadline_phrase


@dataclass
class AgencyChoice:
    name: str           # canonical name or group token, what the payload carries
    label: str          # how it reads
    kind: str
    code: str


@dataclass
class TaskPlan:
    ref: str
    errors: list[DomainError]
    gaps: list[DomainError]
    lead_labels: list[str] = field(default_factory=list)
    assignments: int = 0
    due_day: date | None = None


@dataclass
class DirectiveCheck(IssueTotals):
    payload: dict
    errors: list[DomainError]
    gaps: list[DomainError]
    tasks: list[TaskPlan]
    warnings: list[str]
    monitor_label: str = ""
    authority_label: str = ""
    choices: list[AgencyChoice] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.all_errors

    @property
    def rows(self) -> list[tuple[dict, TaskPlan]]:
        """Each checked task with its plan."""
        return list(zip(self.payload["tasks"], self.tasks))


class EntryRefused(DomainError):
    """The launch was refused; ``check`` says everything that is wrong or missing."""

    def __init__(self, error: DomainError, check: "DirectiveCheck"):
        super().__init__(error.key, **error.params)
        self.http_status = error.http_status
        self.check = check


class LaunchRefused(DomainError):
    """The launch was refused for ``errors``, each named in the reader's language."""

    def __init__(self, errors: list[DomainError]):
        super().__init__("entry.has_errors")
        self.errors = errors

    def message(self, lang: str = "vi") -> str:
        return render("entry.has_errors", lang, detail="; ".join(e.message(lang) for e in self.errors))


def _choices(registry) -> list[AgencyChoice]:
    resolver = NameResolver(registry)
    choices = [AgencyChoice(a.name, resolver.display(a.name), a.kind, a.code) for a in registry]
    return sorted(choices, key=lambda c: (c.kind != "group", c.label))


def entry_choices(services: Services, actor: User) -> list[AgencyChoice]:
    """Agencies and groups a directive may name, groups first."""
    _require(actor)
    with services.uow(write=False) as uow:
        return _choices(services.registry(uow))


def _plan(services: Services, uow, normalized: Normalized, registry, resolver: NameResolver) -> DirectiveCheck:
    payload = normalized.payload
    check = DirectiveCheck(payload, list(normalized.errors), list(normalized.gaps), [], [])
    try:
        DirectiveImportSchema().load(payload)
    except ValidationError as exc:
        check.errors.append(DomainError("import.invalid", detail="; ".join(flatten_errors(exc.messages))))
    document = payload["document"]
    check.monitor_label = resolver.display(document.get("monitor") or services.defaults.get("monitor", ""))
    check.authority_label = resolver.display(document.get("authority") or services.defaults.get("authority", ""))
    iso = document.get("date")
    day = date.fromisoformat(iso if len(iso) == 10 else f"{iso}-01") if iso else None
    calendar = services.runtime.rules(services.processes.latest(uow, DEFAULT_PROCESS)).calendar
    if day and uow.directives.find(document.get("number"), day, document.get("title") or ""):
        check.errors.append(DomainError("import.duplicate", number=document.get("number") or "—",
                                        date=day.strftime("%d/%m/%Y")))
    for task, issues in zip(payload["tasks"], normalized.tasks):
        plan = TaskPlan(issues.ref, list(issues.errors), list(issues.gaps),
                        [resolver.display(n) for n in task["lead"]])
        if not plan.errors and day:
            try:
                planned = plan_tasks(registry, [task], day, check.warnings)[0]
                plan.assignments = len(planned.agencies)
                plan.due_day = Deadline.from_dict(task["deadline"]).due_day(calendar)
            except DomainError as err:
                plan.errors.append(err)
        check.tasks.append(plan)
    return check


def check_directive(services: Services, actor: User, entry: dict) -> DirectiveCheck:
    """Everything wrong or missing in ``entry``, without storing anything."""
    _require(actor)
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        registry = services.registry(uow)
        resolver = NameResolver(registry, _matcher)
        normalized = normalize(entry, resolver, services.defaults, _phrase_parser())
        check = _plan(services, uow, normalized, registry, resolver)
        check.choices = _choices(registry)
        return check


def enter_directive(services: Services, actor: User, entry: dict, *, acknowledge_gaps: bool = False,
                    body: str = "", source_name: str | None = None, lang: str = "vi") -> ImportResult:
    """Launch ``entry``: refused while it has errors, or gaps nobody acknowledged;
    import_directive validates again and stores all or nothing. A refusal is an
    EntryRefused carrying the check, for the form to show again."""
    check = check_directive(services, actor, entry)
    if not check.ok:
        raise EntryRefused(DomainError("entry.has_errors",
                                       detail="; ".join(e.message(lang) for e in check.all_errors)), check)
    if check.all_gaps and not acknowledge_gaps:
        raise EntryRefused(DomainError("entry.gaps_unacknowledged"), check)
    try:
        return import_directive(services, actor, check.payload, body=body, source_name=source_name, lang=lang)
    except DomainError as err:
        raise EntryRefused(err, check) from None


def issue_day(raw) -> date | None:
    """The day a caller gives for a directive whose text leaves it out («2025-05-23» or
    «23/5/2025»); a month or anything else is refused."""
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    iso, error = parse_issue_date(raw)
    if error is not None or len(iso) != 10:
        raise error or DomainError("entry.bad_date", value=str(raw))
    return date.fromisoformat(iso)


def import_payload(services: Services, actor: User, payload: dict, *, issued_on=None, body: str = "",
                   source_name: str | None = None, lang: str = "vi") -> ImportResult:
    """An annotation payload (e.g. from the REST API), by someone who may enter directives;
    ``issued_on`` gives the day a payload printing only a month, a year or nothing lacks."""
    _require(actor)
    return import_directive(services, actor, payload, issued_on=issue_day(issued_on), body=body,
                            source_name=source_name, lang=lang)


def import_extracted(services: Services, actor: User, proposal: dict, *, issued_on: date | None = None,
                     body: str = "", source_name: str | None = None, lang: str = "vi") -> ImportResult:
    """An extraction proposal launched as it stands (``chidao directive import FILE.txt``).
    The extraction leaves a deadline it cannot use as "no deadline" and only notes it
    among its problems: here that stops the launch, naming each task, line and phrase."""
    raw = issued_on.isoformat() if issued_on else (proposal.get("document") or {}).get("date") or ""
    year = int(raw[:4]) if raw[:4].isdigit() else None
    errors = [error for task in proposal.get("tasks") or []
              if (error := unusable_deadline(task, year, _phrase_parser())) is not None]
    if errors:
        raise LaunchRefused(errors)
    return import_directive(services, actor, proposal, issued_on=issued_on, body=body, source_name=source_name,
                            lang=lang)


@dataclass
class Extraction:
    text: str
    proposal: dict
    lines: list[dict] = field(default_factory=list)    # per text line: its page (and OCR box)
    notes: list[str] = field(default_factory=list)     # what the reader set apart (footnotes …)


@dataclass
class UploadOutcome:
    """A file read at once (``extraction``), or a scan left to read in the background
    (``job_id``: follow its progress, then review it)."""
    extraction: Extraction | None = None
    job_id: str | None = None


def _upload_name(filename: str) -> str:
    return (Path(filename or "").name or "van-ban")[-200:]


def extraction_of(document, proposal: dict) -> Extraction:
    """What the review needs of a read document and its proposal."""
    return Extraction(document.text, proposal, document.line_map(), [n.text for n in document.notes])


def extract_upload(services: Services, actor: User, filename: str, data: bytes) -> Extraction:
    """An uploaded directive file → its text and the extractor's proposal, read here
    and now (OCR included). A file that cannot be read (a .doc, a broken PDF) gives a
    clear error."""
    from engine.extraction import ExtractionError, extract_document

    _require(actor)
    name = _upload_name(filename)
    try:
        document = read_directive_bytes(data, name)
    except ExtractionError as err:
        raise DomainError("extraction.unreadable", detail=str(err)) from None
    with services.uow(write=False) as uow:
        registry = services.registry(uow)
    return extraction_of(document, extract_document(document, registry, source=name))


def receive_upload(services: Services, actor: User, filename: str, data: bytes) -> UploadOutcome:
    """An uploaded directive file: read at once when it has text, else (a scan, a
    picture of a page) stored as a background job that OCRs it."""
    from engine.extraction.reading import needs_ocr
    from engine.usecases.extraction_jobs import start_job

    _require(actor)
    name = _upload_name(filename)
    if needs_ocr(data, name):
        check_directive_file(name, data)    # refused now, not after the upload waited for a worker
        return UploadOutcome(job_id=start_job(services, actor, name, data).id)
    return UploadOutcome(extraction=extract_upload(services, actor, name, data))
