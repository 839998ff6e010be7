"""The inbox (home page): the signed-in user's pending steps."""
from __future__ import annotations

from flask import Blueprint, render_template

from engine.usecases.queries import list_steps
from web.auth import requires_role
from web.context import actor, services

bp = Blueprint("inbox", __name__)


@bp.get("/")
@requires_role()
def index():
    steps = list_steps(services(), actor())
    return render_template("inbox/index.html", steps=steps)
