"""The web UI's blueprints, one per domain; each handler is thin: parse the request,
call one use case with the acting user, render."""
from __future__ import annotations

import importlib
import pkgutil


def register_blueprints(app) -> None:
    """Register every module of this package that defines ``bp``."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        blueprint = getattr(module, "bp", None)
        if blueprint is not None:
            app.register_blueprint(blueprint)
