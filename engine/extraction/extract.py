"""extract_text: a directive's text → its document facts and proposed tasks.

Runs the stages in order: text repair (a text OCR'd with a model that lacks Vietnamese
letters, or typed without diacritics, is restored first — repair.restore), layout
(regions, footnotes, closing formula, tables cut out of the body), the document facts,
the outline of the body, task tables wherever they stand and however they were
rendered, the task fields, which tasks are kept (tasks.selection), the reporting rule,
and the problems a reviewer should look at. The result follows the annotation schema
(keys "source", "document", "tasks") plus "problems"; every task also carries
"confidence" and "source_lines", and, when the text was restored, "ocr_lines".
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass
from datetime import date

from engine.extraction.agencies.index import AgencyIndex
from engine.extraction.agencies.matcher import AgencyMatcher
from engine.extraction.fields.deadlines import choose_deadline, find_deadlines
from engine.extraction.fields.document_header import ANY_DATE, read_document_facts, reference_date
from engine.extraction.fields.reporting_rule import reporting_rule
from engine.extraction.fields.task_fields import FieldReader, Lead, LeadSource
from engine.extraction.layout.line import page_count
from engine.extraction.layout.regions import Layout, analyse
from engine.extraction.repair.channel import eng_channel
from engine.extraction.repair.keys import ocr_noise_ratio
from engine.extraction.repair.lexicon import Lexicon, base_lexicon, dictionary_status
from engine.extraction.repair.restore import Restoration, restore
from engine.extraction.structure.outline import Item, parse_outline
from engine.extraction.tasks.assembler import Problems, TaskAssembler
from engine.extraction.tasks.ocr_source import attach_ocr_source
from engine.extraction.tasks.selection import select_tasks
from engine.extraction.tasks.table_tasks import TableReader, TableTask
from engine.extraction.tasks.task_tables import appendix_prefix, read_appendix, read_bar_table, read_tables

_INDEXES: "OrderedDict[int, tuple[tuple, AgencyIndex]]" = OrderedDict()
_LEXICONS: "OrderedDict[tuple[str, ...], Lexicon]" = OrderedDict()
_CACHED_REGISTRIES = 4


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


def lexicon_for(registry) -> Lexicon:
    """The repairer's lexicon with the registry's agency names counted in (cached)."""
    names = tuple(sorted(a.name for a in registry if not a.name.startswith("@")))
    lexicon = _LEXICONS.get(names)
    if lexicon is None:
        lexicon = base_lexicon().extended(names)
        _LEXICONS[names] = lexicon
        while len(_LEXICONS) > _CACHED_REGISTRIES:
            _LEXICONS.popitem(last=False)
    _LEXICONS.move_to_end(names)
    return lexicon


@dataclass
class _Reading:
    """What every stage after the layout reads with."""

    matcher: AgencyMatcher
    default_year: int | None
    problems: Problems
    assembler: TaskAssembler


def _default_year(issued: str | None, text: str) -> int | None:
    years = Counter(int(y) for _, _, y in ANY_DATE.findall(text))
    return int(issued[:4]) if issued else (years.most_common(1)[0][0] if years else None)


def _addressees(layout: Layout, matcher: AgencyMatcher) -> Lead | None:
    text = " ".join(ln.stripped for ln in layout.addressees)
    text = re.sub(r"^\s*Kính gửi\s*:?", "", text, flags=re.IGNORECASE)
    if not text.strip():
        return None
    found = matcher.parse_list(text.replace("-", ";"), 0, report_unknown=False, stop_on_space=False)
    return Lead(found, LeadSource.ADDRESSEES, 0) if found.resolved else None


def _body_tasks(layout: Layout, reading: _Reading) -> tuple[list[dict], list[Item]]:
    """Tasks of the body and of the documents attached to it, and their outlines."""
    root = parse_outline(layout.body)
    roots = [root]
    tasks = reading.assembler.body_tasks(root, _addressees(layout, reading.matcher))
    for prefix, lines in layout.attachments:
        roots.append(parse_outline(lines))
        for task in reading.assembler.body_tasks(roots[-1], None, f"{prefix}."):
            task["ref"] = f"{prefix}.{task['ref']}"
            tasks.append(task)
    return tasks, roots


def _table_rows(layout: Layout, reading: _Reading) -> list[TableTask]:
    """Rows of the task tables in the body, in appendices and rendered between bars."""
    rows, notes = [], []
    table_reader = TableReader(reading.matcher, reading.default_year)
    for prefix, lines in layout.tables:
        rows.extend(read_tables(lines, table_reader, prefix, notes))
    for appendix in layout.appendices:
        rows.extend(read_appendix(appendix, table_reader, notes))
    for n, block in enumerate(layout.pipe_blocks, start=1):
        owner = next((a for a in layout.appendices if a[0].no <= block[0].no <= a[-1].no), None)
        prefix = appendix_prefix(owner[0]) if owner else f"B{n}"
        rows.extend(read_bar_table(block, table_reader, prefix))
    for note in notes:
        reading.problems.add(note)
    return rows


def _document_rules(doc: dict, roots: list[Item], layout: Layout, default_year: int | None) -> None:
    """The deadline the introduction sets for every item, and the reporting rule."""
    intro_text, intro_key = roots[0].own_text() if roots[0].children else ("", "")
    default, _ = choose_deadline([d for d in find_deadlines(intro_text, default_year=default_year,
                                                            text_key=intro_key, item_start=False)
                                  if d.strength == "strong"])
    if default.kind != "none":
        doc["default_deadline"] = default.to_dict()
    rule = reporting_rule(roots, " ".join(ln.stripped for ln in layout.closing))
    if rule:
        doc["reporting_rule"] = rule


def _repair(text: str, registry) -> Restoration:
    return restore(text, lexicon_for(registry), eng_channel())


def extract_text(text: str, registry, *, source: str | None = None) -> dict:
    """Document facts and proposed tasks of a directive's text (see module doc)."""
    text = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n"))
    restored = _repair(text, registry)
    base = matcher_for(registry)
    layout = analyse(restored.text, base.vocabulary)
    matcher = base.with_date(None)
    doc, issued = read_document_facts(layout, matcher)
    matcher.on = reference_date(issued, restored.text)
    default_year = _default_year(issued, restored.text)
    problems = Problems()
    noise = ocr_noise_ratio(" ".join(restored.lines[ln.no - 1].raw for ln in layout.body[:400]))
    reader = FieldReader(matcher, default_year)
    assembler = TaskAssembler(matcher, reader, problems, noise, paged=page_count(layout.lines) > 1)
    reading = _Reading(matcher, default_year, problems, assembler)

    body_tasks, roots = _body_tasks(layout, reading)
    tasks = select_tasks(body_tasks, reading.assembler.table_tasks(_table_rows(layout, reading)), matcher, problems)
    for task in tasks:
        for private in [k for k in task if k.startswith("_")]:
            del task[private]
    _check_groups(tasks, registry, matcher.on, problems)
    _document_rules(doc, roots, layout, default_year)
    if tasks and not doc.get("signer"):
        problems.add("Không đọc được tên người ký (khối chữ ký cuối văn bản): có thể bị con dấu che hoặc mất "
                     "khi quét — cần nhập tay")
    if restored.applied:
        attach_ocr_source(tasks, restored)
        _report_unreadable(restored, layout, lexicon_for(registry), problems)
        problems.add("Văn bản được nhận dạng (OCR) không có dấu tiếng Việt hoặc bằng mô hình không phải tiếng "
                     "Việt: nội dung đã được khôi phục dấu tự động — đối chiếu với dòng OCR gốc, nhất là các từ "
                     "được đánh dấu chưa chắc chắn")
        if dictionary_status().message:
            problems.add(dictionary_status().message)
    if not tasks:
        problems.add("Không tìm thấy nhiệm vụ nào trong văn bản")
    if noise > 0.3:
        problems.add("Văn bản có dấu hiệu nhận dạng OCR kém (mất dấu, sai ký tự): cần rà soát kỹ "
                     "các nhiệm vụ đề xuất")
    return {"source": source, "document": doc, "tasks": tasks, "problems": list(problems)}


