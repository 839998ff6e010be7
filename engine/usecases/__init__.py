"""The use cases: each takes the acting user explicitly and runs in one unit of work,
committed in one place."""
