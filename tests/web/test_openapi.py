"""The OpenAPI document at /api/v1/openapi.json: a valid OpenAPI 3 document
(openapi-spec-validator), generated so that every API route is in it with the
schemas its handler uses, public like its Swagger UI page at /api/v1/docs, which is
served from the app's own vendored files (no CDN)."""
from __future__ import annotations

import re

from openapi_spec_validator import validate

from web.openapi import API_PREFIX


def test_the_document_is_valid_openapi_3(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert set(document["components"]["securitySchemes"]) == {"basic", "bearer"}
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_every_api_route_is_described_with_its_schemas(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    described = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    routes = {(method, re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule))
              for rule in app.url_map.iter_rules() if rule.rule.startswith(API_PREFIX)
              and rule.endpoint.startswith("api.") for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert described == routes and len(routes) == 9
    monthly_file = document["paths"]["/api/v1/reports/monthly/file"]["get"]["responses"]["200"]["content"]
    assert set(monthly_file) == {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    tasks = document["paths"]["/api/v1/tasks"]["get"]
    parameters = {p["name"]: p["schema"] for p in tasks["parameters"]}
    assert parameters["limit"] == {"type": "integer", "default": 100, "minimum": 1, "maximum": 500}
    assert "overdue" in parameters["status"]["items"]["enum"]
    assert tasks["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/TaskList"}
    assert document["paths"]["/api/v1/tasks/{instance_id}"]["get"]["parameters"][0]["schema"]["maximum"] == 2**31 - 1
    imported = document["paths"]["/api/v1/directives"]["post"]
    assert imported["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/DirectiveImport"}
    assert set(imported["responses"]) >= {"201", "400", "401", "403", "415", "429"}
    title = document["components"]["schemas"]["Document"]["properties"]["title"]
    assert title["maxLength"] == 2000 and "title" in document["components"]["schemas"]["Document"]["required"]


def test_the_browsable_page_uses_only_the_apps_own_files(app):
    client = app.test_client()
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources      # nothing from another origin
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in sources and 'data-spec="/api/v1/openapi.json"' in html
    bundle = client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.get_data()) > 500_000
    assert "<script>" not in html                                      # the CSP allows no inline script
