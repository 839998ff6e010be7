"""What no request may carry past the edge, checked before any view runs, so that no
input reaches the database in a shape it refuses (a 500): path segments, query
parameters, form fields and upload names holding NUL, other control characters or
lone surrogates are refused with a 400 in the user's language (JSON on the API);
``<int:…>`` URL segments outside the database's id range (``/tasks/2147483648``) do not
match (404). Anything that still fails is answered as a page or, on the API, as JSON
with status 500 — never a bare server error page or a traceback."""
from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import InternalServerError
from werkzeug.routing import IntegerConverter, ValidationError

from engine.domain.errors import DomainError
from engine.domain.input_limits import MAX_ID, forbidden_character, printable
from engine.messages import render
from web.context import lang

log = logging.getLogger(__name__)


class DatabaseIdConverter(IntegerConverter):
    """``<int:…>`` for row ids: 1 to MAX_ID, at most ten digits (so ``int()`` never
    sees a number too long to convert)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 1, max: int | None = MAX_ID,
                 signed: bool = False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    def to_python(self, value: str):
        if len(value.lstrip("-0")) > len(str(MAX_ID)):
            raise ValidationError()
        return super().to_python(value)


def _first_forbidden() -> tuple[str, str] | None:
    """(where, character) of the first character no text may hold, in the request's
    path, parameters, form fields or upload names."""
    checked = [("URL", request.path)]
    checked += [(name, name) for name in request.args] + [(n, v) for n, v in request.args.items(multi=True)]
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        checked += [(name, name) for name in request.form] + [(n, v) for n, v in request.form.items(multi=True)]
        checked += [(name, item.filename or "") for name, item in request.files.items(multi=True)]
    for where, text in checked:
        bad = forbidden_character(text)
        if bad:
            return where, bad
    return None


def init_request_guard(app) -> None:
    """Call before the blueprints are registered (their rules pick up the converter)."""
    app.url_map.converters["int"] = DatabaseIdConverter

    @app.before_request
    def refuse_forbidden_characters():
        found = _first_forbidden()
        if found:
            raise DomainError("input.forbidden_character", field=printable(found[0]), char=found[1])

    @app.errorhandler(InternalServerError)
    def server_error(err):
        log.error("server error on %s %s", request.method, request.path, exc_info=err.original_exception)
        message = render("input.server_error", lang())
        if request.path.startswith("/api/"):
            return jsonify({"error": message, "status": 500}), 500
        try:
            return render_template("error.html", status=500, message=message), 500
        except Exception:        # noqa: BLE001 — the page itself may need what failed (the database)
            return message, 500, {"Content-Type": "text/plain; charset=utf-8"}
