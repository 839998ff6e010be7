"""Importing a directive: validate it completely, store it with its tasks, and start
one lifecycle instance per task and lead agency (group addressees expanded to the
member agencies existing on the directive's date) — all or nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from marshmallow import ValidationError

from engine.bpmn.definitions import CompiledProcess
from engine.domain.agencies import GROUP_PREFIX, AgencyRegistry
from engine.domain.calendar import local_date
from engine.domain.deadlines import Deadline
from engine.domain.errors import DomainError
from engine.domain.input_limits import MAX_YEAR, MIN_YEAR, plausible_year
from engine.domain.records import AuditEntry, Directive, Instance, TaskDef
from engine.domain.users import User
from engine.messages import render
from engine.schemas.directive_import import DirectiveImportSchema, flatten_errors
from engine.usecases.context import Services
from engine.usecases.instances import Change, subject_of, write_back

DEFAULT_PROCESS = "directive_task"


@dataclass
class ImportResult:
    directive_id: int
    tasks: int
    instances: int
    warnings: list[str] = field(default_factory=list)


@dataclass
class _PlannedTask:
    task: TaskDef
    agencies: list[str]      # lead agency codes
    coordinating: list[str]  # agency codes


def _issue_day(document: dict, issued_on: date | None) -> tuple[date | None, str | None]:
    """The directive's date and, when only its month is printed, that month. The
    annotation may give a day, a month, a year or nothing; ``issued_on`` supplies the
    day the text leaves out and must agree with what it does print."""
    raw = document.get("date") or ""
    if issued_on:
        if raw and not issued_on.isoformat().startswith(raw):
            raise DomainError("import.issued_on_mismatch", issued_on=issued_on.strftime("%d/%m/%Y"), printed=raw)
        return issued_on, None
    if not raw:
        return None, None
    if len(raw) == 4:
        raise DomainError("import.year_only_date", year=raw)
    if len(raw) == 7:
        year, month = raw.split("-")
        try:
            return date(int(year), int(month), 1), raw
        except ValueError:
            raise DomainError("import.invalid", detail=f"document.date: «{raw}»") from None
    try:
        return date.fromisoformat(raw), None
    except ValueError:
        raise DomainError("deadline.impossible", kind="date", value=raw) from None


def _resolve(registry: AgencyRegistry, name: str, ref: str):
    agency = registry.lookup(name)
    if agency is None:
        raise DomainError("import.unknown_agency", ref=ref, name=name)
    return agency


def _existing(registry: AgencyRegistry, name: str, ref: str, day: date):
    """The agency ``name`` denotes, refused when it had ceased before ``day`` (the
    message names the agency that took over, when the registry records one)."""
    agency = _resolve(registry, name, ref)
    if agency.ceased_before(day):
        successor = registry.successor_of(agency)
        params = {"ref": ref, "name": agency.name, "until": agency.valid_to.strftime("%d/%m/%Y"),
                  "day": day.strftime("%d/%m/%Y")}
        if successor is not None:
            raise DomainError("import.ceased_agency", successor=successor.name, **params)
        raise DomainError("import.ceased_agency_no_successor", **params)
    return agency


def _next_members(registry: AgencyRegistry, group: str, day: date) -> list:
    """When no member of ``group`` exists yet on ``day`` (a directive addressing the
    communes before the 1/7/2025 reorganisation), the members that come into being
    next: the task is theirs."""
    starts = sorted({a.valid_from for a in registry.members(group) if a.valid_from and a.valid_from > day})
    return registry.members(group, starts[0]) if starts else []


def plan_tasks(registry: AgencyRegistry, tasks: list[dict], day: date,
               warnings: list[str] | None = None) -> list[_PlannedTask]:
    """Check every task and expand its addressees; the first problem raises."""
    warnings = warnings if warnings is not None else []
    planned = []
    for position, data in enumerate(tasks):
        ref = data["ref"]
        if not data["lead"]:
            raise DomainError("import.no_lead", ref=ref)
        leads: dict[str, str] = {}
        for name in data["lead"]:
            if name.startswith(GROUP_PREFIX):
                if registry.get(name) is None and not registry.members(name):
                    raise DomainError("import.unknown_agency", ref=ref, name=name)
                members = registry.members(name, day)
                if not members:
                    members = _next_members(registry, name, day)
                    if members:
                        warnings.append(render("import.future_members", group=name, ref=ref,
                                               day=members[0].valid_from.strftime("%d/%m/%Y")))
                if not members:
                    raise DomainError("import.no_member", ref=ref, group=name, day=day.strftime("%d/%m/%Y"))
                for member in members:
                    leads.setdefault(member.code, member.name)
            else:
                agency = _existing(registry, name, ref, day)
                leads.setdefault(agency.code, agency.name)
        coordinating = []
        for name in data["coordinating"]:
            code = _existing(registry, name, ref, day).code
            if code not in coordinating:
                coordinating.append(code)
        try:
            deadline = Deadline.from_dict(data["deadline"])
        except DomainError as err:
            raise DomainError("import.bad_deadline", ref=ref, detail=err.message()) from None
        task = TaskDef(ref=ref, summary=data["summary"], lead=list(data["lead"]), coordinating=coordinating,
                       deadline=deadline, product=data.get("product"), reporting=data.get("reporting"),
                       content=data.get("content"), note=data.get("note"), position=position,
                       coordinating_groups=list(data.get("coordinating_groups") or []))
        planned.append(_PlannedTask(task, list(leads), coordinating))
    return planned


def start_instance(services: Services, uow, process: CompiledProcess, task: TaskDef, directive: Directive,
                   agency_code: str, actor: User, now) -> Instance:
    """Start the lifecycle of ``task`` for one lead agency."""
    rules = services.runtime.rules(process)
    due = task.deadline.due_day(rules.calendar)
    today = local_date(now)
    case = {
        "lead_agency": agency_code,
        "monitor_agency": directive.monitor_agency,
        "authority_agency": directive.authority_agency,
        "deadline": task.deadline.to_dict(),
        "due_date": due.isoformat() if due else None,
        "original_due_date": due.isoformat() if due else None,
        "accept_due": rules.after(today, "accept_within").isoformat(),
        "coordinating": [c for c in task.coordinating if c != agency_code],
        "task_id": task.id,
        "directive_id": directive.id,
    }
    run = services.runtime.start(process, case)
    instance = Instance(task_id=task.id, agency_code=agency_code, process_version_id=process.version_id,
                        state="", deadline_kind=task.deadline.kind)
    subject = subject_of(uow, instance, services.base_url, task, directive)
    write_back(uow, services.runtime, run, instance, subject, Change(actor, "instance.started"), now,
               before=None, is_new=True)
    return instance, run


def import_directive(services: Services, actor: User, payload: dict, *, issued_on: date | None = None,
                     body: str = "", source_name: str | None = None, process_key: str = DEFAULT_PROCESS,
                     defaults: dict | None = None, lang: str = "vi") -> ImportResult:
    try:
        data = DirectiveImportSchema().load(payload)
    except ValidationError as exc:
        raise DomainError("import.invalid", detail="; ".join(flatten_errors(exc.messages, lang=lang))) from None
    if not data["tasks"]:
        raise DomainError("import.no_tasks")
    document = data["document"]
    defaults = defaults or services.defaults
    now = services.clock.now()
    with services.uow() as uow:
        services.refresh_calendar(uow)
        registry = services.registry(uow)
        day, month = _issue_day(document, issued_on)
        if day is None:
            raise DomainError("import.no_date")
        if not plausible_year(day.year):
            raise DomainError("import.implausible_date", value=day.strftime("%d/%m/%Y"), min=MIN_YEAR, max=MAX_YEAR)
        warnings: list[str] = []
        planned = plan_tasks(registry, data["tasks"], day, warnings)
        monitor = _resolve(registry, document.get("monitor") or defaults.get("monitor", ""), "document").code
        authority = _resolve(registry, document.get("authority") or defaults.get("authority", ""), "document").code
        if uow.directives.find(document.get("number"), day, document["title"]):
            raise DomainError("import.duplicate", number=document.get("number") or "—", date=day.strftime("%d/%m/%Y"))
        process = services.processes.latest(uow, process_key)
        directive = uow.directives.add(Directive(
            number=document.get("number"), doc_type=document["type"], issuer=document.get("issuer") or "",
            issued_on=day, issued_month=month, signer=document.get("signer"), title=document["title"],
            body=body or data.get("text") or "", source_name=source_name or data.get("source"),
            monitor_agency=monitor, authority_agency=authority, reporting_rule=document.get("reporting_rule"),
            created_by=actor.login, created_at=now))
        uow.audit.append(AuditEntry(
            at=now, actor_login=actor.login, actor_name=actor.name, agency_code=actor.agency_code or "",
            action="directive.imported", directive_id=directive.id,
            after={"number": directive.number, "title": directive.title, "tasks": len(planned)}))
        started = []
        for item in planned:
            item.task.directive_id = directive.id
            uow.directives.add_task(item.task)
            for agency_code in item.agencies:
                started.append(start_instance(services, uow, process, item.task, directive, agency_code, actor, now))
        uow.commit()
        for instance, run in started:
            services.keep_run(instance, run)
        instances = len(started)
        return ImportResult(directive.id, len(planned), instances, warnings)
