"""A directive on its way in, before launch: what a person typed or reviewed (document
facts, task rows, agency names as they write them, deadlines as written or as a kind
and a value) turned into the annotation payload ``import_directive`` takes, with every
problem named: errors that block the launch, and "6 rõ" gaps (no product, no deadline,
no authority) the person must acknowledge. Pure: the agency registry is passed in."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from engine.domain.agencies import GROUP_PREFIX, AgencyRegistry
from engine.domain.deadlines import KINDS
from engine.domain.errors import DomainError
from engine.domain.formatting import short
from engine.text import squash

AUTO = "auto"       # deadline kind: read it from the phrase as written
SHAPES = {"date": "dd/mm/yyyy", "month": "mm/yyyy", "year": "yyyy"}
_DMY = re.compile(r"^(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MY = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$")
_YM = re.compile(r"^(\d{4})-(\d{2})$")
_Y = re.compile(r"^(\d{4})$")
TASK_TEXT_FIELDS = ("ref", "summary", "content", "product", "reporting")
EXACT_MATCH = 99.5     # AgencyMatcher score of a match that is exact up to spelling
# what the stored columns hold (persistence models): field, label, limit
DOCUMENT_LIMITS = (("number", "số, ký hiệu", 100), ("type", "loại văn bản", 20), ("issuer", "cơ quan ban hành", 300),
                   ("signer", "người ký", 200))
REF_LIMIT = 60


@dataclass
class TaskIssues:
    ref: str
    errors: list[DomainError] = field(default_factory=list)
    gaps: list[DomainError] = field(default_factory=list)


class IssueTotals:
    """The document's errors and gaps together with every task's."""

    @property
    def all_errors(self) -> list[DomainError]:
        return self.errors + [e for t in self.tasks for e in t.errors]

    @property
    def all_gaps(self) -> list[DomainError]:
        return self.gaps + [g for t in self.tasks for g in t.gaps]


@dataclass
class Normalized(IssueTotals):
    payload: dict
    errors: list[DomainError] = field(default_factory=list)     # about the document
    gaps: list[DomainError] = field(default_factory=list)
    tasks: list[TaskIssues] = field(default_factory=list)


def split_names(raw) -> list[str]:
    """Agency names from a list or from text separated by «;» or new lines (names such
    as «Sở, ban, ngành tỉnh» hold commas, so commas do not separate)."""
    if raw is None:
        return []
    items = raw if isinstance(raw, (list, tuple)) else re.split(r"[;\n]", str(raw))
    return [squash(str(item)) for item in items if squash(str(item))]


class NameResolver:
    """Canonical registry names for what people write: exact names and aliases first,
    then the extraction matcher when it matches exactly up to spelling (accents, a
    «tỉnh …» suffix). A merely similar name («Sở Ngoại vụ cũ») is left as written, for
    the check to name it as unknown rather than guess."""

    def __init__(self, registry: AgencyRegistry, matcher_factory=None):
        self.registry = registry
        self._factory = matcher_factory
        self._matcher = None

    def canonical(self, name: str) -> str:
        agency = self.registry.lookup(name)
        if agency is not None:
            return agency.name
        if self._factory is not None:
            if self._matcher is None:
                self._matcher = self._factory(self.registry)
            found = self._matcher.match(name)
            if found.agency_name and not found.ambiguous and found.score >= EXACT_MATCH:
                return found.agency_name
        return name     # left as written: the import names it as unknown

    def display(self, name: str) -> str:
        """How a canonical name or group token reads for people."""
        if name.startswith(GROUP_PREFIX):
            group = self.registry.get(name)
            if group and group.aliases:
                return group.aliases[0]
        return name


def parse_issue_date(raw) -> tuple[str | None, DomainError | None]:
    """«25/6/2025», «2025-06-25», «6/2025» or «2025-06» → ISO day or month."""
    text = squash(str(raw or ""))
    if not text:
        return None, DomainError("entry.no_date")
    try:
        if m := _DMY.match(text):
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat(), None
        if m := _YMD.match(text):
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat(), None
        if (m := _MY.match(text)) or (m := _YM.match(text)):
            month, year = (int(m[1]), int(m[2])) if "/" in text else (int(m[2]), int(m[1]))
            date(year, month, 1)
            return f"{year:04d}-{month:02d}", None
    except ValueError:
        pass
    return None, DomainError("entry.bad_date", value=text)


def parse_deadline_value(kind: str, raw: str, ref: str) -> tuple[str | None, DomainError | None]:
    text = squash(raw)
    bad = DomainError("entry.bad_deadline_value", ref=ref, value=text, shape=SHAPES[kind])
    if not text:
        return None, DomainError("import.bad_deadline", ref=ref,
                                 detail=DomainError("deadline.missing_value", kind=kind).message())
    try:
        if kind == "date":
            m = _DMY.match(text) or _YMD.match(text)
            if not m:
                return None, bad
            d, mo, y = (m[1], m[2], m[3]) if "/" in text else (m[3], m[2], m[1])
            return date(int(y), int(mo), int(d)).isoformat(), None
        if kind == "month":
            m = _MY.match(text) or _YM.match(text)
            if not m:
                return None, bad
            mo, y = (int(m[1]), int(m[2])) if "/" in text else (int(m[2]), int(m[1]))
            return (f"{y:04d}-{mo:02d}", None) if 1 <= mo <= 12 else (None, bad)
        m = _Y.match(text)
        return (text, None) if m else (None, bad)
    except ValueError:
        return None, DomainError("entry.impossible_date", ref=ref, value=text)


def _phrase_error(found, ref: str, text: str, line: int | None = None) -> DomainError:
    """The error for a deadline phrase that names a date the parser could not use."""
    where = {"line": line} if line else {}
    if "không tồn tại" in (found.problem or ""):
        return DomainError("entry.impossible_date_at" if line else "entry.impossible_date", ref=ref, value=text,
                           **where)
    return DomainError("entry.unread_deadline_at" if line else "entry.unread_deadline", ref=ref, text=text,
                       detail=found.problem or "", **where)


def unusable_deadline(task: dict, default_year: int | None, phrase_parser) -> DomainError | None:
    """An error when ``task`` (a proposal's or an entry's) has no deadline although its
    phrase as written names one that cannot be used — a day that does not exist
    («chậm nhất 30/02/2025»), a year out of range: launching it would drop the deadline
    without a word. Names the source line when the task knows it."""
    deadline = task.get("deadline") or {}
    text = squash(deadline.get("text") or "")
    if deadline.get("kind", "none") != "none" or not text or phrase_parser is None:
        return None
    found = phrase_parser(text, default_year=default_year)
    if getattr(found, "strength", "") != "invalid":
        return None
    lines = task.get("source_lines") or []
    return _phrase_error(found, squash(task.get("ref") or "") or "?", text, lines[0] if lines else None)


def deadline_of(raw: dict | None, ref: str, default_year: int | None,
                phrase_parser=None) -> tuple[dict, DomainError | None]:
    """A deadline as entered → the schema's deadline dict (kind none when empty)."""
    raw = raw or {}
    kind = (raw.get("kind") or AUTO).strip()
    text = squash(raw.get("text") or "") or None
    if kind == AUTO:
        if not text:
            return {"kind": "none", "value": None, "text": None}, None
        if phrase_parser is None:
            return {"kind": "none", "value": None, "text": text}, None
        found = phrase_parser(text, default_year=default_year)
        if getattr(found, "strength", "") == "invalid":
            return {"kind": "none", "value": None, "text": text}, _phrase_error(found, ref, text)
        result = found.to_dict()
        result["text"] = text
        return result, None
    if kind not in KINDS:
        return {"kind": "none", "value": None, "text": text}, DomainError(
            "import.bad_deadline", ref=ref, detail=DomainError("deadline.unknown_kind", kind=kind).message())
    if kind in SHAPES:
        value, error = parse_deadline_value(kind, str(raw.get("value") or ""), ref)
        result = {"kind": kind, "value": value, "text": text}
        if kind == "date":
            result["before"] = bool(raw.get("before"))
        return result, error
    result = {"kind": kind, "value": None, "text": text}
    return result, unusable_deadline({"ref": ref, "deadline": result}, default_year, phrase_parser)


