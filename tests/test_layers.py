"""The dependency rule: engine/ imports neither Flask nor SQLAlchemy nor the outer
layers; persistence/ never imports web/; web/ reaches persistence only through the
composition root."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPOSITION_ROOT = {"web/bootstrap.py"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def offenders(package: str, forbidden: set[str], allowed_files: set[str] = frozenset()) -> list[str]:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in allowed_files:
            continue
        hit = imports_of(path) & forbidden
        if hit:
            bad.append(f"{rel}: {sorted(hit)}")
    return bad


def test_engine_is_independent():
    assert offenders("engine", {"flask", "flask_login", "flask_wtf", "flask_babel", "werkzeug", "sqlalchemy",
                                "alembic", "web", "persistence", "celery"}) == []


def test_persistence_does_not_know_the_web():
    assert offenders("persistence", {"flask", "web"}) == []


def test_web_reaches_persistence_only_through_the_composition_root():
    assert offenders("web", {"persistence", "sqlalchemy"}, COMPOSITION_ROOT) == []


def test_the_check_itself_can_fail(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text("import flask\nfrom sqlalchemy import select\n")
    assert imports_of(bad) == {"flask", "sqlalchemy"}
