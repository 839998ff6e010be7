"""A body written without numbered items, read as paragraphs ("P1", "P2" …)."""
from __future__ import annotations

from engine.extraction.layout.line import Line
from engine.extraction.structure.outline import Item, ItemKind, starts_upper


def paragraphs(root: Item) -> tuple[Item, str, str]:
    """A body without numbered items read as paragraphs ("P1", "P2" …): those after the
    sentence that introduces them ("… có ý kiến như sau:"), or every paragraph when
    there is none. Also returns that introduction's text and key."""
    paras: list[list[Line]] = []
    prev: Line | None = None
    gap = False
    spaced = _spaced(root.lines)
    for line in root.lines:
        if line.blank:
            gap = True
            continue
        ended = prev is not None and prev.stripped.endswith((".", ":", ";"))
        # a blank line ends a paragraph only after a finished sentence (a scan puts blank
        # lines inside paragraphs too); where paragraphs stand apart by blank lines, a new
        # sentence on the next line ("… phòng bệnh.\nThực hiện thường xuyên …") goes on
        if prev is None or (ended and (gap or (starts_upper(line.stripped) and not spaced))):
            paras.append([])
        paras[-1].append(line)
        prev, gap = line, False
    intro = max((n for n, p in enumerate(paras) if p[-1].stripped.endswith(":")), default=-1)
    out = Item(ItemKind.ROOT, lines=[ln for p in paras[:intro + 1] for ln in p])
    for n, lines in enumerate(paras[intro + 1:], start=1):
        out.children.append(Item(ItemKind.PARA, f"P{n}", 8, lines, lines[0].text, 0, parent=out, ref=f"P{n}"))
    text, key = out.own_text()
    return out, text, key


def _spaced(lines: list[Line]) -> bool:
    """Whether the paragraphs stand apart by blank lines (most finished sentences that end
    a line are followed by one)."""
    ends = [n for n, ln in enumerate(lines[:-1]) if not ln.blank and ln.stripped.endswith((".", ";"))]
    return len(ends) >= 3 and sum(lines[n + 1].blank for n in ends) >= 0.6 * len(ends)
