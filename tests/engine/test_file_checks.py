"""Files are judged by their content before anything parses or stores them: evidence
is an allow-list of document and image kinds; a directive DOCX or PDF past its bounds
(the 400 MB document.xml of issue 16, thousands of pages, an inflating stream) is
refused at once with a message; reading is time-limited; JSON input that is binary,
carries NUL or is nested too deep is a clear error."""
from __future__ import annotations

import signal
import time

import pytest

from engine.domain.errors import DomainError
from engine.files.document_bounds import DocumentLimits, check_directive_file, reading_time_limit
from engine.files.evidence_kinds import check_evidence, content_kind, served_type
from engine.files.json_input import load_json
from tests.file_samples import (DOCM_MAIN, XLSX_MAIN, docx_bomb, docx_bytes, exe_bytes, ooxml_package,
                                pdf_bytes)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


@pytest.fixture(autouse=True)
def no_hang():
    def hung(signum, frame):
        raise AssertionError("the file was not refused in time")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name, data, kind", [
    ("bien-ban.pdf", pdf_bytes(), "pdf"), ("bao-cao.docx", docx_bytes(), "docx"),
    ("so-lieu.xlsx", ooxml_package(XLSX_MAIN), "xlsx"), ("anh.png", PNG, "png"), ("anh.jpg", JPEG, "jpeg"),
    ("ghi-chu.txt", "Đã khảo sát 5 đơn vị".encode(), "text"), ("so-lieu.csv", b"ma,so\n1,2\n", "text"),
])
def test_documents_and_images_are_accepted_by_their_content(name, data, kind):
    found, kept = check_evidence(name, data)
    assert found.key == kind and kept == name


@pytest.mark.parametrize("name, data, key", [
    ("setup.exe", exe_bytes(), "evidence.bad_extension"),
    ("bao-cao.pdf", exe_bytes(), "evidence.bad_content"),          # a program renamed to .pdf
    ("bao-cao", exe_bytes(), "evidence.bad_content"),
    ("run.js", b"alert(document.cookie)", "evidence.bad_extension"),
    ("run.sh", b"#!/bin/sh\nrm -rf /", "evidence.bad_extension"),
    ("ghi-chu.txt", b"#!/bin/sh\nrm -rf /", "evidence.bad_content"),
    ("trang.html", b"<html><script>alert(1)</script></html>", "evidence.bad_extension"),
    ("ghi-chu.txt", b"<!DOCTYPE html><script>alert(1)</script>", "evidence.bad_content"),
    ("hinh.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "evidence.bad_extension"),
    ("anh.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "evidence.bad_content"),
    ("nen.zip", ooxml_package("application/zip"), "evidence.bad_extension"),
    ("bao-cao.docx", ooxml_package("application/zip"), "evidence.bad_content"),
    ("bao-cao.docx", ooxml_package(DOCM_MAIN), "evidence.macros"),
    ("bao-cao.docx", ooxml_package(XLSX_MAIN, {"word/vbaProject.bin": b"x"}), "evidence.macros"),
    ("bao-cao.pdf", "Văn bản thường".encode(), "evidence.mismatch"),
])
def test_programs_scripts_pages_and_macros_are_refused_with_a_reason(name, data, key):
    with pytest.raises(DomainError) as err:
        check_evidence(name, data)
    assert err.value.key == key
    assert name in err.value.message("vi") and name in err.value.message("en")


def test_a_name_without_extension_gets_that_of_its_content():
    kind, kept = check_evidence("bien-ban-nghiem-thu", pdf_bytes())
    assert kind.key == "pdf" and kept == "bien-ban-nghiem-thu.pdf"


@pytest.mark.parametrize("data, served", [
    (pdf_bytes(), "application/pdf"), (PNG, "image/png"), (b"alert(1)", "text/plain; charset=utf-8"),
    (b"<script>alert(1)</script>", "application/octet-stream"), (exe_bytes(), "application/octet-stream"),
])
def test_a_stored_file_is_served_with_the_type_of_its_content(data, served):
    assert served_type(data) == served


def test_content_kinds_name_what_a_refused_file_is():
    assert content_kind(exe_bytes()) == "exe"
    assert content_kind(b"\x7fELF\x02\x01\x01" + b"\x00" * 60) == "elf"
    assert content_kind(b"\x00\x01\x02binary") == "binary"


def test_a_docx_whose_document_unpacks_to_400_mb_is_refused_at_once():
    bomb = docx_bomb()
    assert len(bomb) < 2 * 1024 * 1024
    with pytest.raises(DomainError) as err:
        check_directive_file("chi-thi.docx", bomb)
    assert err.value.key == "file.unpacks_too_big"
    assert "word/document.xml" in err.value.message() and "400 MB" in err.value.message()


def test_the_bounds_are_those_of_the_limits_given():
    limits = DocumentLimits(max_part=4 * 1024 * 1024, max_unpacked=5 * 1024 * 1024)
    with pytest.raises(DomainError) as err:
        check_directive_file("chi-thi.docx", docx_bomb(), limits)
    assert "4 MB" in err.value.message()
    check_directive_file("chi-thi.docx", docx_bytes(), limits)


def test_an_ordinary_docx_and_pdf_pass():
    check_directive_file("chi-thi.docx", docx_bytes())
    check_directive_file("chi-thi.pdf", pdf_bytes(pages=3))


def test_a_pdf_of_too_many_pages_is_refused():
    with pytest.raises(DomainError) as err:
        check_directive_file("chi-thi.pdf", pdf_bytes(pages=501))
    assert err.value.key == "file.too_many_pages" and "500" in err.value.message()


def test_a_pdf_whose_content_inflates_too_far_is_refused():
    bomb = pdf_bytes(content=b" " * (40 * 1024 * 1024), flate=True)
    assert len(bomb) < 1024 * 1024
    with pytest.raises(DomainError) as err:
        check_directive_file("chi-thi.pdf", bomb)
    assert err.value.key == "file.pdf_streams_too_big"


def test_reading_stops_after_its_time_limit():
    with pytest.raises(DomainError) as err:
        with reading_time_limit("cham.pdf", seconds=1):
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                pass
    assert err.value.key == "file.too_slow" and "cham.pdf" in err.value.message()


@pytest.mark.parametrize("data, detail", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "UTF-8"),
    (b'{"document": {"title": "a\\u0000b"}}', "NUL"),
    (b'{"document": {"title": "a\x00b"}}', "control character"),
    (b"[" * 100_000 + b"]" * 100_000, "50"),
    (b'{"a":' * 60 + b"1" + b"}" * 60, "50"),
])
def test_json_input_that_is_not_a_payload_is_a_clear_error(data, detail):
    with pytest.raises(DomainError) as err:
        load_json(data)
    assert err.value.key == "import.not_json" and detail in err.value.message("en")


def test_json_input_reads_an_ordinary_payload():
    assert load_json('{"document": {"title": "Kế hoạch"}, "tasks": []}'.encode()) == {
        "document": {"title": "Kế hoạch"}, "tasks": []}
