"""Task tables in any text rendering, read into rows.

The layout cuts the task tables out of a body (so the outline reader does not turn their
cells into items) and names each by the Roman section it sits in ("II" → rows
"II.I.1"). ``read_tables(lines, reader, prefix)`` reads every task
table among ``lines`` — cells one after another (PDF text layer) or columns side by
side (layout rendering) — into ``TableTask`` rows, with the doubts a reviewer should
know about (a table whose columns could not be told apart cleanly).
"""
from __future__ import annotations

from engine.extraction.appendix_table import TableReader, TableTask
from engine.extraction.column_table import read_columns
from engine.extraction.layout import Line
from engine.extraction.table_finder import find_tables
from engine.extraction.table_rows import split_text_rows


def read_tables(lines: list[Line], reader: TableReader, prefix: str,
                notes: list[str] | None = None) -> list[TableTask]:
    """Rows of every task table among ``lines`` (``notes`` collects reading doubts)."""
    out: list[TableTask] = []
    spans = find_tables(lines, in_body=False)
    for n, span in enumerate(spans):
        name = prefix if n == 0 else f"{prefix}-{n + 1}"
        if span.style == "columns":
            read = read_columns(lines, span)
            rows = reader.read(name, span.kinds, read.rows, text_layer=False)
            for row in rows:
                row.cells_read = "columns"
            if read.unsure and notes is not None:
                notes.append(f"Bảng nhiệm vụ ở dòng {lines[span.start].no}–{lines[span.end - 1].no}: "
                             f"các cột không tách bạch (chữ tràn qua ranh giới cột) — cần đối chiếu "
                             f"từng hàng với bản gốc")
        else:
            rows = reader.read(name, span.kinds, split_text_rows(lines, span.body, span.end),
                               text_layer=True)
        out.extend(rows)
    return out
