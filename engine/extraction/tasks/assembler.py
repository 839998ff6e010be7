"""Proposed tasks in the annotation schema, from the outline and from task tables.

Decides which items are tasks — the leaves of the outline outside background sections
(kết quả, tồn tại, mục tiêu, kinh phí …); an item that only introduces sub-items is not
one, nor an item that points to the tasks of an appendix ("thực hiện các nhiệm vụ được
phân công tại phụ lục") — and gives each its fields, a confidence, the source lines and
the doubts worth a reviewer's eye. When a plan lists its tasks in a table, the body
bullets that restate table rows are dropped and the table rows kept.
"""
from __future__ import annotations

import re

from engine.extraction.agencies.matcher import AgencyMatcher, Mention
from engine.extraction.fields.deadlines import Deadline, choose_deadline, find_deadlines
from engine.extraction.fields.task_fields import (LABEL_LEAD, FieldReader, Fields, Lead, is_formula,
                                           refers_to_appendix, starts_at, topic_of)
from engine.extraction.repair.keys import apply_repairs
from engine.extraction.structure.outline import Item, ItemKind
from engine.extraction.structure.paragraphs import paragraphs
from engine.extraction.tasks.item_kinds import closing_formula, holds_own_task, only_implements_and_reports
from engine.extraction.tasks.table_tasks import TableTask

_INTRO = re.compile(r"(?:yeu cau|giao|de nghi)\s+")


class Problems(list):
    def add(self, message: str) -> None:
        if message not in self:
            self.append(message)


