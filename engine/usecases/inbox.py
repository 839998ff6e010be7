"""The inbox (home page) as one read use case: the acting user's pending steps — their
own, their agency's unassigned ones of their roles and, for leaders, their officers' —
one page at a time, most urgent first, with each row's urgency and days late, and
counts per urgency group and per step kind. Optional steps (extension requests,
suspend, cancel…) are actions of the task page, not inbox work. The filter and its
URL parameters: engine/usecases/inbox_filter.py."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from engine.domain.forms import FORMS
from engine.domain.users import User
from engine.ports import StepQuery
from engine.usecases.context import Services
from engine.usecases.inbox_filter import URGENCIES, InboxFilter, parse_filter, urgency_label
from engine.usecases.queries import soon_limits, today_of
from engine.usecases.timeline import period_label

__all__ = ["URGENCIES", "InboxFilter", "InboxView", "inbox", "parse_filter", "urgency_label"]

LANE_ROLES = ("officer", "leader", "coordinator", "monitor", "authority")
PAGE_SIZE = 50


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
    own_total: int = 0                  # of ``total``, the steps the user acts on themselves

    @property
    def first(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


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


def _tally(facets: list[dict], flt: InboxFilter) -> tuple[dict, dict, int, int]:
    """Counts per urgency group (under the chosen kinds), per kind (under the chosen
    groups), the steps the filter keeps, and how many of those are the user's own."""
    counts = {code: 0 for code in URGENCIES}
    per_form: dict[str, int] = {}
    total = own = 0
    for facet in facets:
        urgency_ok = not flt.urgencies or facet["urgency"] in flt.urgencies
        form_ok = not flt.forms or facet["form"] in flt.forms
        if form_ok:
            counts[facet["urgency"]] += facet["count"]
        if urgency_ok:
            per_form[facet["form"]] = per_form.get(facet["form"], 0) + facet["count"]
        if urgency_ok and form_ok:
            total += facet["count"]
            own += facet["count"] if facet["mine"] else 0
    return counts, per_form, total, own


def inbox(services: Services, actor: User, flt: InboxFilter | None = None, lang: str = "vi",
          page_size: int = PAGE_SIZE) -> InboxView:
    """What ``actor`` has to do, filtered by ``flt``."""
    flt = flt or InboxFilter()
    today = today_of(services)
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        limits = soon_limits(services, uow, today)
        query = _step_query(actor, flt)
        other_agency = bool(actor.sees_everything and flt.agency)
        query.directive_id, query.forms = flt.directive_id, flt.forms
        query.due_from, query.due_to, query.search = flt.due_from, flt.due_to, flt.search or None
        query.urgencies, query.today, query.soon_limits = flt.urgencies, today, limits
        query.soon_limit = next(iter(limits.values())) if len(set(limits.values())) == 1 else None
        counts, per_form, total, own_total = _tally(uow.queries.inbox_facets(query), flt)
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
            row["period_label"] = period_label(row.get("period"))
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
                         agencies=agencies, subject_agency=flt.agency if actor.sees_everything else None,
                         own_total=own_total)