def _blank(row: dict) -> bool:
    deadline = row.get("deadline") or {}
    return not any(squash(str(row.get(name) or "")) for name in TASK_TEXT_FIELDS) and not split_names(
        row.get("lead")) and not split_names(row.get("coordinating")) and not squash(
        str(deadline.get("text") or deadline.get("value") or ""))


def _document(raw: dict, resolver: NameResolver, defaults: dict, out: Normalized) -> dict:
    title = squash(raw.get("title") or "")
    if not title:
        out.errors.append(DomainError("entry.no_title"))
    issued, error = parse_issue_date(raw.get("date"))
    if error:
        out.errors.append(error)
    doc = {"number": squash(raw.get("number") or "") or None, "type": squash(raw.get("type") or "").upper() or "CV",
           "issuer": squash(raw.get("issuer") or ""), "date": issued, "signer": squash(raw.get("signer") or "") or None,
           "title": title, "reporting_rule": squash(raw.get("reporting_rule") or "") or None}
    for name, label, limit in DOCUMENT_LIMITS:
        if len(doc[name] or "") > limit:
            out.errors.append(DomainError("form.too_long", field=label, max=limit))
    for role in ("monitor", "authority"):
        name = squash(raw.get(role) or "")
        if not name:
            doc[role] = None
            if role == "authority":
                out.gaps.append(DomainError("entry.gap_authority", name=defaults.get("authority", "")))
            continue
        canonical = resolver.canonical(name)
        if resolver.registry.get(canonical) is None:
            out.errors.append(DomainError("agency.not_found", name=name))
        doc[role] = canonical
    return doc


