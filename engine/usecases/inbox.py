"""The inbox (home page) as one read use case: the acting user's pending steps — their
own, their agency's unassigned ones of their roles and, for leaders, their officers' —
one page at a time, most urgent first, with each row's urgency and days late, and
counts per urgency group and per step kind. Optional steps
(extension requests, suspend, cancel…) are actions of the task page, not inbox work.

Also turns the inbox's URL parameters into checked filter values, with a message per
bad parameter in the user's language."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from engine.domain.errors import DomainError
from engine.domain.formatting import fmt_day
from engine.domain.forms import FORMS, parse_day
from engine.domain.users import User
from engine.ports import StepQuery
from engine.usecases.context import Services
from engine.usecases.queries import today_of

URGENCIES = ("overdue", "due_soon", "normal", "none")
URGENCY_LABELS = {
    "overdue": ("Quá hạn", "Overdue"),
    "due_soon": ("Sắp đến hạn", "Due soon"),
    "normal": ("Trong hạn", "On track"),
    "none": ("Không thời hạn", "No deadline"),
}
LANE_ROLES = ("officer", "leader", "coordinator", "monitor", "authority")
PAGE_SIZE = 50
MAX_SEARCH = 200
_FIELD_LABELS = {
    "directive": ("Văn bản", "Directive"), "urgency": ("Tình trạng hạn", "Deadline status"),
    "kind": ("Loại bước", "Step kind"), "due_from": ("Hạn từ ngày", "Due from"),
    "due_to": ("Hạn đến ngày", "Due until"), "q": ("Tìm kiếm", "Search"), "scope": ("Phạm vi", "Scope"),
    "agency": ("Đơn vị", "Agency"), "page": ("Trang", "Page"),
}


def urgency_label(code: str, lang: str = "vi") -> str:
    vi, en = URGENCY_LABELS[code]
    return en if lang == "en" else vi


@dataclass(frozen=True)
class InboxFilter:
    directive_id: int | None = None
    urgencies: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    due_from: date | None = None
    due_to: date | None = None
    search: str = ""
    include_officers: bool = True     # leaders: their officers' steps too
    agency: str | None = None         # auditors and admins: whose inbox to read
    page: int = 1

    def params(self) -> dict[str, object]:
        """The filter as URL parameters (what ``parse_filter`` reads back)."""
        out: dict[str, object] = {}
        if self.search:
            out["q"] = self.search
        if self.directive_id:
            out["directive"] = self.directive_id
        if self.urgencies:
            out["urgency"] = list(self.urgencies)
        if self.forms:
            out["kind"] = list(self.forms)
        if self.due_from:
            out["due_from"] = self.due_from.isoformat()
        if self.due_to:
            out["due_to"] = self.due_to.isoformat()
        if not self.include_officers:
            out["scope"] = "mine"
        if self.agency:
            out["agency"] = self.agency
        if self.page > 1:
            out["page"] = self.page
        return out

    @property
    def active(self) -> bool:
        return bool(self.directive_id or self.urgencies or self.forms or self.due_from or self.due_to
                    or self.search)


def _label(name: str, lang: str) -> str:
    vi, en = _FIELD_LABELS[name]
    return en if lang == "en" else vi


def parse_filter(params: dict[str, list[str]], lang: str = "vi") -> tuple[InboxFilter, dict[str, str]]:
    """Checked filter values from URL parameters (name → list of values) and a message
    per bad parameter; a bad parameter is left out of the filter."""
    errors: dict[str, DomainError] = {}

    def one(name: str) -> str:
        values = [v.strip() for v in params.get(name) or () if v and v.strip()]
        return values[0] if values else ""

    def many(name: str) -> list[str]:
        return [v.strip() for raw in params.get(name) or () for v in raw.split(",") if v.strip()]

    directive_id = None
    if one("directive"):
        try:
            directive_id = int(one("directive"))
            if directive_id <= 0:
                raise ValueError
        except ValueError:
            errors["directive"] = DomainError("form.bad_choice", field=_label("directive", lang),
                                              value=one("directive"))
            directive_id = None
    urgencies = many("urgency")
    bad = [u for u in urgencies if u not in URGENCIES]
    if bad:
        errors["urgency"] = DomainError("form.bad_choice", field=_label("urgency", lang), value=bad[0])
    kinds = many("kind")
    bad = [k for k in kinds if k not in FORMS]
    if bad:
        errors["kind"] = DomainError("form.bad_choice", field=_label("kind", lang), value=bad[0])
    days: dict[str, date | None] = {}
    for name in ("due_from", "due_to"):
        days[name] = None
        if one(name):
            try:
                days[name] = parse_day(one(name))
            except ValueError:
                errors[name] = DomainError("form.bad_date", field=_label(name, lang), value=one(name))
    if days["due_from"] and days["due_to"] and days["due_to"] < days["due_from"]:
        errors["due_to"] = DomainError("form.date_not_after", field=_label("due_to", lang),
                                       after=fmt_day(days["due_from"]))
        days["due_to"] = None
    search = one("q")
    if len(search) > MAX_SEARCH:
        errors["q"] = DomainError("form.too_long", field=_label("q", lang), max=MAX_SEARCH)
        search = ""
    scope = one("scope") or "all"
    if scope not in ("all", "mine"):
        errors["scope"] = DomainError("form.bad_choice", field=_label("scope", lang), value=scope)
        scope = "all"
    page = 1
    if one("page"):
        try:
            page = max(1, int(one("page")))
        except ValueError:
            errors["page"] = DomainError("form.bad_number", field=_label("page", lang), min=1, max="…")
    flt = InboxFilter(directive_id=directive_id, urgencies=tuple(u for u in URGENCIES if u in urgencies),
                      forms=tuple(dict.fromkeys(k for k in kinds if k in FORMS)), due_from=days["due_from"],
                      due_to=days["due_to"], search=search, include_officers=scope == "all",
                      agency=one("agency") or None, page=page)
    return flt, {name: err.message(lang) for name, err in errors.items()}


@dataclass
class InboxView:
    filter: InboxFilter
    today: date
    rows: list[dict]
    total: int                          # steps matching the filter
    counts: dict[str, int]              # per urgency group, under the other filters
    kinds: list[dict]                   # {form, label, count} under the other filters
    directive: dict | None = None       # the directive filtered on: {id, number, title}
    page: int = 1
    pages: int = 1
    page_size: int = PAGE_SIZE
    leader: bool = False                # may widen/narrow to their officers' steps
    agencies: list[dict] = field(default_factory=list)   # for auditors and admins: {code, name}
    subject_agency: str | None = None

    @property
    def first(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def _soon_limits(services: Services, uow, today: date) -> dict[int, date]:
    limits = {}
    for version_id in uow.queries.process_version_ids():
        rules = services.rules_for(uow, version_id)
        limits[version_id] = rules.offsets["due_soon"].apply(today, rules.calendar)
    return limits


def _step_query(actor: User, flt: InboxFilter) -> StepQuery:
    if actor.sees_everything and flt.agency:
        return StepQuery(agency_code=flt.agency, roles=LANE_ROLES, include_officers=True)
    return StepQuery(login=actor.login, agency_code=actor.agency_code, roles=sorted(actor.roles),
                     include_officers=actor.has("leader") and flt.include_officers)


def _row_urgency(due: date | None, today: date, limit: date | None) -> str:
    if due is None:
        return "none"
    if due < today:
        return "overdue"
    if limit is not None and due <= limit:
        return "due_soon"
    return "normal"


def inbox(services: Services, actor: User, flt: InboxFilter | None = None, lang: str = "vi",
          page_size: int = PAGE_SIZE) -> InboxView:
    """What ``actor`` has to do, filtered by ``flt``."""
    flt = flt or InboxFilter()
    today = today_of(services)
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        limits = _soon_limits(services, uow, today)
        query = _step_query(actor, flt)
        other_agency = bool(actor.sees_everything and flt.agency)
        query.directive_id, query.forms = flt.directive_id, flt.forms
        query.due_from, query.due_to, query.search = flt.due_from, flt.due_to, flt.search or None
        query.urgencies, query.today, query.soon_limits = flt.urgencies, today, limits
        query.soon_limit = next(iter(limits.values())) if len(set(limits.values())) == 1 else None
        facets = uow.queries.inbox_facets(query)
        counts = {code: 0 for code in URGENCIES}
        per_form: dict[str, int] = {}
        total = 0
        for facet in facets:
            urgency_ok = not flt.urgencies or facet["urgency"] in flt.urgencies
            form_ok = not flt.forms or facet["form"] in flt.forms
            if form_ok:
                counts[facet["urgency"]] += facet["count"]
            if urgency_ok:
                per_form[facet["form"]] = per_form.get(facet["form"], 0) + facet["count"]
            if urgency_ok and form_ok:
                total += facet["count"]
        pages = max(1, -(-total // page_size))
        page = min(flt.page, pages)
        query.limit, query.offset = page_size, (page - 1) * page_size
        rows = uow.queries.inbox_page(query) if total else []
        names = uow.queries.user_names(r["assignee_login"] for r in rows)
        for row in rows:
            due = row["due_date"]
            row["urgency"] = _row_urgency(due, today, limits.get(row["process_version_id"], query.soon_limit))
            row["urgency_label"] = urgency_label(row["urgency"], lang)
            row["days_late"] = (today - due).days if due and due < today else 0
            row["days_left"] = (due - today).days if due and due >= today else None
            row["step_label"] = FORMS[row["form"]].title("en") if lang == "en" and row["form"] in FORMS \
                else row["title"]
            row["assignee_name"] = names.get(row["assignee_login"], row["assignee_login"])
            # unassigned rows come from the actor's own agency (see _step_query)
            row["mine"] = row["assignee_login"] == actor.login or (
                row["assignee_login"] is None and row["role"] in actor.roles and not other_agency)
        kinds = sorted(({"form": form, "label": FORMS[form].title(lang) if form in FORMS else form, "count": n}
                        for form, n in per_form.items()), key=lambda k: (-k["count"], k["label"]))
        for form in flt.forms:      # a chosen kind stays visible even with nothing in it
            if form not in per_form:
                kinds.append({"form": form, "label": FORMS[form].title(lang), "count": 0})
        directive = None
        if flt.directive_id:        # named from its rows: nothing is told of a directive the user has no step in
            named = rows[0] if rows else {"number": None, "directive_title": ""}
            directive = {"id": flt.directive_id, "number": named["number"], "title": named["directive_title"]}
        agencies = []
        if actor.sees_everything:
            agencies = [{"code": a.code, "name": a.name} for a in uow.agencies.all()]
        return InboxView(filter=replace(flt, page=page), today=today, rows=rows, total=total, counts=counts,
                         kinds=kinds, directive=directive, page=page, pages=pages, page_size=page_size,
                         leader=actor.has("leader") and not other_agency,
                         agencies=agencies, subject_agency=flt.agency if actor.sees_everything else None)
