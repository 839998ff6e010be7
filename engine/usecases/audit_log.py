"""The audit log for auditors, monitors and administrators: the search (actor,
agency, the tasks an agency leads, directive, task, action, a range of local days),
newest first, one page at a time; the rows of a search for export; and one task's
full history with the state of the chain around it. Reading only."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from engine.domain.audit_actions import ACTION_CODE, action_name
from engine.domain.audit_chain import ChainProblem, Problem
from engine.domain.audit import entry_hash
from engine.domain.calendar import LOCAL_TZ
from engine.domain.errors import DomainError, Forbidden
from engine.domain.form_validation import FormInvalid
from engine.domain.formatting import fmt_day
from engine.domain.forms import parse_day
from engine.domain.records import AuditEntry
from engine.domain.users import SYSTEM, User
from engine.ports import AuditQuery
from engine.usecases.audit_chain import LastCheck, last_check, may_read_audit
from engine.usecases.context import Services
from engine.usecases.task_view import load_visible

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000
EXPORT_CHUNK = 2_000
_LABELS = {"actor": ("Người thực hiện", "Actor"), "agency": ("Cơ quan thực hiện", "Acting agency"),
           "lead": ("Cơ quan chủ trì nhiệm vụ", "Lead agency of the task"), "directive": ("Văn bản", "Directive"),
           "task": ("Nhiệm vụ số", "Task number"), "action": ("Hành động", "Action"),
           "from": ("Từ ngày", "From"), "to": ("Đến ngày", "To"), "before": ("Trang", "Page"),
           "after": ("Trang", "Page")}


def _label(name: str, lang: str) -> str:
    return _LABELS[name][lang == "en"]


def _require_reader(actor: User) -> None:
    if not may_read_audit(actor):
        raise Forbidden("audit.forbidden")


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    agency: str = ""
    lead: str = ""
    directive_id: int | None = None
    task_id: int | None = None      # the task number people see (an instance)
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def params(self) -> dict[str, str]:
        """The filter as URL parameters (what parse_audit_filter reads back)."""
        out = {"actor": self.actor, "agency": self.agency, "lead": self.lead, "action": self.action,
               "directive": str(self.directive_id or ""), "task": str(self.task_id or ""),
               "from": fmt_day(self.date_from), "to": fmt_day(self.date_to)}
        return {k: v for k, v in out.items() if v}

    def query(self, before_id: int | None = None, after_id: int | None = None,
              limit: int = PAGE_SIZE) -> AuditQuery:
        since = datetime.combine(self.date_from, time(0), LOCAL_TZ) if self.date_from else None
        until = datetime.combine(self.date_to + timedelta(days=1), time(0), LOCAL_TZ) if self.date_to else None
        return AuditQuery(actor=self.actor or None, agency=self.agency or None, lead_agency=self.lead or None,
                          directive_id=self.directive_id, instance_id=self.task_id, action=self.action or None,
                          since=since, until=until, before_id=before_id, after_id=after_id, limit=limit)


def _positive(raw: str, name: str, lang: str, errors: dict) -> int | None:
    if not raw:
        return None
    try:
        value = int(raw)
        if value <= 0:
            raise ValueError
        return value
    except ValueError:
        errors[name] = DomainError("form.bad_number", field=_label(name, lang), min=1, max="…")
        return None


def parse_audit_filter(params: dict[str, str], lang: str = "vi") -> tuple[AuditFilter, dict[str, str],
                                                                         int | None, int | None]:
    """(filter, message per bad parameter, before id, after id) from URL parameters;
    a bad parameter is left out."""
    one = {k: (params.get(k) or "").strip() for k in ("actor", "agency", "lead", "directive", "task", "action",
                                                        "from", "to", "before", "after")}
    errors: dict[str, DomainError] = {}
    days: dict[str, date | None] = {}
    for name in ("from", "to"):
        days[name] = None
        if one[name]:
            try:
                days[name] = parse_day(one[name])
            except ValueError:
                errors[name] = DomainError("form.bad_date", field=_label(name, lang), value=one[name])
    if days["from"] and days["to"] and days["to"] < days["from"]:
        errors["to"] = DomainError("form.date_not_after", field=_label("to", lang), after=fmt_day(days["from"]))
        days["to"] = None
    action = one["action"]
    if action and not ACTION_CODE.match(action):
        errors["action"] = DomainError("form.bad_choice", field=_label("action", lang), value=action)
        action = ""
    for name in ("actor", "agency", "lead"):
        if len(one[name]) > 120:
            errors[name] = DomainError("form.too_long", field=_label(name, lang), max=120)
            one[name] = ""
    flt = AuditFilter(actor=one["actor"], agency=one["agency"], lead=one["lead"],
                      directive_id=_positive(one["directive"], "directive", lang, errors),
                      task_id=_positive(one["task"], "task", lang, errors), action=action,
                      date_from=days["from"], date_to=days["to"])
    before = _positive(one["before"], "before", lang, errors)
    after = _positive(one["after"], "after", lang, errors)
    return flt, {name: err.message(lang) for name, err in errors.items()}, before, after


def _check_references(uow, flt: AuditFilter, lang: str) -> None:
    """Unknown people, agencies, directives and tasks are refused, by field."""
    errors: dict[str, DomainError] = {}
    if flt.actor and flt.actor != SYSTEM.login and uow.users.by_login(flt.actor) is None:
        errors["actor"] = DomainError("user.not_found", login=flt.actor)
    for name, code in (("agency", flt.agency), ("lead", flt.lead)):
        if code and uow.agencies.by_code(code) is None:
            errors[name] = DomainError("agency.not_found", name=code)
    if flt.directive_id and uow.directives.get(flt.directive_id) is None:
        errors["directive"] = DomainError("directive.not_found", directive=flt.directive_id)
    if flt.task_id and uow.instances.get(flt.task_id) is None:
        errors["task"] = DomainError("task.not_found", task=flt.task_id)
    if errors:
        raise FormInvalid(errors)


@dataclass
class AuditRowView:
    entry: AuditEntry
    action_name: str
    agency_name: str
    directive_label: str


@dataclass
class AuditPage:
    rows: list[AuditRowView]
    newer: int | None = None      # after_id of the page of newer rows, if any
    older: int | None = None      # before_id of the page of older rows, if any
    last_check: LastCheck | None = None


def _views(uow, entries: list[AuditEntry], lang: str, directives: dict[int, str]) -> list[AuditRowView]:
    agencies = uow.queries.agency_names({e.agency_code for e in entries})
    for directive_id in {e.directive_id for e in entries if e.directive_id} - set(directives):
        found = uow.directives.get(directive_id)
        directives[directive_id] = (found.number or found.title) if found else str(directive_id)
    return [AuditRowView(e, action_name(e.action, lang), agencies.get(e.agency_code, e.agency_code),
                         directives.get(e.directive_id, "") if e.directive_id else "") for e in entries]


def search_log(services: Services, actor: User, flt: AuditFilter, before_id: int | None = None,
               after_id: int | None = None, lang: str = "vi") -> AuditPage:
    """One page of the rows matching ``flt``, newest first, with links to the pages
    beside it."""
    _require_reader(actor)
    with services.uow(write=False) as uow:
        _check_references(uow, flt, lang)
        found = uow.audit.search(flt.query(before_id, after_id, PAGE_SIZE + 1))
        if after_id:          # read upwards from after_id: the extra row is the newest, beyond this page
            more_newer, found = len(found) > PAGE_SIZE, found[-PAGE_SIZE:]
            more_older = True
        else:
            more_older, found = len(found) > PAGE_SIZE, found[:PAGE_SIZE]
            more_newer = before_id is not None
        page = AuditPage(_views(uow, found, lang, {}), last_check=last_check(uow))
    if found:
        page.newer = found[0].id if more_newer else None
        page.older = found[-1].id if more_older else None
    return page


def export_rows(services: Services, actor: User, flt: AuditFilter, lang: str = "vi"):
    """Every row matching ``flt`` (at most EXPORT_LIMIT), newest first, read in chunks
    of one unit of work each."""
    _require_reader(actor)
    with services.uow(write=False) as uow:
        _check_references(uow, flt, lang)
    directives: dict[int, str] = {}
    before, sent = None, 0
    while sent < EXPORT_LIMIT:
        with services.uow(write=False) as uow:
            chunk = uow.audit.search(flt.query(before, None, min(EXPORT_CHUNK, EXPORT_LIMIT - sent)))
            views = _views(uow, chunk, lang, directives)
        yield from views
        sent += len(chunk)
        if len(chunk) < EXPORT_CHUNK:
            return
        before = chunk[-1].id


@dataclass
class TaskChainStatus:
    """How one task's rows stand in the chain: each checked against its hash and the
    row before it; the checkpoint's signature; the last check of the whole chain."""

    rows: int
    problems: list[ChainProblem] = field(default_factory=list)
    checkpoint_signed: bool = True
    last_check: LastCheck | None = None

    @property
    def intact(self) -> bool:
        return not self.problems and self.checkpoint_signed


