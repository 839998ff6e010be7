"""Stage 3 of extraction — layout.

Cuts the text into ``Line``s (``line``) and finds the regions of the page (``regions``):
header, "Kính gửi" addressees, body, footnotes, page numbers, the closing paragraph,
"Nơi nhận", appendices, attached documents, and the task tables standing anywhere
(``table_header``, ``table_finder``). Reads no task.
"""
