"""chidao's core: the domain, the BPMN runtime and the use cases.

Nothing in this package imports Flask, SQLAlchemy, ``web`` or ``persistence``;
they depend on it, never the other way round (checked by tests/test_layers.py).
"""
