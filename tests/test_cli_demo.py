"""`chidao init --demo` (what `make run` does the first time), with a history ending on
20/08/2025: it begins on the lifecycle before issue 14, every running task is migrated
onto today's lifecycle on 01/08 (one audit row each), nothing is left on the old
version, and the demo still shows tasks nobody accepted, overdue tasks and a
suspended one, now on the current lifecycle."""
from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import text

from engine.bpmn.definitions import compile_process
from engine.usecases.migration import versions_in_use
from web.demo_lifecycle import CURRENT_LIFECYCLE, PREVIOUS_LIFECYCLE


def test_the_demo_runs_its_tasks_on_todays_lifecycle(tmp_path, monkeypatch):
    from web.cli import common, main

    monkeypatch.setenv("CHIDAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CHIDAO_NOW", "2025-08-20T08:30:00+07:00")
    monkeypatch.setenv("CHIDAO_MAIL_ENABLED", "0")
    monkeypatch.setattr(common, "_services", None)
    monkeypatch.setattr(common, "_ready", False)
    runner = CliRunner()
    result = runner.invoke(main, ["init", "--demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "directive_task v2: đã chuyển" in result.output and "giữ nguyên" not in result.output

    svc = common.services()
    with svc.uow(write=False) as uow:
        admin = uow.users.by_login("admin")
        versions = {v.version: v.sha256 for v in uow.processes.versions("directive_task")}
    assert versions == {1: compile_process(PREVIOUS_LIFECYCLE.read_text(encoding="utf-8")).sha256,
                        2: compile_process(CURRENT_LIFECYCLE.read_text(encoding="utf-8")).sha256}
    usage = {u.version: u for u in versions_in_use(svc, admin) if u.key == "directive_task"}
    assert usage[1].running == 0 and usage[2].running > 0                # every running task on the newest
    assert usage[2].phases.get("awaiting_acceptance", 0) > 0              # nobody accepted them
    assert usage[2].phases.get("suspended", 0) > 0                        # suspended on 12/08, after the move
    with svc.database.engine.connect() as conn:
        moved = conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'instance.migrated'")).scalar()
        migrations = conn.execute(text("SELECT count(DISTINCT instance_id) FROM instance_migrations")).scalar()
    assert moved == migrations and moved >= usage[2].running             # one row per task moved

    for status in ("overdue", "acceptance_late", "suspended"):           # the demo's examples
        listed = runner.invoke(main, ["task", "list", "--status", status, "--json"], catch_exceptions=False)
        assert json.loads(listed.output)["total"] > 0, status
    dry_run = runner.invoke(main, ["process", "migrate", "--from-version", "1", "--dry-run"], catch_exceptions=False)
    assert dry_run.exit_code == 0 and "v1 → v2: 0 nhiệm vụ chuyển được, 0 không chuyển được" in dry_run.output
