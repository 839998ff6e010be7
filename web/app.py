"""The Flask application factory: settings, the engine's Services, sign-in, CSRF,
languages, security headers, error pages and the blueprints."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from web.auth import init_auth
from web.errors import init_errors
from web.i18n import init_i18n
from web.request_guard import init_request_guard


def create_app(services=None, settings=None, testing: bool = False) -> Flask:
    from config.settings import Settings
    from web.bootstrap import build_services

    settings = settings or (services.settings if services else Settings.from_env())
    services = services or build_services(settings)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.ensure_secret_key(),
        TESTING=testing,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.session_minutes),
        SESSION_REFRESH_EACH_REQUEST=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        MAX_CONTENT_LENGTH=settings.evidence_max_bytes * 5 + 1024 * 1024,
        # a text field of a multipart form may be far longer than any form allows, so
        # the form answers with the field's length message instead of a bare 413
        MAX_FORM_MEMORY_SIZE=16 * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.extensions["chidao"] = services
    if settings.trusted_proxies > 0:
        # only then is X-Forwarded-For believed: the client address the sign-in limits count
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)
    if services.background is None:          # the embedded default: scans are read in a thread here
        from web.background import ThreadJobs

        services.background = ThreadJobs(services)
    init_i18n(app)
    init_auth(app)
    init_errors(app)
    init_request_guard(app)
    from web.blueprints import register_blueprints

    register_blueprints(app)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'")
        return response

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app
