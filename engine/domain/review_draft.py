"""An extraction proposal under review: the source text, the proposed document facts
and tasks with what the extractor was unsure of (confidence, low-confidence fields,
unresolved agency mentions, source lines), and the reviewer's operations on it — edit
a task or the document, split a task in two, merge a task with the next, delete one.
Pure functions over a plain dict, so the draft can be stored as JSON between
requests."""
from __future__ import annotations

import copy
import unicodedata

from engine.domain.errors import NotFound

EDITABLE = ("ref", "summary", "content", "lead", "coordinating", "coordinating_groups", "deadline", "product",
            "reporting")
DOCUMENT_FIELDS = ("number", "type", "issuer", "date", "signer", "title", "monitor", "authority",
                   "reporting_rule")
REVIEW_KEYS = ("key", "confidence", "source_lines", "low_confidence_fields", "unresolved_agencies", "ocr_lines",
               "source_pages")


def normalize_text(text: str) -> str:
    """The text as the extractor numbers its lines."""
    return unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n"))


def from_proposal(proposal: dict, text: str, source: str | None, *, lines: list[dict] | None = None,
                  notes: list[str] | None = None, job_id: str | None = None, pages: list[int] | None = None) -> dict:
    """A new draft from ``extract_text``'s result (keys assigned to tasks). ``lines``
    tells each text line's page (and, for a scan, its box on the page image and its
    OCR confidence); ``job_id`` and ``pages`` name the background job whose page images
    the review shows; ``notes`` are what the reader set apart (footnotes, page
    numbers)."""
    draft = {"source": source or proposal.get("source"), "text": normalize_text(text),
             "document": dict(proposal.get("document") or {}), "problems": list(proposal.get("problems") or []),
             "tasks": [], "next_key": 1, "lines": list(lines or []), "notes": list(notes or []),
             "job_id": job_id, "pages": list(pages or [])}
    for task in proposal.get("tasks") or []:
        _add(draft, copy.deepcopy(task))
    return draft


def _add(draft: dict, task: dict, index: int | None = None) -> dict:
    task["key"] = f"t{draft['next_key']}"
    draft["next_key"] += 1
    task.setdefault("low_confidence_fields", [])
    task.setdefault("unresolved_agencies", [])
    task.setdefault("coordinating", [])
    task.setdefault("lead", [])
    task.setdefault("deadline", {"kind": "none", "value": None, "text": None})
    if index is None:
        draft["tasks"].append(task)
    else:
        draft["tasks"].insert(index, task)
    return task


def _index(draft: dict, key: str) -> int:
    for i, task in enumerate(draft["tasks"]):
        if task.get("key") == key:
            return i
    raise NotFound("review.no_task", key=key)


def update_task(draft: dict, key: str, values: dict) -> None:
    """Replace the editable fields given in ``values``; a field the reviewer changed is
    no longer marked low-confidence, and editing the agencies settles the unresolved
    mentions."""
    task = draft["tasks"][_index(draft, key)]
    changed = {name for name in EDITABLE if name in values and values[name] != task.get(name)}
    for name in changed:
        task[name] = values[name]
    if {"summary", "content"} & changed:
        changed |= {"summary", "content"}
    task["low_confidence_fields"] = [f for f in task.get("low_confidence_fields") or [] if f not in changed]
    if {"lead", "coordinating", "coordinating_groups"} & changed:
        task["unresolved_agencies"] = []


def update_document(draft: dict, values: dict) -> None:
    for name in DOCUMENT_FIELDS:
        if name in values:
            draft["document"][name] = values[name]


def split_task(draft: dict, key: str) -> str:
    """Put a copy of the task right after it, numbered «ref-2» (or the next free
    number), for the reviewer to divide the work between the two; returns its key."""
    index = _index(draft, key)
    original = draft["tasks"][index]
    refs = {t.get("ref") for t in draft["tasks"]}
    n = 2
    while f"{original.get('ref')}-{n}" in refs:
        n += 1
    twin = {k: copy.deepcopy(v) for k, v in original.items() if k != "key"}
    twin["ref"] = f"{original.get('ref')}-{n}"
    return _add(draft, twin, index + 1)["key"]


def _union(a, b) -> list:
    return list(dict.fromkeys([*(a or []), *(b or [])]))


def _joined(a: str | None, b: str | None, sep: str) -> str | None:
    parts = [p for p in (a, b) if p]
    return sep.join(dict.fromkeys(parts)) or None


def merge_with_next(draft: dict, key: str) -> None:
    """Merge the task with the one after it: contents joined, agencies united, the
    first task's deadline (or the second's when the first has none)."""
    index = _index(draft, key)
    if index + 1 >= len(draft["tasks"]):
        return
    first, second = draft["tasks"][index], draft["tasks"].pop(index + 1)
    first["content"] = _joined(first.get("content") or first.get("summary"),
                               second.get("content") or second.get("summary"), "\n")
    for name in ("lead", "coordinating", "coordinating_groups", "low_confidence_fields", "unresolved_agencies",
                 "additional_deadlines"):
        if first.get(name) or second.get(name):
            first[name] = _union(first.get(name), second.get(name))
    if (first.get("deadline") or {}).get("kind", "none") == "none":
        first["deadline"] = second.get("deadline") or first.get("deadline")
    first["product"] = _joined(first.get("product"), second.get("product"), "; ")
    first["reporting"] = first.get("reporting") or second.get("reporting")
    first["note"] = _joined(first.get("note"), second.get("note"), " ")
    if first.get("ocr_lines") or second.get("ocr_lines"):
        first["ocr_lines"] = [*(first.get("ocr_lines") or []), *(second.get("ocr_lines") or [])]
    lines = [x for t in (first, second) for x in (t.get("source_lines") or [])]
    if lines:
        first["source_lines"] = [min(lines), max(lines)]
    confidences = [t["confidence"] for t in (first, second) if t.get("confidence") is not None]
    if confidences:
        first["confidence"] = min(confidences)


def delete_task(draft: dict, key: str) -> None:
    draft["tasks"].pop(_index(draft, key))


def to_entry(draft: dict) -> dict:
    """The draft as an entry for ``engine.domain.directive_entry.normalize``."""
    tasks = [{k: v for k, v in task.items() if k not in REVIEW_KEYS} for task in draft["tasks"]]
    return {"source": draft.get("source"), "document": dict(draft["document"]), "tasks": tasks}


def page_boxes(draft: dict) -> dict[int, list[tuple[int, list[float]]]]:
    """Page number → (line number, box as fractions of the page) of the OCR'd lines
    on it, for drawing the lines over the page image."""
    out: dict[int, list[tuple[int, list[float]]]] = {n: [] for n in draft.get("pages") or []}
    for n, line in enumerate(draft.get("lines") or [], start=1):
        if line.get("box") and line.get("page") in out:
            out[line["page"]].append((n, line["box"]))
    return out


def line_marks(draft: dict) -> dict[int, list[str]]:
    """Line number → keys of the tasks read from that line (for highlighting)."""
    marks: dict[int, list[str]] = {}
    for task in draft["tasks"]:
        lines = task.get("source_lines") or []
        if len(lines) == 2:
            for n in range(int(lines[0]), int(lines[1]) + 1):
                marks.setdefault(n, []).append(task["key"])
    return marks
