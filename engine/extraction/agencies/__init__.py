"""Stage 5 of extraction — agencies.

Resolves the agency names a directive writes to the registry (``matcher``), tolerant of
OCR noise and abbreviations, with groups ("các sở, ban, ngành") read as group tokens and
names the registry does not know reported, never invented (``names``, ``index``,
``places``, ``unknown``, ``cells`` for a table's agency cells). Depends only on text repair.
"""
