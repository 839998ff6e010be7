"""How one REST API operation reads its request and writes its answer, declared once
beside its handler (``@operation``) and read again by web.openapi to describe it:
query parameters loaded through a marshmallow schema, a JSON body parsed safely
(UTF-8, no NaN or 1e999, nested at most MAX_JSON_DEPTH levels, no NUL or control
character in any string) and loaded through its schema, and the handler's result
dumped through the response schema. Handlers stay thin: they receive ``query`` and
``body`` dicts and return what the use case gave them. Every refusal is a
DomainError, which web.errors answers as JSON in the caller's language."""
from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass

from flask import jsonify, request
from marshmallow import Schema, ValidationError, fields

from engine.domain.errors import DomainError
from engine.domain.input_limits import MAX_JSON_DEPTH, forbidden_character, printable
from engine.schemas.api_input import LanguageQuerySchema
from engine.schemas.directive_import import flatten_errors
from web.context import lang


class NotJson(DomainError):
    http_status = 415


@dataclass(frozen=True)
class Operation:
    summary: str
    response: type[Schema]
    status: int
    query: type[Schema]
    body: type[Schema] | None
    errors: tuple[int, ...]
    description: str
    files: tuple[str, ...] = ()       # media types of a file answer (the handler returns the Response)


def operation(summary: str, *, response: type[Schema] | None = None, status: int = 200,
              query: type[Schema] | None = None, body: type[Schema] | None = None, errors: tuple[int, ...] = (),
              description: str = "", files: tuple[str, ...] = ()):
    """Declare an API operation. The handler gets ``query=`` when a query schema is
    given and ``body=`` when a body schema is; every operation accepts ``lang``.
    ``errors``: the statuses it may answer besides 400, 401 and 429. ``files``: the
    operation answers a file of one of these media types (its handler returns the
    Response) instead of JSON through ``response``."""
    declared = Operation(summary, response, status, query or LanguageQuerySchema, body, errors, description, files)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            loaded_query = load_query(declared.query)
            if query is not None:
                kwargs["query"] = loaded_query
            if body is not None:
                kwargs["body"] = load_body(body)
            result = view(*args, **kwargs)
            if files:
                return result
            return jsonify(response().dump(result)), status
        wrapper.api_operation = declared
        return wrapper
    return decorator


def _refused(err: ValidationError, key: str = "input.bad_parameters") -> DomainError:
    return DomainError(key, detail="; ".join(flatten_errors(err.messages, lang=lang())))


def load_query(schema: type[Schema]) -> dict:
    """The query string through ``schema``: a List field takes every value of its name."""
    instance = schema()
    raw = {}
    for name in request.args:
        many = isinstance(instance.fields.get(name), fields.List)
        raw[name] = request.args.getlist(name) if many else request.args.get(name)
    try:
        return instance.load(raw)
    except ValidationError as err:
        raise _refused(err) from None


def load_body(schema: type[Schema]) -> dict:
    data = json_body()
    try:
        return schema().load(data)
    except ValidationError as err:
        raise _refused(err, "input.bad_body") from None


def _no_constant(name: str):
    raise DomainError("input.not_finite")


def json_body() -> dict:
    """The request's JSON object, checked as the module docstring says."""
    if not request.is_json:
        raise NotJson("input.not_json")
    try:
        text = request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        raise DomainError("input.bad_json", detail="UTF-8") from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise DomainError("input.too_deep", max=MAX_JSON_DEPTH) from None
    except ValueError as err:
        raise DomainError("input.bad_json", detail=printable(str(err), 120)) from None
    _check_tree(data)
    if not isinstance(data, dict):
        raise DomainError("input.not_object")
    return data


def _check_tree(data) -> None:
    """Depth, finite numbers and storable strings everywhere in ``data``, without
    recursion (a hostile body must not exhaust the stack)."""
    stack = [(data, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise DomainError("input.too_deep", max=MAX_JSON_DEPTH)
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                where = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and forbidden_character(key):
                    raise DomainError("input.forbidden_character", field=printable(where),
                                      char=forbidden_character(key))
                stack.append((item, where, depth + 1))
        elif isinstance(value, float) and not math.isfinite(value):
            raise DomainError("input.not_finite")
        elif isinstance(value, str) and forbidden_character(value):
            raise DomainError("input.forbidden_character", field=printable(path or "JSON"),
                              char=forbidden_character(value))