class TaskAssembler:
    def __init__(self, matcher: AgencyMatcher, reader: FieldReader, problems: Problems,
                 ocr_noise: float = 0.0, paged: bool = False):
        self.matcher = matcher
        self.paged = paged                  # the text marks its pages: tasks say which pages they are on
        self.reader = reader
        self.problems = problems
        self.ocr_noise = ocr_noise
        self.skipped_unassigned: list[dict] = []
        self._prefix = ""

    # -- body --------------------------------------------------------------------------
    def _intro_lead(self, text: str, key: str) -> Lead | None:
        if not text.rstrip().endswith(":"):
            return None
        start = max(key.rfind(". "), 0)
        for m in reversed(list(_INTRO.finditer(key, start))):
            found = self.matcher.parse_list(text, m.end(), report_unknown=False)
            if found.resolved and starts_at(found, m.end(), key):
                return Lead(found, "intro", 0)
        return None

    def body_tasks(self, root: Item, addressees: Lead | None, prefix: str = "") -> list[dict]:
        """Tasks of an outline; ``prefix`` ("KH.") names the part in messages."""
        self._prefix = prefix
        tasks: list[dict] = []
        if root.children:
            text, key = root.own_text()
            self._walk(root, self._intro_lead(text, key), addressees, tasks)
            return tasks
        # no numbered items: each paragraph that assigns something is a task
        root, text, key = paragraphs(root)
        self._walk(root, self._intro_lead(text, key), addressees, tasks)
        return [t for t in tasks if t["lead"] or t.get("unresolved_agencies")]

    def _walk(self, node: Item, inherited: Lead | None, addressees: Lead | None, out: list[dict],
              deadline: Deadline | None = None):
        for child in node.children:
            text, key = child.own_text()
            addr = self.reader.addressee(text, key)
            own = addr if addr.agencies is not None else None
            if child.children:
                passed = own or self._intro_lead(text, key) or inherited
                if passed is not None and passed.source == "item":
                    passed = Lead(passed.agencies, "heading", 0)
                if holds_own_task(child, text, key, own.content_start if own else 0):
                    # "- Sở X: Chủ trì …; hoàn thành trước …." with "+" items under it: the
                    # bullet is a task itself; its deadline is its own, not its items'
                    self._emit(child, text, key, own, inherited, addressees, deadline, out)
                    below = deadline
                else:
                    found, _ = choose_deadline(find_deadlines(text, default_year=self.reader.default_year,
                                                              text_key=key, item_start=False))
                    below = found if found.strength == "strong" else deadline
                self._walk(child, passed, addressees, out, below)
                continue
            if child.kind == "roman" and len([ln for ln in child.lines if not ln.blank]) == 1:
                continue          # a section heading alone (its table was read apart)
            if child.in_reporting_section() and own is None:
                continue          # the document's reporting rule (see reporting_rule), not a task
            if child.is_background() or refers_to_appendix(key) or \
                    (child.kind == "article" and is_formula(key)) or closing_formula(key):
                continue
            if only_implements_and_reports(key):
                self.problems.add(f"Mục {self._prefix}{child.ref} chỉ giao triển khai chung và chế độ báo cáo: không tách "
                                  f"thành nhiệm vụ riêng (xem chế độ báo cáo của văn bản)")
                continue
            self._emit(child, text, key, own, inherited, addressees, deadline, out)

    def _emit(self, child: Item, text: str, key: str, own: Lead | None, inherited: Lead | None,
              addressees: Lead | None, deadline: Deadline | None, out: list[dict]) -> None:
        for ref, lead, start, end, topic, focus in self._units(child, text, key, own, inherited, addressees):
            content, ckey = text[start:end].strip(), key[start:end].strip()
            if not re.search(r"\w", content):
                continue
            summary = f"{topic} {text[focus:end].strip()}" if topic else text[focus:end]
            fields = self.reader.read(content, ckey, lead, summary=summary)
            if fields.deadline.kind == "none" and deadline is not None and not fields.deadline.problem:
                fields.deadline = deadline          # "2. … hoàn thành trước ngày …:" over its items
                fields.deadline_inherited = True
            task = self._task(ref, fields, child.line_range, child.lines)
            task["_item_text"] = text
            out.append(task)

    def _units(self, item: Item, text: str, key: str, own: Lead | None, inherited: Lead | None,
               addressees: Lead | None):
        """(ref, lead, start, end, topic) of each task an outline leaf holds: one, or one per
        assignment sentence when the item gives tasks to several agencies in turn."""
        labelled = self.reader.labelled(text, key, LABEL_LEAD)
        if labelled is not None:
            return [(item.ref, Lead(labelled, "item", 0), 0, len(text), "", 0)]
        if own is not None:
            topic = topic_of(text, key) if own.source == "item" else ""
            if item.kind == ItemKind.PARA and ":" not in text[:own.content_start]:
                # a paragraph whose subject is its agency ("Sở Y tế xây dựng …"): the sentence whole
                return [(item.ref, own, 0, len(text), topic, 0)]
            return [(item.ref, own, own.content_start, len(text), topic, own.content_start)]
        if inherited is not None and inherited.agencies is not None:
            return [(item.ref, inherited, 0, len(text), "", 0)]
        found = self.reader.assignments(text, key)
        topic = topic_of(text, key)
        if len(found) > 1:
            bounds = [pos for pos, _ in found] + [len(text)]
            return [(f"{item.ref}/{n}", Lead(agencies, "text", 0), bounds[n - 1], bounds[n], topic,
                     bounds[n - 1]) for n, (_, agencies) in enumerate(found, start=1)]
        if found:
            # one assignment inside the item ("Thống nhất chủ trương …. Giao X xây dựng …"):
            # the summary keeps the item's own first words, as the reader sees it
            return [(item.ref, Lead(found[0][1], "text", 0), 0, len(text), "", 0)]
        return [(item.ref, addressees or Lead(None, "none"), 0, len(text), "", 0)]

    # -- tables ------------------------------------------------------------------------
    def table_tasks(self, rows: list[TableTask]) -> list[dict]:
        out = []
        for row in rows:
            key = self.matcher.key(row.content)
            fields = self.reader.read(row.content, key, Lead(None, "none"), item_start=False)
            fields.lead = row.lead.resolved
            fields.lead_mentions = list(row.lead.mentions)
            fields.lead_source = "table" if fields.lead else "none"
            fields.unresolved = row.lead.unknown + row.coord.unknown
            fields.unresolved_lead = list(row.lead.unknown)
            fields.coordinating = [n for n in row.coord.resolved if not n.startswith("@")]
            fields.coordinating_groups = [n for n in row.coord.resolved if n.startswith("@")]
            fields.deadline, fields.extra_deadlines = row.deadline, []
            fields.product = row.product
            fields.reporting = None
            nos = [ln.no for ln in row.lines]
            task = self._task(row.ref, fields, (min(nos), max(nos)) if nos else (0, 0), row.lines)
            task["implementation_time"] = row.implementation_time
            task["_table"], task["_cells"] = True, row.cells_read
            penalty = 0.05 + (0.1 if row.continued else 0) + (0.03 if row.inherited else 0) + \
                (0.1 if row.number_inferred else 0)
            if row.number_inferred:
                self.problems.add(f"Hàng {row.ref} của bảng (dòng {task['source_lines'][0]}–{task['source_lines'][1]}) "
                                  f"không đọc được số thứ tự (bản scan): số được suy ra theo thứ tự các hàng — cần đối chiếu")
            task["confidence"] = round(max(0.05, task["confidence"] - penalty), 2)
            if row.continued:
                task.setdefault("low_confidence_fields", []).append("content")
            out.append(task)
        return out

    # -- one task ------------------------------------------------------------------------
    def _readable(self, text: str) -> str:
        """In an OCR-damaged text, the summary with the misread letters put back."""
        if self.ocr_noise < 0.3 or not text:
            return text
        return apply_repairs(text, self.matcher.key(text))

    def _line_of(self, mention: Mention, lines) -> int | None:
        probe = self.matcher.key(mention.text)[:18].strip()
        for ln in lines:
            if probe and probe in ln.key:
                return ln.no
        return lines[0].no if lines else None

    def _task(self, ref: str, f: Fields, line_range: tuple[int, int], lines) -> dict:
        low: list[str] = []
        conf = 0.93
        if not f.lead:
            conf -= 0.45
            low.append("lead")
        elif f.lead_source in ("intro", "text", "addressees"):
            conf -= 0.15
            low.append("lead")
        if any(m.kind == "fuzzy" and m.score < 97 for m in f.lead_mentions) or \
                any(m.kind == "prefix" for m in f.lead_mentions):
            conf -= 0.1
            if "lead" not in low:
                low.append("lead")
        for m in f.unresolved:
            where = f"mục {ref}, dòng {self._line_of(m, lines)}"
            if m.kind == "ambiguous":
                self.problems.add(f"Tên cơ quan «{_squash(m.text)}» khớp nhiều cơ quan "
                                  f"({', '.join(m.candidates)}) ({where})")
            else:
                self.problems.add(f"Không nhận ra cơ quan: «{_squash(m.text)}» ({where})")
        if f.unresolved:
            conf -= 0.1
        dl = f.deadline
        if dl.problem:
            conf -= 0.2
            low.append("deadline")
            self.problems.add(f"Thời hạn không dùng được — {dl.problem} (mục {ref})")
        elif dl.extra.get("footnote"):
            conf -= 0.12
            low.append("deadline")
            y, m, d = dl.value.split("-")
            self.problems.add(f"Thời hạn «{dl.text}» (mục {ref}) được đọc là {int(d)}/{int(m)}/{y}: số "
                              f"«{dl.extra['footnote']}» viết liền sau năm được coi là dấu chú thích — cần kiểm tra")
        elif dl.strength == "weak" or dl.extra.get("inferred") or f.extra_deadlines or f.deadline_inherited:
            conf -= 0.07
            low.append("deadline")
        conf -= min(0.15, self.ocr_noise * 0.3)
        task = {
            "ref": ref,
            "lead": f.lead,
            "coordinating": f.coordinating,
            "coordinating_groups": f.coordinating_groups,
            "deadline": dl.to_dict(),
            "product": f.product,
            "reporting": f.reporting,
            "summary": self._readable(f.summary),
            "content": re.sub(r"\s+", " ", f.content).strip(),
            "confidence": round(max(0.05, min(0.99, conf)), 2),
            "source_lines": [line_range[0], line_range[1]],
        }
        pages = [ln.page for ln in lines if not ln.blank]
        if self.paged and pages:
            task["source_pages"] = [min(pages), max(pages)]
        if f.extra_deadlines:
            task["additional_deadlines"] = [dict(d.to_dict(), applies_to=None) for d in f.extra_deadlines]
        if low:
            task["low_confidence_fields"] = low
        if f.unresolved:
            task["unresolved_agencies"] = [_squash(m.text) for m in f.unresolved]
        if f.unresolved_lead:
            task["_lead_unknown"] = [_squash(m.text) for m in f.unresolved_lead]
        return task


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _words(text: str, matcher: AgencyMatcher) -> list[str]:
    return re.findall(r"[a-z0-9]+", matcher.key(text))


def _bigrams(text: str, matcher: AgencyMatcher) -> set[tuple[str, str]]:
    words = _words(text, matcher)[:30]
    return set(zip(words, words[1:]))


def drop_restated(body: list[dict], table: list[dict], matcher: AgencyMatcher) -> list[dict]:
    """Body tasks that do not restate a table row (the table row is kept)."""
    rows = [_bigrams(t["content"], matcher) for t in table]
    kept = []
    for task in body:
        pairs = _bigrams(task.get("_item_text") or task["content"], matcher)
        if pairs and any(len(pairs & row) / max(1, min(len(pairs), len(row))) >= 0.7 for row in rows):
            continue
        kept.append(task)
    return kept
