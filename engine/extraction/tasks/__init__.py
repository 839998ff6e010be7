"""Stage 7 of extraction — tasks.

Decides which outline items and table rows are tasks and assembles each one in the
annotation schema (``assembler``, ``item_kinds``; ``table_tasks`` and ``task_tables`` for
task tables), then which proposed tasks are kept and what the reviewer is told about the
others (``selection``).
"""