def _report_unreadable(restored: Restoration, layout: Layout, lexicon: Lexicon, problems: Problems) -> None:
    """The words the repairer could not read as Vietnamese, with their line (and page)."""
    found = []
    for n, line in enumerate(restored.lines):
        for word in line.uncertain_words:
            if word.isalpha() and not lexicon.knows(word.lower()) and len(word) > 1:
                page = layout.lines[n].page if n < len(layout.lines) else 1
                found.append(f"«{word}» (dòng {n + 1}" + (f", trang {page})" if page_count(layout.lines) > 1 else ")"))
    if found:
        more = f" và {len(found) - 12} từ khác" if len(found) > 12 else ""
        problems.add(f"Không đọc được {len(found)} từ của bản OCR, giữ nguyên như bản quét: "
                     f"{', '.join(found[:12])}{more}")


def _check_groups(tasks: list[dict], registry, on: date | None, problems: Problems) -> None:
    if on is None:
        return
    for task in tasks:
        for name in task["lead"]:
            if name.startswith("@") and not registry.members(name, on):
                problems.add(f"Nhóm {name} không có cơ quan nào tồn tại vào ngày {on:%d/%m/%Y} "
                             f"(ngày tham chiếu của văn bản) — kiểm tra lại mục {task['ref']}")
