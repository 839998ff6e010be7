"""A migrated task's page: its history names the move (versions and reason) and the
revert, in Vietnamese and in English, and its diagram is the version it now runs."""
from __future__ import annotations

from engine.usecases.migration import migrate_instances, revert_migration
from engine.usecases.migration_plan import MigrationSelection
from engine.usecases.setup import deploy_process
from tests.bpmn_edits import RENAMED_STEP, revised_lifecycle
from tests.conftest import user
from tests.web.task_helpers import accepted_task, act, sign_in, text_of
from web.demo import upgrade_lifecycle


def test_the_history_shows_the_migration_and_its_revert(browser, services):
    instance_id = accepted_task(services)
    owner = user(services, "quytrinh")
    deploy_process(services, owner, revised_lifecycle(), "directive_task")
    result = migrate_instances(services, owner, MigrationSelection(from_version=1), "Rút ngắn khâu duyệt")
    sign_in(browser, "thanhtra")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert "Chuyển sang phiên bản khác của quy trình" in page and "v1 → v2 — Rút ngắn khâu duyệt" in page
    assert f'id="{RENAMED_STEP[1]}"' in text_of(browser.get(f"/tasks/{instance_id}/diagram.bpmn"))

    revert_migration(services, owner, result.outcomes[0].migration_id, "Chưa áp dụng")
    page = text_of(browser.get(f"/tasks/{instance_id}"))
    assert "Hoàn tác chuyển phiên bản quy trình" in page and "v2 → v1 — Chưa áp dụng" in page
    assert f'id="{RENAMED_STEP[1]}"' not in text_of(browser.get(f"/tasks/{instance_id}/diagram.bpmn"))
    english = text_of(browser.get(f"/tasks/{instance_id}?lang=en"))
    assert "Moved to another version of the process" in english and "Process version: v2 → v1" in english


def test_the_demo_hook_deploys_a_revision_and_moves_the_running_tasks(services):
    moving, staying = accepted_task(services, number="1/KH-UBND"), accepted_task(services, number="2/KH-UBND")
    act(services, "cv.khcn", staying, "completion_report", {"result": "Xong", "product": "Báo cáo"})
    summary = upgrade_lifecycle(services, revised_lifecycle())
    assert summary.startswith("directive_task v2: đã chuyển 1 nhiệm vụ đang chạy; giữ nguyên 1: ")
    assert f"#{staying}: Bước đang chờ «Lãnh đạo duyệt kết quả»" in summary
    with services.uow(write=False) as uow:
        assert (uow.instances.get(moving).process_version_id, uow.instances.get(staying).process_version_id) == (2, 1)
