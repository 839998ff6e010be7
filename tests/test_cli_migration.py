"""``chidao process migrate / revert / migrations / list`` end to end on a fresh SQLite
file: a dry run that changes nothing, a migration narrowed to one directive, the
instance that cannot move named with its reason, a revert, one-line errors."""
from __future__ import annotations

import json

from tests.bpmn_edits import REMOVED_STEP_TITLE, revised_lifecycle
from tests.conftest import small_directive
from tests.test_cli import add_people, cli  # noqa: F401 - the fixture


def import_directive(run, tmp, number: str) -> int:
    path = tmp / f"{number.replace('/', '_')}.json"
    path.write_text(json.dumps(small_directive(number=number), ensure_ascii=False), encoding="utf-8")
    assert run("directive", "import", path).exit_code == 0
    return max(t["id"] for t in json.loads(run("task", "list", "--json").output)["tasks"])


def complete(run, login, instance_id, name, data):
    steps = json.loads(run("step", "list", "--agency", "so-khoa-hoc-va-cong-nghe", "--json").output)
    (step,) = [s for s in steps if s["instance_id"] == instance_id and s["name"] == name]
    result = run("step", "complete", step["id"], "--as", login, "--data", json.dumps(data))
    assert result.exit_code == 0, result.output


def test_dry_run_migrate_and_revert_from_the_command_line(cli):  # noqa: F811
    run, tmp = cli
    add_people(run)
    waiting, working, reviewed = (import_directive(run, tmp, n) for n in ("1/KH-UBND", "2/KH-UBND", "3/KH-UBND"))
    for instance_id in (working, reviewed):
        complete(run, "ld.khcn", instance_id, "accept", {"decision": "accept", "officer": "cv.khcn"})
    complete(run, "cv.khcn", reviewed, "completion_report", {"result": "Xong", "product": "Báo cáo"})
    revised = tmp / "directive_task_v2.bpmn"
    revised.write_text(revised_lifecycle(), encoding="utf-8")
    assert run("process", "deploy", revised, "--key", "directive_task").output.strip() == \
        "directive_task v2: phiên bản mới"

    dry = run("process", "migrate", "--from-version", "1", "--dry-run")
    assert dry.exit_code == 0, dry.output
    lines = dry.output.splitlines()
    assert lines[-1] == ("directive_task v1 → v2: 2 nhiệm vụ chuyển được, 1 không chuyển được. "
                         "Chạy thử: chưa thay đổi gì.")
    (blocked,) = [line for line in lines if line.startswith(f"#{reviewed} ")]
    assert f"KHÔNG chuyển được — Bước đang chờ «{REMOVED_STEP_TITLE}» không còn" in blocked
    assert any("mốc «Nhắc chuyên viên trước hạn»: 08:00 06/08/2025 → 08:00 01/08/2025" in line for line in lines)
    plan = json.loads(run("process", "migrate", "--from-version", "1", "--dry-run", "--json").output)
    assert {i["id"]: i["can_migrate"] for i in plan["instances"]} == {waiting: True, working: True, reviewed: False}
    assert "đang chạy 3" in run("process", "list").output.splitlines()[0]              # nothing moved

    directive = json.loads(run("task", "list", "--json").output)["tasks"]
    (of_working,) = [t["directive_id"] for t in directive if t["id"] == working]
    moved = run("process", "migrate", "--from-version", "1", "--directive", of_working, "--reason", "Sửa lịch nhắc")
    assert moved.exit_code == 0, moved.output
    assert moved.output.splitlines()[0] == f"#{working}: đã chuyển (lần chuyển #1)"
    assert "directive_task v1 → v2: đã chuyển 1/1 nhiệm vụ." in moved.output
    listed = run("process", "list").output.splitlines()
    assert "đang chạy 2" in listed[0] and "đang chạy 1 (in_progress 1)" in listed[1]
    trail = json.loads(run("audit", "show", working, "--json").output)
    assert trail[-1]["action"] == "instance.migrated"
    assert "v1 → v2" in run("process", "migrations").output

    reverted = run("process", "revert", "1", "--reason", "Chưa áp dụng")
    assert reverted.exit_code == 0 and f"#{working}: đã hoàn tác lần chuyển #1" in reverted.output
    assert "đang chạy 3" in run("process", "list").output.splitlines()[0]
    assert "hoàn tác bởi admin" in run("process", "migrations").output
    assert run("audit", "verify").exit_code == 0


def test_migration_errors_are_one_line(cli):  # noqa: F811
    run, tmp = cli
    add_people(run)
    import_directive(run, tmp, "4/KH-UBND")
    cases = [
        (("process", "migrate", "--from-version", "7", "--dry-run"), "Quy trình «directive_task» không có phiên bản v7"),
        (("process", "migrate", "--from-version", "1"), "Phiên bản nguồn và đích trùng nhau (v1)"),
        (("process", "revert", "99"), "Không tìm thấy lần chuyển phiên bản #99"),
        (("process", "migrate", "--from-version", "1", "--as", "cv.khcn"), "Chỉ quản trị quy trình"),
        (("process", "migrate", "--from-version", "1", "--key", "khong_co"), "Không tìm thấy quy trình «khong_co»"),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert result.output.startswith("Lỗi: ") and message in result.output and len(result.output.splitlines()) == 1
    usage = run("process", "revert")
    assert usage.exit_code == 2 and "MIGRATION_ID" in usage.output and "Traceback" not in usage.output
