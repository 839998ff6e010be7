"""Render a table the way a layout-preserving PDF-to-text tool prints it: every printed
line holds the pieces of several cells at fixed column positions, cells wrapped over
lines, short cells (times, products) set in the middle of their row, header words
centred or left-aligned in their columns. Used to build the tests' column tables."""
from __future__ import annotations


def _place(line: str, x: int, text: str) -> str:
    if len(line) < x:
        line += " " * (x - len(line))
    return line[:x] + text + line[x + len(text):]


def render(header: list[list[str]], rows: list[list[list[str]]], widths: list[int], *,
           gap: int = 2, indent: int = 0, centre_header: bool = False,
           middle: tuple[int, ...] = ()) -> list[str]:
    """Lines of a table. ``header``: the header words of each column, line by line;
    ``rows``: per row, per column, the wrapped lines of the cell; ``middle``: columns whose
    cells sit in the middle of the row's height."""
    xs, x = [], indent
    for w in widths:
        xs.append(x)
        x += w + gap
    out = []
    for n in range(max(len(h) for h in header)):
        line = ""
        for col, words in enumerate(header):
            if n < len(words):
                text = words[n]
                at = xs[col] + (max(0, (widths[col] - len(text)) // 2) if centre_header else 0)
                line = _place(line, at, text)
        out.append(line.rstrip())
    out.append("")
    for row in rows:
        height = max(len(cell) for cell in row)
        lines = [""] * height
        for col, cell in enumerate(row):
            top = (height - len(cell)) // 2 if col in middle else 0
            for k, text in enumerate(cell):
                lines[top + k] = _place(lines[top + k], xs[col], text)
        out.extend(ln.rstrip() for ln in lines)
        out.append("")
    return out
