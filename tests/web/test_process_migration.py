"""Migration in the browser, server side: the selection (all open instances of a
version, or narrowed by directive, lead agency and phase), the dry run a batch per
request (each instance: can move, or why not), the run a batch per request (each
instance its own transaction, its history saying so), the run's page and its reverts.
Bad input (no or too many instances, ids that are not numbers, an unknown version, a
malformed run id) is refused with a message and changes nothing."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from engine.usecases.process_deploy import deploy_draft
from tests.conftest import user
from tests.diagram_edits import default_xml, set_parameter
from tests.web.process_helpers import KEY, put_draft
from tests.web.task_helpers import accepted_task, act, instance, sign_in, start_task, text_of

MIGRATE = f"/processes/{KEY}/migrate"


@pytest.fixture
def two_versions(services):
    """Three tasks on v1 (one not accepted yet, one of another directive), then v2."""
    tasks = {"accepted": accepted_task(services), "new": start_task(services, number="98/KH-UBND"),
             "other": accepted_task(services, number="97/KH-UBND")}
    draft = put_draft(services, "quytrinh", set_parameter(default_xml(), "deadline_monitor", "10 working_days"))
    deploy_draft(services, user(services, "quytrinh"), KEY, "Đôn đốc sau 10 ngày", draft.sha256)
    return tasks


def chosen_ids(page: str) -> list[int]:
    return [int(i) for i in re.search(r'data-ids="([^"]*)"', page).group(1).split(",") if i]


def post_batch(browser, path: str, ids, **fields):
    data = {"from": "1", "to": "2", "ids": ",".join(str(i) for i in ids), **fields}
    data.setdefault("csrf_token", browser.csrf(MIGRATE))
    return browser.client.post(path, data=data, headers={"Accept": "application/json"})


def run_id_of(page: str) -> str:
    return re.search(r'data-run="([0-9a-f]{32})"', page).group(1)


def migrations(services) -> int:
    with services.database.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM instance_migrations")).scalar_one()


def test_all_open_instances_of_a_version_are_chosen_with_their_filters(browser, services, two_versions):
    sign_in(browser, "quytrinh")
    page = text_of(browser.get(MIGRATE + "?from=1"))
    assert chosen_ids(page) == sorted(two_versions.values())
    assert "3 nhiệm vụ của v1, chuyển sang v2" in page
    assert re.search(r"Sở Khoa học và Công nghệ \(3\)", page) and re.search(r"98/KH-UBND · .*? \(1\)", page)
    narrowed = text_of(browser.get(MIGRATE + "?from=1&phase=awaiting_acceptance"))
    assert chosen_ids(narrowed) == [two_versions["new"]]
    with services.uow(write=False) as uow:
        directive = uow.instances.with_context(two_versions["other"])[2].id
    assert chosen_ids(text_of(browser.get(MIGRATE + f"?from=1&directive={directive}"))) == [two_versions["other"]]
    assert chosen_ids(text_of(browser.get(MIGRATE + "?from=1&agency=so-noi-vu"))) == []


@pytest.mark.parametrize("query, status, words", [
    ("?from=7", 404, "không có phiên bản v7"),
    ("?from=2&to=2", 400, "trùng nhau (v2)"),
    ("?from=1&phase=dang_lam", 400, "dang_lam"),
    ("?from=1&agency=khong-co", 400, "khong-co"),
])
def test_a_bad_selection_is_said_on_the_page(browser, services, two_versions, query, status, words):
    sign_in(browser, "quytrinh")
    response = browser.get(MIGRATE + query)
    assert response.status_code == status and words in text_of(response)


def test_the_dry_run_says_per_instance_whether_it_can_move_and_changes_nothing(browser, services, two_versions):
    sign_in(browser, "quytrinh")
    closed = two_versions["other"]
    act(services, "chutich", closed, "cancel_task", {"reason": "Không còn phù hợp"})
    rows = text_of(post_batch(browser, f"{MIGRATE}/preview", [two_versions["accepted"], closed]))
    movable = re.search(rf'data-instance="{two_versions["accepted"]}" data-possible="1">(.*?)</tr>', rows, re.S)
    assert movable and "Chuyển được" in movable.group(1)
    assert "Lịch nhắc việc, đôn đốc được tính lại theo tham số của phiên bản mới" in movable.group(1)
    blocked = re.search(rf'data-instance="{closed}" data-possible="0">(.*?)</tr>', rows, re.S).group(1)
    assert "Không chuyển được" in blocked and "Nhiệm vụ đã kết thúc" in blocked
    assert migrations(services) == 0 and instance(services, two_versions["accepted"]).process_version_id == 1


def test_the_run_moves_each_instance_and_its_history_says_so(browser, services, two_versions):
    sign_in(browser, "quytrinh")
    page = text_of(browser.get(MIGRATE + "?from=1"))
    run_id, ids = run_id_of(page), chosen_ids(page)
    first = text_of(post_batch(browser, f"{MIGRATE}/run", ids[:2], run_id=run_id, reason="Áp dụng v2"))
    second = text_of(post_batch(browser, f"{MIGRATE}/run", ids[2:], run_id=run_id, reason="Áp dụng v2"))
    assert first.count('data-status="migrated"') == 2 and second.count('data-status="migrated"') == 1
    assert {instance(services, i).process_version_id for i in ids} == {2}
    again = text_of(post_batch(browser, f"{MIGRATE}/run", ids[:1], run_id=run_id))
    assert 'data-status="skipped"' in again and "không phải v1" in again       # moved already: left as it is
    task_page = text_of(browser.get(f"/tasks/{ids[0]}"))
    assert "phiên bản 2" in task_page and "v1 → v2 — Áp dụng v2" in task_page
    run_page = text_of(browser.get(f"/processes/{KEY}/migrations/{run_id}"))
    assert run_page.count('class="migrated"') == 3 and "3 nhiệm vụ chuyển từ v1 sang v2; lý do: Áp dụng v2" in run_page


def test_reverting_one_migration_then_the_whole_run(browser, services, two_versions):
    sign_in(browser, "quytrinh")
    page = text_of(browser.get(MIGRATE + "?from=1"))
    run_id, ids = run_id_of(page), chosen_ids(page)
    post_batch(browser, f"{MIGRATE}/run", ids, run_id=run_id)
    run_page = f"/processes/{KEY}/migrations/{run_id}"
    one = re.search(rf'action="({run_page}/revert/\d+)"', text_of(browser.get(run_page))).group(1)
    response = browser.post(one, {}, token_from=run_page)
    assert response.status_code == 302 and "Đã đưa nhiệm vụ" in text_of(browser.get(run_page))
    assert sorted(instance(services, i).process_version_id for i in ids) == [1, 2, 2]
    browser.post(f"{run_page}/revert", {}, token_from=run_page)
    after = text_of(browser.get(run_page))
    assert after.count('class="reverted"') == 3 and "Hoàn tác cả lần chuyển" not in after
    assert {instance(services, i).process_version_id for i in ids} == {1}
    assert "v2 → v1" in text_of(browser.get(f"/tasks/{ids[0]}"))


@pytest.mark.parametrize("ids, fields, status, words", [
    ([], {}, 400, "Chưa chọn nhiệm vụ nào"),
    (list(range(1, 27)), {}, 400, "tối đa 25 nhiệm vụ"),
    (["a", "b"], {}, 400, ""),
    ([1], {"from": "9"}, 404, "v9"),
    ([999], {}, 404, "999"),
])
def test_a_bad_batch_is_refused(browser, services, two_versions, ids, fields, status, words):
    sign_in(browser, "quytrinh")
    for path in (f"{MIGRATE}/preview", f"{MIGRATE}/run"):
        response = post_batch(browser, path, ids, run_id="0" * 32, **fields)
        assert response.status_code == status, (path, response.status_code)
        assert words in response.get_json()["error"]
    assert migrations(services) == 0


def test_a_malformed_run_id_is_refused(browser, services, two_versions):
    sign_in(browser, "quytrinh")
    response = post_batch(browser, f"{MIGRATE}/run", [two_versions["accepted"]], run_id="../../etc")
    assert response.status_code == 400 and "Mã lần chuyển không hợp lệ" in response.get_json()["error"]
    assert browser.get(f"/processes/{KEY}/migrations/xyz").status_code == 400
    assert browser.get(f"/processes/{KEY}/migrations/{'0' * 32}").status_code == 404
    assert migrations(services) == 0


def test_the_versions_list_and_the_new_version_offer_the_migration(browser, services, two_versions):
    sign_in(browser, "quytrinh")
    assert f'href="{MIGRATE}?from=1"' in text_of(browser.get("/processes"))
    assert "Các phiên bản cũ còn nhiệm vụ đang chạy" in text_of(browser.get(f"/processes/{KEY}/v2"))
    sign_in(browser, "thanhtra")
    assert f'href="{MIGRATE}?from=1"' not in text_of(browser.get("/processes"))


def test_the_migration_screen_reads_in_english(browser, services, two_versions):
    sign_in(browser, "quytrinh")
    page = text_of(browser.get(MIGRATE + "?from=1&lang=en"))
    assert "Migrate running tasks to another version" in page and "Dry run" in page
    rows = text_of(post_batch(browser, f"{MIGRATE}/preview", [two_versions["accepted"]]))
    assert "Can move" in rows