def _task_chain(uow, raw: list[tuple], key: bytes) -> TaskChainStatus:
    predecessors = uow.audit.at_positions([e.seq - 1 for _, e, _, _ in raw if e.seq and e.seq > 1])
    status = TaskChainStatus(rows=len(raw))
    for row_id, entry, before_json, after_json in raw:
        previous = predecessors.get(entry.seq - 1) if entry.seq and entry.seq > 1 else None
        if entry.hash != entry_hash(entry, entry.prev_hash, before_json, after_json):
            status.problems.append(ChainProblem(Problem.ALTERED, entry.seq, row_id=row_id))
        elif entry.seq and entry.seq > 1 and previous is None:
            status.problems.append(ChainProblem(Problem.MISSING, entry.seq - 1, entry.seq - 1))
        elif previous is not None and previous.hash != entry.prev_hash or entry.seq == 1 and entry.prev_hash:
            status.problems.append(ChainProblem(Problem.RELINKED, entry.seq, row_id=row_id))
    head = uow.audit.checkpoint()
    status.checkpoint_signed = head is not None and head.signed_with(key)
    status.last_check = last_check(uow)
    return status


def task_chain_status(services: Services, actor: User, instance_id: int) -> TaskChainStatus:
    _require_reader(actor)
    with services.uow(write=False) as uow:
        load_visible(uow, actor, instance_id)
        return _task_chain(uow, uow.audit.raw_of_instance(instance_id), services.audit_key)
