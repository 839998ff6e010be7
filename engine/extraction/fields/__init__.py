"""Stage 6 of extraction — fields.

Reads the fields of one task from its text (``task_fields``: lead, coordinating agencies,
product, reporting, summary; ``deadlines`` with ``deadline_patterns``) and the facts of
the document (``document_facts``: number, type, issuer, date, signer, title;
``reporting_rule``: the reporting duty the document sets for everyone).
"""
