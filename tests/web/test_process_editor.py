"""The editor's server side: the page opens the owner's draft, else the version in
force, with the catalog the properties panel needs (the engine's forms, the lane roles,
every process parameter with its unit and explanation); autosave keeps one draft per
owner and process, written over each time; a file upload becomes the draft once it
reads as BPMN; the JSON check runs the deployment checks and names the faulty
element. Bad input is refused with a message and nothing is stored."""
from __future__ import annotations

import gzip
import io
import json
import re

import pytest

from engine.domain.forms import FORMS
from engine.domain.time_rules import DEFAULT_PARAMETERS
from tests.diagram_edits import default_xml, set_parameter, set_property, set_script
from tests.web.process_helpers import EDIT, KEY, autosave, check, draft_of, editor_post, put_draft, versions
from tests.web.task_helpers import sign_in, text_of


def embedded(page: str, name: str) -> dict:
    return json.loads(re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', page, re.S).group(1))


def test_the_editor_opens_the_version_in_force_with_chidaos_catalog(browser, services):
    sign_in(browser, "quytrinh")
    page = text_of(browser.get(EDIT))
    assert "Đang mở phiên bản đang áp dụng v1" in page
    catalog = embedded(page, "editor-catalog")
    assert {f["value"] for f in catalog["forms"]} == {""} | set(FORMS)
    assert [r["value"] for r in catalog["roles"]][1:] == ["officer", "leader", "coordinator", "monitor", "authority"]
    parameters = {p["name"]: p for p in catalog["parameters"]}
    assert set(parameters) == set(DEFAULT_PARAMETERS)
    for parameter in parameters.values():          # each with its unit and a plain-language explanation
        assert parameter["label"] != parameter["name"] and "Đơn vị" in parameter["help"], parameter
    assert parameters["deadline_monitor"]["default"] == "7 working_days"
    assert embedded(page, "editor-words")["Create task"] == "Tạo công việc"
    assert browser.get(f"/processes/{KEY}/draft.bpmn").get_data(as_text=True) == default_xml()


def test_the_editor_speaks_english_too(browser, services):
    sign_in(browser, "quytrinh")
    page = text_of(browser.get(EDIT + "?lang=en"))
    catalog = embedded(page, "editor-catalog")
    assert catalog["texts"]["form"] == "Form" and "Python expression" in catalog["texts"]["dueHelp"]
    assert {p["name"]: p["label"] for p in catalog["parameters"]}["deadline_monitor"] == "The monitor urges when late"
    assert embedded(page, "editor-words")["Create task"] == "Create task"
    assert "Review and deploy" in page


def test_autosave_keeps_one_draft_per_owner_written_over(browser, services):
    sign_in(browser, "quytrinh")
    first = autosave(browser, set_parameter(default_xml(), "deadline_monitor", "8 working_days"))
    assert first.status_code == 200 and first.get_json()["saved"] is True
    second = autosave(browser, set_parameter(default_xml(), "deadline_monitor", "9 working_days"))
    assert second.get_json()["saved_at"] == "09:00 02/06/2025"
    draft = draft_of(services, "quytrinh")
    assert 'value="9 working_days"' in draft.xml and draft.base_version_id == versions(services)[0].id
    assert draft_of(services, "admin") is None                  # another owner's editor is untouched
    assert len(versions(services)) == 1                        # a draft is not a version
    page = text_of(browser.get(EDIT))                           # closing the tab lost nothing
    assert "Bản nháp của bạn, bắt đầu từ phiên bản v1." in page and "Đã lưu lúc 09:00 02/06/2025" in page
    assert 'value="9 working_days"' in browser.get(f"/processes/{KEY}/draft.bpmn").get_data(as_text=True)


@pytest.mark.parametrize("xml, message", [
    ("", "Tệp sơ đồ rỗng"),
    ("<bpmn:definitions xmlns:bpmn='x'", "không đúng cú pháp XML"),
    ("<html><body>không phải sơ đồ</body></html>", "không phải sơ đồ BPMN"),
])
def test_autosave_refuses_what_is_not_a_diagram_and_keeps_the_draft(browser, services, xml, message):
    put_draft(services, "quytrinh", set_parameter(default_xml(), "deadline_monitor", "8 working_days"))
    before = draft_of(services, "quytrinh")
    sign_in(browser, "quytrinh")
    response = autosave(browser, xml)
    assert response.status_code == 400 and message in response.get_json()["error"]
    assert draft_of(services, "quytrinh") == before


def test_an_uploaded_file_becomes_the_draft(browser, services):
    sign_in(browser, "quytrinh")
    edited = set_property(default_xml(), "sign_off", "form", "completion_review").encode("utf-8")
    response = browser.post(f"/processes/{KEY}/draft/upload",
                            {"diagram": (io.BytesIO(edited), "quy-trinh-moi.txt", "text/plain")},
                            token_from=EDIT, content_type="multipart/form-data")
    assert response.status_code == 302 and response.location.endswith(EDIT)
    assert "Đã nạp tệp «quy-trinh-moi.txt» làm bản nháp." in text_of(browser.get(EDIT))
    assert draft_of(services, "quytrinh").xml == edited.decode("utf-8")


@pytest.mark.parametrize("data, message", [
    (default_xml().encode("utf-8")[:3000], "Tệp sơ đồ không đúng cú pháp XML (dòng"),
    (b"%PDF-1.4 not a diagram", "Tệp sơ đồ không đúng cú pháp XML"),
    (b"", "Tệp sơ đồ rỗng"),
])
def test_a_malformed_upload_is_refused_with_a_message_and_nothing_stored(browser, services, data, message):
    sign_in(browser, "quytrinh")
    response = browser.post(f"/processes/{KEY}/draft/upload", {"diagram": (io.BytesIO(data), "so-do.bpmn")},
                            token_from=EDIT, content_type="multipart/form-data")
    assert response.status_code == 400 and message in text_of(response)
    assert 'class="flash error upload-error"' in text_of(response)
    assert draft_of(services, "quytrinh") is None and len(versions(services)) == 1


def test_discarding_the_draft_reopens_the_version_in_force(browser, services):
    put_draft(services, "quytrinh", set_parameter(default_xml(), "deadline_monitor", "8 working_days"))
    sign_in(browser, "quytrinh")
    response = browser.post(f"/processes/{KEY}/draft/discard", {}, token_from=EDIT)
    assert response.status_code == 302 and draft_of(services, "quytrinh") is None
    assert "Đang mở phiên bản đang áp dụng v1" in text_of(browser.get(EDIT))


def test_the_check_passes_the_default_diagram(browser, services):
    sign_in(browser, "quytrinh")
    assert check(browser, default_xml()).get_json() == {"valid": True, "problems": []}


@pytest.mark.parametrize("edit, element, code, words", [
    (lambda x: set_property(x, "sign_off", "form", "ky_so"), "sign_off", "bpmn.unknown_form", "ky_so"),
    (lambda x: set_property(x, "completion_report", "due", 'case.get("due_date"'), "completion_report",
     "bpmn.unsafe_code", "cú pháp"),
    (lambda x: set_script(x, "record_acceptance", "import os"), "record_acceptance", "bpmn.unsafe_code",
     "import"),
    (lambda x: set_parameter(x, "deadline_monitor", "7 tuần"), "directive_task", "parameter.bad_offset",
     "deadline_monitor"),
])
def test_the_check_names_the_faulty_element_and_stores_nothing(browser, services, edit, element, code, words):
    sign_in(browser, "quytrinh")
    answer = check(browser, edit(default_xml())).get_json()
    assert answer["valid"] is False
    (problem,) = answer["problems"]
    assert (problem["element"], problem["code"]) == (element, code) and words in problem["message"]
    assert draft_of(services, "quytrinh") is None and len(versions(services)) == 1


def test_the_check_answers_in_english(browser, services):
    sign_in(browser, "quytrinh")
    browser.get(EDIT + "?lang=en")
    (problem,) = check(browser, set_property(default_xml(), "sign_off", "form", "ky_so")).get_json()["problems"]
    assert problem["message"] == "Step «sign_off» uses an unknown form «ky_so»"


def test_the_check_of_a_document_that_is_not_xml_names_no_element(browser, services):
    sign_in(browser, "quytrinh")
    (problem,) = check(browser, "<bpmn:definitions").get_json()["problems"]
    assert problem["element"] is None and problem["code"] == "diagram.not_xml"


def test_an_unknown_process_key_is_404_as_json(browser, services):
    sign_in(browser, "quytrinh")
    response = editor_post(browser, "/processes/khong_co/draft", {"xml": default_xml()})
    assert response.status_code == 404 and "khong_co" in response.get_json()["error"]
    assert check(browser, default_xml(), key="khong_co").status_code == 404


def test_the_draft_sent_gzipped_as_the_page_closes_is_kept(browser, services):
    sign_in(browser, "quytrinh")
    packed = gzip.compress(set_parameter(default_xml(), "deadline_authority", "45 days").encode("utf-8"))
    response = browser.client.post(f"/processes/{KEY}/draft", content_type="multipart/form-data",
                                   data={"csrf_token": browser.csrf(EDIT),
                                         "xml_gz": (io.BytesIO(packed), "draft.bpmn.gz", "application/gzip")})
    assert response.status_code == 200 and response.get_json()["saved"] is True
    assert 'value="45 days"' in draft_of(services, "quytrinh").xml


@pytest.mark.parametrize("packed, message", [
    (b"not gzip at all", "không phải gzip"),
    (gzip.compress(b"<" + b"a" * (3 * 1024 * 1024) + b"/>"), "quá lớn"),        # 3 MiB unpacked from a few KiB
])
def test_a_gzipped_draft_that_is_no_diagram_or_unpacks_too_large_is_refused(browser, services, packed, message):
    sign_in(browser, "quytrinh")
    response = browser.client.post(f"/processes/{KEY}/draft", content_type="multipart/form-data",
                                   data={"csrf_token": browser.csrf(EDIT), "xml_gz": (io.BytesIO(packed), "d.gz")},
                                   headers={"Accept": "application/json"})
    assert response.status_code == 400 and message in response.get_json()["error"]
    assert draft_of(services, "quytrinh") is None
