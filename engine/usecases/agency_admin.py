"""The agency registry for administrators: the list with groups and validity dates,
adding an agency, renaming one (the old name stays an alias, so directives that
still write it are read right) and ceasing one with a successor, which hands its open
tasks over in the same transaction (engine/usecases/agencies.py). Every change is
audited; bad input is reported per field and changes nothing."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from engine.domain.agencies import Agency, agency_code
from engine.domain.calendar import local_date
from engine.domain.errors import DomainError, Forbidden, NotFound
from engine.domain.form_validation import FormInvalid
from engine.domain.formatting import fmt_day
from engine.domain.records import AuditEntry
from engine.domain.users import User
from engine.text import fold
from engine.usecases.agencies import hand_over
from engine.usecases.context import Services

KINDS = {
    "department": ("Sở, ban, ngành tỉnh", "Provincial department"),
    "provincial": ("Cơ quan cấp tỉnh", "Provincial body"),
    "unit": ("Đơn vị sự nghiệp", "Public service unit"),
    "district": ("UBND cấp huyện", "District people's committee"),
    "commune": ("UBND cấp xã", "Commune people's committee"),
    "central": ("Cơ quan trung ương", "Central body"),
    "authority": ("Cơ quan có thẩm quyền", "Authority"),
    "party": ("Cơ quan Đảng", "Party body"),
}
MAX_NAME = 300
_LABELS = {"name": ("Tên cơ quan", "Name"), "kind": ("Loại", "Kind"), "groups": ("Nhóm", "Groups"),
           "valid_from": ("Hoạt động từ ngày", "Exists from"), "last_day": ("Ngày cuối hoạt động", "Last day"),
           "successor": ("Cơ quan kế thừa", "Successor")}


def kind_label(kind: str, lang: str = "vi") -> str:
    vi, en = KINDS.get(kind, (kind, kind))
    return en if lang == "en" else vi


def _label(name: str, lang: str) -> str:
    return _LABELS[name][lang == "en"]


def _require_admin(actor: User) -> None:
    if not actor.has("admin"):
        raise Forbidden("admin.forbidden")


def _audit(uow, actor: User, action: str, now, before: dict | None, after: dict) -> None:
    uow.audit.append(AuditEntry(at=now, actor_login=actor.login, actor_name=actor.name,
                                agency_code=actor.agency_code or "", action=action, before=before, after=after))


@dataclass(frozen=True)
class AgencyList:
    agencies: list[Agency]        # the registry's agencies (no group tokens), narrowed
    groups: list[Agency]          # the group tokens


def list_agencies(services: Services, actor: User, search: str = "", group: str | None = None,
                  include_ceased: bool = True) -> AgencyList:
    _require_admin(actor)
    wanted = fold(search.strip()) if search else ""
    today = local_date(services.clock.now())
    with services.uow(write=False) as uow:
        everything = uow.agencies.all()
    groups = [a for a in everything if a.is_group]
    rows = [a for a in everything if not a.is_group
            and (not group or group in a.groups) and (include_ceased or a.exists_on(today))
            and (not wanted or wanted in fold(" ".join((a.name, a.code, *a.aliases))))]
    return AgencyList(sorted(rows, key=lambda a: fold(a.name)), groups)


def _name_problem(uow, name: str, lang: str, own_code: str | None = None) -> DomainError | None:
    if not name:
        return DomainError("form.required", field=_label("name", lang))
    if len(name) > MAX_NAME:
        return DomainError("form.too_long", field=_label("name", lang), max=MAX_NAME)
    if name.startswith("@"):
        return DomainError("agency.bad_name", name=name)
    for other in uow.agencies.all():
        if other.code != own_code and (fold(other.name) == fold(name) or other.code == agency_code(name)):
            return DomainError("agency.duplicate", name=other.name)
    return None


def add_agency(services: Services, actor: User, *, name: str, kind: str, groups=(), valid_from: date | None = None,
               lang: str = "vi") -> Agency:
    _require_admin(actor)
    name = " ".join((name or "").split())
    errors: dict[str, DomainError] = {}
    if kind not in KINDS:
        errors["kind"] = DomainError("form.bad_choice", field=_label("kind", lang), value=kind)
    now = services.clock.now()
    with services.uow() as uow:
        problem = _name_problem(uow, name, lang)
        if problem:
            errors["name"] = problem
        known_groups = {a.name for a in uow.agencies.all() if a.is_group}
        unknown = [g for g in groups if g not in known_groups]
        if unknown:
            errors["groups"] = DomainError("form.bad_choice", field=_label("groups", lang), value=unknown[0])
        if errors:
            raise FormInvalid(errors)
        agency = uow.agencies.add(Agency(name=name, kind=kind, aliases=(name,), groups=tuple(groups),
                                         valid_from=valid_from, code=agency_code(name)))
        _audit(uow, actor, "agency.added", now, None,
               {"code": agency.code, "name": name, "kind": kind, "groups": list(groups),
                "valid_from": valid_from.isoformat() if valid_from else None})
        uow.commit()
        return agency


def rename_agency(services: Services, actor: User, code: str, new_name: str, lang: str = "vi") -> Agency:
    """A new name; the code stays (tasks and users keep pointing at it) and the old
    name becomes an alias."""
    _require_admin(actor)
    new_name = " ".join((new_name or "").split())
    now = services.clock.now()
    with services.uow() as uow:
        current = uow.agencies.by_code(code)
        if current is None or current.is_group:
            raise NotFound("agency.not_found", name=code)
        if new_name == current.name:
            return current
        problem = _name_problem(uow, new_name, lang, own_code=code)
        if problem:
            raise FormInvalid({"name": problem})
        aliases = tuple(dict.fromkeys((*current.aliases, current.name, new_name)))
        renamed = replace(current, name=new_name, aliases=aliases)
        uow.agencies.update(renamed)
        _audit(uow, actor, "agency.renamed", now, {"code": code, "name": current.name},
               {"code": code, "name": new_name})
        uow.commit()
        return renamed


@dataclass(frozen=True)
class Ceasing:
    agency: Agency
    moved: int


def cease_agency(services: Services, actor: User, code: str, *, last_day: date | None, successor_code: str,
                 lang: str = "vi") -> Ceasing:
    """Record the last day ``code`` exists (already ceased: its recorded day stays) and
    hand its open tasks to ``successor_code``, which must exist the day after."""
    _require_admin(actor)
    now = services.clock.now()
    today = local_date(now)
    errors: dict[str, DomainError] = {}
    with services.uow() as uow:
        services.refresh_calendar(uow)
        source = uow.agencies.by_code(code)
        if source is None or source.is_group:
            raise NotFound("agency.not_found", name=code)
        last = source.valid_to or last_day
        if last is None:
            errors["last_day"] = DomainError("form.required", field=_label("last_day", lang))
        elif source.valid_to is None and last > today:
            errors["last_day"] = DomainError("agency.cease_in_future", day=fmt_day(last))
        elif source.valid_from and last < source.valid_from:
            errors["last_day"] = DomainError("form.date_not_after", field=_label("last_day", lang),
                                             after=fmt_day(source.valid_from))
        target = uow.agencies.by_code(successor_code or "")
        if target is None or target.is_group:
            errors["successor"] = DomainError("agency.not_found", name=successor_code or "")
        elif target.code == source.code:
            errors["successor"] = DomainError("agency.own_successor")
        elif last is not None and not target.exists_on(date.fromordinal(last.toordinal() + 1)):
            errors["successor"] = DomainError("agency.successor_gone", name=target.name,
                                              day=fmt_day(date.fromordinal(last.toordinal() + 1)))
        if errors:
            raise FormInvalid(errors)
        ceased = replace(source, valid_to=last)
        uow.agencies.update(ceased)
        runs = hand_over(services, uow, actor, ceased, target, now)
        _audit(uow, actor, "agency.ceased", now,
               {"code": code, "valid_to": source.valid_to.isoformat() if source.valid_to else None,
                "successor": source.successor},
               {"code": code, "valid_to": last.isoformat(), "successor": target.code, "moved": len(runs)})
        uow.commit()
    for instance, run in runs:
        services.keep_run(instance, run)
    return Ceasing(replace(ceased, successor=target.code), len(runs))
