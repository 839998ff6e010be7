"""Stage 2 of extraction — text repair.

Takes the text as read (typed, or OCR'd with the right or a wrong model) and gives the
later stages what they match on: OCR-tolerant keys of the same length as the text
(``keys``: accents folded, digits read for letters and letters read for digits put
back), and restores OCR'd words to readable Vietnamese for the reviewer. Imports nothing
from the later stages.
"""
