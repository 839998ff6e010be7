"""Which proposed tasks are kept, and what the reviewer is told about the others.

* A body item with neither a lead agency nor a deadline is not proposed ("không ghi cơ
  quan chủ trì và thời hạn" — true of a body item, whose text was read whole).
* When the document lists its tasks in a table, body items without a lead are left out
  (the table carries the tasks) and items that restate a table row give way to the row;
  both are reported.
* A row of a task table is a task by construction and is kept even when its cells were
  not read; the problem then says which cells are empty — or, where the cells of the
  text layer could not be told apart, that they could not be read.
* A task whose text looks like a reading accident (a few words, or a whole page run
  together) is kept but flagged.
"""
from __future__ import annotations

from engine.extraction.tasks.assembler import Problems, drop_restated


def _where(task: dict) -> str:
    where = f"dòng {task['source_lines'][0]}–{task['source_lines'][1]}"
    pages = task.get("source_pages")
    if pages:
        where += f", trang {pages[0]}" if pages[0] == pages[1] else f", trang {pages[0]}–{pages[1]}"
    return where


def _unread_row(task: dict) -> str:
    missing = [name for name, empty in (("cơ quan chủ trì", not task["lead"] and not task.get("unresolved_agencies")),
                                        ("thời gian", task["deadline"]["kind"] == "none")) if empty]
    if task.get("_cells") == "guessed":
        return (f"Hàng {task['ref']} của bảng ({_where(task)}): không tách được ô {' và ô '.join(missing)} "
                f"khỏi nội dung (bảng dạng văn bản, các ô nối tiếp nhau) — cần nhập tay")
    return f"Hàng {task['ref']} của bảng ({_where(task)}): ô {' và ô '.join(missing)} để trống"


def _junk(task: dict) -> str | None:
    words = task["content"].split()
    if len(words) < 4:
        return "nội dung chỉ có vài chữ"
    if len(words) > (150 if task.get("_table") else 450):
        return "nội dung rất dài, có thể gộp nhiều mục hoặc các ô của bảng"
    first = (task.get("_item_text") or task["content"]).lstrip("“\"'(")[:1]
    if first and first.islower() and not task.get("_table"):
        return "nội dung bắt đầu giữa câu"
    return None


def select_tasks(body: list[dict], table: list[dict], matcher, problems: Problems) -> list[dict]:
    if table:
        kept = [t for t in body if t["lead"] or t.get("unresolved_agencies")]
        left = [t["ref"] for t in body if t not in kept]
        if left:
            named = ", ".join(left[:6]) + (f" và {len(left) - 6} mục khác" if len(left) > 6 else "")
            problems.add(f"Mục {named} không nêu cơ quan chủ trì; văn bản giao nhiệm vụ qua bảng nên "
                         f"{'các mục này' if len(left) > 1 else 'mục này'} chưa được đưa vào danh sách nhiệm vụ")
        restating = drop_restated(kept, table, matcher)
        for task in kept:
            if task not in restating:
                problems.add(f"Mục {task['ref']} ({_where(task)}) nhắc lại một hàng của bảng nhiệm vụ: "
                             f"giữ hàng của bảng")
        body = restating
    tasks = []
    for task in body + table:
        has_lead = bool(task["lead"] or task.get("unresolved_agencies"))
        if task.get("_table") and not has_lead:
            problems.add(_unread_row(task))
        if not (has_lead or task["deadline"]["kind"] != "none" or task.get("_table")):
            problems.add(f"Mục {task['ref']} ({_where(task)}) không ghi cơ quan chủ trì và thời hạn: "
                         f"chưa đưa vào danh sách nhiệm vụ")
            continue
        tasks.append(task)
        if not task["lead"]:
            named = task.get("_lead_unknown")
            problems.add(f"Không xác định được cơ quan chủ trì (mục {task['ref']}, {_where(task)}): "
                         + (f"«{'», «'.join(named)}» không có trong danh mục cơ quan" if named
                            else "văn bản không nêu cơ quan nào"))
        reason = _junk(task)
        if reason:
            task["confidence"] = round(max(0.05, task["confidence"] - 0.2), 2)
            low = task.setdefault("low_confidence_fields", [])
            if "content" not in low:
                low.append("content")
            problems.add(f"Mục {task['ref']} ({_where(task)}): {reason} — kiểm tra xem có phải nhiệm vụ không")
    return tasks
