"""What a reviewer needs to check a task read from restored OCR text: for each of its
source lines, the line as the OCR wrote it, the line as restored, and the restored words
the repairer was unsure of (spans in the restored line)."""
from __future__ import annotations

from engine.extraction.repair.restore import Restoration


def attach_ocr_source(tasks: list[dict], restoration: Restoration) -> None:
    """Give every task read from restored text its ``ocr_lines`` (see module doc) and
    mark its content as low-confidence when a word of its lines was uncertain."""
    for task in tasks:
        first, last = task.get("source_lines") or (0, 0)
        rows = []
        for no in range(max(1, first), min(last, len(restoration.lines)) + 1):
            line = restoration.lines[no - 1]
            if not line.raw.strip():
                continue
            rows.append({"no": no, "raw": line.raw, "text": line.text,
                         "uncertain": [list(span) for span in line.uncertain]})
        task["ocr_lines"] = rows
        if any(row["uncertain"] for row in rows):
            low = task.setdefault("low_confidence_fields", [])
            if "content" not in low:
                low.append("content")
