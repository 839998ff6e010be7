"""The Flask application factory."""
from __future__ import annotations

from flask import Flask


def create_app(services=None, settings=None) -> Flask:
    from config.settings import Settings
    from web.bootstrap import build_services

    settings = settings or (services.settings if services else Settings.from_env())
    services = services or build_services(settings)
    app = Flask(__name__)
    app.config["SECRET_KEY"] = settings.ensure_secret_key()
    app.extensions["chidao"] = services

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app
