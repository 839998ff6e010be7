"""Importing a directive file through extraction review: upload (.txt, .docx, scanned
PDF refused), the review page (source lines beside the tasks, low-confidence fields,
unresolved agencies, problems), edits, split, merge and delete on the server-side
draft, CSRF on every form, and the launch — refused with a message naming the task,
storing nothing, or storing the reviewed directive."""
from __future__ import annotations

import io
import json
import re

import pytest

from engine.domain import review_draft
from web.drafts import DraftStore
from tests.web.directive_helpers import (FIXTURES, SOURCE_TEXT, directive_numbers, instance_count, proposal,
                                         scanned_pdf, signed_in)

TXT = FIXTURES / "cv_an_giang_chuyen_doi_so.txt"


def store(app, services) -> DraftStore:
    return DraftStore(services.settings.data_dir / "drafts", app.config["SECRET_KEY"])


def draft_of(app, services, owner: str = "theodoi") -> str:
    draft = review_draft.from_proposal(proposal(), SOURCE_TEXT, "tb-301.txt")
    return store(app, services).create(owner, draft)


def upload(client, name: str, data: bytes):
    token = client.csrf("/directives/import")
    return client.client.post("/directives/import", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                              content_type="multipart/form-data")


def task_form(**fields) -> dict:
    values = {"ref": "3", "summary": "Các sở phối hợp thực hiện", "content": "", "lead": "", "coordinating": "",
              "deadline_text": "", "deadline_kind": "none", "deadline_value": "", "product": "", "reporting": ""}
    values.update(fields)
    return values


def drafts_on_disk(services) -> list:
    folder = services.settings.data_dir / "drafts"
    return sorted(folder.glob("*.json")) if folder.exists() else []


@pytest.mark.parametrize("login", ["cv.khcn", "ld.khcn", "quytrinh", "thanhtra"])
def test_only_monitors_and_admins_review_imports(app, services, login):
    draft_id = draft_of(app, services)
    client = signed_in(app, login)
    assert client.get("/directives/import").status_code == 403
    assert client.get(f"/directives/import/{draft_id}").status_code == 403
    refused = client.post(f"/directives/import/{draft_id}/launch", {"acknowledge": "1"}, token_from="/")
    assert refused.status_code == 403 and directive_numbers(services) == []


def test_a_draft_is_its_uploaders_only_and_tampering_is_refused(app, services):
    draft_id = draft_of(app, services, owner="theodoi")
    assert signed_in(app, "admin").get(f"/directives/import/{draft_id}").status_code == 404
    client = signed_in(app, "theodoi")
    assert client.get(f"/directives/import/{draft_id}").status_code == 200
    path = services.settings.data_dir / "drafts" / f"{draft_id}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["draft"] = record["draft"].replace("Sở Nội vụ", "Sở Tài chính")
    path.write_text(json.dumps(record), encoding="utf-8")
    assert client.get(f"/directives/import/{draft_id}").status_code == 404
    assert client.get("/directives/import/../../etc").status_code == 404


def test_upload_text_file_shows_proposal_beside_the_source(app, services):
    client = signed_in(app, "theodoi")
    response = upload(client, TXT.name, TXT.read_bytes())
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "215/UBND-KGVX" in page and "Sở Khoa học và Công nghệ" in page
    first, last = map(int, re.search(r'data-first="(\d+)" data-last="(\d+)"', page).groups())
    assert "Giao Sở Khoa học và Công nghệ chủ trì" in TXT.read_text(encoding="utf-8").split("\n")[first - 1]
    assert re.search(rf'<li id="L{first}" class="marked" data-tasks="t1"', page)
    assert len(drafts_on_disk(services)) == 1 and directive_numbers(services) == []


