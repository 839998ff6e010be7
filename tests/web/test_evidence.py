"""Evidence files: uploaded through the step form (several at once), stored once by
content, downloaded only by people who may see the task — anyone else gets the same 404
as for an unknown file, so a hash tells nothing — always as an attachment."""
from __future__ import annotations

import hashlib
import io
import re

import pytest

from tests.web.task_helpers import (accepted_task, act, filed_reports, pending, pending_names, reports, sign_in,
                                    start_task, text_of)

PDF = b"%PDF-1.4 bien ban nghiem thu"
SHA = hashlib.sha256(PDF).hexdigest()


def upload_report(browser, services, instance_id, files):
    step = pending(services, instance_id, "monthly_report")
    data = {"percent": "25", "done": "Đã khảo sát",
            "evidence": [(io.BytesIO(content), name) for name, content in files]}
    return browser.post(f"/steps/{step.id}", data, content_type="multipart/form-data")


@pytest.fixture
def with_evidence(browser, services):
    """A task whose monthly report carries the PDF, uploaded through the form."""
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    response = upload_report(browser, services, instance_id,
                             [("Biên bản nghiệm thu.pdf", PDF), ("ảnh hiện trường.jpg", b"\xff\xd8\xff anh")])
    assert response.status_code == 302
    return instance_id


def test_upload_stores_every_file_on_the_report_version(with_evidence, services):
    [report] = reports(services, with_evidence)
    files = report.versions[0].evidence
    assert [f["filename"] for f in files] == ["Biên bản nghiệm thu.pdf", "ảnh hiện trường.jpg"]
    assert files[0]["sha256"] == SHA and files[0]["size"] == len(PDF)
    assert services.blobs.get(SHA) == PDF


@pytest.mark.parametrize("login", ["cv.khcn", "ld.khcn", "cv.taichinh", "theodoi", "chutich", "thanhtra", "admin"])
def test_who_may_see_the_task_downloads(browser, services, with_evidence, login):
    sign_in(browser, login)
    response = browser.get(f"/evidence/{SHA}?instance={with_evidence}")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20nghi%E1%BB%87m%20thu.pdf" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def _masked(page: bytes, sha: str) -> bytes:
    page = page.replace(sha.encode(), b"#")
    return re.sub(rb'name="csrf_token" value="[^"]*"', b'name="csrf_token" value=""', page)


@pytest.mark.parametrize("login", ["cv.noivu", "ld.noivu"])
def test_another_agency_gets_the_answer_of_an_unknown_file(browser, services, with_evidence, login):
    sign_in(browser, login)
    unknown_sha = "0" * 64
    for query in (f"?instance={with_evidence}", ""):
        unknown = browser.get(f"/evidence/{unknown_sha}{query}")
        response = browser.get(f"/evidence/{SHA}{query}")
        assert PDF not in response.data
        assert response.status_code == unknown.status_code == 404
        # the page differs only where it repeats the address asked for (the language switch) and in
        # the sign-out form's CSRF token, which is signed with the second it was made in
        assert _masked(response.data, SHA) == _masked(unknown.data, unknown_sha)


def test_unknown_or_malformed_file_is_404(browser, services, with_evidence):
    sign_in(browser, "thanhtra")
    assert browser.get(f"/evidence/{'0' * 64}?instance={with_evidence}").status_code == 404
    assert browser.get(f"/evidence/{SHA[:40]}?instance={with_evidence}").status_code == 404
    assert browser.get("/evidence/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_file_of_another_task_is_not_served_under_this_one(browser, services, with_evidence):
    other = start_task(services, number="100/KH-UBND")
    sign_in(browser, "thanhtra")
    assert browser.get(f"/evidence/{SHA}?instance={other}").status_code == 404
    assert browser.get(f"/evidence/{SHA}").status_code == 200


def test_download_needs_sign_in(browser, services, with_evidence):
    browser.client = browser.client.application.test_client()
    response = browser.get(f"/evidence/{SHA}?instance={with_evidence}")
    assert response.status_code == 302 and "/login" in response.location


def test_same_content_in_two_tasks_follows_each_tasks_access(browser, services):
    """The blob is shared; the right to read it comes from a task the reader may see."""
    mine = accepted_task(services)
    other = start_task(services, lead=("Sở Nội vụ",), number="101/KH-UBND")
    act(services, "ld.noivu", other, "accept", {"decision": "accept", "officer": "cv.noivu"})
    act(services, "cv.noivu", other, "monthly_report", {"percent": "5", "done": "Bắt đầu"}, [("nv.pdf", PDF)])
    sign_in(browser, "cv.khcn")
    assert browser.get(f"/evidence/{SHA}?instance={other}").status_code == 404
    assert browser.get(f"/evidence/{SHA}").status_code == 404
    sign_in(browser, "cv.noivu")
    assert browser.get(f"/evidence/{SHA}?instance={other}").status_code == 200
    assert browser.get(f"/evidence/{SHA}?instance={mine}").status_code == 404


def test_html_upload_is_refused(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    step = pending(services, instance_id, "monthly_report")
    html = b"<script>alert(1)</script>"
    before = reports(services, instance_id), pending_names(services, instance_id)
    data = {"percent": "5", "done": "x", "evidence": [(io.BytesIO(html), "trang.html", "text/html")]}
    response = browser.post(f"/steps/{step.id}", data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "«.html»" in text_of(response)
    assert (reports(services, instance_id), pending_names(services, instance_id)) == before   # nothing changed
    assert filed_reports(services, instance_id) == []


def test_empty_file_is_refused(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    response = upload_report(browser, services, instance_id, [("rong.pdf", b"")])
    assert response.status_code == 400
    assert "Tệp «rong.pdf» rỗng" in text_of(response)
    assert filed_reports(services, instance_id) == []


def test_no_file_chosen_is_fine(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    step = pending(services, instance_id, "monthly_report")
    data = {"percent": "5", "done": "x", "evidence": (io.BytesIO(b""), "")}   # what a browser sends
    assert browser.post(f"/steps/{step.id}", data, content_type="multipart/form-data").status_code == 302
    assert reports(services, instance_id)[0].versions[0].evidence == []


def test_client_folders_are_dropped_from_file_names(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    response = upload_report(browser, services, instance_id, [("tai-lieu/thang-6/Báo cáo.pdf", PDF)])
    assert response.status_code == 302
    assert reports(services, instance_id)[0].versions[0].evidence[0]["filename"] == "Báo cáo.pdf"
