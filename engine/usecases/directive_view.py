"""Read use cases of the directive pages and the dashboard: one directive with its
document facts, text and tasks, each task with its tracked assignments per lead agency
and their derived status; the dashboard's counts by status and the overdue assignments
per agency; the authority's list (assignments escalated to the authority). Each shows
only what the acting user may see (engine.domain.access)."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from engine.domain.access import can_view_instance
from engine.domain.calendar import local_date
from engine.domain.directive_entry import NameResolver
from engine.domain.errors import Forbidden, NotFound
from engine.domain.records import Instance
from engine.domain.status import BUCKETS, LABELS, STATUSES, bucket_label, pick
from engine.domain.users import User
from engine.ports import TaskQuery
from engine.usecases.context import Services
from engine.usecases.queries import directive_choices, list_tasks, soon_limits, status_fields, with_urged

ALL_ROWS = 1_000_000
AUTHORITY_LIST_LIMIT = 200


def _today(services: Services) -> date:
    return local_date(services.clock.now())


def _with_status(services: Services, uow, rows: list[dict], today: date, lang: str) -> list[dict]:
    for row in rows:
        row.update(status_fields(services, uow, row, today, lang))
    return rows


def _visible_scope(actor: User) -> str | None:
    return None if actor.sees_everything else actor.agency_code


def directive_page(services: Services, actor: User, directive_id: int, lang: str = "vi") -> dict:
    """The directive, its counts and its tasks with the assignments ``actor`` may see."""
    today = _today(services)
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        directive = uow.directives.get(directive_id)
        if directive is None:
            raise NotFound("directive.not_found", directive=directive_id)
        tasks = uow.directives.tasks_of(directive_id)
        rows, _ = uow.queries.tasks(TaskQuery(directive_id=directive_id, limit=ALL_ROWS))
        by_id = {t.id: t for t in tasks}
        visible = [r for r in rows if can_view_instance(
            actor, Instance(task_id=r["task_id"], agency_code=r["agency_code"],
                            process_version_id=r["process_version_id"], state=""), by_id[r["task_id"]], directive)]
        involved = directive.monitor_agency == actor.agency_code or directive.authority_agency == actor.agency_code
        if not (actor.sees_everything or involved or visible):
            raise Forbidden("directive.forbidden")
        with_urged(uow, _with_status(services, uow, visible, today, lang))
        resolver = NameResolver(services.registry(uow))
        codes = {c for t in tasks for c in t.coordinating} | {directive.monitor_agency, directive.authority_agency}
        names = uow.queries.agency_names(codes)
        counts = next(iter(uow.queries.directive_counts(today, _visible_scope(actor), [directive_id])), None)
    assignments: dict[int, list[dict]] = defaultdict(list)
    for row in visible:
        assignments[row["task_id"]].append(row)
    return {
        "directive": directive,
        "monitor_name": names.get(directive.monitor_agency, directive.monitor_agency),
        "authority_name": names.get(directive.authority_agency, directive.authority_agency),
        "counts": counts,
        "tasks": [{
            "task": task,
            "lead_names": [resolver.display(n) for n in task.lead],
            "coordinating_names": [names.get(c, c) for c in task.coordinating],
            "coordinating_groups": [resolver.display(g) for g in task.coordinating_groups],
            "assignments": sorted(assignments.get(task.id, []), key=lambda r: r["agency_name"]),
        } for task in tasks],
        "assignments": len(visible),
    }


def dashboard(services: Services, actor: User, agency: str | None = None, lang: str = "vi") -> dict:
    """Counts by status (of ``agency`` or of everything the actor sees), overdue
    assignments per agency, and the open assignments escalated to the authority."""
    today = _today(services)
    scope = _visible_scope(actor)
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        rows = uow.queries.status_counts(today, soon_limits(services, uow, today), scope, agency_code=agency)
        if agency:      # the agencies to choose from: every one with an assignment seen, not only the one counted
            named = uow.queries.visible_agencies(scope)
        else:
            named = {(r["agency_code"], r["agency_name"]) for r in rows}
        escalated, escalated_total = uow.queries.tasks(TaskQuery(
            visible_agency=scope, agency_code=agency, escalation="authority", open_only=True,
            limit=AUTHORITY_LIST_LIMIT))
        with_urged(uow, _with_status(services, uow, escalated, today, lang))
        agencies = sorted(set(named), key=lambda a: a[1])
        if agency and agency not in {code for code, _ in agencies} and uow.agencies.by_code(agency) is None:
            raise NotFound("agency.not_found", name=agency)
    by_status = {code: 0 for code in STATUSES}
    by_column = {code: 0 for code in BUCKETS}
    late: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        by_status[row["status"]] += row["count"]
        by_column[row["column"]] += row["count"]
        if row["column"] == "open_late":
            late[(row["agency_code"], row["agency_name"])] += row["count"]
    return {
        "today": today,
        "agency": agency,
        "total": sum(by_status.values()),
        "by_status": [{"code": code, "label": pick(LABELS[code], lang), "count": by_status[code]}
                      for code in STATUSES],
        "columns": [{"code": code, "label": bucket_label(code, lang), "count": by_column[code]} for code in BUCKETS],
        "overdue_by_agency": [{"code": code, "name": name, "count": count}
                              for (code, name), count in sorted(late.items(), key=lambda kv: (-kv[1], kv[0][1]))],
        "overdue_total": sum(late.values()),
        "escalated": escalated,
        "escalated_total": escalated_total,
        "agencies": [{"code": code, "name": name} for code, name in agencies],
        "buckets": BUCKETS,
    }


def task_list_view(services: Services, actor: User, *, agency: str | None = None, statuses=None,
                   directive_id: int | None = None, search: str | None = None, bucket: str | None = None,
                   limit: int = 50, offset: int = 0, lang: str = "vi") -> dict:
    """One page of the task list (engine list_tasks) and the choices of its filters:
    agencies, the directives the actor sees, statuses."""
    rows, total = list_tasks(services, actor, agency=agency, statuses=statuses, directive_id=directive_id,
                             search=search, bucket=bucket, limit=limit, offset=offset, lang=lang)
    directives = directive_choices(services, actor)
    with services.uow(write=False) as uow:
        agencies = sorted((a for a in uow.agencies.all() if not a.is_group), key=lambda a: a.name)
    return {
        "rows": rows, "total": total,
        "agencies": [{"code": a.code, "name": a.name} for a in agencies],
        "directives": [{"id": d["id"], "label": d["number"] or d["title"][:80]} for d in directives],
        "statuses": [{"code": code, "label": pick(LABELS[code], lang)} for code in STATUSES],
    }