def test_upload_docx(app, services):
    from docx import Document

    document = Document()
    for line in TXT.read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    client = signed_in(app, "admin")
    response = upload(client, "cong-van.docx", buffer.getvalue())
    assert response.status_code == 302
    assert "215/UBND-KGVX" in client.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize("name, data, message", [
    ("cu.doc", b"\xd0\xcf\x11\xe0 old word", "Tệp .doc (Word 97–2003) chưa được hỗ trợ"),
    ("rong.txt", b"   ", "rỗng"),
])
def test_unreadable_files_get_a_clear_message(app, services, name, data, message):
    response = upload(signed_in(app, "theodoi"), name, data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert drafts_on_disk(services) == []


def test_upload_without_a_file_or_token(app, services):
    client = signed_in(app, "theodoi")
    missing = client.post("/directives/import", {})
    assert missing.status_code == 400 and "Hãy chọn tệp" in missing.get_data(as_text=True)
    forged = client.client.post("/directives/import", data={"file": (io.BytesIO(TXT.read_bytes()), TXT.name)},
                                content_type="multipart/form-data")
    assert forged.status_code == 400 and "CSRF" in forged.get_data(as_text=True)
    assert drafts_on_disk(services) == []


def test_review_page_marks_what_the_extractor_was_unsure_of(app, services):
    draft_id = draft_of(app, services)
    page = signed_in(app, "theodoi").get(f"/directives/import/{draft_id}").get_data(as_text=True)
    assert "Không xác định được cơ quan chủ trì (mục 3, dòng 10–10)" in page          # problems
    assert 'class="confidence low"' in page and "tin cậy 55%" in page
    assert "Chưa nhận ra cơ quan: Sở Ngoại Vụ Cũ" in page
    card = page[page.index('id="task-t2"'):page.index('id="task-t3"')]
    assert card.count("low-field") == 3             # lead, deadline phrase and kind are marked
    assert "cần kiểm tra: cơ quan chủ trì, thời hạn" in card
    assert '<li id="L8" class="marked" data-tasks="t2">' in page
    assert "Nhiệm vụ 3: thiếu cơ quan chủ trì" in page
    assert re.search(r'<button type="submit" class="button" disabled>', page)


def test_edit_split_merge_delete_change_the_server_side_draft(app, services):
    draft_id = draft_of(app, services)
    client = signed_in(app, "theodoi")
    base = f"/directives/import/{draft_id}"
    saved = client.post(f"{base}/tasks/t2", {**task_form(ref="2", summary="Rà soát bộ máy", lead="Sở Nội vụ",
                                                         deadline_kind="date", deadline_value="30/09/2025",
                                                         deadline_before="1", deadline_text="trước ngày 30/9/2025",
                                                         product="Báo cáo rà soát"), "op": "save"}, token_from=base)
    assert saved.status_code == 302 and saved.location.endswith("#task-t2")
    task = store(app, services).load(draft_id, "theodoi")["tasks"][1]
    assert task["product"] == "Báo cáo rà soát"
    assert task["low_confidence_fields"] == ["lead", "deadline"]    # unchanged fields stay marked
    client.post(f"{base}/tasks/t2", {**task_form(ref="2", summary="Rà soát bộ máy", lead="Sở Nội vụ\nSở Tài chính",
                                                 deadline_kind="date", deadline_value="30/09/2025",
                                                 deadline_before="1", deadline_text="trước ngày 30/9/2025",
                                                 product="Báo cáo rà soát"), "op": "save"}, token_from=base)
    task = store(app, services).load(draft_id, "theodoi")["tasks"][1]
    assert task["lead"] == ["Sở Nội vụ", "Sở Tài chính"]
    assert task["low_confidence_fields"] == ["deadline"] and task["unresolved_agencies"] == []

    one = task_form(ref="1", summary="Xây dựng cơ sở dữ liệu chuyển đổi số", lead="Sở Khoa học và Công nghệ",
                    deadline_kind="month", deadline_value="08/2025", deadline_text="trong tháng 8/2025",
                    product="Cơ sở dữ liệu chuyển đổi số")
    split = client.post(f"{base}/tasks/t1", {**one, "op": "split"}, token_from=base)
    draft = store(app, services).load(draft_id, "theodoi")
    assert [t["ref"] for t in draft["tasks"]] == ["1", "1-2", "2", "3"]
    assert split.location.endswith(f"#task-{draft['tasks'][1]['key']}")
    client.post(f"{base}/tasks/t1", {**one, "op": "delete"}, token_from=base)
    client.post(f"{base}/tasks/{draft['tasks'][1]['key']}", {**one, "ref": "1-2", "op": "merge"}, token_from=base)
    draft = store(app, services).load(draft_id, "theodoi")
    assert [t["ref"] for t in draft["tasks"]] == ["1-2", "3"]
    merged = draft["tasks"][0]
    assert merged["lead"] == ["Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Tài chính"]
    assert merged["source_lines"] == [6, 9] and merged["confidence"] == 0.55
    assert "Rà soát bộ máy" in merged["content"]


def test_every_review_form_needs_the_csrf_token(app, services):
    draft_id = draft_of(app, services)
    before = store(app, services).load(draft_id, "theodoi")
    client = signed_in(app, "theodoi")
    base = f"/directives/import/{draft_id}"
    for path, data in ((f"{base}/document", {"title": "Đổi trích yếu"}),
                       (f"{base}/tasks/t3", {**task_form(lead="Sở Tài chính"), "op": "delete"}),
                       (f"{base}/launch", {"acknowledge": "1"}),
                       (f"{base}/discard", {})):
        response = client.client.post(path, data=data)
        assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True), path
    assert store(app, services).load(draft_id, "theodoi") == before
    assert directive_numbers(services) == []


