"""Reading the directive forms (manual entry, extraction review) into the entry dicts
the engine checks, and writing stored values back into form fields: dates as
dd/mm/yyyy, agency lists one per line, a deadline as its phrase plus kind and value."""
from __future__ import annotations

import re
from datetime import date

from engine.domain.agencies import GROUP_PREFIX
from engine.domain.directive_entry import AUTO, parse_deadline_value, split_names

MAX_ROWS = 300
TASK_FIELDS = ("ref", "summary", "content", "lead", "coordinating", "deadline_text", "deadline_kind",
               "deadline_value", "deadline_before", "product", "reporting")
DOCUMENT_FIELDS = ("number", "type", "issuer", "date", "signer", "title", "monitor", "authority", "reporting_rule")
_ROW = re.compile(r"^tasks-(\d{1,3})-")


def _text(form, name: str) -> str:
    return (form.get(name) or "").strip()


def _iso_value(kind: str, raw: str) -> str:
    """The ISO value when ``raw`` reads as one (so an unchanged value compares equal
    to the stored one); otherwise ``raw`` as typed, for the check to name."""
    if kind not in ("date", "month", "year") or not raw:
        return raw
    value, error = parse_deadline_value(kind, raw, "")
    return raw if error else value


def deadline_from_form(form, prefix: str = "") -> dict:
    kind = _text(form, f"{prefix}deadline_kind") or AUTO
    text = _text(form, f"{prefix}deadline_text") or None
    value = _iso_value(kind, _text(form, f"{prefix}deadline_value")) or None
    deadline = {"kind": kind, "value": value if kind in ("date", "month", "year") else None, "text": text}
    if kind == "date":
        deadline["before"] = bool(form.get(f"{prefix}deadline_before"))
    return deadline


def task_from_form(form, prefix: str = "") -> dict:
    coordinating = split_names(form.get(f"{prefix}coordinating"))
    return {
        "ref": _text(form, f"{prefix}ref"),
        "summary": _text(form, f"{prefix}summary"),
        "content": _text(form, f"{prefix}content") or None,
        "lead": split_names(form.get(f"{prefix}lead")),
        "coordinating": [n for n in coordinating if not n.startswith(GROUP_PREFIX)],
        "coordinating_groups": [n for n in coordinating if n.startswith(GROUP_PREFIX)],
        "deadline": deadline_from_form(form, prefix),
        "product": _text(form, f"{prefix}product") or None,
        "reporting": _text(form, f"{prefix}reporting") or None,
    }


def row_indexes(form) -> list[int]:
    found = sorted({int(m.group(1)) for key in form.keys() if (m := _ROW.match(key))})
    return found[:MAX_ROWS]


def tasks_from_form(form) -> list[dict]:
    return [task_from_form(form, f"tasks-{i}-") for i in row_indexes(form)]


def document_from_form(form) -> dict:
    return {name: _text(form, name) for name in DOCUMENT_FIELDS}


def entry_from_form(form) -> dict:
    return {"document": document_from_form(form), "tasks": tasks_from_form(form)}


def show_value(kind: str | None, value: str | None) -> str:
    """An ISO deadline or issue-date value as people write it."""
    if not value:
        return ""
    try:
        if kind in ("date", "day") and len(value) == 10:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        if kind in ("month", "day") and len(value) == 7:
            return f"{value[5:7]}/{value[:4]}"
    except ValueError:
        pass
    return value


def task_to_form(task: dict) -> dict:
    """A stored task (entry or draft shape) as the values of its form fields."""
    deadline = task.get("deadline") or {}
    kind = deadline.get("kind") or AUTO
    return {
        "ref": task.get("ref") or "", "summary": task.get("summary") or "", "content": task.get("content") or "",
        "lead": "\n".join(task.get("lead") or []),
        "coordinating": "\n".join([*(task.get("coordinating") or []), *(task.get("coordinating_groups") or [])]),
        "deadline_text": deadline.get("text") or "", "deadline_kind": kind,
        "deadline_value": show_value(kind, deadline.get("value")),
        "deadline_before": bool(deadline.get("before")),
        "product": task.get("product") or "", "reporting": task.get("reporting") or "",
    }


def document_to_form(document: dict) -> dict:
    values = {name: document.get(name) or "" for name in DOCUMENT_FIELDS}
    values["date"] = show_value("day", document.get("date")) if document.get("date") else ""
    return values
