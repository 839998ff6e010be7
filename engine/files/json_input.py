"""Reading a JSON document people hand in (a directive file for import, the values of
a step on the command line): it must be UTF-8 text, nested no deeper than a real
payload is, and carry no NUL character anywhere (PostgreSQL cannot store one). Any
other input is a DomainError ``import.not_json`` saying what is wrong, never a
traceback."""
from __future__ import annotations

import json

from engine.domain.errors import DomainError

MAX_DEPTH = 50
MAX_BYTES = 20 * 1024 * 1024


def load_json(data: bytes | str, max_depth: int = MAX_DEPTH):
    """The value of the JSON text ``data``."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise DomainError("import.not_json", detail=DomainError("json.too_big", size=len(data), max=MAX_BYTES))
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DomainError("import.not_json", detail=DomainError("json.not_text", at=exc.start)) from None
    try:
        value = json.loads(data)
    except json.JSONDecodeError as exc:
        raise DomainError("import.not_json", detail=f"{exc.lineno}:{exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise DomainError("import.not_json", detail=DomainError("json.too_deep", max=max_depth)) from None
    _check_shape(value, max_depth)
    return value


def _check_shape(value, max_depth: int) -> None:
    """No NUL in any string or key, and no nesting past ``max_depth``."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise DomainError("import.not_json", detail=DomainError("json.nul"))
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth > max_depth:
            raise DomainError("import.not_json", detail=DomainError("json.too_deep", max=max_depth))
        children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children)
