"""Repositories: each maps one family of tables to the engine's records."""
