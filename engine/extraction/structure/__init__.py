"""Stage 4 of extraction — structure.

Reads the body's lines into an outline (``outline``: Roman sections, numbered headings,
lettered items, bullets, each with its reference as printed) and a task table's lines
into rows (``table_rows`` for the text layer and bar-rendered rows, ``column_table`` for
a layout rendering with columns side by side). Knows nothing of agencies or deadlines.
"""