def test_launch_is_refused_with_the_task_named_and_nothing_stored(app, services):
    draft_id = draft_of(app, services)
    client = signed_in(app, "theodoi")
    base = f"/directives/import/{draft_id}"
    refused = client.post(f"{base}/launch", {"acknowledge": "1"}, token_from=base)
    assert refused.status_code == 400 and "Nhiệm vụ 3: thiếu cơ quan chủ trì" in refused.get_data(as_text=True)
    client.post(f"{base}/tasks/t3", {**task_form(lead="Sở Ngoại Vụ Cũ"), "op": "save"}, token_from=base)
    refused = client.post(f"{base}/launch", {"acknowledge": "1"}, token_from=base)
    assert "Nhiệm vụ 3: không có cơ quan «Sở Ngoại Vụ Cũ» trong danh mục" in refused.get_data(as_text=True)
    client.post(f"{base}/tasks/t3", {**task_form(lead="Sở Tài chính"), "op": "save"}, token_from=base)
    client.post(f"{base}/document", {"number": "301/TB-VP", "type": "TB", "date": "31/02/2025",
                                     "title": "Kết luận của Chủ tịch UBND tỉnh"}, token_from=base)
    refused = client.post(f"{base}/launch", {"acknowledge": "1"}, token_from=base)
    assert refused.status_code == 400
    assert "Ngày ban hành không hợp lệ: «31/02/2025»" in refused.get_data(as_text=True)
    assert directive_numbers(services) == [] and instance_count(services) == 0
    assert client.get(base).status_code == 200                      # the draft is still there


def test_reviewed_directive_is_launched(app, services):
    draft_id = draft_of(app, services)
    client = signed_in(app, "theodoi")
    base = f"/directives/import/{draft_id}"
    client.post(f"{base}/tasks/t3", {**task_form(lead="Sở Tài chính", product="Kế hoạch phối hợp"), "op": "save"},
                token_from=base)
    unacknowledged = client.post(f"{base}/launch", {}, token_from=base)
    assert unacknowledged.status_code == 400 and "hãy đánh dấu" in unacknowledged.get_data(as_text=True)
    launched = client.post(f"{base}/launch", {"acknowledge": "1"}, token_from=base)
    assert launched.status_code == 302 and "/directives/" in launched.location
    assert directive_numbers(services) == ["301/TB-VP"]
    with services.uow(write=False) as uow:
        directive = uow.directives.all()[0]
        tasks = uow.directives.tasks_of(directive.id)
    assert directive.body == SOURCE_TEXT and directive.source_name == "tb-301.txt"
    assert [(t.ref, t.lead) for t in tasks] == [("1", ["Sở Khoa học và Công nghệ"]), ("2", ["Sở Nội vụ"]),
                                                ("3", ["Sở Tài chính"])]
    assert (tasks[1].deadline.kind, tasks[1].deadline.value, tasks[1].deadline.before) == ("date", "2025-09-30", True)
    assert instance_count(services) == 3
    assert client.get(base).status_code == 404                      # the draft is gone
    listed = client.get(f"/tasks?directive={directive.id}").get_data(as_text=True)
    assert "3 nhiệm vụ" in listed and "Rà soát bộ máy" in listed


def test_real_extraction_round_trip(app, services):
    client = signed_in(app, "theodoi")
    review = upload(client, TXT.name, TXT.read_bytes()).location
    draft_id = review.rsplit("/", 1)[1]
    launched = client.post(f"/directives/import/{draft_id}/launch", {"acknowledge": "1"}, token_from=review)
    assert launched.status_code == 302
    assert directive_numbers(services) == ["215/UBND-KGVX"]
    assert instance_count(services) == 3


def test_discard_removes_the_draft(app, services):
    draft_id = draft_of(app, services)
    client = signed_in(app, "theodoi")
    base = f"/directives/import/{draft_id}"
    assert client.post(f"{base}/discard", {}, token_from=base).status_code == 302
    assert client.get(base).status_code == 404 and drafts_on_disk(services) == []
