"""Errors the domain and the use cases raise. Each carries a message key and its
parameters; engine.messages renders it in the user's language."""
from __future__ import annotations


class DomainError(Exception):
    """Bad input or a forbidden action; nothing was changed."""

    http_status = 400

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(key)

    def message(self, lang: str = "vi") -> str:
        from engine.messages import render

        return render(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.message("vi")


class NotFound(DomainError):
    http_status = 404


class Forbidden(DomainError):
    http_status = 403


class Conflict(DomainError):
    """Someone else changed the thing first (e.g. completed the step)."""

    http_status = 409
