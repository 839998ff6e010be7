"""The OpenAPI 3 document of the REST API, generated (apispec with its marshmallow
plugin) from what each operation declares with web.api_operation.operation — its
query, body and response schemas, its error statuses — and from the URL rules
themselves (path parameters and their types). Nothing is written twice: a new API
route with an ``@operation`` appears in the document by itself."""
from __future__ import annotations

import re
from importlib.metadata import version

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from engine.domain.input_limits import MAX_ID
from engine.schemas.api import ErrorSchema, FormErrorSchema
from engine.schemas.api_input import FormValue
from web.api_operation import Operation

API_PREFIX = "/api/v1"
_STATUS_TEXT = {200: "OK", 201: "Created", 400: "Bad input; nothing was changed", 401: "No or wrong credentials",
                403: "Not allowed for this user", 404: "Not found", 409: "Someone else completed the step first",
                415: "The body is not JSON", 429: "Too many failed sign-ins; try again later"}
_ALWAYS = (400, 401, 429)
_DESCRIPTION = """chidao tracks every task a provincial directive assigns. Authenticate each request
with HTTP Basic (login and password) or with a personal API token created on the account page
(`Authorization: Bearer chidao_…`). Messages come in Vietnamese, or in English with `?lang=en` or
`Accept-Language: en`. Every error is `{"error": message, "status": code}`."""


def _form_value(converter, field, **_) -> dict:
    """What a step form's value may be (engine.domain.form_validation checks it)."""
    if isinstance(field, FormValue):
        return {"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "array", "items": {"type": "string"}}]}
    return {}


def _path(rule) -> tuple[str, list[dict]]:
    """The rule as an OpenAPI path template, and its path parameters."""
    parameters = []
    for converter, name in re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", rule.rule):
        schema = ({"type": "integer", "minimum": 1, "maximum": MAX_ID} if converter == "int"
                  else {"type": "string", "minLength": 1})
        parameters.append({"in": "path", "name": name, "required": True, "schema": schema})
    return re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule), parameters


def _json(schema) -> dict:
    return {"application/json": {"schema": schema}}


def _operation(declared: Operation, parameters: list[dict]) -> dict:
    content = ({media: {"schema": {"type": "string", "format": "binary"}} for media in declared.files}
               if declared.files else _json(declared.response))
    responses = {str(declared.status): {"description": _STATUS_TEXT[declared.status], "content": content}}
    for status in sorted(set(_ALWAYS + declared.errors)):
        responses[str(status)] = {"description": _STATUS_TEXT[status], "content": _json("Error")}
    if declared.body is not None:
        responses["400"]["content"] = _json({"oneOf": [{"$ref": "#/components/schemas/Error"},
                                                       {"$ref": "#/components/schemas/FormError"}]})
    out = {"summary": declared.summary, "parameters": parameters + [{"in": "query", "schema": declared.query}],
           "responses": responses, "security": [{"basic": []}, {"bearer": []}]}
    if declared.description:
        out["description"] = declared.description
    if declared.body is not None:
        out["requestBody"] = {"required": True, "content": _json(declared.body)}
    return out


def build_spec(app) -> dict:
    spec = APISpec(title="chidao REST API", version=version("chidao"), openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()], info={"description": _DESCRIPTION},
                   servers=[{"url": "/"}])
    spec.plugins[0].converter.add_attribute_function(_form_value)
    spec.components.security_scheme("basic", {"type": "http", "scheme": "basic"})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer",
                                               "description": "A personal API token (account page)"})
    spec.components.schema("Error", schema=ErrorSchema)
    spec.components.schema("FormError", schema=FormErrorSchema)
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        declared = getattr(app.view_functions[rule.endpoint], "api_operation", None)
        if declared is None or not rule.rule.startswith(API_PREFIX):
            continue
        template, parameters = _path(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(template, {})[method.lower()] = _operation(declared, parameters)
    for template, operations in paths.items():
        spec.path(path=template, operations=operations)
    return spec.to_dict()

