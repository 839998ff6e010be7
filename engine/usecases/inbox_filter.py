"""The inbox's filter: what its URL parameters may say (directive, deadline status,
step kind, due range, search, scope, page), checked and turned into an InboxFilter,
with a message per bad parameter in the user's language — and back into parameters
for the links that change one of them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engine.domain.errors import DomainError
from engine.domain.formatting import fmt_day
from engine.domain.forms import FORMS, parse_day
from engine.domain.input_limits import MAX_PAGE, forbidden_character, parse_id, parse_page

URGENCIES = ("overdue", "due_soon", "normal", "none")
URGENCY_LABELS = {
    "overdue": ("Quá hạn", "Overdue"),
    "due_soon": ("Sắp đến hạn", "Due soon"),
    "normal": ("Trong hạn", "On track"),
    "none": ("Không thời hạn", "No deadline"),
}
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
            directive_id = parse_id(one("directive"))
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
    if forbidden_character(search):
        errors["q"] = DomainError("input.forbidden_character", field=_label("q", lang), char=forbidden_character(search))
        search = ""
    elif len(search) > MAX_SEARCH:
        errors["q"] = DomainError("form.too_long", field=_label("q", lang), max=MAX_SEARCH)
        search = ""
    scope = one("scope") or "all"
    if scope not in ("all", "mine"):
        errors["scope"] = DomainError("form.bad_choice", field=_label("scope", lang), value=scope)
        scope = "all"
    page = 1
    if one("page"):
        try:
            page = parse_page(one("page"))
        except ValueError:
            errors["page"] = DomainError("form.bad_number", field=_label("page", lang), min=1, max=MAX_PAGE)
    flt = InboxFilter(directive_id=directive_id, urgencies=tuple(u for u in URGENCIES if u in urgencies),
                      forms=tuple(dict.fromkeys(k for k in kinds if k in FORMS)), due_from=days["due_from"],
                      due_to=days["due_to"], search=search, include_officers=scope == "all",
                      agency=one("agency") or None, page=page)
    return flt, {name: err.message(lang) for name, err in errors.items()}
