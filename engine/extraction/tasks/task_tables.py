"""Task tables in any text rendering, read into rows.

The layout cuts the task tables out of a body (so the outline reader does not turn their
cells into items) and names each by the Roman section it sits in ("II" → rows
"II.I.1"). ``read_tables(lines, reader, prefix)`` reads every task
table among ``lines`` — cells one after another (PDF text layer) or columns side by
side (layout rendering) — into ``TableTask`` rows, with the doubts a reviewer should
know about (a table whose columns could not be told apart cleanly).
"""
from __future__ import annotations

import re

from engine.extraction.layout.line import Line
from engine.extraction.layout.table_finder import find_tables
from engine.extraction.structure.column_table import read_columns
from engine.extraction.structure.table_rows import split_bar_rows, split_text_rows
from engine.extraction.tasks.table_tasks import TableReader, TableTask
from engine.extraction.tasks.unnumbered_rows import UnnumberedRows


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
            raw_rows = UnnumberedRows(reader.matcher).split(split_text_rows(lines, span.body, span.end))
            rows = reader.read(name, span.kinds, raw_rows, text_layer=True)
        out.extend(rows)
    return out


def appendix_prefix(heading: Line) -> str:
    m = re.search(r"phu luc\s*(?:so\s*)?([0-9ivxlc]+)?", heading.skey)
    return "PL" + ((m.group(1) or "").upper() if m else "")


def read_appendix(lines: list[Line], reader: TableReader, notes: list[str] | None = None) -> list[TableTask]:
    """Tasks of every task table in one appendix, in whatever rendering it comes."""
    prefix = appendix_prefix(lines[0]) if lines else "PL"
    return read_tables(lines, reader, prefix, notes)


def read_bar_table(lines: list[Line], reader: TableReader, prefix: str) -> list[TableTask]:
    kinds, rows = split_bar_rows(lines)
    tasks = reader.read(prefix, kinds, rows, text_layer=False) if kinds else []
    for task in tasks:
        task.cells_read = "bar"
    return tasks
