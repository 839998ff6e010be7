"""The demo's lifecycle versions: its history begins on the default lifecycle as it
was before issue 14 (workflows/archive/), deployed as the first version, and on
UPGRADE_DAY today's default lifecycle is deployed and every running task migrated
onto it (the migration use case, one audit row per task), so the demo shows tasks
with months of history on the current lifecycle, and their move."""
from __future__ import annotations

from datetime import date

from config.defaults import WORKFLOWS_DIR
from engine.usecases.directives import DEFAULT_PROCESS
from engine.usecases.migration import MIGRATED, migrate_instances, versions_in_use
from engine.usecases.migration_plan import MigrationSelection
from engine.usecases.setup import deploy_process

PREVIOUS_LIFECYCLE = WORKFLOWS_DIR / "archive" / "directive_task_before_issue_14.bpmn"
CURRENT_LIFECYCLE = WORKFLOWS_DIR / f"{DEFAULT_PROCESS}.bpmn"
UPGRADE_DAY = date(2025, 8, 1)
UPGRADE_REASON = ("Áp dụng vòng đời nhiệm vụ mới: tiếp nhận có nhắc và báo lên, báo cáo tháng theo lịch, "
                  "tạm dừng dừng mọi mốc thời gian")


def deploy_previous_lifecycle(svc, actor) -> bool:
    """Deploy the lifecycle before issue 14 as the first version of the default
    process; False (nothing deployed) when the process has versions already."""
    with svc.uow(write=False) as uow:
        if uow.processes.latest(DEFAULT_PROCESS) is not None:
            return False
    deploy_process(svc, actor, PREVIOUS_LIFECYCLE.read_text(encoding="utf-8"), DEFAULT_PROCESS,
                   note="Vòng đời nhiệm vụ trước issue 14")
    return True


def upgrade_to_current(svc, admin) -> str:
    """Deploy today's default lifecycle and move every running task onto it."""
    return upgrade_lifecycle(svc, admin, CURRENT_LIFECYCLE.read_text(encoding="utf-8"), reason=UPGRADE_REASON)


def upgrade_lifecycle(svc, admin, xml: str, key: str = DEFAULT_PROCESS,
                      reason: str = "Áp dụng quy trình sửa đổi cho các nhiệm vụ đang chạy") -> str:
    """Deploy ``xml`` as the newest version of ``key`` and migrate every running instance
    of its older versions onto it (the demo's hook for showing a revised lifecycle on
    tasks with months of history); the summary line, naming those that could not move."""
    target = deploy_process(svc, admin, xml, key)
    moved, kept = 0, []
    for usage in versions_in_use(svc, admin):
        if usage.key != key or usage.version == target.version or not usage.running:
            continue
        result = migrate_instances(svc, admin, MigrationSelection(from_version=usage.version,
                                                                  to_version=target.version, process_key=key), reason)
        moved += result.count(MIGRATED)
        kept += [f"#{o.instance_id}: {'; '.join(o.messages())}" for o in result.outcomes if o.status != MIGRATED]
    summary = f"{key} v{target.version}: đã chuyển {moved} nhiệm vụ đang chạy"
    return summary + (f"; giữ nguyên {len(kept)}: " + " | ".join(kept) if kept else ".")
