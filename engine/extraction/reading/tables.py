"""A table read from a DOCX or a text PDF, as lines of text. A data table (at least two
rows and three columns) becomes one line per row, cells between bars — "| 1 | Tham mưu …
| Sở Tư pháp | 3/2025 | 7/2025 | … |" — with a cell's line breaks turned into spaces;
the later stages read that rendering. A layout table (the two-column header with the
issuer and the national motto, the "Nơi nhận" / signature block) becomes plain lines,
cell by cell, with a blank line after each cell so one cell's last line (a wrapped
"V/v …" title) never runs into the next cell's first (the date line)."""
from __future__ import annotations


def _cell_text(text: str | None) -> str:
    return " ".join((text or "").replace("|", "/").split())


def is_data_table(rows: list[list[str | None]]) -> bool:
    return len(rows) >= 2 and max((len(r) for r in rows), default=0) >= 3


def table_lines(rows: list[list[str | None]]) -> list[str]:
    if is_data_table(rows):
        out = [""]
        for row in rows:
            cells = [_cell_text(c) for c in row]
            if any(cells):
                out.append("| " + " | ".join(cells) + " |")
        return out + [""]
    out: list[str] = []
    for row in rows:
        for cell in row:
            parts = [line.strip() for line in (cell or "").split("\n")]
            if any(parts):
                out.extend(parts)
                out.append("")
    return out
