"""Process versions: deploy a diagram, list the versions with the instances running on
each, migrate running instances onto another version (dry run first), list and revert
migrations."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from engine.domain.formatting import fmt_day, fmt_moment
from engine.usecases.migration import (
    MIGRATED, list_migrations, migrate_instances, revert_migration, revert_run, versions_in_use)
from engine.usecases.migration_plan import DEFAULT_PROCESS, OPEN_PHASES, MigrationSelection, plan_migration
from engine.usecases.setup import deploy_process
from web.cli.common import actor, domain_errors, echo_json, services


@click.group()
def process():
    """Quy trình BPMN: triển khai, phiên bản, chuyển nhiệm vụ đang chạy sang phiên bản khác."""


@process.command("deploy")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", help="Mã quy trình (mặc định: theo tệp).")
@click.option("--note", help="Nội dung thay đổi, lưu kèm phiên bản mới.")
@click.option("--as", "login_as", default="admin", show_default=True)
@domain_errors
def process_deploy(file, key, note, login_as):
    note = " ".join((note or "").split()) or None
    result = deploy_process(services(), actor(login_as), file.read_bytes(), key or file.stem, note)
    state = "phiên bản mới" if result.created else "không đổi (đã có)"
    click.echo(f"{result.key} v{result.version}: {state}")


@process.command("list")
@click.option("--as", "login_as", default="admin", show_default=True)
@domain_errors
def process_list(login_as):
    """Các phiên bản đã triển khai và số nhiệm vụ đang chạy trên mỗi phiên bản."""
    for usage in versions_in_use(services(), actor(login_as)):
        phases = ", ".join(f"{phase} {count}" for phase, count in sorted(usage.phases.items())
                           if phase in OPEN_PHASES)
        click.echo(f"{usage.key} v{usage.version} {usage.sha256[:12]} {usage.deployed_by} "
                   f"{fmt_moment(usage.deployed_at)} · đang chạy {usage.running}"
                   f"{f' ({phases})' if phases else ''} · đã kết thúc {usage.closed}"
                   f"{f' · «{usage.change_note}»' if usage.change_note else ''}")


def _timer_line(move) -> str:
    before = fmt_moment(move.before) if move.before else "—"
    after = fmt_moment(move.after) if move.after else "—"
    return f"    mốc «{move.step}»: {before} → {after}"


def _print_plan(plan) -> None:
    for item in plan.items:
        head = (f"#{item.instance_id} {item.directive_number or '(chưa số)'} {item.task_ref} "
                f"{item.agency_name} [{item.phase}]")
        if not item.possible:
            click.echo(f"{head}: KHÔNG chuyển được — " + "; ".join(item.reasons()))
            continue
        click.echo(f"{head}: chuyển được → [{item.phase_after}] chờ: {', '.join(item.steps_after) or '—'}")
        for remark in item.remarks():
            click.echo(f"    {remark}")
        for move in item.due_moves:
            click.echo(f"    hạn bước «{move.step}»: {fmt_day(move.before) or '—'} → {fmt_day(move.after)}")
        for move in item.timers:
            click.echo(_timer_line(move))
    click.echo(f"{plan.source.key} v{plan.source.version} → v{plan.target.version}: {len(plan.movable)} nhiệm vụ "
               f"chuyển được, {len(plan.blocked)} không chuyển được. Chạy thử: chưa thay đổi gì.")


def _plan_json(plan) -> dict:
    return {
        "source": asdict(plan.source), "target": asdict(plan.target),
        "instances": [{
            "id": i.instance_id, "task_id": i.task_id, "directive_id": i.directive_id, "ref": i.task_ref,
            "agency": i.agency_code, "phase": i.phase, "can_migrate": i.possible, "reasons": i.reasons(),
            "notes": i.remarks(), "steps_after": i.steps_after, "phase_after": i.phase_after,
            "timers": [{"step": m.step, "before": m.before, "after": m.after} for m in i.timers],
            "due_moves": [{"step": m.step, "before": m.before, "after": m.after} for m in i.due_moves],
        } for i in plan.items],
    }


@process.command("migrate")
@click.option("--from-version", "from_version", type=int, required=True, help="Phiên bản đang chạy (số v).")
@click.option("--to-version", "to_version", type=int, help="Phiên bản đích (mặc định: mới nhất).")
@click.option("--key", default=DEFAULT_PROCESS, show_default=True, help="Mã quy trình.")
@click.option("--directive", "directive_id", type=int, help="Chỉ các nhiệm vụ của văn bản này.")
@click.option("--agency", help="Chỉ các nhiệm vụ của cơ quan chủ trì này (mã).")
@click.option("--phase", "phases", multiple=True, type=click.Choice(OPEN_PHASES), help="Chỉ các nhiệm vụ ở giai đoạn này.")
@click.option("--task", "instance_ids", type=int, multiple=True, help="Chỉ nhiệm vụ số này (nhiều lần được).")
@click.option("--dry-run", is_flag=True, help="Chỉ xem nhiệm vụ nào chuyển được và vì sao không; không thay đổi gì.")
@click.option("--reason", help="Lý do, ghi vào nhật ký của từng nhiệm vụ.")
@click.option("--as", "login_as", default="admin", show_default=True)
@click.option("--json", "as_json", is_flag=True)
@domain_errors
def process_migrate(from_version, to_version, key, directive_id, agency, phases, instance_ids, dry_run, reason,
                    login_as, as_json):
    """Chuyển các nhiệm vụ đang chạy sang phiên bản khác của quy trình (mỗi nhiệm vụ một giao dịch)."""
    selection = MigrationSelection(from_version=from_version, to_version=to_version, process_key=key,
                                   directive_id=directive_id, agency_code=agency, phases=tuple(phases),
                                   instance_ids=tuple(instance_ids))
    svc, who = services(), actor(login_as)
    if dry_run:
        plan = plan_migration(svc, who, selection)
        if as_json:
            echo_json(_plan_json(plan))
        else:
            _print_plan(plan)
        return
    result = migrate_instances(svc, who, selection, reason)
    if not result.outcomes and not as_json:
        click.echo(f"Không có nhiệm vụ đang chạy nào của {result.source.key} v{result.source.version} khớp lựa chọn.")
        return
    if as_json:
        echo_json({"run": result.run_id, "source": asdict(result.source), "target": asdict(result.target),
                   "instances": [{"id": o.instance_id, "status": o.status, "migration": o.migration_id,
                                  "messages": o.messages()} for o in result.outcomes]})
        return
    for outcome in result.outcomes:
        if outcome.status == MIGRATED:
            click.echo(f"#{outcome.instance_id}: đã chuyển (lần chuyển #{outcome.migration_id})")
        else:
            click.echo(f"#{outcome.instance_id}: không chuyển — " + "; ".join(outcome.messages()))
    click.echo(f"{result.source.key} v{result.source.version} → v{result.target.version}: đã chuyển "
               f"{result.count(MIGRATED)}/{len(result.outcomes)} nhiệm vụ. "
               f"Hoàn tác cả lần chạy: chidao process revert --run {result.run_id}")


@process.command("revert")
@click.argument("migration_id", type=int, required=False)
@click.option("--run", "run_id", help="Hoàn tác mọi nhiệm vụ của một lần chạy migrate.")
@click.option("--reason", help="Lý do, ghi vào nhật ký của nhiệm vụ.")
@click.option("--as", "login_as", default="admin", show_default=True)
@domain_errors
def process_revert(migration_id, run_id, reason, login_as):
    """Đưa nhiệm vụ về phiên bản và trạng thái trước lần chuyển MIGRATION_ID (hoặc cả lần chạy --run)."""
    if (migration_id is None) == (run_id is None):
        raise click.UsageError("cần đúng một: MIGRATION_ID hoặc --run RUN_ID")
    svc, who = services(), actor(login_as)
    outcomes = [revert_migration(svc, who, migration_id, reason)] if run_id is None else revert_run(svc, who, run_id, reason)
    for outcome in outcomes:
        if outcome.reverted:
            click.echo(f"#{outcome.instance_id}: đã hoàn tác lần chuyển #{outcome.migration_id}")
        else:
            click.echo(f"#{outcome.instance_id}: không hoàn tác được — " + "; ".join(outcome.messages()))
    click.echo(f"Đã hoàn tác {sum(o.reverted for o in outcomes)}/{len(outcomes)}.")


@process.command("migrations")
@click.option("--run", "run_id")
@click.option("--task", "instance_id", type=int)
@click.option("--limit", default=100, show_default=True)
@click.option("--as", "login_as", default="admin", show_default=True)
@domain_errors
def process_migrations(run_id, instance_id, limit, login_as):
    """Các lần chuyển phiên bản, mới nhất trước."""
    for entry in list_migrations(services(), actor(login_as), run_id=run_id, instance_id=instance_id, limit=limit):
        record = entry.record
        reverted = f" · hoàn tác bởi {record.reverted_by} {fmt_moment(record.reverted_at)}" if record.reverted_at else ""
        click.echo(f"#{record.id} nhiệm vụ #{record.instance_id} {entry.process_key} v{entry.from_version} → "
                   f"v{entry.to_version} · {record.migrated_by} {fmt_moment(record.migrated_at)} · "
                   f"lần chạy {record.run_id} · {record.reason}{reverted}")
