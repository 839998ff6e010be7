"""The audit log is a hash chain: change one row in the database and
``chidao audit verify`` names it."""
from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import text

from tests.persistence.helpers import act, launch


def _busy_history(services):
    launch(services)
    act(services, "ld.khcn", "accept", decision="accept", officer="cv.khcn")
    act(services, "cv.khcn", "monthly_report", percent=10, done="Khởi động")


def _verify(services, monkeypatch):
    from web.cli import common, main

    monkeypatch.setattr(common, "_services", services)
    monkeypatch.setattr(common, "_ready", True)
    return CliRunner().invoke(main, ["audit", "verify"])


def test_intact_log_verifies(any_services, monkeypatch):
    _busy_history(any_services)
    result = _verify(any_services, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "nguyên vẹn" in result.output


def test_changed_row_is_named(any_services, monkeypatch):
    _busy_history(any_services)
    with any_services.uow() as uow:
        target = uow.session.execute(text(
            "SELECT id FROM audit_log WHERE action = 'step.completed' ORDER BY id LIMIT 1")).scalar()
        uow.session.execute(text("UPDATE audit_log SET actor_login = 'ke-gian' WHERE id = :id"), {"id": target})
        uow.commit()
    result = _verify(any_services, monkeypatch)
    assert result.exit_code == 1
    assert f"#{target}" in result.output and "1 dòng" in result.output


def test_deleted_row_breaks_the_chain_at_its_successor(any_services, monkeypatch):
    _busy_history(any_services)
    with any_services.uow() as uow:
        ids = [r[0] for r in uow.session.execute(text("SELECT id FROM audit_log ORDER BY id")).all()]
        uow.session.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": ids[2]})
        uow.commit()
    result = _verify(any_services, monkeypatch)
    assert result.exit_code == 1 and f"#{ids[3]}" in result.output