def _task(row: dict, position: int, resolver: NameResolver, default_year: int | None, phrase_parser,
          seen_refs: set[str]) -> tuple[dict, TaskIssues]:
    ref = squash(row.get("ref") or "") or str(position + 1)
    issues = TaskIssues(ref)
    if len(ref) > REF_LIMIT:
        issues.errors.append(DomainError("form.too_long", field="số thứ tự / mục", max=REF_LIMIT))
    if ref in seen_refs:
        issues.errors.append(DomainError("entry.duplicate_ref", ref=ref))
    seen_refs.add(ref)
    content = (row.get("content") or "").strip() or None
    summary = squash(row.get("summary") or "") or (short(content, 200) if content else "")
    if not summary:
        issues.errors.append(DomainError("entry.no_summary", ref=ref))
    lead = list(dict.fromkeys(resolver.canonical(n) for n in split_names(row.get("lead"))))
    if not lead:
        issues.errors.append(DomainError("import.no_lead", ref=ref))
    coordinating, groups = [], list(row.get("coordinating_groups") or [])
    for name in split_names(row.get("coordinating")):
        canonical = resolver.canonical(name)
        target = groups if canonical.startswith(GROUP_PREFIX) else coordinating
        if canonical not in target:
            target.append(canonical)
    for name in [*lead, *coordinating, *groups]:
        if resolver.registry.get(name) is None:
            issues.errors.append(DomainError("import.unknown_agency", ref=ref, name=name))
    deadline, error = deadline_of(row.get("deadline"), ref, default_year, phrase_parser)
    if error:
        issues.errors.append(error)
    product = squash(row.get("product") or "") or None
    if product is None:
        issues.gaps.append(DomainError("entry.gap_product", ref=ref))
    if deadline["kind"] == "none" and not error:
        issues.gaps.append(DomainError("entry.gap_deadline", ref=ref))
    task = {"ref": ref, "summary": summary, "content": content, "lead": lead, "coordinating": coordinating,
            "coordinating_groups": groups, "deadline": deadline, "product": product,
            "reporting": squash(row.get("reporting") or "") or None, "note": row.get("note")}
    if row.get("additional_deadlines"):
        task["additional_deadlines"] = row["additional_deadlines"]
    return task, issues


def normalize(entry: dict, resolver: NameResolver, defaults: dict | None = None,
              phrase_parser=None) -> Normalized:
    """``entry`` (document + task rows as entered) → payload and problems."""
    out = Normalized(payload={})
    document = _document(entry.get("document") or {}, resolver, defaults or {}, out)
    default_year = int(document["date"][:4]) if document["date"] else None
    tasks, seen = [], set()
    for row in entry.get("tasks") or []:
        if _blank(row):
            continue
        task, issues = _task(row, len(tasks), resolver, default_year, phrase_parser, seen)
        tasks.append(task)
        out.tasks.append(issues)
    if not tasks:
        out.errors.append(DomainError("import.no_tasks"))
    out.payload = {"source": entry.get("source"), "document": document, "tasks": tasks}
    return out
