"""Importing a scanned directive: the upload returns at once with a job page, the scan
is OCR'd in the background (the embedded default: a thread of the server process)
while the job page shows its progress, then the review page shows the page images —
the lines read from them outlined — beside the proposed tasks; only the uploader sees
the job and its page images; a scan nothing can be read from fails with the page named,
and can be started again."""
from __future__ import annotations

import io
import time
from pathlib import Path

from tests.web.directive_helpers import directive_numbers, scanned_pdf, signed_in

SCAN = Path(__file__).parents[1] / "extraction" / "fixtures" / "scans" / "tb_an_giang_ket_luan_ngap_ung.pdf"


def upload(client, name: str, data: bytes):
    token = client.csrf("/directives/import")
    return client.client.post("/directives/import", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                              content_type="multipart/form-data")


def wait_for(client, job_url: str, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    seen = []
    while time.monotonic() < deadline:
        state = client.get(f"{job_url}/status").get_json()
        seen.append((state["status"], state["pages_done"], state["pages_total"]))
        if state["status"] in ("done", "failed"):
            state["seen"] = seen
            return state
        time.sleep(0.3)
    raise AssertionError(f"the job did not finish: {seen[-3:]}")


def test_a_scanned_pdf_is_read_in_the_background_and_reviewed_beside_its_page_images(app, services):
    client = signed_in(app, "theodoi")
    started = time.monotonic()
    response = upload(client, "tb-412.pdf", SCAN.read_bytes())
    assert response.status_code == 302 and "/directives/import/jobs/" in response.location
    assert time.monotonic() - started < 2.5              # returned before the OCR of two pages
    job_url = response.location
    waiting = client.get(job_url)
    assert waiting.status_code in (200, 302)
    state = wait_for(client, job_url)
    assert state["status"] == "done" and state["percent"] == 100 and state["pages_total"] == 2
    assert any(total == 2 and done < 2 for _, done, total in state["seen"]) or state["seen"][0][0] == "done"
    review = client.get(job_url)
    assert review.status_code == 302 and "/directives/import/" in review.location
    page = client.get(review.location).get_data(as_text=True)
    assert 'id="P1"' in page and 'id="P2"' in page           # the two page images …
    assert 'class="ocr-box marked"' in page                 # … with the task lines outlined on them
    assert "Sở Nông nghiệp và Môi trường" in page and "412/TB-VPUBND" in page
    assert client.get(job_url).location == review.location   # one draft per job, whoever asks
    image = client.get(f"{job_url}/pages/1")
    assert image.status_code == 200 and image.mimetype == "image/jpeg" and image.data[:3] == b"\xff\xd8\xff"
    assert client.get(f"{job_url}/pages/9").status_code == 404
    assert directive_numbers(services) == []                  # nothing launched yet


def test_only_the_uploader_sees_the_job_and_its_pages(app, services):
    owner = signed_in(app, "theodoi")
    job_url = upload(owner, "trang-trang.pdf", scanned_pdf()).location
    wait_for(owner, job_url)
    assert owner.get(f"{job_url}/status").status_code == 200
    admin, officer = signed_in(app, "admin"), signed_in(app, "cv.khcn")
    for path in (job_url, f"{job_url}/status", f"{job_url}/pages/1"):
        assert admin.get(path).status_code == 404, path
        assert officer.get(path).status_code == 403, path
    assert admin.post(f"{job_url}/restart", {}, token_from="/").status_code == 404


def test_a_scan_without_any_letters_fails_naming_its_page_and_can_be_started_again(app, services):
    client = signed_in(app, "theodoi")
    job_url = upload(client, "trang-trang.pdf", scanned_pdf()).location
    state = wait_for(client, job_url)
    assert state["status"] == "failed" and "Trang 1" in state["error"]
    page = client.get(job_url).get_data(as_text=True)
    assert "không nhận dạng được chữ nào" in page and "Đọc lại" in page
    again = client.post(f"{job_url}/restart", {}, token_from=job_url)
    assert again.status_code == 302
    assert wait_for(client, job_url)["status"] == "failed"


def test_a_picture_of_a_page_is_read_too(app, services):
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(SCAN.read_bytes())[0]
    picture = io.BytesIO()
    page.render(scale=200 / 72, grayscale=True).to_pil().save(picture, "PNG")
    client = signed_in(app, "theodoi")
    job_url = upload(client, "trang-1.png", picture.getvalue()).location
    assert wait_for(client, job_url)["status"] == "done"
    review = client.get(client.get(job_url).location).get_data(as_text=True)
    assert 'id="P1"' in review and "Rà soát, cập nhật bản đồ" in review

