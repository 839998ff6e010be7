"""The REST API described: ``GET /api/v1/openapi.json`` (the OpenAPI 3 document,
web.openapi, built once per app) and ``GET /api/v1/docs`` (Swagger UI browsing it,
served from web/static/vendor/swagger-ui, no CDN). Both are public: they describe the
API and hold no data; every operation they list needs credentials."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, url_for

from web.openapi import build_spec

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1")


@bp.get("/openapi.json")
def document():
    if "chidao.openapi" not in current_app.extensions:
        current_app.extensions["chidao.openapi"] = build_spec(current_app)
    response = jsonify(current_app.extensions["chidao.openapi"])
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/docs")
def page():
    return render_template("api/docs.html", spec_url=url_for("api_docs.document"))
