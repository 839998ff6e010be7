"""extract_text: a directive's text → its document facts and proposed tasks.

Wires the parts together: layout (regions, footnotes, closing formula, tables cut out of
the body), document facts, the outline of the body, task tables wherever they stand and
however they were rendered (task_tables), the task fields, which tasks are kept
(task_selection), the reporting rule, and the problems a reviewer should look at. The result follows the
annotation schema (keys "source", "document", "tasks") plus "problems"; every task also
carries "confidence" and "source_lines".
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, OrderedDict
from datetime import date

from engine.extraction.agencies.index import AgencyIndex
from engine.extraction.agencies.matcher import AgencyMatcher
from engine.extraction.fields import document_facts as facts
from engine.extraction.fields.deadlines import choose_deadline, find_deadlines
from engine.extraction.fields.reporting_rule import reporting_rule
from engine.extraction.fields.task_fields import FieldReader, Lead
from engine.extraction.layout.regions import Layout, analyse
from engine.extraction.repair.keys import ocr_noise_ratio
from engine.extraction.structure.outline import parse_outline
from engine.extraction.tasks.assembler import Problems, TaskAssembler
from engine.extraction.tasks.selection import select_tasks
from engine.extraction.tasks.table_tasks import TableReader
from engine.extraction.tasks.task_tables import appendix_prefix, read_appendix, read_bar_table, read_tables

_INDEXES: "OrderedDict[int, tuple[tuple, AgencyIndex]]" = OrderedDict()
_CACHED_REGISTRIES = 4
_ANY_DATE = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b")


def matcher_for(registry) -> AgencyMatcher:
    """A matcher for ``registry``. Building one indexes every alias, so the index is kept
    for the last few registries, keyed by their content (not by the object): a registry
    edited in place, or a new object that happens to reuse an old one's id, never gets
    an index built from other agencies."""
    try:
        entries = tuple(registry)
        key = hash(entries)
    except TypeError:                       # entries that cannot be hashed: no cache
        return AgencyMatcher(registry)
    cached = _INDEXES.get(key)
    if cached is not None and cached[0] == entries:
        _INDEXES.move_to_end(key)
        return AgencyMatcher(registry, index=cached[1])
    index = AgencyIndex(registry)
    _INDEXES[key] = (entries, index)
    _INDEXES.move_to_end(key)
    while len(_INDEXES) > _CACHED_REGISTRIES:
        _INDEXES.popitem(last=False)
    return AgencyMatcher(registry, index=index)


def _dates_in(text: str) -> list[date]:
    out = []
    for d, m, y in _ANY_DATE.findall(text):
        try:
            out.append(date(int(y), int(m), int(d)))
        except ValueError:
            pass
    return out


def _reference_date(issued: str | None, text: str) -> date | None:
    """The day group membership is judged on: the issue date, else the latest date
    the text mentions (a directive is issued before its deadlines)."""
    if issued:
        parts = [int(p) for p in issued.split("-")]
        return date(parts[0], parts[1], parts[2] if len(parts) > 2 else 15)
    found = [d for d in _dates_in(text) if 1990 <= d.year <= 2100]
    return max(found) if found else None


def _document(layout: Layout, matcher: AgencyMatcher) -> tuple[dict, str | None]:
    lines = layout.lines
    number = None
    for ln in lines[:40]:
        if ln.stripped[:1] == "S" and re.match(r"^\s*s[o0]\s*[:.]?\s*\d{0,5}\s*[/-]", ln.skey):
            number = facts.parse_number(ln.stripped)
            if number:
                break
    issued = None
    for ln in lines[:45]:
        if re.search(r",\s*ngay\b.*thang", ln.key) or re.match(r"^\s*ngay\s.*thang.*nam\s*\d{4}", ln.skey):
            issued = facts.parse_issue_date(ln.text)
            if issued:
                break
    title, type_word = facts.find_title(lines, None)
    appendix_start = layout.appendices[0][0].no - 1 if layout.appendices else len(lines)
    signer, signer_title = facts.find_signer(lines, layout.body_end, appendix_start)
    province = facts.province_of(lines)
    issuer = None
    for candidate in (facts.header_issuer(lines),
                      _issuer_from_symbol(number, province),
                      _issuer_from_closing(layout)):
        if candidate:
            result = matcher.match(candidate)
            issuer = result.agency_name if result.agency_name and not result.agency_name.startswith("@") else None
            if issuer:
                break
    if issuer and province and province not in issuer and issuer.rstrip().endswith("tỉnh"):
        issuer = f"{issuer} {province}"
    if issuer and issuer.startswith("UBND tỉnh") and facts.chairman_decides(lines):
        issuer = f"Chủ tịch {issuer}"
    doc = {
        "number": number.number if number else None,
        "type": (number.type if number and number.type != "CV" else None) or type_word
                or (number.type if number else None),
        "issuer": issuer,
        "date": issued,
        "signer": signer,
        "title": title,
    }
    if signer_title:
        doc["signer_title"] = signer_title
    if number:
        doc["number_text"] = re.sub(r"\s+", " ", number.text.split(number.symbol)[0] + number.symbol)
    return doc, issued


def _issuer_from_symbol(number, province) -> str | None:
    if not number or not number.issuer_code:
        return None
    code = number.issuer_code.split("-")[0]
    expansions = {"UBND": "UBND tỉnh", "VP": "VP UBND tỉnh", "VPUBND": "VP UBND tỉnh"}
    return expansions.get(code.upper(), code)


def _issuer_from_closing(layout: Layout) -> str | None:
    if not layout.closing:
        return None
    first = " ".join(ln.stripped for ln in layout.closing)
    m = re.match(r"^(.{3,60}?)\s+(?:thông báo|yêu cầu|đề nghị)", first)
    return m.group(1) if m else None


def extract_text(text: str, registry, *, source: str | None = None) -> dict:
    """Document facts and proposed tasks of a directive's text (see module doc)."""
    text = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n"))
    base = matcher_for(registry)
    layout = analyse(text, base.vocabulary)
    matcher = base.with_date(None)
    doc, issued = _document(layout, matcher)
    matcher.on = _reference_date(issued, text)
    years = Counter(int(y) for _, _, y in _ANY_DATE.findall(text))
    default_year = int(issued[:4]) if issued else (years.most_common(1)[0][0] if years else None)
    problems = Problems()
    noise = ocr_noise_ratio(" ".join(ln.text for ln in layout.body[:400]))
    reader = FieldReader(matcher, default_year)
    assembler = TaskAssembler(matcher, reader, problems, noise)

    addr_text = " ".join(ln.stripped for ln in layout.addressees)
    addr_text = re.sub(r"^\s*Kính gửi\s*:?", "", addr_text, flags=re.IGNORECASE)
    addressees = None
    found = matcher.parse_list(addr_text.replace("-", ";"), 0, report_unknown=False,
                               stop_on_space=False) if addr_text.strip() else None
    if found and found.resolved:
        addressees = Lead(found, "addressees", 0)

    root = parse_outline(layout.body)
    roots = [root]
    body_tasks = assembler.body_tasks(root, addressees)
    for prefix, lines in layout.attachments:
        roots.append(parse_outline(lines))
        for task in assembler.body_tasks(roots[-1], None, f"{prefix}."):
            task["ref"] = f"{prefix}.{task['ref']}"
            body_tasks.append(task)
    table_rows, notes = [], []
    table_reader = TableReader(matcher, default_year)
    for prefix, lines in layout.tables:
        table_rows.extend(read_tables(lines, table_reader, prefix, notes))
    for appendix in layout.appendices:
        table_rows.extend(read_appendix(appendix, table_reader, notes))
    for n, block in enumerate(layout.pipe_blocks, start=1):
        owner = next((a for a in layout.appendices if a[0].no <= block[0].no <= a[-1].no), None)
        prefix = appendix_prefix(owner[0]) if owner else f"B{n}"
        table_rows.extend(read_bar_table(block, table_reader, prefix))
    for note in notes:
        problems.add(note)
    tasks = select_tasks(body_tasks, assembler.table_tasks(table_rows), matcher, problems)
    for task in tasks:
        for private in [k for k in task if k.startswith("_")]:
            del task[private]
    _check_groups(tasks, registry, matcher.on, problems)

    intro_text, intro_key = root.own_text()
    default, _ = choose_deadline([d for d in find_deadlines(intro_text, default_year=default_year,
                                                            text_key=intro_key, item_start=False)
                                  if d.strength == "strong"])
    if default.kind != "none":
        doc["default_deadline"] = default.to_dict()
    rule = reporting_rule(roots, " ".join(ln.stripped for ln in layout.closing))
    if rule:
        doc["reporting_rule"] = rule
    if not tasks:
        problems.add("Không tìm thấy nhiệm vụ nào trong văn bản")
    if noise > 0.3:
        problems.add("Văn bản có dấu hiệu nhận dạng OCR kém (mất dấu, sai ký tự): cần rà soát kỹ "
                     "các nhiệm vụ đề xuất")
    return {"source": source, "document": doc, "tasks": tasks, "problems": list(problems)}


def _check_groups(tasks: list[dict], registry, on: date | None, problems: Problems) -> None:
    if on is None:
        return
    for task in tasks:
        for name in task["lead"]:
            if name.startswith("@") and not registry.members(name, on):
                problems.add(f"Nhóm {name} không có cơ quan nào tồn tại vào ngày {on:%d/%m/%Y} "
                             f"(ngày tham chiếu của văn bản) — kiểm tra lại mục {task['ref']}")
